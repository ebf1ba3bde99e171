"""Reads of inspection campaigns, through the funnel: staff and leaders of the region subtree;
deputies of their region (and of any group they are in); departments: none."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from shuanglian.cases.stats import CONFIRMED_RATINGS, SOLVED_RESULTS
from shuanglian.core.models import Role
from shuanglian.core.permissions import (
    deny_read,
    deny_write,
    is_admin,
    reads_region,
    region_subtree_q,
)
from shuanglian.deputies.models import Deputy

from .models import CampaignGroup, Finding, FindingKind, GroupLevel, InspectionCampaign
from .selectors import can_write, parse_id


def campaign_list(user):
    qs = InspectionCampaign.objects.select_related("region")
    if not user.is_authenticated:
        return qs.none()
    if is_admin(user):
        return qs
    if reads_region(user):
        return qs.filter(region_subtree_q(user))
    if user.role == Role.DEPUTY:
        deputy_id = getattr(getattr(user, "deputy", None), "pk", None)
        mine = CampaignGroup.objects.filter(members=deputy_id).values("campaign_id")
        return qs.filter(region_subtree_q(user) | Q(pk__in=mine))
    return qs.none()


def access_campaign(user, campaign_id, *, write: bool = False) -> InspectionCampaign:
    pk = parse_id(campaign_id)
    campaign = campaign_list(user).filter(pk=pk).first() if pk is not None else None
    if campaign is None:
        deny_read()
    if write and not can_write(user, campaign.region):
        deny_write("只有本区域的人大工作人员可以维护视察调研活动。")
    return campaign


@dataclass(frozen=True)
class CampaignFigures:
    """The figures a campaign is reported by (seed 003: "6+32"个视察组、417名代表、81个项目现场、
    发现56个问题、收集118条意见) — each counted from the records."""

    groups: int
    city_groups: int
    town_groups: int
    deputies: int
    sites: int
    problems: int
    opinions: int
    problems_solved: int

    def as_dict(self) -> dict:
        return {"groups": self.groups, "deputies": self.deputies, "sites": self.sites,
                "problems": self.problems, "opinions": self.opinions, "problems_solved": self.problems_solved}

    @property
    def groups_label(self) -> str:
        return f"{self.city_groups}+{self.town_groups}"


def solved_case_q(prefix: str = "case__") -> Q:
    """Solved as the three rates count it: replied solved (or partly) and confirmed at revisit."""
    return Q(**{f"{prefix}reply_result__in": SOLVED_RESULTS, f"{prefix}rating__in": CONFIRMED_RATINGS})


def campaign_figures(campaign: InspectionCampaign) -> CampaignFigures:
    levels = dict(campaign.groups.values_list("level").annotate(n=Count("id")))
    findings = Finding.objects.filter(site__group__campaign=campaign).aggregate(
        problems=Count("id", filter=Q(kind=FindingKind.PROBLEM)),
        opinions=Count("id", filter=Q(kind=FindingKind.OPINION)),
        solved=Count("id", filter=Q(kind=FindingKind.PROBLEM) & solved_case_q()),
    )
    return CampaignFigures(
        groups=sum(levels.values()), city_groups=levels.get(GroupLevel.CITY, 0),
        town_groups=levels.get(GroupLevel.TOWN, 0),
        deputies=Deputy.objects.filter(campaign_groups__campaign=campaign).distinct().count(),
        sites=campaign.groups.filter(sites__visited_on__isnull=False).values("sites").distinct().count(),
        problems=findings["problems"], opinions=findings["opinions"], problems_solved=findings["solved"],
    )
