"""House rule (issue 12.8): every audit event the code writes has a Chinese name, so the audit log
and the timelines never show a raw code. Events are found where they are written: literal
`event_type="…"`, the chain services' `event="…"` (create/update), the five lists' import and
export kinds, and every workflow's actions (registered by core.workflow itself)."""

import re
from pathlib import Path

from shuanglian.chains.models.imports import ImportKind
from shuanglian.core import audit_labels

ROOT = Path(__file__).resolve().parents[2]


def _sources():
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        yield path, path.read_text(encoding="utf-8")


def written_events() -> set[str]:
    events = set()
    for _, text in _sources():
        events |= set(re.findall(r'event_type="([a-z_]+\.[a-z_]+)"', text))
        for noun in re.findall(r'\bevent="([a-z_]+)"', text):
            events |= {f"{noun}.create", f"{noun}.update"}
    events |= {f"{kind}.{verb}" for kind in ImportKind.values for verb in ("import", "export")}
    return events


def test_every_written_event_has_a_chinese_name():
    events = written_events()
    assert len(events) > 90  # the scan finds the events (a broken pattern would pass on nothing)
    unnamed = sorted(e for e in events if not audit_labels.known(e))
    assert unnamed == [], f"name these events in the app's audit_names.py: {unnamed}"


def test_names_and_groups_are_chinese():
    for group, options in audit_labels.event_choices():
        assert not re.search(r"[A-Za-z]", group), group
        for _, label in options:
            assert not re.search(r"[A-Za-z]", label), label
