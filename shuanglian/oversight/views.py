"""Oversight pages: the opinions (list, page with its moves), the work plan board. Views parse
input and call services; reads go through the selectors' funnel."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from shuanglian.core.errors import BusinessError
from shuanglian.core.pagination import Paginator
from shuanglian.core.permissions import deny_write, is_staff_role
from shuanglian.lib import lights
from shuanglian.lib.docx import docx_response
from shuanglian.lib.parse import id_or_none

from . import documents, services
from .forms import OpinionForm, OpinionItemForm, PlanItemForm
from .inputs import ACTION_INPUTS, ReviewInput, first_error
from .models import ItemCategory, ItemStatus, OpinionStatus, PlanItemStatus
from .selectors import (
    access_item,
    access_opinion,
    access_plan,
    can_write,
    opinion_detail,
    opinion_list,
    plan_items,
    plan_list,
    serves_industry_q,
    with_light,
)
from .workflow import BODY, STAFF, WORKFLOW, opinion_roles

PAGE_SIZE = 50
_INPUT_TYPES = {"DateField": "date", "IntegerField": "number", "CharField": "textarea"}


# --- opinions ------------------------------------------------------------------------------------------

@login_required
def opinion_index(request):
    user = request.user
    today = timezone.localdate()
    qs = with_light(opinion_list(user), today)
    status = request.GET.get("status", "")
    light = request.GET.get("light", "")
    if status in OpinionStatus.values:
        qs = qs.filter(status=status)
    if light in lights.ORDER and light:
        qs = qs.filter(lights.deadline_light_q(light, today))
    page = Paginator(qs.order_by("light_rank", "due_date", "-adopted_on", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "oversight/opinion_list.html", {
        "page": page, "statuses": OpinionStatus.choices, "status": status, "light": light,
        "lights": [(k, lights.LONG_LABELS[k]) for k in (lights.RED, lights.YELLOW, lights.GREEN)],
        "light_labels": lights.LABELS, "can_create": is_staff_role(user),
    })


@login_required
def opinion_create(request):
    user = request.user
    if not is_staff_role(user):
        deny_write("只有人大工作人员可以起草审议意见。")
    form = OpinionForm(request.POST or None, user=user, initial={"topic": id_or_none(request.GET.get("topic", ""))})
    if request.method == "POST" and form.is_valid():
        try:
            op = services.opinion_create(actor=user, region=user.region, **form.cleaned_data)
        except BusinessError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "审议意见已创建，请逐条录入建议和问题。")
            return redirect("oversight:opinion_detail", pk=op.pk)
    return render(request, "oversight/opinion_form.html", {"form": form})


def _action_panels(op, user, posted=None, posted_name=None, error=""):
    panels = []
    names = WORKFLOW.allowed(op, user)
    stale = posted_name in ACTION_INPUTS and posted_name not in names
    if stale:  # the move is gone (someone was quicker): keep what was typed, shown but not sendable
        names = [posted_name, *names]
    for name in names:
        fields = []
        for key, field in ACTION_INPUTS[name]().fields.items():
            if key == "version":
                continue
            value = posted.get(key, "") if posted and posted_name == name else ""
            fields.append({"name": key, "label": field.label, "help": field.help_text,
                           "type": _INPUT_TYPES.get(type(field).__name__, "text"), "value": value,
                           "id": f"id_{name}-{key}"})
        panels.append({"name": name, "label": WORKFLOW.actions[name].label, "fields": fields,
                       "open": name == posted_name, "error": error if name == posted_name else "",
                       "stale": stale and name == posted_name})
    return panels


def _opinion_page(request, op, *, status=200, posted=None, posted_name=None, error=""):
    user = request.user
    op = opinion_detail(op)
    roles = opinion_roles(op, user)
    items = list(op.items.all())
    groups = []
    for category in ItemCategory:
        rows = [i for i in items if i.category == category]
        if rows:
            classes = list(dict.fromkeys(i.group for i in rows))
            groups.append({"label": category.label, "count": len(rows), "classes": len(classes),
                           "rows": rows})
    light = lights.deadline_light(op.due_date, op.warn_date, timezone.localdate())
    return render(request, "oversight/opinion_detail.html", {
        "op": op, "groups": groups, "light": light, "light_label": lights.LABELS[light],
        "actions": _action_panels(op, user, posted, posted_name, error),
        "can_edit_items": STAFF in roles and op.status == OpinionStatus.DRAFT,
        "can_respond": bool(roles & {BODY, STAFF}) and op.status in (
            OpinionStatus.TRANSFERRED, OpinionStatus.PLANNED, OpinionStatus.REREPORT, OpinionStatus.REPORTED),
        "can_review": STAFF in roles and op.status not in (OpinionStatus.DRAFT, OpinionStatus.ADOPTED),
        "can_publish": STAFF in roles and op.status != OpinionStatus.DRAFT and op.published_at is None,
        "item_form": OpinionItemForm(), "item_statuses": ItemStatus.choices,
    }, status=status)


@login_required
def opinion_detail_view(request, pk):
    return _opinion_page(request, access_opinion(request.user, pk))


@login_required
@require_POST
def opinion_act(request, pk, name):
    op = access_opinion(request.user, pk)
    if name not in ACTION_INPUTS:
        return _opinion_page(request, op, status=404)
    data = request.POST.dict()
    ser = ACTION_INPUTS[name](data=data)
    error, status = "", 400
    if not ser.is_valid():
        error = first_error(ser.errors)
    else:
        try:
            ser.run(opinion=op, actor=request.user)
        except BusinessError as exc:
            error, status = exc.message, exc.status
    if error:  # the page again, with what was typed kept in the form
        return _opinion_page(request, op, status=status, posted=data, posted_name=name, error=error)
    messages.success(request, f"已{WORKFLOW.actions[name].label}。")
    return redirect("oversight:opinion_detail", pk=op.pk)


@login_required
@require_POST
def opinion_item_add(request, pk):
    op = access_opinion(request.user, pk, write=True)
    form = OpinionItemForm(request.POST)
    if form.is_valid():
        try:
            services.opinion_item_add(actor=request.user, opinion=op, **form.cleaned_data)
        except BusinessError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "条目已增加。")
    else:
        messages.error(request, first_error(form.errors))
    return redirect("oversight:opinion_detail", pk=op.pk)


@login_required
@require_POST
def opinion_item_respond(request, item_pk):
    item = access_item(request.user, item_pk)
    version = id_or_none(request.POST.get("version", ""))
    try:
        services.opinion_item_respond(item=item, actor=request.user, status=request.POST.get("status", ""),
                                      response=request.POST.get("response", ""), expected_version=version)
    except BusinessError as exc:
        messages.error(request, f"{item}：{exc.message}")
    else:
        messages.success(request, f"{item} 的回复已保存。")
    return redirect("oversight:opinion_detail", pk=item.opinion_id)


@login_required
@require_POST
def opinion_review(request, pk):
    op = access_opinion(request.user, pk, write=True)
    findings = []
    for item in op.items.all():
        verdict = request.POST.get(f"item-{item.pk}", "")
        if verdict in ("holds", "fails"):
            findings.append({"item": item, "holds": verdict == "holds",
                             "note": request.POST.get(f"note-{item.pk}", "")})
    ser = ReviewInput(data=request.POST.dict())
    if not ser.is_valid():
        messages.error(request, first_error(ser.errors))
        return redirect("oversight:opinion_detail", pk=op.pk)
    try:
        services.review_record(opinion=op, actor=request.user, findings=findings, **ser.validated_data)
    except BusinessError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "回头看已记录。")
    return redirect("oversight:opinion_detail", pk=op.pk)


@login_required
@require_POST
def opinion_publish(request, pk):
    op = access_opinion(request.user, pk, write=True)
    try:
        services.opinion_publish(opinion=op, actor=request.user)
    except BusinessError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已公开。")
    return redirect("oversight:opinion_detail", pk=op.pk)


@login_required
def opinion_docx(request, pk, kind):
    op = access_opinion(request.user, pk)
    op = opinion_detail(op)
    if kind == "opinion":
        doc, name = documents.opinion_document(op), op.title
    elif kind == "transfer" and op.transferred_on:
        doc, name = documents.transfer_letter(op), f"交办函-{op.title}"
    else:
        raise Http404
    return docx_response(doc, f"{name}.docx")


@login_required
def vote_docx(request, pk, round):
    op = access_opinion(request.user, pk)
    vote = op.votes.filter(round=round).first()
    if vote is None:
        raise Http404
    return docx_response(documents.vote_result(op, vote), f"测评结果-第{vote.round}轮-{op.title}.docx")


# --- work plan -------------------------------------------------------------------------------------------

@login_required
def plan_index(request):
    plans = plan_list(request.user).order_by("-year")
    if len(plans) == 1:
        return redirect("oversight:plan_board", pk=plans[0].pk)
    return render(request, "oversight/plan_list.html", {"plans": plans})


@login_required
def plan_board(request, pk):
    user = request.user
    plan = access_plan(user, pk)
    items = plan_items(user, plan)
    industry = request.GET.get("industry") == "1"
    all_count = items.count()
    industry_count = items.filter(serves_industry_q()).distinct().count()
    if industry:
        items = items.filter(serves_industry_q()).distinct()
    rows = list(items)
    months = []
    for month in range(1, 13):
        cells = [[i for i in rows if i.planned_month == month and i.status == s] for s in PlanItemStatus.values]
        if any(cells):
            months.append({"label": f"{month}月", "cells": cells})
    form = PlanItemForm(user=user) if can_write(user, plan.region) else None
    return render(request, "oversight/plan_board.html", {
        "plan": plan, "months": months, "statuses": PlanItemStatus.choices, "industry": industry,
        "all_count": all_count, "industry_count": industry_count, "shown": len(rows), "form": form,
    })


@login_required
@require_POST
def plan_item_create(request, pk):
    plan = access_plan(request.user, pk, write=True)
    form = PlanItemForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            services.plan_item_create(actor=request.user, plan=plan, **form.cleaned_data)
        except BusinessError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "监督事项已增加。")
    else:
        messages.error(request, first_error(form.errors))
    return redirect("oversight:plan_board", pk=plan.pk)
