"""Reads of the area ledgers and the battle map (挂图作战): every line of the problem ledger is
read through its link, so its status, owner and light are the linked record's own, today."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce

from shuanglian.cases.models import OPEN_STATUSES, Case
from shuanglian.core.permissions import (
    deny_read,
    is_admin,
    is_department_role,
    reads_region,
    region_subtree_q,
)
from shuanglian.lib import lights
from shuanglian.lib.parse import id_or_none

from .models import (
    Finding,
    ItemStatus,
    LedgerArea,
    LedgerProblem,
    LedgerTask,
    MonitoringFinding,
    OpinionItem,
    TaskStatus,
)

DONE = "done"
COLUMNS = [(lights.RED, "红灯（已超期）"), (lights.YELLOW, "黄灯（临近期限）"), (lights.GREEN, "绿灯（正常）"),
           (lights.NONE, "未计时"), (DONE, "已完成")]


def area_list(user):
    qs = LedgerArea.objects.select_related("region")
    if not user.is_authenticated:
        return qs.none()
    if is_admin(user):
        return qs
    if reads_region(user):
        return qs.filter(region_subtree_q(user))
    if is_department_role(user):
        return qs.filter(tasks__owner=user.department_id).distinct()
    return qs.none()


def access_area(user, area_id) -> LedgerArea:
    pk = id_or_none(area_id)
    area = area_list(user).filter(pk=pk).first() if pk is not None else None
    if area is None:
        deny_read()
    return area


def _count(qs):
    rows = qs.filter(area=OuterRef("pk")).order_by().values("area").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def with_counts(qs):
    """Each area with its problem and task counts, one subquery each (COUNT DISTINCT over the join of
    problems × tasks counted 2 000 rows for an area of 100 problems and 20 tasks)."""
    return qs.annotate(n_problems=_count(LedgerProblem.objects.all()), n_tasks=_count(LedgerTask.objects.all()),
                       n_tasks_done=_count(LedgerTask.objects.filter(status=TaskStatus.DONE)))


@dataclass
class Line:
    """One item of a ledger as the board and the exports show it."""

    kind: str  # 问题 / 任务
    source: str
    title: str
    owner: str
    light: str
    status: str
    due: dt.date | None
    url: str
    ref: str
    task: LedgerTask | None = None  # the work-ledger task behind a task line (for progress forms)


def _case_line(case, source, today, title=None):
    done = case.status not in OPEN_STATUSES
    return Line("问题", source, title or case.title, case.lead_department.name if case.lead_department_id else "未交办",
                DONE if done else lights.deadline_light(case.due_date, case.warn_date, today),
                case.get_status_display(), case.due_date, f"/cases/{case.pk}/", case.number)


def problem_line(p: LedgerProblem, today: dt.date) -> Line:
    if p.case_id:
        return _case_line(p.case, "诉求", today)
    if p.campaign_finding_id or p.monitoring_finding_id:
        finding = p.campaign_finding or p.monitoring_finding
        source = "视察发现" if p.campaign_finding_id else "监测发现"
        if finding.case_id:
            return _case_line(finding.case, source, today, title=finding.content)
        return Line("问题", source, finding.content, "未交办", lights.NONE, "未转为诉求", None, "", "")
    item = p.opinion_item
    op = item.opinion
    done = item.status == ItemStatus.DONE
    return Line("问题", "审议意见", item.content, op.body.name,
                DONE if done else lights.deadline_light(op.due_date, op.warn_date, today),
                item.get_status_display(), op.due_date, f"/oversight/opinions/{op.pk}/", f"{op.title[:20]}·{item}")


def task_line(t: LedgerTask, today: dt.date) -> Line:
    done = t.status == TaskStatus.DONE
    return Line("任务", "工作台账", t.title, t.owner.name,
                DONE if done else lights.deadline_light(t.due_on, t.warn_on, today),
                f"{t.get_status_display()}（{t.progress}%）", t.due_on, "", f"任务{t.pk}", task=t)


def _problems(area_ids):
    """The areas' problems with what each links to: a query per kind of link, each of two or three
    tables. One select_related over all four links joined thirteen tables, and PostgreSQL spent
    longer planning that query (~13 ms under load) than running it, once per area."""
    return (LedgerProblem.objects.filter(area_id__in=area_ids).order_by("area_id", "id").prefetch_related(
        Prefetch("case", Case.objects.select_related("lead_department").order_by()),
        Prefetch("campaign_finding", Finding.objects.select_related("case__lead_department").order_by()),
        Prefetch("monitoring_finding", MonitoringFinding.objects.select_related("case__lead_department").order_by()),
        Prefetch("opinion_item", OpinionItem.objects.select_related("opinion__body").order_by())))


def _tasks(area_ids, user=None):
    qs = LedgerTask.objects.filter(area_id__in=area_ids).select_related("owner").order_by("area_id", "due_on", "id")
    if user is not None and is_department_role(user) and not is_admin(user):
        qs = qs.filter(owner=user.department_id)
    return qs


def problem_lines(area: LedgerArea, today: dt.date) -> list[Line]:
    return [problem_line(p, today) for p in _problems([area.pk])]


def task_lines(area: LedgerArea, today: dt.date, user=None) -> list[Line]:
    return [task_line(t, today) for t in _tasks([area.pk], user)]


def lines_by_area(area_ids, today: dt.date, user, *, problems: bool = True) -> dict[int, dict[str, list[Line]]]:
    """{area id: {"problems": [...], "tasks": [...]}} for a page of areas in one pass per kind."""
    out = {pk: {"problems": [], "tasks": []} for pk in area_ids}
    if problems:
        for p in _problems(list(area_ids)):
            out[p.area_id]["problems"].append(problem_line(p, today))
    for t in _tasks(list(area_ids), user):
        out[t.area_id]["tasks"].append(task_line(t, today))
    return out


def board(lines: list[Line]) -> dict:
    """挂图作战: rows by owner, columns by light (and done), each cell the items in it."""
    owners = sorted({line.owner for line in lines}, key=lambda o: (o == "未交办", o))
    rows = [{"owner": o, "cells": [[x for x in lines if x.owner == o and x.light == col] for col, _ in COLUMNS]}
            for o in owners]
    columns = [{"key": col, "label": label, "total": sum(1 for x in lines if x.light == col)}
               for col, label in COLUMNS]
    return {"columns": columns, "rows": rows}
