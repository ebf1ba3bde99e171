"""Writes of the suggestions app before assignment is done (DESIGN.md §4.1): keyword-only, explicit
actor, one transaction, one audit event. A suggestion's status moves only through
workflow.SUGGESTION_WORKFLOW.transition (the unit's and the deputy's moves: services_handling.py).

履职积分: submitting pays the lead deputy (point_award, in the move's transaction); withdrawing or
refusing before assignment takes it back (point_revoke). What pays is said once, in point_sources.py."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from shuanglian.cases.models import DeputyStep
from shuanglian.cases.services import case_deputy_suggest
from shuanglian.core.audit import audit_record
from shuanglian.core.errors import BusinessError
from shuanglian.core.permissions import deny_write, in_region_scope, is_staff_role
from shuanglian.points.services import point_award, point_revoke
from shuanglian.regions.models import Region

from . import clocks
from .checks import act_day, clean_text, clean_title
from .models import Kind, RefuseReason, Status, Suggestion
from .point_sources import SUBMITTED, pays_on_submit, suggestion_key
from .workflow import SUGGESTION_WORKFLOW

MAX_CO_SIGNERS = 100
MAX_PARTS = 10


def _move(suggestion, action, actor, expected_version, apply, note=""):
    target = SUGGESTION_WORKFLOW.actions[action].target

    def run(s):
        extra = apply(s)
        if target:  # the mechanism sets it as well; the clocks need the new status now
            s.status = target
        clocks.derive(s)
        return extra

    return SUGGESTION_WORKFLOW.transition(obj=suggestion, action=action, actor=actor, apply=run, note=note,
                                          expected_version=expected_version)


def _own_deputy(actor):
    return getattr(actor, "deputy", None) if actor is not None and actor.is_authenticated else None


def _check_author(actor, lead_deputy):
    """The lead deputy writes their own; staff enter a paper suggestion of a deputy in their region."""
    if lead_deputy is None or not lead_deputy.is_active:
        raise BusinessError("请选择在任的领衔代表。", code="invalid_deputy")
    own = _own_deputy(actor)
    if own is not None and own.pk == lead_deputy.pk:
        return
    if is_staff_role(actor) and in_region_scope(actor, lead_deputy.region):
        return
    deny_write("只有领衔代表本人或本区域的人大工作人员可以录入建议。")


def _check_co_signers(co_signers, lead_deputy) -> list:
    people = {d.pk: d for d in co_signers}
    if len(people) > MAX_CO_SIGNERS:
        raise BusinessError(f"联名代表不能超过 {MAX_CO_SIGNERS} 人。", code="too_many")
    if lead_deputy.pk in people:
        raise BusinessError("领衔代表不必再列为联名代表。", code="invalid_co_signer")
    if any(not d.is_active for d in people.values()):
        raise BusinessError("联名代表应为在任代表。", code="invalid_co_signer")
    return list(people.values())


def _check_sources(actor, lead_deputy, *, source_activity, source_reception, source_case):
    """A source must be something the author may read: their own collected case, an activity or
    reception of a region the staff member covers (a deputy: of their own region's subtree)."""
    for label, source, region in (
        ("来源履职活动", source_activity, getattr(source_activity, "region", None)),
        ("来源接待日", source_reception, getattr(getattr(source_reception, "station", None), "region", None)),
    ):
        if source is not None and not (in_region_scope(actor, region)
                                       or in_region_scope_of_deputy(lead_deputy, region)):
            raise BusinessError(f"{label}不在本区域。", code="invalid_source")
    if source_case is not None and source_case.collected_by_id != lead_deputy.pk and not (
            is_staff_role(actor) and in_region_scope(actor, source_case.region)):
        raise BusinessError("来源诉求应为领衔代表本人收集的诉求。", code="invalid_source")


def in_region_scope_of_deputy(deputy, region) -> bool:
    """A deputy's region reaches up to its district: an activity of the district counts for a town's deputy."""
    return region is not None and (deputy.region.path.startswith(region.path)
                                   or region.path.startswith(deputy.region.path))


@transaction.atomic
def suggestion_create(*, actor, title: str, reasons: str, proposals: str, lead_deputy, kind: str = Kind.SUGGESTION,
                      co_signers=(), source_activity=None, source_reception=None, source_case=None) -> Suggestion:
    """A draft (草稿) by the lead deputy, or entered by staff from paper."""
    if kind not in Kind.values:
        raise BusinessError("请选择建议类型。", code="invalid_kind")
    _check_author(actor, lead_deputy)
    title = clean_title(title, kind)
    co = _check_co_signers(co_signers, lead_deputy)
    _check_sources(actor, lead_deputy, source_activity=source_activity, source_reception=source_reception,
                   source_case=source_case)
    s = Suggestion.objects.create(
        region=lead_deputy.region, kind=kind, title=title, lead_deputy=lead_deputy,
        reasons=clean_text(reasons, "情况和问题", limit=20000), proposals=clean_text(proposals, "意见和建议", limit=20000),
        source_activity=source_activity, source_reception=source_reception, source_case=source_case,
        created_by=actor,
    )
    s.co_signers.set(co)
    changes = {"title": [None, title], "kind": [None, kind], "lead_deputy": [None, lead_deputy.name]}
    if co:
        changes["co_signers"] = [None, "、".join(d.name for d in co)]
    if source_case is not None:
        changes["source_case"] = [None, source_case.pk]
    audit_record(event_type="suggestion.create", actor=actor, target=s, region=s.region, changes=changes)
    return s


@transaction.atomic
def suggestion_from_case(*, actor, case, title: str, reasons: str, proposals: str,
                         kind: str = Kind.SUGGESTION, expected_version: int | None = None) -> Suggestion:
    """A demand beyond local competence turned into a suggestion by the deputy who collected it;
    the case reads it back as `case.suggestions`. A demand sent to the deputy's 代表码 and waiting
    for them is locked and marked first (the deputy's step, checked against the version they read),
    so two clicks at once write one suggestion and the other gets the conflict."""
    own = _own_deputy(actor)
    if own is None or case.collected_by_id != own.pk:
        deny_write("只有收集该诉求的代表本人可以将其转为建议。")
    if case.deputy_step == DeputyStep.PENDING or expected_version is not None:  # the step from the deputy's card
        case = case_deputy_suggest(case=case, actor=actor, suggestion_label=f"《{clean_title(title, kind)}》",
                                   expected_version=expected_version)
    if case.suggestions.exclude(status__in=[Status.WITHDRAWN, Status.REFUSED]).exists():
        raise BusinessError("该诉求已转为建议。", code="duplicate")
    return suggestion_create(actor=actor, title=title, reasons=reasons, proposals=proposals, lead_deputy=own,
                             kind=kind, source_case=case)


def _next_number(region_id: int, year: int) -> str:
    Region.objects.select_for_update().get(pk=region_id)  # numbers are given one at a time per region
    prefix = f"{year}-"
    taken = Suggestion.objects.filter(region_id=region_id, number__startswith=prefix, split_from__isnull=True)
    return f"{prefix}{taken.count() + 1:04d}"


def suggestion_submit(*, suggestion: Suggestion, actor, on: dt.date | None = None,
                      expected_version: int | None = None) -> Suggestion:
    def apply(s):
        s.submitted_on = act_day(on, "提交日期")
        s.number = _next_number(s.region_id, s.submitted_on.year)
        if pays_on_submit(s):
            point_award(deputy=s.lead_deputy, rule_code=SUBMITTED, source_key=suggestion_key(s),
                        occurred_on=s.submitted_on, actor=actor)
    return _move(suggestion, "submit", actor, expected_version, apply)


def _take_back(s, actor, label):
    """A suggestion withdrawn or refused is no submission: what submitting paid goes back."""
    if s.submitted_on is not None and pays_on_submit(s):
        point_revoke(deputy=s.lead_deputy, rule_code=SUBMITTED, source_key=suggestion_key(s), actor=actor,
                     note=f"{s.display_title}{label}")


def suggestion_withdraw(*, suggestion: Suggestion, actor, note: str = "",
                        expected_version: int | None = None) -> Suggestion:
    return _move(suggestion, "withdraw", actor, expected_version, lambda s: _take_back(s, actor, "已撤回"),
                 note=clean_text(note, "撤回说明", limit=500, required=False))


def suggestion_refuse(*, suggestion: Suggestion, actor, reason: str, note: str = "",
                      expected_version: int | None = None) -> Suggestion:
    if reason not in RefuseReason.values:
        raise BusinessError("请从规定的理由中选择不作为建议处理的理由。", code="invalid_reason")

    def apply(s):
        s.refuse_reason = reason
        _take_back(s, actor, "不作为建议处理")
    return _move(suggestion, "refuse", actor, expected_version, apply,
                 note=clean_text(note, "说明", limit=500, required=False))


def suggestion_split(*, suggestion: Suggestion, actor, parts: list[dict], on: dt.date | None = None,
                     expected_version: int | None = None) -> list[Suggestion]:
    """一事一议: staff split a suggestion of several subjects into parts, each submitted on the
    split day with the same deputies and sources; the original is kept as 已拆分."""
    if not isinstance(parts, list) or not 2 <= len(parts) <= MAX_PARTS:
        raise BusinessError(f"拆分应得到 2 至 {MAX_PARTS} 件建议。", code="invalid_parts")
    made = []

    def apply(s):
        day = act_day(on, "拆分日期", not_before=s.submitted_on, before_label="提交日期")
        co = list(s.co_signers.all())
        cleaned = [(clean_title(p.get("title"), s.kind), clean_text(p.get("reasons"), "情况和问题", limit=20000),
                    clean_text(p.get("proposals"), "意见和建议", limit=20000)) for p in parts]
        for k, (title, reasons, proposals) in enumerate(cleaned, start=1):
            part = Suggestion.objects.create(
                region=s.region, kind=s.kind, title=title, reasons=reasons, proposals=proposals,
                lead_deputy=s.lead_deputy, source_activity=s.source_activity, source_reception=s.source_reception,
                source_case=s.source_case, split_from=s, status=Status.SUBMITTED, submitted_on=day,
                number=f"{s.number}-{k}", created_by=actor,
            )
            part.co_signers.set(co)
            clocks.derive(part)
            part.save()
            made.append(part)
        return {"parts": [None, "；".join(f"{p.number}《{p.title}》" for p in made)]}

    _move(suggestion, "split", actor, expected_version, apply)
    return made


def suggestion_assign(*, suggestion: Suggestion, actor, lead_unit, co_units=(), complex: bool = False,
                      on: dt.date | None = None, expected_version: int | None = None) -> Suggestion:
    """交办 to a lead unit (主办) and co-units (协办) of the staff member's region; `complex`: the
    committee approved the longer answer period."""
    if lead_unit is None:
        raise BusinessError("请选择主办单位。", code="invalid_unit")
    co = {d.pk: d for d in co_units}
    if lead_unit.pk in co:
        raise BusinessError("主办单位不必再列为协办单位。", code="invalid_unit")
    if not isinstance(complex, bool):
        raise BusinessError("“复杂建议”应为是或否。", code="invalid")

    def apply(s):
        for unit in (lead_unit, *co.values()):
            if not unit.is_active or not in_region_scope(actor, unit.region):
                raise BusinessError(f"“{unit.name}”不是本区域在用的承办单位。", code="invalid_unit")
        start = s.returned_on if s.status == Status.RETURNED else s.submitted_on
        s.assigned_on = act_day(on, "交办日期", not_before=start, before_label="提交或退回日期")
        s.lead_unit, s.complex = lead_unit, complex
        s.co_units.set(co.values())
        return {"co_units": [None, "、".join(d.name for d in co.values())]} if co else None

    return _move(suggestion, "assign", actor, expected_version, apply)
