"""Suggestion pages: the staff list (filters, lights), the deputy's 我的建议, the unit's inbox, the
create form and the suggestion's page with its moves. Views parse input and call services (through
the same typed inputs as the API); reads go through the selectors' funnel."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from shuanglian.cases.selectors import access_case
from shuanglian.core.errors import BusinessError
from shuanglian.core.list_filters import year_param
from shuanglian.core.models import Role
from shuanglian.core.pagination import Paginator
from shuanglian.core.permissions import deny_write, is_department_role, is_staff_role, reads_region
from shuanglian.intelligence.monthly import access_monthly_topic
from shuanglian.lib import lights
from shuanglian.lib.docx import docx_response
from shuanglian.lib.parse import id_or_none

from . import clocks, documents, handover, services
from .figures import HANDLED, assigned_years, suggestion_figures
from .forms import SuggestionForm, action_data, unit_choices
from .inputs import ACTION_INPUTS, COMMITMENT_INPUTS, first_error
from .models import AnswerCategory, Commitment, CommitmentStatus, Kind, Rating, RefuseReason, Status
from .selectors import (
    access_commitment,
    access_suggestion,
    suggestion_detail,
    suggestion_list,
    with_light,
)
from .workflow import COMMITMENT_WORKFLOW, SUGGESTION_WORKFLOW, allowed_actions

PAGE_SIZE = 50
LIGHT_CHOICES = [(k, lights.LONG_LABELS[k]) for k in (lights.RED, lights.YELLOW, lights.GREEN)]


def _filtered(request, qs):
    today = clocks.today()
    qs = with_light(qs, today)
    f = {k: request.GET.get(k, "").strip() for k in ("status", "kind", "light", "unit", "q")}
    if f["status"] in Status.values:
        qs = qs.filter(status=f["status"])
    if f["kind"] in Kind.values:
        qs = qs.filter(kind=f["kind"])
    if f["light"] in (lights.RED, lights.YELLOW, lights.GREEN):
        qs = qs.filter(lights.deadline_light_q(f["light"], today))
    unit = id_or_none(f["unit"])
    if unit is not None:
        qs = qs.filter(lead_unit_id=unit)
    if f["q"]:
        qs = qs.filter(Q(title__icontains=f["q"]) | Q(number__icontains=f["q"]) | Q(lead_deputy__name=f["q"]))
    return qs.order_by("light_rank", "due_date", "-submitted_on", "-id"), f


def _commitment_rows(commitments):
    today = clocks.today()
    rows = []
    for c in commitments:
        light = lights.deadline_light(c.due, c.warn_date, today) if c.status == CommitmentStatus.OPEN else ""
        rows.append({"c": c, "light": light, "light_label": lights.LABELS[light]})
    return rows


def _list_page(request, *, heading, intro, mode, commitments=None):
    qs, f = _filtered(request, suggestion_list(request.user))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "suggestions/suggestion_list.html", {
        "page": page, "f": f, "heading": heading, "intro": intro, "mode": mode,
        "statuses": Status.choices, "kinds": Kind.choices, "lights": LIGHT_CHOICES, "light_labels": lights.LABELS,
        "units": unit_choices(request.user) if mode == "staff" else [],
        "can_create": is_staff_role(request.user) or getattr(request.user, "deputy", None) is not None,
        "unit_id": request.user.department_id if mode == "unit" else None,
        "commitments": _commitment_rows(commitments) if commitments is not None else None,
    })


@login_required
def suggestion_index(request):
    user = request.user
    if user.role == Role.DEPUTY:
        return redirect("suggestions:mine")
    if is_department_role(user):
        return redirect("suggestions:inbox")
    return _list_page(request, heading="代表建议", mode="staff",
                      intro="本区域代表提出的建议、企业家接待日意见和智库意见，最紧急的在前。")


@login_required
def suggestion_mine(request):
    deputy = getattr(request.user, "deputy", None)
    if deputy is None:
        raise Http404("只有人大代表有“我的建议”。")
    commitments = (Commitment.objects.filter(suggestion__lead_deputy=deputy).exclude(status=CommitmentStatus.RATED)
                   .select_related("suggestion").order_by("due", "id"))
    return _list_page(request, heading="我的建议", mode="deputy", commitments=commitments,
                      intro="我领衔或联名的建议，期限最近的在前；答复后请在期限内评价。")


@login_required
def suggestion_inbox(request):
    if not is_department_role(request.user):
        raise Http404("只有承办单位有建议办理收件箱。")
    commitments = (Commitment.objects.filter(suggestion__lead_unit_id=request.user.department_id,
                                             status=CommitmentStatus.OPEN)
                   .select_related("suggestion").order_by("due", "id"))
    return _list_page(request, heading="本单位承办的建议", mode="unit", commitments=commitments,
                      intro="交办给本单位主办或协办的建议；主办单位应在期限内答复，协办单位在一个月内向主办单位提出意见。")


# --- one suggestion ---------------------------------------------------------------------------------

def _page(request, s, *, status=200, posted=None, posted_name=None, error=""):
    user = request.user
    s = suggestion_detail(s)
    names = allowed_actions(s, user)
    stale = bool(posted_name) and posted_name not in names and posted_name in ACTION_INPUTS
    if stale:  # the move is gone (someone was quicker): keep what was typed, shown but not sendable
        names = [posted_name, *names]
    actions = [{"name": n, "label": SUGGESTION_WORKFLOW.actions[n].label, "open": n == posted_name,
                "error": error if n == posted_name else "", "stale": stale and n == posted_name} for n in names]
    light = lights.deadline_light(s.due_date, s.warn_date, clocks.today())
    commitments = [{**row, "actions": [{"name": n, "label": COMMITMENT_WORKFLOW.actions[n].label}
                                       for n in COMMITMENT_WORKFLOW.allowed(row["c"], user)]}
                   for row in _commitment_rows(s.commitments.all())]
    return render(request, "suggestions/suggestion_detail.html", {
        "s": s, "light": light, "light_label": lights.LABELS[light], "actions": actions,
        "posted": posted or {}, "posted_co_units": set(posted.getlist("co_units")) if posted else set(),
        "units": unit_choices(user) if "assign" in names else [],
        "refuse_reasons": RefuseReason.choices, "categories": AnswerCategory.choices, "ratings": Rating.choices,
        "commitments": commitments, "commitment_rows": range(1, 4), "part_rows": range(1, 4),
    }, status=status)


@login_required
def suggestion_detail_view(request, pk):
    return _page(request, access_suggestion(request.user, pk))


@login_required
@require_POST
def suggestion_act(request, pk, name):
    s = access_suggestion(request.user, pk)
    if name not in ACTION_INPUTS:
        return _page(request, s, status=404)
    ser = ACTION_INPUTS[name](data=action_data(name, request.POST))
    error, status = "", 400
    if not ser.is_valid():
        error = first_error(ser.errors)
    else:
        try:
            ser.run(suggestion=s, actor=request.user)
        except BusinessError as exc:
            error, status = exc.message, exc.status
    if error:  # the page again, with what was typed kept in the form
        return _page(request, s, status=status, posted=request.POST, posted_name=name, error=error)
    messages.success(request, f"已{SUGGESTION_WORKFLOW.actions[name].label}。")
    if not suggestion_list(request.user).filter(pk=s.pk).exists():  # a unit that gave it back
        return redirect("suggestions:list")
    return redirect("suggestions:detail", pk=s.pk)


@login_required
@require_POST
def commitment_act(request, pk, name):
    c = access_commitment(request.user, pk)
    if name not in COMMITMENT_INPUTS:
        raise Http404
    ser = COMMITMENT_INPUTS[name](data=action_data(name, request.POST))
    if not ser.is_valid():
        messages.error(request, f"承诺事项“{c.content[:30]}”：{first_error(ser.errors)}")
    else:
        try:
            ser.run(commitment=c, actor=request.user)
        except BusinessError as exc:
            messages.error(request, f"承诺事项“{c.content[:30]}”：{exc.message}")
        else:
            messages.success(request, f"承诺事项已{COMMITMENT_WORKFLOW.actions[name].label}。")
    return redirect("suggestions:detail", pk=c.suggestion_id)


# --- a new suggestion -------------------------------------------------------------------------------

@login_required
def suggestion_create(request):
    """A deputy writes their own suggestion (from a demand they collected with ?case=<id>); staff
    enter a paper one for a deputy of their region."""
    user = request.user
    own = getattr(user, "deputy", None)
    if own is None and not is_staff_role(user):
        deny_write("只有人大代表或人大工作人员可以提出建议。")
    case = monthly = None
    if request.GET.get("case"):
        case = access_case(user, request.GET["case"])
        if own is None or case.collected_by_id != own.pk:
            deny_write("只有收集该诉求的代表本人可以将其转为建议。")
    elif request.GET.get("monthly_topic"):  # staff draft a suggestion from 每月一题 for a deputy
        monthly = access_monthly_topic(user, request.GET["monthly_topic"], write=True)
    initial = ({"title": f"关于{case.title}的建议", "reasons": case.description} if case
               else handover.suggestion_initial(monthly) if monthly else None)
    form = SuggestionForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            if monthly is not None:
                s = handover.monthly_topic_to_suggestion(
                    actor=user, monthly_topic=monthly, title=d["title"], reasons=d["reasons"],
                    proposals=d["proposals"], kind=d["kind"], lead_deputy=d.get("lead_deputy"),
                    co_signers=list(d["co_signers"]))
            elif case is not None:
                s = services.suggestion_from_case(actor=user, case=case, title=d["title"], reasons=d["reasons"],
                                                  proposals=d["proposals"], kind=d["kind"])
            else:
                s = services.suggestion_create(actor=user, title=d["title"], reasons=d["reasons"],
                                               proposals=d["proposals"], kind=d["kind"],
                                               lead_deputy=d.get("lead_deputy") or own,
                                               co_signers=list(d["co_signers"]))
        except BusinessError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "建议已保存为草稿，核对无误后请提交。")
            return redirect("suggestions:detail", pk=s.pk)
    return render(request, "suggestions/suggestion_form.html", {"form": form, "case": case, "monthly": monthly})


# --- figures ----------------------------------------------------------------------------------------

@login_required
def suggestion_figures_view(request):
    """办复率, on-time rate, A-share and satisfaction by unit and by deputy, for a year."""
    user = request.user
    years = assigned_years(user)
    year = year_param(request.GET.get("year")) or (years[0] if years else clocks.today().year)
    tables = []
    for by, title in (("unit", "按承办单位"), ("deputy", "按领衔代表")):
        rows, total = suggestion_figures(user, year=year, by=by)
        tables.append({"by": by, "title": title, "rows": [r.as_dict() for r in rows], "total": total.as_dict()})
    return render(request, "suggestions/figures.html", {
        "year": year, "years": years or [year], "tables": tables,
        "can_export": reads_region(user),
        "late_rule": "逾期评价不计入满意率" if clocks.config()["late_rating"] == "exclude" else "逾期未评价视为满意",
    })


# --- Word documents ---------------------------------------------------------------------------------

@login_required
def suggestion_docx(request, pk, kind):
    s = suggestion_detail(access_suggestion(request.user, pk))
    if kind == "suggestion":
        return docx_response(documents.suggestion_document(s), f"{s.number or s.pk}《{s.title}》.docx")
    if kind == "consultation" and s.answered_on:
        return docx_response(documents.consultation_form(s), f"{s.number}征询意见表.docx")
    raise Http404


@login_required
def yearly_report_docx(request, year):
    user = request.user
    if not reads_region(user):
        deny_write("只有人大工作人员和领导可以导出年度办理情况。")
    _, total = suggestion_figures(user, year=year, by="unit")
    rows = (suggestion_list(user).filter(status__in=HANDLED, assigned_on__year=year)
            .prefetch_related(None).order_by("number"))
    name = user.region.name if user.region else "全部区域"
    doc = documents.yearly_report(region_name=name, year=year, suggestions=rows, total=total, on=clocks.today())
    return docx_response(doc, f"{name}{year}年代表建议办理情况.docx")
