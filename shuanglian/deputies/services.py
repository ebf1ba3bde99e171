"""Writes for deputies and stations. Every function checks the actor, validates, writes in one
transaction and records an audit event (DESIGN.md §4.1)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from shuanglian.core.audit import audit_record, diff_fields
from shuanglian.core.errors import BusinessError
from shuanglian.core.models import Role
from shuanglian.core.permissions import deny_write, in_region_scope, require_staff
from shuanglian.lib.phones import phone_error, phone_normalize

from .models import Deputy, MemberKind, Station, StationMember, new_intake_token

DEPUTY_FIELDS = ("name", "level", "region", "sector", "employer", "phone", "is_active", "user")
STATION_FIELDS = ("kind", "name", "host", "region", "chain", "head", "address", "reception_day", "is_active")


# --- shared checks ----------------------------------------------------------------------------

def clean_phone(phone: str) -> str:
    phone = (phone or "").strip()
    if not phone:
        return ""
    error = phone_error(phone)
    if error:
        raise BusinessError(error, code="invalid_phone")
    return phone_normalize(phone)


def _full_clean(obj, *, exclude=None):
    try:
        obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        label = obj._meta.get_field(field).verbose_name if field != "__all__" else ""
        raise BusinessError(f"{label}：{messages[0]}" if label else messages[0], code="invalid") from None


def _require_scope(actor, region):
    require_staff(actor)
    if region is None or not in_region_scope(actor, region):
        deny_write("只能登记或修改本区域（含下辖镇街）范围内的记录。")


def _locked_for_update(obj, *, actor, values: dict, fields: tuple[str, ...]):
    """The registry's update rule, for deputies and stations alike: only the listed fields, the
    row locked, and the actor's scope covering both the record's region and a new one."""
    unknown = set(values) - set(fields)
    if unknown:
        raise BusinessError(f"不能修改字段：{'、'.join(sorted(unknown))}", code="invalid")
    current = type(obj).objects.select_for_update().select_related("region").get(pk=obj.pk)
    _require_scope(actor, current.region)
    if "region" in values:
        _require_scope(actor, values["region"])
    return current


def _strip(values: dict, *keys: str) -> None:
    for key in keys:
        if key in values:
            values[key] = (values[key] or "").strip()


def _save_changes(current, values: dict, changes: dict, *, event_type: str, actor) -> None:
    """Write only the fields that changed, and one audit event; nothing when nothing changed."""
    if changes:
        current.save(update_fields=[k for k in values if k in changes])
        audit_record(event_type=event_type, actor=actor, target=current, changes=changes)


def _check_reception_day(day):
    if day is not None and not 1 <= int(day) <= 31:
        raise BusinessError("每月接待日应为 1 至 31 之间的日期。", code="invalid_reception_day")


def _check_head(actor, head, region):
    if head is None:
        return
    if not head.is_active:
        raise BusinessError(f"代表「{head.name}」已不在任，不能担任点长。", code="inactive_deputy")
    if not in_region_scope(actor, head.region):
        deny_write("点长须为本区域范围内的代表。")


def _check_user_link(user, deputy_pk=None):
    if user is None:
        return
    if user.role != "deputy":
        raise BusinessError("只能关联角色为“人大代表”的登录账号。", code="invalid_user")
    taken = Deputy.objects.filter(user=user).exclude(pk=deputy_pk).first()
    if taken:
        raise BusinessError(f"账号 {user.username} 已关联代表「{taken.name}」。", code="user_taken")


# --- deputies -----------------------------------------------------------------------------------

@transaction.atomic
def deputy_create(*, actor, name: str, level: str, region, sector: str = "", employer: str = "",
                  phone: str = "", is_active: bool = True, user=None) -> Deputy:
    _require_scope(actor, region)
    name = (name or "").strip()
    deputy = Deputy(name=name, level=level, region=region, sector=(sector or "").strip(),
                    employer=(employer or "").strip(), phone=clean_phone(phone), is_active=is_active, user=user)
    _full_clean(deputy, exclude=["user"])
    _check_user_link(user)
    if Deputy.objects.filter(name=name, level=level, region=region).exists():
        raise BusinessError(f"{region.name}已登记{deputy.get_level_display()}级代表「{name}」，请勿重复登记。",
                            code="duplicate")
    deputy.save()
    audit_record(event_type="deputy.create", actor=actor, target=deputy,
                 changes={"name": [None, name], "level": [None, level], "region": [None, region.name]})
    return deputy


@transaction.atomic
def deputy_update(*, deputy: Deputy, actor, **values) -> Deputy:
    current = _locked_for_update(deputy, actor=actor, values=values, fields=DEPUTY_FIELDS)
    if "phone" in values:
        values["phone"] = clean_phone(values["phone"])
    _strip(values, "name", "sector", "employer")
    if "user" in values:
        _check_user_link(values["user"], current.pk)
    changes = diff_fields(current, values)
    if "phone" in changes:  # the audit log shows who changed a phone, not the number itself
        changes["phone"] = ["（已修改）", "（已修改）"]
    for key, value in values.items():
        setattr(current, key, value)
    _full_clean(current, exclude=["user"])
    _save_changes(current, values, changes, event_type="deputy.update", actor=actor)
    return current


@transaction.atomic
def deputy_deactivate(*, deputy: Deputy, actor, note: str = "") -> Deputy:
    current = Deputy.objects.select_for_update().select_related("region").get(pk=deputy.pk)
    _require_scope(actor, current.region)
    if not current.is_active:
        raise BusinessError(f"代表「{current.name}」已是离任状态。", code="already_inactive")
    current.is_active = False
    current.save(update_fields=["is_active"])
    audit_record(event_type="deputy.deactivate", actor=actor, target=current,
                 changes={"is_active": [True, False]}, note=note)
    return current


def deputy_export_record(*, actor, count: int, masked: bool, query: str = "") -> None:
    """Exports of personal data are audited (DESIGN.md §4.8)."""
    audit_record(event_type="deputy.export", actor=actor, region=getattr(actor, "region", None),
                 note=f"导出代表 {count} 人（手机号{'已脱敏' if masked else '未脱敏'}）{('；筛选：' + query) if query else ''}")


# --- stations -----------------------------------------------------------------------------------

@transaction.atomic
def station_create(*, actor, kind: str, name: str, region, host: str = "", chain=None, head=None,
                   address: str = "", reception_day: int | None = 15, is_active: bool = True) -> Station:
    _require_scope(actor, region)
    _check_reception_day(reception_day)
    _check_head(actor, head, region)
    name = (name or "").strip()
    station = Station(kind=kind, name=name, region=region, host=(host or "").strip(), chain=chain, head=head,
                      address=(address or "").strip(), reception_day=reception_day, is_active=is_active)
    _full_clean(station)
    if Station.objects.filter(name=name, region=region).exists():
        raise BusinessError(f"{region.name}已有名为「{name}」的阵地，请勿重复登记。", code="duplicate")
    station.save()
    audit_record(event_type="station.create", actor=actor, target=station,
                 changes={"name": [None, name], "kind": [None, kind], "region": [None, region.name]})
    return station


@transaction.atomic
def station_update(*, station: Station, actor, **values) -> Station:
    current = _locked_for_update(station, actor=actor, values=values, fields=STATION_FIELDS)
    if "reception_day" in values:
        _check_reception_day(values["reception_day"])
    if "head" in values and values["head"] is not None and values["head"].pk != current.head_id:
        _check_head(actor, values["head"], values.get("region", current.region))
    _strip(values, "name", "host", "address")
    if "name" in values and Station.objects.filter(
        name=values["name"], region=values.get("region", current.region)
    ).exclude(pk=current.pk).exists():
        raise BusinessError(f"已有名为「{values['name']}」的阵地。", code="duplicate")
    changes = diff_fields(current, values)
    for key, value in values.items():
        setattr(current, key, value)
    _full_clean(current)
    _save_changes(current, values, changes, event_type="station.update", actor=actor)
    return current


@transaction.atomic
def station_member_add(*, station: Station, actor, kind: str, deputy=None, name: str = "",
                       phone: str = "") -> StationMember:
    current = Station.objects.select_for_update().select_related("region").get(pk=station.pk)
    _require_scope(actor, current.region)
    if kind == MemberKind.DEPUTY:
        if deputy is None:
            raise BusinessError("请选择要加入的代表。", code="deputy_required")
        if not in_region_scope(actor, deputy.region):
            deny_write("只能加入本区域范围内的代表。")
        if not deputy.is_active:
            raise BusinessError(f"代表「{deputy.name}」已不在任。", code="inactive_deputy")
        if current.members.filter(deputy=deputy).exists():
            raise BusinessError(f"代表「{deputy.name}」已是本阵地成员。", code="duplicate")
        member = StationMember(station=current, kind=kind, deputy=deputy, name=deputy.name, phone="")
    elif kind == MemberKind.GRID_WORKER:
        name = (name or "").strip()
        if not name:
            raise BusinessError("请填写网格员姓名。", code="name_required")
        if current.members.filter(kind=kind, name=name).exists():
            raise BusinessError(f"网格员「{name}」已是本阵地成员。", code="duplicate")
        member = StationMember(station=current, kind=kind, name=name, phone=clean_phone(phone))
    else:
        raise BusinessError("成员身份应为“人大代表”或“网格员”。", code="invalid_kind")
    member.save()
    audit_record(event_type="station.member_add", actor=actor, target=current,
                 changes={"members": [None, f"{member.get_kind_display()} {member}"]})
    return member


@transaction.atomic
def station_member_remove(*, member: StationMember, actor) -> None:
    station = Station.objects.select_for_update().select_related("region").get(pk=member.station_id)
    _require_scope(actor, station.region)
    label = f"{member.get_kind_display()} {member}"
    StationMember.objects.filter(pk=member.pk).delete()
    audit_record(event_type="station.member_remove", actor=actor, target=station,
                 changes={"members": [label, None]})


@transaction.atomic
def station_rotate_token(*, station: Station, actor, note: str = "") -> Station:
    """Issue a new intake token. The old QR code stops working at once: the public intake page
    looks stations up by token, and the old one no longer exists anywhere."""
    current = Station.objects.select_for_update().select_related("region").get(pk=station.pk)
    _require_scope(actor, current.region)
    old = current.intake_token
    current.intake_token = new_intake_token()
    current.save(update_fields=["intake_token"])
    # Only a prefix goes into the log: the log is for "who, when", not a copy of the secret.
    audit_record(event_type="station.rotate_token", actor=actor, target=current,
                 changes={"intake_token": [old[:6] + "…", current.intake_token[:6] + "…"]},
                 note=note or "更换扫码令牌，旧二维码立即失效")
    return current


# --- 代表码 (the deputy's own QR code) -------------------------------------------------------------

def _code_change(deputy, actor, token, event_type, note):
    current = Deputy.objects.select_for_update().select_related("region").get(pk=deputy.pk)
    own = getattr(actor, "deputy", None) if getattr(actor, "role", None) == Role.DEPUTY else None
    if own is None or own.pk != current.pk:
        _require_scope(actor, current.region)
    old = current.code_token
    current.code_token = token
    current.save(update_fields=["code_token"])
    # Only a prefix goes into the log, as for stations.
    audit_record(event_type=event_type, actor=actor, target=current, region=current.region, note=note,
                 changes={"code_token": [old[:6] + "…" if old else None, token[:6] + "…" if token else None]})
    return current


@transaction.atomic
def deputy_code_rotate(*, deputy: Deputy, actor, note: str = "") -> Deputy:
    """A new 代表码 (also after a revocation): the old printed code stops working at once."""
    return _code_change(deputy, actor, new_intake_token(), "deputy.code_rotate",
                        (note or "").strip()[:200] or "更换代表码，旧二维码立即失效")


@transaction.atomic
def deputy_code_revoke(*, deputy: Deputy, actor, note: str = "") -> Deputy:
    """No code at all (a lost phone, a deputy leaving the station): the public page says so."""
    return _code_change(deputy, actor, None, "deputy.code_revoke", (note or "").strip()[:200] or "停用代表码")
