"""Workflow as data, the mechanism every workflow shares (DESIGN.md §4.2).

An app declares its moves as a table — `{name: Action(label, sources, target, actors)}` —, a
function telling which workflow roles a user holds on an object, and optional guards; a
`Workflow` built from them is the only code that changes that model's `status`. Its
`transition` locks the row, checks version, status, role, guard and note, lets the service
apply the action's own fields, saves only what changed, bumps `version` and writes exactly one
audit event `<prefix>.<action>` — all in one transaction. The UI and the API ask `allowed` for
the buttons, so they can never offer a move the mover would refuse.

The model needs `status` (a TextChoices field), `version` (integer) and, for the audit event's
scope, `region` (or a `region` property).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models, transaction

from .audit import audit_record
from .audit_labels import register as register_event_names
from .errors import BusinessError, ConcurrentUpdate, TransitionNotAllowed
from .permissions import deny_write

Guard = Callable[[models.Model], str | None]  # None when allowed, else the Chinese reason


@dataclass(frozen=True)
class Action:
    label: str  # the Chinese verb on buttons and in messages
    sources: frozenset
    target: str | None  # None: the status stays (a report, a vote that records …)
    actors: frozenset
    needs_note: bool = False  # a reason is required


def action(label: str, sources, target: str | None, actors, *, needs_note: bool = False) -> Action:
    return Action(label, frozenset(sources), target, frozenset(actors), needs_note)


def plain(value):
    """A value as JSON can hold it in an audit event's changes."""
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


class Workflow:
    def __init__(
        self,
        *,
        model: type[models.Model],
        actions: dict[str, Action],
        roles: Callable[[models.Model, object], set[str]],
        guards: dict[str, Guard] | None = None,
        noun: str,
        event_prefix: str,
        after_save: Callable[[dict, models.Model], None] | None = None,
    ):
        self.model = model
        self.actions = actions
        self.roles = roles
        self.guards = guards or {}
        self.noun = noun  # "该审议意见": how messages name the object
        self.event_prefix = event_prefix
        self.after_save = after_save  # e.g. roll-ups kept in the same transaction
        # the audit log and timelines name each move by the verb its button shows
        register_event_names(labels={f"{event_prefix}.{name}": a.label for name, a in actions.items()})

    def reason_not(self, obj, user, name: str, roles: set[str] | None = None) -> str | None:
        """Why `user` may not take action `name` on `obj` now (None: they may)."""
        spec = self.actions[name]
        if obj.status not in spec.sources:
            return f"{self.noun}当前状态为“{obj.get_status_display()}”，不能执行“{spec.label}”。"
        roles = self.roles(obj, user) if roles is None else roles
        if not roles & spec.actors:
            return f"您无权对{self.noun}执行“{spec.label}”。"
        guard = self.guards.get(name)
        return guard(obj) if guard else None

    def allowed(self, obj, user) -> list[str]:
        roles = self.roles(obj, user)
        return [name for name in self.actions if self.reason_not(obj, user, name, roles) is None]

    def labels(self, names) -> list[dict]:
        return [{"name": n, "label": self.actions[n].label} for n in names]

    @transaction.atomic
    def transition(
        self,
        *,
        obj,
        action: str,
        actor,
        apply: Callable[[models.Model], dict | None] | None = None,
        note: str = "",
        expected_version: int | None = None,
        on_commit: Callable[[models.Model], None] | None = None,
    ):
        """Lock, check, apply, save the changed fields, audit once. `apply(locked)` sets the
        action's own fields (it may raise BusinessError to refuse) and may return extra
        {field: [old, new]} entries for the audit event (about related rows)."""
        if action not in self.actions:
            raise BusinessError("不支持的操作。", code="unknown_action")
        spec = self.actions[action]
        locked = self.model.objects.select_for_update().get(pk=obj.pk)
        if expected_version is not None and locked.version != expected_version:
            raise ConcurrentUpdate(
                f"{self.noun}已被他人更新（当前状态：{locked.get_status_display()}），您的操作未生效。"
                "请刷新页面查看最新情况后再试。"
            )
        roles = self.roles(locked, actor)
        if not roles & spec.actors:
            # Permission is decided before state: a reader is refused as such, whatever the status.
            deny_write(f"您无权对{self.noun}执行“{spec.label}”。")
        reason = self.reason_not(locked, actor, action, roles)
        if reason:
            raise TransitionNotAllowed(reason)
        if spec.needs_note and not (note or "").strip():
            raise BusinessError(f"请填写{spec.label}的理由。", code="note_required")

        tracked = [f.attname for f in self.model._meta.concrete_fields]
        before = {f: getattr(locked, f) for f in tracked}
        extra = (apply(locked) if apply else None) or {}
        if spec.target:
            locked.status = spec.target
        locked.version += 1
        changed = [f for f in tracked if getattr(locked, f) != before[f]]
        locked.save(update_fields=changed)
        if self.after_save is not None:
            self.after_save(before, locked)
        changes = {f: [plain(before[f]), plain(getattr(locked, f))] for f in changed if f != "version"}
        changes.update(extra)
        audit_record(
            event_type=f"{self.event_prefix}.{action}", actor=actor, target=locked, changes=changes,
            note=note, region=getattr(locked, "region", None),
        )
        if on_commit is not None:
            transaction.on_commit(lambda: on_commit(locked))
        return locked
