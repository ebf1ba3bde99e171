"""What a person reads for an audit event: its kind by name ("交办") and a sentence ("王晓岚 将
SQ2026-000608 … 交办给 区经济信息委，期限 7 个工作日") in Beijing time, never a raw code.

Events are written by many apps and core imports none of them, so each app registers the Chinese
names of the events it writes (in its AppConfig.ready): a noun per event prefix ("case" → 诉求),
and where the verb is not one of the common ones below, the full event's name. Workflows register
their actions themselves (core.workflow), so a new action cannot appear without a name.
"""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone

VERBS = {
    "create": "新建", "update": "修改", "delete": "删除", "import": "导入", "export": "导出",
    "end": "结束", "publish": "发布", "move": "调整位置",
}

_nouns: dict[str, str] = {}
_labels: dict[str, str] = {}
_sentences: dict[str, str] = {}  # event → format with {actor}, {target} and the changes' new values
_fields: dict[str, str] = {}  # names of values that are not a model field (e.g. lead_department_name)
_values: dict[str, dict] = {}  # {value name: {code: label}} for coded values that are not a model field


def register(*, nouns: dict | None = None, labels: dict | None = None, sentences: dict | None = None,
             fields: dict | None = None, values: dict | None = None) -> None:
    _nouns.update(nouns or {})
    _labels.update(labels or {})
    _sentences.update(sentences or {})
    _fields.update(fields or {})
    _values.update(values or {})


def known(event_type: str) -> bool:
    """Whether the event has a Chinese name (the house test asks this of every event the code writes)."""
    return _name(event_type) is not None


def _name(event_type: str) -> str | None:
    if event_type in _labels:
        return _labels[event_type]
    prefix, _, verb = event_type.rpartition(".")
    if prefix in _nouns and verb in VERBS:
        return f"{VERBS[verb]}{_nouns[prefix]}"
    return None


def event_label(event_type: str) -> str:
    # An event no app has named (an old row of a removed feature) still reads as Chinese.
    return _name(event_type) or "其他操作"


def event_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The kinds of event by name for the audit log's filter, grouped by what they act on: each
    group offers all its events ("case.") and each named event."""
    groups = {prefix: [(f"{prefix}.", f"全部{noun}事件")] for prefix, noun in _nouns.items()}
    for code, label in sorted(_labels.items()):
        groups.setdefault(code.rpartition(".")[0], []).append((code, label))
    return sorted(((_nouns.get(p, "其他"), options) for p, options in groups.items()), key=lambda g: g[0])


def _model_field(target_type: str, name: str):
    if not target_type or "." not in target_type:
        return None
    try:
        return apps.get_model(target_type)._meta.get_field(name)
    except (LookupError, FieldDoesNotExist, ValueError):
        return None


def field_label(target_type: str, name: str) -> str:
    if name in _fields:
        return _fields[name]
    field = _model_field(target_type, name)
    return str(field.verbose_name) if field is not None and hasattr(field, "verbose_name") else name


def value_text(target_type: str, name: str, value) -> str:
    """A stored value as a person reads it: choice labels, 是/否, lists joined, times in Beijing."""
    if value in (None, "", [], {}):
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(value_text(target_type, name, v) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{k}：{value_text(target_type, name, v)}" for k, v in value.items())
    if name in _values:
        return str(_values[name].get(value, value))
    field = _model_field(target_type, name)
    if field is not None and getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and value[10] in " T":
        try:  # datetimes were stored as str(aware datetime), i.e. in UTC: show Beijing time
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        if timezone.is_aware(moment):
            return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")
    return str(value)


def changes_rows(event) -> list[dict]:
    """[{label, old, new}] of an event's changes, each in Chinese."""
    rows = []
    for name, pair in (event.changes or {}).items():
        old, new = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
        rows.append({"name": name, "label": field_label(event.target_type, name),
                     "old": value_text(event.target_type, name, old),
                     "new": value_text(event.target_type, name, new)})
    return rows


class _NewValues(dict):
    def __init__(self, event):
        super().__init__()
        self.event = event

    def __missing__(self, name):
        pair = (self.event.changes or {}).get(name)
        new = pair[-1] if isinstance(pair, list) and pair else pair
        return value_text(self.event.target_type, name, new)


def event_sentence(event) -> str:
    """One line saying who did what to which object."""
    actor = event.actor_label or "系统"
    target = event.target_repr or ""
    template = _sentences.get(event.event_type)
    if template:
        values = _NewValues(event)
        values.update(actor=actor, target=target)
        return template.format_map(values)
    label = event_label(event.event_type)
    return f"{actor} {label}" + (f"：{target}" if target else "")
