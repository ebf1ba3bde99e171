"""Inspection campaign pages: the list with each campaign's figures, and a campaign's page where
staff (and the group's deputies, on their phones) record visits and findings and send a problem
into the closed loop or an opinion into a draft deliberation opinion in one step."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from shuanglian.cases.models import Category
from shuanglian.core import form_fields
from shuanglian.core.errors import BusinessError
from shuanglian.core.pagination import Paginator
from shuanglian.core.permissions import is_staff_role
from shuanglian.core.widgets import QuickSelect
from shuanglian.lib.chartspec import chart, series

from . import services_campaigns as cs
from .inputs import first_error
from .models import CampaignGroup, CampaignSite, Finding, FindingKind, OpinionStatus
from .selectors import can_write, opinion_list
from .selectors_campaigns import access_campaign, campaign_list, figures_of, with_figures
from .views_campaign_setup import CampaignForm, setup_forms

PAGE_SIZE = 50


class FindingForm(forms.Form):
    site = form_fields.ModelChoiceField(label="现场", queryset=CampaignSite.objects.none(), empty_label="请选择", widget=QuickSelect)
    kind = forms.ChoiceField(label="类别", choices=FindingKind.choices)
    content = forms.CharField(label="内容", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class VisitForm(forms.Form):
    site = form_fields.ModelChoiceField(label="现场", queryset=CampaignSite.objects.none(), empty_label="请选择",
                                        widget=QuickSelect)
    visited_on = form_fields.DateField(label="视察日期", widget=forms.DateInput(attrs={"type": "date"}),
                                       error_messages={"invalid": "日期格式应为 YYYY-MM-DD。"})


class ToCaseForm(forms.Form):
    category = form_fields.ModelChoiceField(label="诉求类别", queryset=Category.objects.filter(is_active=True),
                                            empty_label="请选择", widget=QuickSelect)
    contact_name = forms.CharField(label="企业联系人", max_length=50)
    contact_phone = forms.CharField(label="联系电话", max_length=20)


class FindingCaseForm(ToCaseForm):
    """One form on the campaign page for every problem still to send: the finding is a choice
    (a form per finding cost 400 ms at fifty findings)."""

    finding = form_fields.ModelChoiceField(label="发现的问题", queryset=Finding.objects.none(), empty_label="请选择", widget=QuickSelect)
    field_order = ["finding", "category", "contact_name", "contact_phone"]


class ToItemForm(forms.Form):
    opinion = form_fields.ModelChoiceField(label="纳入审议意见（起草中）", queryset=None, empty_label="请选择", widget=QuickSelect)
    group = forms.CharField(label="分类", max_length=60, initial="视察意见")


class FindingItemForm(ToItemForm):
    finding = form_fields.ModelChoiceField(label="意见建议", queryset=Finding.objects.none(), empty_label="请选择", widget=QuickSelect)
    field_order = ["finding", "opinion", "group"]


def _sites(campaign):
    return CampaignSite.objects.filter(group__campaign=campaign).select_related("group").order_by("group", "id")


FIGURES = [("sites", "现场"), ("problems", "问题"), ("problems_solved", "问题已解决"), ("opinions", "意见建议")]


def _campaigns_chart(rows) -> dict | None:
    """This page's campaigns side by side: what each found and how much of it is solved."""
    if not rows:
        return None
    return chart("campaigns-chart", "视察调研对比：现场、问题和意见建议", "视察调研", [c.title for c, _f in rows],
                 [series(label, [getattr(f, key) for _c, f in rows], unit="个") for key, label in FIGURES],
                 kind="hbar")


def _figures_chart(figures) -> dict:
    shown = [("groups", "视察组"), ("deputies", "参加代表")] + FIGURES
    return chart("campaign-figures-chart", "本次视察调研的数字", "项目", [label for _k, label in shown],
                 [series("数量", [getattr(figures, key) for key, _l in shown])], kind="hbar")


@login_required
def campaign_index(request):
    qs = with_figures(campaign_list(request.user)).order_by("-starts_on", "-id")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(c, figures_of(c)) for c in page]
    staff = is_staff_role(request.user)
    return render(request, "oversight/campaign_list.html", {
        "page": page, "rows": rows, "campaigns_chart": _campaigns_chart(rows), "create_form": CampaignForm() if staff else None})


def _offer(field, objects, *, empty: bool = True) -> None:
    """Give a choice field the records the page already holds as its choices: no second query, and
    no server-side cursor (ModelChoiceField iterates its queryset with .iterator(), which on
    PostgreSQL outside a transaction is a WITH HOLD cursor materialised for each select)."""
    choices = [(o.pk, field.label_from_instance(o)) for o in objects]
    field.choices = ([("", field.empty_label)] if empty else []) + choices


