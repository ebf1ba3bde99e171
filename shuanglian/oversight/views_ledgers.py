"""Area ledgers: the list of areas, an area's battle map (rows by owner, columns by light) with its
problem and work ledgers, progress by the owners, and each ledger as Excel."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from shuanglian.cases.selectors import case_list
from shuanglian.core import form_fields
from shuanglian.core.errors import BusinessError
from shuanglian.core.permissions import is_staff_role
from shuanglian.core.replica import replica_reads
from shuanglian.lib import excel, lights
from shuanglian.lib.parse import id_or_none, is_ascii_digits
from shuanglian.regions.selectors import department_list

from . import services_ledgers as sl
from .inputs import first_error
from .models import LedgerTask
from .selectors_ledgers import (
    DONE,
    access_area,
    area_list,
    board,
    problem_lines,
    task_lines,
    with_counts,
)

LIGHT_TEXT = {**lights.LABELS, DONE: "已完成"}


class TaskForm(forms.Form):
    title = forms.CharField(label="工作任务", max_length=200)
    owner = form_fields.ModelChoiceField(label="责任单位", queryset=None, empty_label="请选择")
    starts_on = form_fields.DateField(label="开始日期", widget=forms.DateInput(attrs={"type": "date"}))
    due_on = form_fields.DateField(label="完成时限", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = department_list(user).order_by("name")


@login_required
def ledger_index(request):
    areas = with_counts(area_list(request.user)).order_by("region__path", "order", "id")
    return render(request, "oversight/ledger_list.html", {"areas": areas})


@login_required
def ledger_area(request, pk):
    user = request.user
    area = access_area(user, pk)
    today = timezone.localdate()
    problems = problem_lines(area, today) if is_staff_role(user) or user.role == "leader" else []
    tasks = task_lines(area, today, user)
    return render(request, "oversight/ledger_area.html", {
        "area": area, "board": board(problems + tasks), "problems": problems, "tasks": tasks,
        "light_text": LIGHT_TEXT, "staff": is_staff_role(user),
        "task_form": TaskForm(user=user) if is_staff_role(user) else None,
    })


@login_required
@require_POST
def ledger_add(request, pk, what):
    user = request.user
    area = access_area(user, pk)
    try:
        if what == "task":
            form = TaskForm(request.POST, user=user)
            if not form.is_valid():
                raise BusinessError(first_error(form.errors))
            sl.ledger_task_create(actor=user, area=area, **form.cleaned_data)
            messages.success(request, "工作任务已列入台账。")
        elif what == "case":
            number = request.POST.get("number", "").strip().upper()
            case = case_list(user).filter(number=number).first() if number else None
            if case is None:
                raise BusinessError(f"找不到诉求“{number}”，或不在您的工作范围内。")
            sl.ledger_problem_add(actor=user, area=area, case=case)
            messages.success(request, f"诉求 {case.number} 已列入问题台账。")
        else:
            raise Http404
    except BusinessError as exc:
        messages.error(request, exc.message)
    return redirect("oversight:ledger_area", pk=area.pk)


@login_required
@require_POST
def ledger_task_progress(request, task_pk):
    task = LedgerTask.objects.filter(pk=task_pk, area__in=area_list(request.user)).first()
    if task is None:
        raise Http404
    raw, version = request.POST.get("progress", ""), request.POST.get("version", "")
    try:
        sl.ledger_task_progress(
            actor=request.user, task=task, progress=int(raw) if is_ascii_digits(raw) else -1,
            note=request.POST.get("note", ""), expected_version=id_or_none(version))
    except BusinessError as exc:
        messages.error(request, f"{task.title}：{exc.message}")
    else:
        messages.success(request, "进度已更新。")
    return redirect("oversight:ledger_area", pk=task.area_id)


@login_required
@replica_reads
def ledger_export(request, pk, which):
    user = request.user
    area = access_area(user, pk)
    today = timezone.localdate()
    wb = Workbook()
    ws = wb.active
    if which == "problems" and (is_staff_role(user) or user.role == "leader"):
        ws.title = "问题台账"
        rows = ([k, x.source, x.ref, x.title, x.owner, x.status, LIGHT_TEXT[x.light], x.due]
                for k, x in enumerate(problem_lines(area, today), start=1))
        excel.write_sheet(ws, ["序号", "来源", "编号", "问题", "责任单位", "状态", "督办灯", "期限"], rows)
    elif which == "tasks":
        ws.title = "工作台账"
        tasks = area.tasks.select_related("owner").order_by("due_on", "id")
        if not is_staff_role(user) and user.role != "leader":
            tasks = tasks.filter(owner=user.department_id)
        rows = ([k, t.title, t.owner.name, t.starts_on, t.due_on, f"{t.progress}%", t.get_status_display(),
                 t.done_on, t.note] for k, t in enumerate(tasks, start=1))
        excel.write_sheet(ws, ["序号", "工作任务", "责任单位", "开始日期", "完成时限", "进度", "状态", "完成日期",
                               "进展情况"], rows)
    else:
        raise Http404
    return excel.xlsx_response(wb, f"{area.name}-{ws.title}.xlsx")
