"""Reads of the area ledgers and the battle map (挂图作战): every line of the problem ledger is
read through its link, so its status, owner and light are the linked record's own, today."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q

from shuanglian.cases.models import OPEN_STATUSES
from shuanglian.core.permissions import (
    deny_read,
    is_admin,
    is_department_role,
    reads_region,
    region_subtree_q,
)
from shuanglian.lib import lights
from shuanglian.lib.parse import id_or_none

from .models import ItemStatus, LedgerArea, LedgerProblem, LedgerTask, TaskStatus

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


def with_counts(qs):
    return qs.annotate(n_problems=Count("problems", distinct=True),
                       n_tasks=Count("tasks", distinct=True),
                       n_tasks_done=Count("tasks", filter=Q(tasks__status=TaskStatus.DONE), distinct=True))


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


def problem_lines(area: LedgerArea, today: dt.date) -> list[Line]:
    qs = area.problems.select_related(
        "case__lead_department", "campaign_finding__case__lead_department",
        "monitoring_finding__case__lead_department", "opinion_item__opinion__body")
    return [problem_line(p, today) for p in qs]


def task_lines(area: LedgerArea, today: dt.date, user=None) -> list[Line]:
    qs = area.tasks.select_related("owner")
    if user is not None and is_department_role(user) and not is_admin(user):
        qs = qs.filter(owner=user.department_id)
    return [task_line(t, today) for t in qs]


def board(lines: list[Line]) -> dict:
    """挂图作战: rows by owner, columns by light (and done), each cell the items in it."""
    owners = sorted({line.owner for line in lines}, key=lambda o: (o == "未交办", o))
    rows = [{"owner": o, "cells": [[x for x in lines if x.owner == o and x.light == col] for col, _ in COLUMNS]}
            for o in owners]
    columns = [{"key": col, "label": label, "total": sum(1 for x in lines if x.light == col)}
               for col, label in COLUMNS]
    return {"columns": columns, "rows": rows}
