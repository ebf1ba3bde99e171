"""The shared machinery of the chain module's writes: optimistic concurrency (versions), the
writer rule, and the save/audit helpers every service uses."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from shuanglian.core.audit import audit_record, diff_fields
from shuanglian.core.errors import BusinessError, ConcurrentUpdate
from shuanglian.core.permissions import deny_write, in_region_scope, is_staff_role

VERSIONED_LABELS = {
    "chain": "产业链", "chainnode": "环节", "chainmetric": "该期指标", "enterprise": "企业信息",
    "project": "项目", "lead": "招商线索", "policy": "政策",
}


def _conflict(instance, expected, current) -> ConcurrentUpdate:
    what = VERSIONED_LABELS.get(instance._meta.model_name, "该记录")
    return ConcurrentUpdate(
        f"{what}已被他人修改（您打开时为第 {expected} 版，现在是第 {current} 版），您的修改未保存。"
        "您填写的内容已保留，请核对最新内容后再次保存。",
        code="concurrent_update",
    )


def _lock_current(instance, expected_version=None):
    """Lock and reload the stored row; refuse when someone saved a newer version since the user
    opened the form (`expected_version`, the version the form was rendered with). New objects
    (no pk) pass through. Services diff against the returned, current row."""
    if instance is None or instance.pk is None:
        return instance
    current = type(instance).objects.select_for_update().get(pk=instance.pk)
    if expected_version not in (None, "") and current.version != int(expected_version):
        raise _conflict(instance, expected_version, current.version)
    return current


def _bump(instance) -> None:
    """Advance the row's version; a conditional UPDATE so that even without row locks (SQLite)
    two writers of the same version cannot both succeed."""
    if not hasattr(instance, "version") or instance.pk is None:
        return
    n = type(instance).objects.filter(pk=instance.pk, version=instance.version).update(version=instance.version + 1)
    if not n:
        current = type(instance).objects.filter(pk=instance.pk).values_list("version", flat=True).first()
        raise _conflict(instance, instance.version, current)
    instance.version += 1



def require_chain_writer(actor, region) -> None:
    """Committee staff of the region (or an admin) maintain its chains; everyone else reads."""
    if actor is None:  # system jobs (demo, background import already authorised)
        return
    if not is_staff_role(actor) or not in_region_scope(actor, region):
        deny_write("只有本区域的人大工作人员可以维护产业链信息。")


def _raise_first(errors):
    if errors:
        field, message = errors[0]
        raise BusinessError(message, code=f"invalid_{field}")


def _save(instance, values: dict, *, actor, event: str, region=None):
    """Create or update `instance` with `values`; audit the changed fields."""
    creating = instance.pk is None
    changes = {k: [None, str(v) if v is not None else None] for k, v in values.items()} if creating else diff_fields(instance, values)
    for key, value in values.items():
        setattr(instance, key, value)
    try:
        instance.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        label = instance._meta.get_field(field).verbose_name if field != "__all__" else ""
        raise BusinessError(f"{label}：{messages[0]}" if label else messages[0], code=f"invalid_{field}") from None
    if creating:
        instance.save()
    elif changes:
        _bump(instance)
        instance.save(update_fields=[*changes.keys()] + (["updated_at"] if hasattr(instance, "updated_at") else []))
    if creating or changes:
        audit_record(
            event_type=f"{event}.{'create' if creating else 'update'}", actor=actor, target=instance,
            changes=changes, region=region,
        )
    return instance


def _set_m2m(instance, field: str, objs, *, actor, event: str, region=None):
    """Set an M2M field; returns whether it changed (audited as `<event>.update`)."""
    manager = getattr(instance, field)
    old = set(manager.values_list("pk", flat=True))
    new = {o.pk for o in objs}
    if old == new:
        return False
    manager.set(objs)
    audit_record(
        event_type=f"{event}.update", actor=actor, target=instance, region=region,
        changes={field: [sorted(old), sorted(new)]},
    )
    return True


def _save_with_m2m(instance, values: dict, m2m: dict, *, actor, event: str, region=None):
    """_save plus M2M fields ({field: objs or None}); the version advances once if anything changed."""
    before = instance.version if instance.pk is not None else None
    instance = _save(instance, values, actor=actor, event=event, region=region)
    changed = [_set_m2m(instance, f, objs, actor=actor, event=event, region=region) for f, objs in m2m.items() if objs is not None]
    if before is not None and any(changed) and instance.version == before:
        _bump(instance)
    return instance
