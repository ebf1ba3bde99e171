"""Writes of major projects: the project, its monthly investment and its milestones."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from shuanglian.core.audit import audit_record
from shuanglian.core.errors import BusinessError, TransitionNotAllowed

from .. import validation
from ..models import (
    PROJECT_STAGE_ORDER,
    Chain,
    Project,
    ProjectInvestment,
    ProjectMilestone,
    ProjectStage,
)
from .base import (
    _bump,
    _lock_current,
    _raise_first,
    _save,
    require_chain_writer,
)

# --- projects -------------------------------------------------------------------------------

def _month(value: dt.date | None) -> dt.date | None:
    return value.replace(day=1) if value else None


@transaction.atomic
def project_save(*, actor, chain: Chain, values: dict, project: Project | None = None, expected_version=None) -> Project:
    require_chain_writer(actor, chain.region)
    project = _lock_current(project, expected_version)
    merged = {**({f: getattr(project, f) for f in ("name", "total_investment", "annual_plan", "year")} if project else {}), **values}
    _raise_first(validation.project_errors(merged))
    node = values.get("node")
    if node is not None and node.chain_id != chain.pk:
        raise BusinessError("环节必须属于本产业链", code="invalid_node")
    if "stage" in values and values["stage"] not in ProjectStage.values:
        raise BusinessError("项目阶段无效", code="invalid_stage")
    if "planned_start" in values:
        values = {**values, "planned_start": _month(values["planned_start"])}
    project = _save(project or Project(chain=chain), values, actor=actor, event="project", region=chain.region)
    return project


@transaction.atomic
def project_advance(*, actor, project: Project, expected_version=None, on: dt.date | None = None) -> Project:
    """Move a project to its next stage (谋划 → 洽谈 → 签约 → 开工 → 建设 → 投产 → 达产). Reaching
    开工 records the start date (today unless given)."""
    require_chain_writer(actor, project.chain.region)
    project = _lock_current(project, expected_version)
    order = PROJECT_STAGE_ORDER[project.stage]
    if order + 1 >= len(ProjectStage.values):
        raise TransitionNotAllowed("项目已达产，没有下一阶段", code="last_stage")
    new = ProjectStage.values[order + 1]
    changes = {"stage": [project.get_stage_display(), ProjectStage(new).label]}
    project.stage = new
    fields = ["stage"]
    if new == ProjectStage.STARTED and project.started_on is None:
        project.started_on = on or timezone.localdate()
        changes["started_on"] = [None, str(project.started_on)]
        fields.append("started_on")
    _bump(project)
    project.save(update_fields=fields)
    audit_record(event_type="project.advance", actor=actor, target=project, region=project.chain.region, changes=changes)
    return project


@transaction.atomic
def project_record_investment(*, actor, project: Project, month: dt.date, amount: Decimal) -> ProjectInvestment:
    """Record (or correct) the investment completed in one month."""
    require_chain_writer(actor, project.chain.region)
    if month is None:
        raise BusinessError("请选择月份", code="invalid_month")
    if amount is None or amount < 0:
        raise BusinessError("完成投资必须为非负数", code="invalid_amount")
    if amount > validation.MAX_AMOUNT:
        raise BusinessError(f"完成投资超过 {validation.MAX_AMOUNT} 亿元，请确认单位是“亿元”", code="invalid_amount")
    month = _month(month)
    if month > _month(timezone.localdate()):
        raise BusinessError("不能填报未来月份的完成投资", code="future_month")
    row = ProjectInvestment.objects.select_for_update().filter(project=project, month=month).first()
    old = row.amount if row else None
    row = row or ProjectInvestment(project=project, month=month, amount=amount)
    row.amount = amount
    row.save()
    audit_record(event_type="project.record_investment", actor=actor, target=project, region=project.chain.region,
                 changes={f"investment_{month:%Y-%m}": [str(old) if old is not None else None, str(amount)]})
    return row


@transaction.atomic
def milestone_save(*, actor, project: Project, name: str, planned_on: dt.date, done_on: dt.date | None = None,
                   milestone: ProjectMilestone | None = None) -> ProjectMilestone:
    require_chain_writer(actor, project.chain.region)
    if not (name or "").strip():
        raise BusinessError("里程碑名称必填", code="invalid_name")
    if planned_on is None:
        raise BusinessError("请填写里程碑的计划日期", code="invalid_planned_on")
    if done_on is not None and done_on > timezone.localdate():
        raise BusinessError("完成日期不能晚于今天", code="invalid_done_on")
    if milestone is not None and milestone.project_id != project.pk:
        raise BusinessError("该里程碑不属于这个项目", code="invalid_milestone")
    values = {"name": name.strip(), "planned_on": planned_on, "done_on": done_on}
    milestone = _save(milestone or ProjectMilestone(project=project), values, actor=actor, event="project_milestone",
                      region=project.chain.region)
    return milestone
