"""Writes owned by core: the working-day calendar, API tokens, audit exports and accounts.

Every function takes keyword-only arguments with an explicit `actor`, runs in one transaction
and writes its audit event there (DESIGN.md §4.1).

Calendar changes fire `shuanglian.core.signals.calendar_changed` after commit, so other apps
(cases) can recompute the due dates of open work.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from rest_framework.authtoken.models import Token

from shuanglian.lib import workdays

from .audit import audit_record
from .errors import BusinessError
from .models import CalendarOverride, CalendarYear, Role, User
from .permissions import DEPARTMENT_ROLES, deny_write, is_admin, require_staff
from .signals import calendar_changed

FIRST_YEAR, LAST_YEAR = 2000, 2099


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise BusinessError(f"年份须在 {FIRST_YEAR}–{LAST_YEAR} 之间。", code="year_out_of_range")


def _after_calendar_change(*, year: int, dates: list[dt.date], actor) -> None:
    workdays.clear_cache()

    def fire():
        workdays.clear_cache()  # drop anything read inside the transaction
        calendar_changed.send(sender=CalendarOverride, year=year, dates=dates, actor=actor)

    transaction.on_commit(fire)


@transaction.atomic
def calendar_override_set(*, day: dt.date, is_workday: bool, name: str = "", actor) -> CalendarOverride:
    """Staff say what `day` is: a rest day (holiday) or a working day (调休). Replaces an earlier entry."""
    require_staff(actor)
    _check_year(day.year)
    name = (name or "").strip()
    if len(name) > 50:
        raise BusinessError("名称不能超过50个字。", code="name_too_long")
    existing = CalendarOverride.objects.select_for_update().filter(date=day).first()
    if existing is None:
        override = CalendarOverride.objects.create(date=day, is_workday=is_workday, name=name)
        changes = {"is_workday": [None, is_workday], "name": [None, name]}
    else:
        changes = {}
        if existing.is_workday != is_workday:
            changes["is_workday"] = [existing.is_workday, is_workday]
        if existing.name != name:
            changes["name"] = [existing.name, name]
        if not changes:
            return existing
        existing.is_workday, existing.name = is_workday, name
        existing.save(update_fields=["is_workday", "name"])
        override = existing
    audit_record(
        event_type="calendar.override_set", actor=actor, target=override, changes=changes,
        region=getattr(actor, "region", None),
        note=f"{day:%Y-%m-%d} 设为{'工作日（调休上班）' if is_workday else '休息日'}",
    )
    _after_calendar_change(year=day.year, dates=[day], actor=actor)
    return override


@transaction.atomic
def calendar_override_delete(*, day: dt.date, actor) -> None:
    """Remove staff's entry for `day`; the day follows the package or the computed rules again."""
    require_staff(actor)
    override = CalendarOverride.objects.select_for_update().filter(date=day).first()
    if override is None:
        raise BusinessError(f"{day:%Y-%m-%d} 没有节假日调整记录。", code="override_not_found")
    audit_record(
        event_type="calendar.override_delete", actor=actor, target=override,
        changes={"is_workday": [override.is_workday, None], "name": [override.name, None]},
        region=getattr(actor, "region", None), note=f"删除 {day:%Y-%m-%d} 的调整",
    )
    override.delete()
    _after_calendar_change(year=day.year, dates=[day], actor=actor)


@transaction.atomic
def calendar_year_confirm(*, year: int, confirmed: bool = True, note: str = "", actor) -> CalendarYear:
    """Mark a year's arrangement as confirmed (the State Council notice is entered) or back to provisional."""
    require_staff(actor)
    _check_year(year)
    note = (note or "").strip()[:200]
    record, created = CalendarYear.objects.select_for_update().get_or_create(
        year=year, defaults={"confirmed": confirmed, "note": note}
    )
    if created:
        changes = {"confirmed": [None, confirmed]}
    else:
        if record.confirmed == confirmed and (not note or record.note == note):
            return record
        changes = {"confirmed": [record.confirmed, confirmed]} if record.confirmed != confirmed else {}
        if note and note != record.note:
            changes["note"] = [record.note, note]
            record.note = note
        record.confirmed = confirmed
        record.save(update_fields=["confirmed", "note"])
    audit_record(
        event_type="calendar.year_confirm", actor=actor, target=record, changes=changes,
        region=getattr(actor, "region", None),
        note=f"{year}年节假日安排{'已确认' if confirmed else '改回暂定'}",
    )
    _after_calendar_change(year=year, dates=[], actor=actor)
    return record


@transaction.atomic
def api_token_issue(*, actor) -> Token:
    """The API token of `actor` (created on first request). Audited every time it is handed out."""
    token, created = Token.objects.get_or_create(user=actor)
    audit_record(
        event_type="auth.token_issue", actor=actor, target=actor, region=getattr(actor, "region", None),
        note="新建接口令牌" if created else "取得已有接口令牌",
    )
    return token


def audit_export_record(*, actor, filters: dict, count: int, fmt: str) -> None:
    """An export of the audit log is itself audited (who took which slice, how many rows)."""
    with transaction.atomic():
        audit_record(
            event_type="audit.export", actor=actor, region=getattr(actor, "region", None),
            changes={k: [None, v] for k, v in filters.items() if v},
            note=f"导出审计日志 {count} 条（{fmt}）",
        )


@transaction.atomic
def user_create(*, actor, username: str, role: str, display_name: str = "", region=None, department=None,
                password: str | None = None) -> User:
    """A new account. Without a password it is an actor that cannot log in (set_unusable_password).

    Only an admin creates accounts; `actor=None` is the system (the demo command). A person's
    password must pass the password rules; the system may set the demo's published password,
    which `manage.py demo` only does on a debug site or when told it is a demo.
    """
    if actor is not None and not is_admin(actor):
        deny_write("只有系统管理员可以新建账号。")
    username = (username or "").strip()
    if not username:
        raise BusinessError("请填写用户名。", code="invalid_username")
    if User.objects.filter(username=username).exists():
        raise BusinessError(f"用户名 {username} 已存在。", code="duplicate")
    if role not in Role.values:
        raise BusinessError(f"未知的角色：{role}", code="invalid_role")
    if role in DEPARTMENT_ROLES and department is None:
        raise BusinessError("部门经办人和部门负责人须指定所属部门。", code="department_required")
    if department is not None and region is None:
        region = department.region
    user = User(username=username, role=role, display_name=display_name, region=region, department=department,
                is_staff=role == Role.ADMIN, is_superuser=role == Role.ADMIN)
    if password is None:
        user.set_unusable_password()
    else:
        if actor is not None:
            try:
                password_validation.validate_password(password, user)
            except ValidationError as exc:
                raise BusinessError("；".join(exc.messages), code="weak_password") from exc
        user.set_password(password)
    try:
        user.full_clean()
    except ValidationError as exc:
        raise BusinessError("；".join(exc.messages), code="invalid") from exc
    user.save()
    audit_record(event_type="user.create", actor=actor, target=user, region=region,
                 changes={"role": [None, role], "department": [None, str(department) if department else None]})
    return user
