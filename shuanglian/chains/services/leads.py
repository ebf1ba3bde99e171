"""Writes of investment-attraction leads and their contact history."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from shuanglian.core.audit import audit_record, diff_fields
from shuanglian.core.errors import BusinessError, TransitionNotAllowed

from .. import validation
from ..models import (
    LEAD_STAGE_ORDER,
    Chain,
    Lead,
    LeadContact,
    LeadStage,
)
from .base import (
    _bump,
    _lock_current,
    _raise_first,
    _save,
    require_chain_writer,
)

# --- leads ----------------------------------------------------------------------------------

@transaction.atomic
def lead_save(*, actor, chain: Chain, values: dict, lead: Lead | None = None, expected_version=None) -> Lead:
    require_chain_writer(actor, chain.region)
    lead = _lock_current(lead, expected_version)
    merged = {**({"target_company": lead.target_company, "stage": lead.stage, "capital_in_place": lead.capital_in_place} if lead else {}), **values}
    _raise_first(validation.lead_errors(merged))
    node = values.get("node")
    if node is not None and node.chain_id != chain.pk:
        raise BusinessError("补链环节必须属于本产业链", code="invalid_node")
    lead = _save(lead or Lead(chain=chain), values, actor=actor, event="lead", region=chain.region)
    return lead


@transaction.atomic
def lead_advance(*, actor, lead: Lead, expected_version=None) -> Lead:
    """Move a lead one step along 线索 → 接洽 → … → 投产."""
    require_chain_writer(actor, lead.chain.region)
    lead = _lock_current(lead, expected_version)
    if lead.is_closed:
        raise TransitionNotAllowed("该线索已终止，不能推进", code="lead_closed")
    order = LEAD_STAGE_ORDER[lead.stage]
    if order + 1 >= len(LeadStage.values):
        raise TransitionNotAllowed("该线索已投产，没有下一阶段", code="last_stage")
    new = LeadStage.values[order + 1]
    changes = {"stage": [lead.get_stage_display(), LeadStage(new).label]}
    lead.stage = new
    _bump(lead)
    lead.save(update_fields=["stage"])
    audit_record(event_type="lead.advance", actor=actor, target=lead, region=lead.chain.region, changes=changes)
    return lead


@transaction.atomic
def lead_record_contact(*, actor, lead: Lead, on: dt.date, who: str, what: str, next_step: str = "") -> Lead:
    """Record one contact with the target company (date, who, what) as a LeadContact, the lead's
    contact history. The lead's last contact becomes the latest contact date and its next step the
    one given; the audit trail records that the contact was entered (`lead.contact`)."""
    require_chain_writer(actor, lead.chain.region)
    if on is None:
        raise BusinessError("请填写对接日期", code="invalid_on")
    if on > timezone.localdate():
        raise BusinessError("对接日期不能晚于今天", code="invalid_on")
    if not (who or "").strip():
        raise BusinessError("请填写对接人", code="invalid_who")
    if len(who.strip()) > 200:
        raise BusinessError("对接人不能超过200字", code="invalid_who")
    if not (what or "").strip():
        raise BusinessError("请填写对接内容", code="invalid_what")
    if len(next_step or "") > 200:
        raise BusinessError("下一步不能超过200字", code="invalid_next_step")
    lead = _lock_current(lead)
    if lead.is_closed:
        raise TransitionNotAllowed("该线索已终止，不能再记录对接", code="lead_closed")
    values = {}
    if lead.last_contact is None or on >= lead.last_contact:
        values["last_contact"] = on
    if next_step.strip():
        values["next_step"] = next_step.strip()
    changes = diff_fields(lead, values)
    for key, value in values.items():
        setattr(lead, key, value)
    if changes:
        _bump(lead)
        lead.save(update_fields=list(changes))
    LeadContact.objects.create(lead=lead, contacted_on=on, who=who.strip(), summary=what.strip(),
                               next_step=next_step.strip(), recorded_by=actor)
    audit_record(event_type="lead.contact", actor=actor, target=lead, region=lead.chain.region, changes=changes,
                 note=f"{on:%Y-%m-%d} {who.strip()}：{what.strip()}")
    return lead
