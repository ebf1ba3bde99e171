"""Writes of inspection campaigns (集中视察 / 专题调研): the campaign, its groups and members, the
sites and visits, findings — and a finding's one step into the closed loop (a Case through the
intake service) or into a deliberation opinion (an item through the opinion service)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from shuanglian.cases.intake import case_submit
from shuanglian.cases.models import Source
from shuanglian.core.audit import audit_record
from shuanglian.core.errors import BusinessError
from shuanglian.core.permissions import deny_write, in_region_scope, is_staff_role, region_within
from shuanglian.points.services import point_award, point_revoke

from . import services
from .checks import clean_text, past_day
from .models import (
    CampaignGroup,
    CampaignKind,
    CampaignSite,
    Finding,
    FindingKind,
    GroupLevel,
    InspectionCampaign,
)
from .point_sources import RULE as INSPECTION_ATTENDED
from .point_sources import attended_days, campaign_day_key


def _require_staff(actor, campaign):
    if not (is_staff_role(actor) and in_region_scope(actor, campaign.region)):
        deny_write("只有本区域的人大工作人员可以维护视察调研活动。")


@transaction.atomic
def campaign_create(*, actor, region, title: str, starts_on: dt.date, ends_on: dt.date,
                    kind: str = CampaignKind.INSPECTION, theme: str = "", plan_item=None) -> InspectionCampaign:
    if not (is_staff_role(actor) and in_region_scope(actor, region)):
        deny_write("只有本区域的人大工作人员可以组织视察调研活动。")
    if kind not in CampaignKind.values:
        raise BusinessError("请选择活动类型。", code="invalid_kind")
    if not (isinstance(starts_on, dt.date) and isinstance(ends_on, dt.date)) or ends_on < starts_on:
        raise BusinessError("结束日期不能早于开始日期。", code="date_order")
    campaign = InspectionCampaign.objects.create(
        region=region, kind=kind, title=clean_text(title, "名称", limit=200), theme=clean_text(theme, "主题", limit=5000, required=False),
        starts_on=starts_on, ends_on=ends_on, plan_item=plan_item)
    audit_record(event_type="campaign.create", actor=actor, target=campaign, region=region,
                 changes={"title": [None, campaign.title]})
    return campaign


@transaction.atomic
def campaign_group_add(*, actor, campaign: InspectionCampaign, name: str, level: str, region, leader: str = "",
                       members=()) -> CampaignGroup:
    _require_staff(actor, campaign)
    if level not in GroupLevel.values:
        raise BusinessError("请选择视察组层级。", code="invalid_level")
    if not region_within(region, campaign.region):
        raise BusinessError("视察组的区域须在活动所属区域范围内。", code="invalid_region")
    name = clean_text(name, "组名", limit=80)
    outside = [d.name for d in members if not region_within(d.region, campaign.region)]
    if outside:
        raise BusinessError(f"参加代表须在活动所属区域范围内：{'、'.join(outside[:5])}不在其中。", code="invalid_member")
    if campaign.groups.filter(name=name).exists():
        raise BusinessError(f"已有名为「{name}」的视察组。", code="duplicate")
    group = CampaignGroup.objects.create(campaign=campaign, name=name, level=level, region=region,
                                         leader=clean_text(leader, "组长", limit=50, required=False))
    group.members.set(members)
    audit_record(event_type="campaign.group_add", actor=actor, target=campaign, region=campaign.region,
                 changes={"group": [None, name], "members": [None, len(members)]})
    return group


@transaction.atomic
def campaign_site_add(*, actor, group: CampaignGroup, name: str = "", project=None, enterprise=None,
                      planned_on: dt.date | None = None) -> CampaignSite:
    campaign = group.campaign
    _require_staff(actor, campaign)
    listed = project or enterprise
    listed_region = project.chain.region if project else enterprise.region if enterprise else None
    if listed is not None and not region_within(listed_region, campaign.region):
        raise BusinessError(f"「{listed.name}」不在活动所属区域范围内。", code="invalid_site")
    if planned_on is not None and not campaign.starts_on <= planned_on <= campaign.ends_on:
        raise BusinessError(f"计划日期应在活动期间（{campaign.starts_on:%Y-%m-%d} 至 {campaign.ends_on:%Y-%m-%d}）。",
                            code="date_order")
    name = name or (listed.name if listed else "")
    site = CampaignSite.objects.create(group=group, name=clean_text(name, "现场名称", limit=120), project=project,
                                       enterprise=enterprise, planned_on=planned_on)
    audit_record(event_type="campaign.site_add", actor=actor, target=group.campaign, region=group.campaign.region,
                 changes={"site": [None, site.name]})
    return site


def _may_record(actor, site: CampaignSite) -> bool:
    """Staff of the region, or a deputy of the visiting group (on a phone, at the site)."""
    campaign = site.group.campaign
    if is_staff_role(actor) and in_region_scope(actor, campaign.region):
        return True
    deputy = getattr(actor, "deputy", None) if actor.is_authenticated else None
    return deputy is not None and site.group.members.filter(pk=deputy.pk).exists()


@transaction.atomic
def campaign_site_visit(*, actor, site: CampaignSite, visited_on: dt.date) -> CampaignSite:
    site = CampaignSite.objects.select_for_update(of=("self",)).select_related("group__campaign__region").get(pk=site.pk)
    if not _may_record(actor, site):
        deny_write("只有本组代表或本区域的人大工作人员可以登记视察。")
    campaign = site.group.campaign
    day = past_day(visited_on, "视察日期", not_before=campaign.starts_on, before_label="活动开始日期")
    old = site.visited_on
    site.visited_on = day
    site.save(update_fields=["visited_on"])
    _pay_attendance(actor, site, old, day)
    audit_record(event_type="campaign.site_visit", actor=actor, target=campaign, region=campaign.region,
                 changes={"visited_on": [str(old) if old else None, str(day)]}, note=site.name)
    return site


def _pay_attendance(actor, site: CampaignSite, old: dt.date | None, day: dt.date) -> None:
    """履职积分: the group's deputies attended the inspection on the visit's day (point_sources.py);
    a visit moved off a day takes that day's points back unless another visit keeps it."""
    campaign_id = site.group.campaign_id
    for deputy in site.group.members.select_related("region").order_by("pk"):
        point_award(deputy=deputy, rule_code=INSPECTION_ATTENDED, source_key=campaign_day_key(campaign_id, day),
                    occurred_on=day, actor=actor)
        if old is not None and old != day and old not in attended_days(campaign_id, deputy.pk):
            point_revoke(deputy=deputy, rule_code=INSPECTION_ATTENDED, source_key=campaign_day_key(campaign_id, old),
                         actor=actor, note=f"{site.name}视察日期更正")