@login_required
def campaign_detail(request, pk):
    user = request.user
    campaign = access_campaign(user, pk)
    campaign = with_figures(campaign_list(user).filter(pk=campaign.pk)).get()
    sites = list(_sites(campaign).prefetch_related("findings__case"))
    groups = list(campaign.groups.annotate(n_members=Count("members")).order_by("level", "id"))
    staff = can_write(user, campaign.region)
    if staff:
        mine = sites
    else:  # a deputy records only for the groups they are in
        own = set(CampaignGroup.members.through.objects.filter(
            campaigngroup__campaign=campaign, deputy__user=user).values_list("campaigngroup_id", flat=True))
        mine = [s for s in sites if s.group_id in own]
    record, visit = FindingForm(), VisitForm()
    _offer(record.fields["site"], mine)
    _offer(visit.fields["site"], mine)
    figures = figures_of(campaign)
    context = {"campaign": campaign, "figures": figures, "figures_chart": _figures_chart(figures), "groups": groups, "sites": sites,
               "can_record": bool(mine), "staff": staff, "record_form": record, "visit_form": visit}
    if staff:
        to_item, to_case = FindingItemForm(), FindingCaseForm()
        _offer(to_item.fields["opinion"], opinion_list(user).filter(status=OpinionStatus.DRAFT, region=campaign.region))
        open_findings = sorted((f for s in sites for f in s.findings.all()
                                if f.case_id is None and f.opinion_item_id is None), key=lambda f: f.pk)
        _offer(to_case.fields["category"], to_case.fields["category"].queryset)
        _offer(to_case.fields["finding"], [f for f in open_findings if f.kind == FindingKind.PROBLEM])
        _offer(to_item.fields["finding"], [f for f in open_findings if f.kind == FindingKind.OPINION])
        setup = setup_forms(campaign)
        _offer(setup["site_form"].fields["group"], groups)
        _offer(setup["group_form"].fields["region"], setup["group_form"].fields["region"].queryset)
        _offer(setup["group_form"].fields["members"], setup["group_form"].fields["members"].queryset, empty=False)
        context.update(to_case_form=to_case, to_item_form=to_item, **setup)
    return render(request, "oversight/campaign_detail.html", context)


@login_required
@require_POST
def campaign_record(request, pk, what):
    campaign = access_campaign(request.user, pk)
    form = (FindingForm if what == "finding" else VisitForm)(request.POST)
    form.fields["site"].queryset = _sites(campaign)
    if not form.is_valid():
        messages.error(request, first_error(form.errors))
        return redirect("oversight:campaign_detail", pk=campaign.pk)
    d = form.cleaned_data
    try:
        if what == "finding":
            cs.finding_record(actor=request.user, site=d["site"], kind=d["kind"], content=d["content"])
            messages.success(request, "视察发现已记录。")
        else:
            cs.campaign_site_visit(actor=request.user, site=d["site"], visited_on=d["visited_on"])
            messages.success(request, f"已登记视察：{d['site'].name}。")
    except BusinessError as exc:
        messages.error(request, exc.message)
    return redirect("oversight:campaign_detail", pk=campaign.pk)


@login_required
@require_POST
def finding_move(request, pk, to):
    """Send one finding of the campaign into the closed loop (to=case) or into a draft opinion (to=item)."""
    campaign = access_campaign(request.user, pk)
    findings = Finding.objects.filter(site__group__campaign=campaign)
    if to == "case":
        form = FindingCaseForm(request.POST)
        form.fields["finding"].queryset = findings
    elif to == "item":
        form = FindingItemForm(request.POST)
        form.fields["finding"].queryset = findings
        form.fields["opinion"].queryset = opinion_list(request.user).filter(status=OpinionStatus.DRAFT)
    else:
        raise Http404
    if not form.is_valid():
        messages.error(request, first_error(form.errors))
        return redirect("oversight:campaign_detail", pk=campaign.pk)
    values = dict(form.cleaned_data)
    finding = values.pop("finding")
    try:
        if to == "case":
            case = cs.finding_to_case(actor=request.user, finding=finding, **values)
            messages.success(request, f"已转为诉求 {case.number}，进入闭环办理。")
        else:
            cs.finding_to_opinion_item(actor=request.user, finding=finding, **values)
            messages.success(request, "已纳入审议意见。")
    except BusinessError as exc:
        messages.error(request, exc.message)
    return redirect("oversight:campaign_detail", pk=campaign.pk)
