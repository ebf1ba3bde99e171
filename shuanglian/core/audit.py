"""The one way to write an AuditEvent. Services call it inside their transaction."""

from django.db import models

from .models import AuditEvent
from .request_context import client_ip_var, request_id_var


def audit_record(
    *,
    event_type: str,
    actor=None,
    target: models.Model | None = None,
    changes: dict | None = None,
    note: str = "",
    region=None,
    actor_label: str = "",
) -> AuditEvent:
    if region is None and target is not None:
        region = getattr(target, "region", None)
    return AuditEvent.objects.create(
        event_type=event_type,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=actor_label or (str(actor) if actor is not None else "系统"),
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:200] if target is not None else "",
        region=region,
        changes=changes or {},
        note=note,
        request_id=request_id_var.get(),
        ip=client_ip_var.get(),
    )


def diff_fields(instance: models.Model, new_values: dict) -> dict:
    """{field: [old, new]} for the fields that change; values rendered as strings for JSON."""
    changes = {}
    for field, new in new_values.items():
        old = getattr(instance, field)
        if old != new:
            changes[field] = [_plain(old), _plain(new)]
    return changes


def _plain(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, models.Model):
        return str(value)
    return str(value)
