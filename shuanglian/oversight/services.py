"""Writes of the oversight app (DESIGN.md §4.1): keyword-only, explicit actor, one transaction,
one audit event. An opinion's status moves only through workflow.WORKFLOW.transition."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from shuanglian.core.audit import audit_record, diff_fields
from shuanglian.core.errors import BusinessError
from shuanglian.core.permissions import deny_write, in_region_scope, is_staff_role

from . import clocks, rules
from .checks import check_version, clean_text, past_day
from .models import (
    ItemCategory,
    ItemStatus,
    Opinion,
    OpinionItem,
    OpinionStatus,
    PlanItem,
    PlanItemKind,
    PlanItemStatus,
    Review,
    ReviewFinding,
    Submission,
    SubmissionKind,
    Vote,
    WorkPlan,
)
from .workflow import BODY, STAFF, WORKFLOW, opinion_roles

PLAN_ITEM_FIELDS = ("kind", "subject", "lead_office", "planned_month", "status")


def _require_staff_in(actor, region):
    if not (is_staff_role(actor) and in_region_scope(actor, region)):
        deny_write("只有本区域的人大工作人员可以维护监督工作。")


# --- work plan ------------------------------------------------------------------------------------

@transaction.atomic
def plan_create(*, actor, region, year: int, title: str = "") -> WorkPlan:
    _require_staff_in(actor, region)
    if not 2000 <= int(year) <= 2100:
        raise BusinessError("年度应在 2000 至 2100 之间。", code="invalid_year")
    title = clean_text(title or f"{region.name}人大常委会{year}年监督工作计划", "名称", limit=120)
    if WorkPlan.objects.filter(region=region, year=year).exists():
        raise BusinessError(f"{region.name}{year}年的监督工作计划已存在。", code="duplicate")
    plan = WorkPlan.objects.create(region=region, year=year, title=title)
    audit_record(event_type="plan.create", actor=actor, target=plan, region=region,
                 changes={"year": [None, year], "title": [None, title]})
    return plan


def _check_item_values(values: dict) -> dict:
    if "kind" in values and values["kind"] not in PlanItemKind.values:
        raise BusinessError("请选择监督方式。", code="invalid_kind")
    if "status" in values and values["status"] not in PlanItemStatus.values:
        raise BusinessError("状态无效。", code="invalid_status")
    if "subject" in values:
        values["subject"] = clean_text(values["subject"], "监督事项", limit=200)
    if "lead_office" in values:
        values["lead_office"] = clean_text(values["lead_office"], "牵头工委", limit=60, required=False)
    if "planned_month" in values and not (isinstance(values["planned_month"], int) and 1 <= values["planned_month"] <= 12):
        raise BusinessError("计划月份应为 1 至 12。", code="invalid_month")
    return values


@transaction.atomic
def plan_item_create(*, actor, plan: WorkPlan, kind: str, subject: str, planned_month: int,
                     lead_office: str = "", departments=(), chains=(), number: int | None = None) -> PlanItem:
    _require_staff_in(actor, plan.region)
    values = _check_item_values({"kind": kind, "subject": subject, "planned_month": planned_month,
                                 "lead_office": lead_office})
    WorkPlan.objects.select_for_update().get(pk=plan.pk)  # numbers are given one at a time
    if number is None:
        number = (plan.items.aggregate(n=Max("number"))["n"] or 0) + 1
    elif plan.items.filter(number=number).exists():
        raise BusinessError(f"序号 {number} 已被使用。", code="duplicate")
    item = PlanItem.objects.create(plan=plan, number=number, **values)
    item.departments.set(departments)
    item.chains.set(chains)
    audit_record(event_type="plan_item.create", actor=actor, target=item, region=plan.region,
                 changes={k: [None, str(v)] for k, v in values.items()})
    return item


@transaction.atomic
def plan_item_update(*, actor, item: PlanItem, expected_version: int | None = None, departments=None,
                     chains=None, **values) -> PlanItem:
    unknown = set(values) - set(PLAN_ITEM_FIELDS)
    if unknown:
        raise BusinessError(f"不能修改字段：{'、'.join(sorted(unknown))}", code="invalid")
    current = PlanItem.objects.select_for_update(of=("self",)).select_related("plan__region").get(pk=item.pk)
    _require_staff_in(actor, current.plan.region)
    check_version(current, expected_version)
    values = _check_item_values(values)
    changes = diff_fields(current, values)
    for key, value in values.items():
        setattr(current, key, value)
    if departments is not None:
        old = sorted(current.departments.values_list("name", flat=True))
        current.departments.set(departments)
        new = sorted(current.departments.values_list("name", flat=True))
        if old != new:
            changes["departments"] = ["、".join(old), "、".join(new)]
    if chains is not None:
        old = sorted(current.chains.values_list("name", flat=True))
        current.chains.set(chains)
        new = sorted(current.chains.values_list("name", flat=True))
        if old != new:
            changes["chains"] = ["、".join(old), "、".join(new)]
    if changes:
        current.version += 1
        current.save(update_fields=[*values, "version"])
        audit_record(event_type="plan_item.update", actor=actor, target=current, region=current.plan.region,
                     changes=changes)
    return current


# --- opinions: drafting -----------------------------------------------------------------------------

def _check_report_months(months) -> int:
    if months not in dict(clocks.REPORT_MONTHS_CHOICES):
        raise BusinessError("报告期限应为 2 至 6 个月或 1 年。", code="invalid_period")
    return months


@transaction.atomic
def opinion_create(*, actor, region, title: str, body, summary: str = "", report_months: int = 3,
                   plan_item: PlanItem | None = None, topic=None) -> Opinion:
    _require_staff_in(actor, region)
    if body is None or not in_region_scope(actor, body.region):
        raise BusinessError("请选择本区域的承办机关。", code="invalid_body")
    if plan_item is not None and not in_region_scope(actor, plan_item.plan.region):
        raise BusinessError("来源监督事项不在本区域。", code="invalid_plan_item")
    if topic is not None and topic.region_id != region.pk:
        raise BusinessError("监督议题须属于本区域。", code="invalid_topic")
    op = Opinion.objects.create(
        region=region, title=clean_text(title, "标题", limit=200), body=body, plan_item=plan_item, topic=topic,
        summary=clean_text(summary, "主要内容", limit=20000, required=False),
        report_months=_check_report_months(report_months),
    )
    audit_record(event_type="opinion.create", actor=actor, target=op, region=region,
                 changes={"title": [None, op.title], "body": [None, body.name]})
    return op


@transaction.atomic
def opinion_item_add(*, actor, opinion: Opinion, category: str, group: str, content: str,
                     number: int | None = None) -> OpinionItem:
    locked = Opinion.objects.select_for_update().get(pk=opinion.pk)
    _require_staff_in(actor, locked.region)
    if locked.status != OpinionStatus.DRAFT:
        raise BusinessError("审议意见通过后不能再增加条目。", code="not_draft")
    if category not in ItemCategory.values:
        raise BusinessError("请选择类别（建议或问题）。", code="invalid_category")
    if number is None:
        number = (locked.items.filter(category=category).aggregate(n=Max("number"))["n"] or 0) + 1
    elif locked.items.filter(category=category, number=number).exists():
        raise BusinessError(f"该类别下序号 {number} 已被使用。", code="duplicate")
    item = OpinionItem.objects.create(
        opinion=locked, category=category, number=number, group=clean_text(group, "分类", limit=60),
        content=clean_text(content, "内容", limit=5000),
    )
    audit_record(event_type="opinion_item.create", actor=actor, target=item, region=locked.region,
                 changes={"category": [None, category], "number": [None, number]})
    return item


# --- opinions: the moves ------------------------------------------------------------------------------

def _move(opinion, action, actor, expected_version, apply):
    target = WORKFLOW.actions[action].target

    def run(op):
        extra = apply(op)
        if target:  # the mechanism sets it as well; the clocks need the new status now
            op.status = target
        clocks.derive(op)
        return extra

    return WORKFLOW.transition(obj=opinion, action=action, actor=actor, apply=run,
                               expected_version=expected_version)


def opinion_adopt(*, opinion: Opinion, actor, adopted_on: dt.date, expected_version: int | None = None) -> Opinion:
    def apply(op):
        op.adopted_on = past_day(adopted_on, "通过日期")
    return _move(opinion, "adopt", actor, expected_version, apply)


def opinion_transfer(*, opinion: Opinion, actor, transferred_on: dt.date,
                     expected_version: int | None = None) -> Opinion:
    def apply(op):
        op.transferred_on = past_day(transferred_on, "交办日期", not_before=op.adopted_on, before_label="通过日期")
    return _move(opinion, "transfer", actor, expected_version, apply)


def _submission(op, kind, received_on, content, actor, *, not_before, before_label):
    day = past_day(received_on, "报送日期", not_before=not_before, before_label=before_label)
    text = clean_text(content, "报送内容", limit=50000)
    Submission.objects.create(opinion=op, kind=kind, round=op.rounds + 1, received_on=day, content=text,
                              recorded_by=actor)
    return day, {"submission": [None, f"{SubmissionKind(kind).label}（{day:%Y-%m-%d}）"]}


def opinion_submit_plan(*, opinion: Opinion, actor, received_on: dt.date, content: str,
                        expected_version: int | None = None) -> Opinion:
    def apply(op):
        op.plan_received_on, extra = _submission(op, SubmissionKind.PLAN, received_on, content, actor,
                                                 not_before=op.transferred_on, before_label="交办日期")
        return extra
    return _move(opinion, "submit_plan", actor, expected_version, apply)


def opinion_report(*, opinion: Opinion, actor, received_on: dt.date, content: str,
                   expected_version: int | None = None) -> Opinion:
    def apply(op):
        start = op.rereport_from or op.plan_received_on or op.transferred_on
        op.reported_on, extra = _submission(op, SubmissionKind.REPORT, received_on, content, actor,
                                            not_before=start, before_label="上一环节日期")
        return extra
    return _move(opinion, "report", actor, expected_version, apply)


def opinion_vote(*, opinion: Opinion, actor, held_on: dt.date, members: int, present: int, satisfied: int,
                 basically_satisfied: int, unsatisfied: int, expected_version: int | None = None) -> Vote:
    """Record the committee's satisfaction vote on the latest report. Passed → 测评满意 (closed);
    failed → 重新报告 with a new report clock from the vote day."""
    counts = {"members": members, "present": present, "satisfied": satisfied,
              "basically_satisfied": basically_satisfied, "unsatisfied": unsatisfied}
    error = rules.vote_error(**counts)
    if error:
        raise BusinessError(error, code="invalid_vote")
    rule = rules.vote_rule()
    passed = rules.vote_passed(rule, **counts)
    made = {}

    def apply(op):
        day = past_day(held_on, "测评日期", not_before=op.reported_on, before_label="报告日期")
        op.rounds += 1
        made["vote"] = Vote.objects.create(opinion=op, round=op.rounds, held_on=day, passed=passed,
                                           rule=rule.describe(), **counts)
        if passed:
            op.status = OpinionStatus.SATISFIED
        else:
            op.status, op.rereport_from = OpinionStatus.REREPORT, day
        return {"vote": [None, f"第{op.rounds}轮：{'通过' if passed else '未通过'}"
                               f"（满意{satisfied}、基本满意{basically_satisfied}、不满意{unsatisfied}，"
                               f"出席{present}/{members}）"]}

    _move(opinion, "vote", actor, expected_version, apply)
    return made["vote"]


# --- items, follow-up review, publication -------------------------------------------------------------

@transaction.atomic
def opinion_item_respond(*, item: OpinionItem, actor, status: str, response: str,
                         expected_version: int | None = None) -> OpinionItem:
    """The body's (or staff's) response on one item, while the opinion is with the body."""
    current = OpinionItem.objects.select_for_update(of=("self",)).select_related("opinion").get(pk=item.pk)
    op = current.opinion
    if not opinion_roles(op, actor) & {BODY, STAFF}:
        deny_write("只有承办机关或本区域的人大工作人员可以回复条目。")
    if op.status in (OpinionStatus.DRAFT, OpinionStatus.ADOPTED, OpinionStatus.SATISFIED):
        raise BusinessError(f"审议意见当前状态为“{op.get_status_display()}”，不能回复条目。", code="not_open")
    check_version(current, expected_version)
    if status not in ItemStatus.values:
        raise BusinessError("请选择落实情况。", code="invalid_status")
    values = {"status": status, "response": clean_text(response, "办理回复", limit=5000)}
    changes = diff_fields(current, values)
    if not changes:
        return current
    for key, value in values.items():
        setattr(current, key, value)
    current.responded_at = timezone.now()
    current.version += 1
    current.save(update_fields=["status", "response", "responded_at", "version"])
    audit_record(event_type="opinion_item.respond", actor=actor, target=current, region=op.region, changes=changes)
    return current


@transaction.atomic
def review_record(*, opinion: Opinion, actor, held_on: dt.date, summary: str, findings: list[dict]) -> Review:
    """A 回头看 with a finding per item: [{"item": OpinionItem, "holds": bool, "note": str}]."""
    op = Opinion.objects.select_for_update().get(pk=opinion.pk)
    _require_staff_in(actor, op.region)
    if op.status in (OpinionStatus.DRAFT, OpinionStatus.ADOPTED):
        raise BusinessError("审议意见交办后才能开展回头看。", code="not_transferred")
    day = past_day(held_on, "检查日期", not_before=op.transferred_on, before_label="交办日期")
    items = {i.pk: i for i in op.items.all()}
    seen = set()
    for f in findings:
        item = f.get("item")
        if item is None or item.pk not in items or item.pk in seen:
            raise BusinessError("回头看的发现应对应本审议意见的条目，每条一次。", code="invalid_item")
        seen.add(item.pk)
    review = Review.objects.create(opinion=op, held_on=day, summary=clean_text(summary, "总体情况", limit=5000),
                                   recorded_by=actor)
    try:
        ReviewFinding.objects.bulk_create([
            ReviewFinding(review=review, item=f["item"], holds=bool(f.get("holds")),
                          note=clean_text(f.get("note"), "发现", limit=500, required=False))
            for f in findings
        ])
    except IntegrityError:
        raise BusinessError("回头看的发现每条只能记录一次。", code="duplicate") from None
    audit_record(event_type="opinion.review", actor=actor, target=op, region=op.region,
                 changes={"review": [None, f"{day:%Y-%m-%d}，{len(findings)}条发现"]})
    return review


@transaction.atomic
def opinion_publish(*, opinion: Opinion, actor) -> Opinion:
    op = Opinion.objects.select_for_update().get(pk=opinion.pk)
    _require_staff_in(actor, op.region)
    if op.status == OpinionStatus.DRAFT:
        raise BusinessError("起草中的审议意见不能公开。", code="not_adopted")
    if op.published_at is None:
        op.published_at = timezone.now()
        op.save(update_fields=["published_at"])
        audit_record(event_type="opinion.publish", actor=actor, target=op, region=op.region,
                     changes={"published_at": [None, str(op.published_at)]})
    return op
