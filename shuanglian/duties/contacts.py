"""Writes of 联系包挂 (contact links): a deputy keeps in touch with an enterprise. Keyword-only,
explicit actor, one transaction, one audit event; bad input raises a BusinessError with a Chinese
message and writes nothing. Staff of the enterprise's region (subtree) link and unlink.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from shuanglian.chains.models import Enterprise
from shuanglian.core.audit import audit_record
from shuanglian.core.errors import BusinessError, ConcurrentUpdate
from shuanglian.core.permissions import deny_write, require_staff
from shuanglian.deputies.selectors import deputy_list

from .models import ContactLink
from .selectors import today
from .selectors_contacts import can_manage_enterprise


def _require_manager(actor, enterprise):
    require_staff(actor)
    if not can_manage_enterprise(actor, enterprise):
        deny_write("只能为本区域（含下辖镇街）的企业登记联系包挂。")


def _check_date(day, label: str):
    if not isinstance(day, dt.date):
        raise BusinessError(f"请填写{label}（格式：2026-03-15）。", code="date_required")
    if day > today():
        raise BusinessError(f"{label}不能晚于今天。", code="future_date")


@transaction.atomic
def contact_link_create(*, actor, deputy, enterprise, started_on: dt.date | None = None) -> tuple[ContactLink, bool]:
    """Link `deputy` to `enterprise` from `started_on` (default today). A current link of the
    same pair is returned as it is (created=False): a double submit makes one link."""
    if deputy is None or enterprise is None:
        raise BusinessError("请选择代表和企业。", code="required")
    locked = Enterprise.objects.select_for_update().select_related("region").get(pk=enterprise.pk)
    _require_manager(actor, locked)
    if not deputy_list(actor).filter(pk=deputy.pk).exists():
        raise BusinessError("代表不存在或不在您的范围内。", code="invalid_deputy")
    if not deputy.is_active:
        raise BusinessError(f"{deputy.name}已不在任，不能登记联系包挂。", code="inactive_deputy")
    started_on = today() if started_on is None else started_on
    _check_date(started_on, "包挂起始日期")
    existing = ContactLink.objects.filter(deputy=deputy, enterprise=locked, ended_on__isnull=True).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            link = ContactLink.objects.create(deputy=deputy, enterprise=locked, started_on=started_on, created_by=actor)
    except IntegrityError:  # the same pair linked at this very moment by another request
        return ContactLink.objects.get(deputy=deputy, enterprise=locked, ended_on__isnull=True), False
    audit_record(event_type="contact_link.create", actor=actor, target=locked, region=locked.region,
                 changes={"contact_deputy": [None, deputy.name], "started_on": [None, started_on.isoformat()]})
    return link, True


@transaction.atomic
def contact_link_end(*, actor, link: ContactLink, ended_on: dt.date | None = None, version: int) -> ContactLink:
    """End a current link on `ended_on` (default today); the link stays as the record."""
    current = (ContactLink.objects.select_for_update().select_related("deputy", "enterprise", "enterprise__region")
               .get(pk=link.pk))
    _require_manager(actor, current.enterprise)
    if version is None or int(version) != current.version:
        raise ConcurrentUpdate("这条联系包挂已被他人修改，请刷新后再操作。")
    if current.ended_on is not None:
        raise BusinessError(f"该联系包挂已于{current.ended_on:%Y年%-m月%-d日}结束。", code="already_ended")
    ended_on = today() if ended_on is None else ended_on
    _check_date(ended_on, "包挂结束日期")
    if ended_on < current.started_on:
        raise BusinessError(f"包挂结束日期不能早于起始日期（{current.started_on:%Y年%-m月%-d日}）。", code="invalid_end")
    current.ended_on = ended_on
    current.version += 1
    current.save(update_fields=["ended_on", "version"])
    audit_record(event_type="contact_link.end", actor=actor, target=current.enterprise,
                 region=current.enterprise.region,
                 changes={"contact_deputy": [current.deputy.name, None], "ended_on": [None, ended_on.isoformat()]})
    return current