@transaction.atomic
def finding_record(*, actor, site: CampaignSite, kind: str, content: str) -> Finding:
    site = CampaignSite.objects.select_related("group__campaign__region").get(pk=site.pk)
    if not _may_record(actor, site):
        deny_write("只有本组代表或本区域的人大工作人员可以记录视察发现。")
    if kind not in FindingKind.values:
        raise BusinessError("请选择类别（发现问题或意见建议）。", code="invalid_kind")
    finding = Finding.objects.create(site=site, kind=kind, content=clean_text(content, "内容", limit=5000), recorded_by=actor)
    campaign = site.group.campaign
    audit_record(event_type="campaign.finding", actor=actor, target=campaign, region=campaign.region,
                 changes={"finding": [None, f"{finding.get_kind_display()}：{finding.content[:60]}"]}, note=site.name)
    return finding


@transaction.atomic
def finding_to_case(*, actor, finding: Finding, category, contact_name: str, contact_phone: str,
                    enterprise_name: str = "", collected_by=None):
    """A problem found on site goes into the closed loop: a Case with source 视察 through the intake
    service (its validation, its roll-up), linked back to the finding."""
    finding = Finding.objects.select_for_update(of=("self",)).select_related(
        "site__group__campaign__region", "site__enterprise", "site__project").get(pk=finding.pk)
    campaign = finding.site.group.campaign
    _require_staff(actor, campaign)
    if finding.kind != FindingKind.PROBLEM:
        raise BusinessError("只有“发现问题”可以转为诉求。", code="not_problem")
    if finding.case_id:
        raise BusinessError("该问题已转为诉求。", code="already_case")
    site = finding.site
    enterprise = site.enterprise
    case = case_submit(
        actor=actor, source=Source.INSPECTION, title="", description=finding.content, category=category,
        enterprise_name=enterprise_name or (enterprise.name if enterprise else site.name),
        enterprise_uscc=enterprise.uscc if enterprise else "", contact_name=contact_name,
        contact_phone=contact_phone, region=site.group.region, collected_by=collected_by,
        actor_label=f"{actor}（{campaign.title}）",
    )
    finding.case = case
    finding.save(update_fields=["case"])
    audit_record(event_type="campaign.finding_to_case", actor=actor, target=campaign, region=campaign.region,
                 changes={"case": [None, case.number]})
    return case


@transaction.atomic
def finding_to_opinion_item(*, actor, finding: Finding, opinion, group: str):
    """An opinion collected on site becomes an item (建议) of a deliberation opinion being drafted."""
    finding = Finding.objects.select_for_update(of=("self",)).select_related("site__group__campaign__region").get(pk=finding.pk)
    campaign = finding.site.group.campaign
    _require_staff(actor, campaign)
    if finding.opinion_item_id:
        raise BusinessError("该意见已纳入审议意见。", code="already_item")
    item = services.opinion_item_add(actor=actor, opinion=opinion, category="suggestion", group=group,
                                     content=finding.content)
    finding.opinion_item = item
    finding.save(update_fields=["opinion_item"])
    return item
