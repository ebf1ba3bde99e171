"""Writes of the area ledgers: areas, problem links (one record each, in the area's region, once
per area) and work tasks whose owners report progress."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from shuanglian.core.audit import audit_record, diff_fields
from shuanglian.core.errors import BusinessError
from shuanglian.core.permissions import (
    deny_write,
    in_region_scope,
    is_department_role,
    is_staff_role,
    region_within,
)
from shuanglian.lib.lights import warn_from

from .checks import check_version, clean_text
from .models import LedgerArea, LedgerProblem, LedgerTask, TaskStatus


def _require_staff(actor, region):
    if not (is_staff_role(actor) and in_region_scope(actor, region)):
        deny_write("只有本区域的人大工作人员可以维护台账。")


@transaction.atomic
def ledger_area_create(*, actor, region, name: str, order: int = 0) -> LedgerArea:
    _require_staff(actor, region)
    name = clean_text(name, "重点领域", limit=80)
    if LedgerArea.objects.filter(region=region, name=name).exists():
        raise BusinessError(f"已有重点领域「{name}」。", code="duplicate")
    area = LedgerArea.objects.create(region=region, name=name, order=order)
    audit_record(event_type="ledger.area_create", actor=actor, target=area, region=region,
                 changes={"name": [None, name]})
    return area


def _region_of(link_name: str, record):
    if link_name == "case":
        return record.region
    if link_name == "campaign_finding":
        return record.site.group.region
    if link_name == "monitoring_finding":
        return record.report.region
    return record.opinion.region


@transaction.atomic
def ledger_problem_add(*, actor, area: LedgerArea, **link) -> LedgerProblem:
    """Link one problem record (case=, campaign_finding=, monitoring_finding= or opinion_item=)."""
    _require_staff(actor, area.region)
    given = {k: v for k, v in link.items() if v is not None}
    if set(given) - set(LedgerProblem.LINKS) or len(given) != 1:
        raise BusinessError("每条问题台账须对应一个诉求、视察发现、监测发现或审议意见条目。", code="invalid_link")
    (name, record), = given.items()
    if not region_within(_region_of(name, record), area.region):
        raise BusinessError("该问题不在本领域所属区域范围内。", code="invalid_region")
    if LedgerProblem.objects.filter(area=area, **{name: record}).exists():
        raise BusinessError("该问题已列入本台账。", code="duplicate")
    problem = LedgerProblem.objects.create(area=area, **{name: record})
    audit_record(event_type="ledger.problem_add", actor=actor, target=area, region=area.region,
                 changes={name: [None, str(record)]})
    return problem


@transaction.atomic
def ledger_task_create(*, actor, area: LedgerArea, title: str, owner, starts_on: dt.date,
                       due_on: dt.date) -> LedgerTask:
    _require_staff(actor, area.region)
    if owner is None or not in_region_scope(actor, owner.region):
        raise BusinessError("请选择本区域的责任单位。", code="invalid_owner")
    if not (isinstance(starts_on, dt.date) and isinstance(due_on, dt.date)) or due_on < starts_on:
        raise BusinessError("完成时限不能早于开始日期。", code="date_order")
    task = LedgerTask.objects.create(area=area, title=clean_text(title, "工作任务", limit=200), owner=owner,
                                     starts_on=starts_on, due_on=due_on, warn_on=warn_from(starts_on, due_on))
    audit_record(event_type="ledger.task_create", actor=actor, target=task, region=area.region,
                 changes={"title": [None, task.title], "owner": [None, owner.name], "due_on": [None, str(due_on)]})
    return task


@transaction.atomic
def ledger_task_progress(*, actor, task: LedgerTask, progress: int, note: str = "",
                         expected_version: int | None = None) -> LedgerTask:
    """The owner (or staff) reports progress; 100 % marks the task done today."""
    current = LedgerTask.objects.select_for_update(of=("self",)).select_related("area__region", "owner").get(pk=task.pk)
    owner = is_department_role(actor) and actor.department_id == current.owner_id
    if not (owner or (is_staff_role(actor) and in_region_scope(actor, current.area.region))):
        deny_write("只有责任单位或本区域的人大工作人员可以更新进度。")
    check_version(current, expected_version)
    if not isinstance(progress, int) or isinstance(progress, bool) or not 0 <= progress <= 100:
        raise BusinessError("进度应为 0 至 100 的整数。", code="invalid_progress")
    values = {"progress": progress, "note": clean_text(note, "进展情况", limit=5000, required=False)}
    done = progress == 100
    values["status"] = TaskStatus.DONE if done else TaskStatus.OPEN
    values["done_on"] = (current.done_on or timezone.localdate()) if done else None
    changes = diff_fields(current, values)
    if not changes:
        return current
    for key, value in values.items():
        setattr(current, key, value)
    current.version += 1
    current.save(update_fields=[*values, "version"])
    audit_record(event_type="ledger.task_progress", actor=actor, target=current, region=current.area.region,
                 changes=changes)
    return current
