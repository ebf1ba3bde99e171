"""Setting a campaign up from the office: staff create the campaign, form its groups (level,
region, leader, deputies) and plan the sites each group visits — the same services the API and
the demo use. A site typed by name links itself to the enterprise or project list entry it names."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from shuanglian.core import form_fields
from shuanglian.core.errors import BusinessError
from shuanglian.core.permissions import deny_write, is_staff_role, subtree_q
from shuanglian.core.widgets import QuickSelect, QuickSelectMultiple
from shuanglian.deputies.models import Deputy
from shuanglian.regions.models import Region

from . import services_campaigns as cs
from .inputs import form_error
from .models import CampaignGroup, CampaignKind, GroupLevel
from .selectors_campaigns import access_campaign, site_listed

DATE_ERRORS = {"invalid": "日期格式应为 YYYY-MM-DD。", "required": "请填写日期。"}


def _date(label, required=True):
    return form_fields.DateField(label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}),
                                 error_messages=DATE_ERRORS)


class CampaignForm(forms.Form):
    title = forms.CharField(label="名称", max_length=200)
    kind = forms.ChoiceField(label="类型", choices=CampaignKind.choices)
    starts_on = _date("开始日期")
    ends_on = _date("结束日期")
    theme = forms.CharField(label="主题", max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class GroupForm(forms.Form):
    name = forms.CharField(label="组名", max_length=80)
    level = forms.ChoiceField(label="层级", choices=GroupLevel.choices)
    region = form_fields.ModelChoiceField(label="区域", queryset=Region.objects.none(), empty_label="请选择", widget=QuickSelect)
    leader = forms.CharField(label="组长", max_length=50, required=False)
    members = form_fields.ModelMultipleChoiceField(
        label="参加代表", queryset=Deputy.objects.none(), required=False,
        widget=QuickSelectMultiple(attrs={"size": 8}), help_text="按住 Ctrl（手机上逐个点选）可选多名代表",
        error_messages={"invalid_choice": "所选代表不在可选范围内。", "invalid_pk_value": "所选代表无效。"})

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.filter(subtree_q(campaign.region, "")).order_by("path")
        self.fields["members"].queryset = (Deputy.objects.filter(subtree_q(campaign.region), is_active=True)
                                           .order_by("region__path", "name"))


class SiteForm(forms.Form):
    group = form_fields.ModelChoiceField(label="视察组", queryset=CampaignGroup.objects.none(), empty_label="请选择", widget=QuickSelect)
    name = forms.CharField(label="现场", max_length=120,
                           help_text="企业名称、统一社会信用代码或项目名称；与企业清单、项目清单一致的自动关联")
    planned_on = _date("计划日期", required=False)

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = campaign.groups.order_by("level", "id")


def setup_forms(campaign) -> dict:
    """The empty forms the campaign page shows its staff."""
    return {"group_form": GroupForm(campaign=campaign), "site_form": SiteForm(campaign=campaign)}


@login_required
@require_POST
def campaign_new(request):
    if not is_staff_role(request.user):
        deny_write("只有人大工作人员可以组织视察调研活动。")
    form = CampaignForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_error(form))
        return redirect("oversight:campaign_list")
    try:
        campaign = cs.campaign_create(actor=request.user, region=request.user.region, **form.cleaned_data)
    except BusinessError as exc:
        messages.error(request, exc.message)
        return redirect("oversight:campaign_list")
    messages.success(request, f"已新建“{campaign.title}”。请组建视察组、安排现场。")
    return redirect("oversight:campaign_detail", pk=campaign.pk)


@login_required
@require_POST
def campaign_setup(request, pk, what):
    """Add a group (what=group) or a planned site (what=site) to the campaign."""
    if what not in ("group", "site"):
        raise Http404
    campaign = access_campaign(request.user, pk, write=True)
    form = (GroupForm if what == "group" else SiteForm)(request.POST, campaign=campaign)
    if not form.is_valid():
        messages.error(request, form_error(form))
        return redirect("oversight:campaign_detail", pk=campaign.pk)
    d = form.cleaned_data
    try:
        if what == "group":
            group = cs.campaign_group_add(actor=request.user, campaign=campaign, **d)
            messages.success(request, f"已组建视察组“{group.name}”（{len(d['members'])} 名代表）。")
        else:
            enterprise, project = site_listed(campaign, d["name"])
            listed = enterprise or project  # a typed USCC shows as the enterprise's name
            site = cs.campaign_site_add(actor=request.user, group=d["group"],
                                        name=listed.name if listed else d["name"].strip(),
                                        enterprise=enterprise, project=project, planned_on=d["planned_on"])
            linked = "（已关联企业清单）" if enterprise else "（已关联项目清单）" if project else ""
            messages.success(request, f"已安排现场“{site.name}”{linked}。")
    except BusinessError as exc:
        messages.error(request, exc.message)
    return redirect("oversight:campaign_detail", pk=campaign.pk)
