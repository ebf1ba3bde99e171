"""Reads of inspection campaigns, through the funnel: staff and leaders of the region subtree;
deputies of their region (and of any group they are in); departments: none."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from shuanglian.cases.rates.rollup import CONFIRMED_RATINGS, SOLVED_RESULTS
from shuanglian.chains.models import Enterprise, Project
from shuanglian.core.models import Role
from shuanglian.core.permissions import (
    deny_read,
    deny_write,
    is_admin,
    reads_region,
    region_subtree_q,
    subtree_q,
)
from shuanglian.lib.parse import id_or_none

from .models import (
    CampaignGroup,
    CampaignSite,
    Finding,
    FindingKind,
    GroupLevel,
    InspectionCampaign,
)
from .selectors import can_write


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
    pk = id_or_none(campaign_id)
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


def _count(qs, outer: str, *, distinct: str | None = None):
    """A correlated COUNT subquery over `qs` grouped by the campaign (0 when nothing matches)."""
    counted = Count(distinct, distinct=True) if distinct else Count("pk")
    sub = qs.filter(**{outer: OuterRef("pk")}).values(outer).annotate(n=counted).values("n")
    return Coalesce(Subquery(sub, output_field=IntegerField()), 0)


def with_figures(qs):
    """Annotate each campaign with its figures, one correlated subquery per figure — the same SQL
    for a list of fifty campaigns and for one campaign's page."""
    groups = CampaignGroup.objects.all()
    members = CampaignGroup.members.through.objects.all()
    sites = CampaignSite.objects.filter(visited_on__isnull=False)
    findings = Finding.objects.all()
    return qs.annotate(
        f_city_groups=_count(groups.filter(level=GroupLevel.CITY), "campaign"),
        f_town_groups=_count(groups.filter(level=GroupLevel.TOWN), "campaign"),
        f_deputies=_count(members, "campaigngroup__campaign", distinct="deputy"),
        f_sites=_count(sites, "group__campaign"),
        f_problems=_count(findings.filter(kind=FindingKind.PROBLEM), "site__group__campaign"),
        f_opinions=_count(findings.filter(kind=FindingKind.OPINION), "site__group__campaign"),
        f_solved=_count(findings.filter(Q(kind=FindingKind.PROBLEM) & solved_case_q()), "site__group__campaign"),
    )


def figures_of(campaign) -> CampaignFigures:
    """The figures of a campaign annotated by `with_figures`."""
    return CampaignFigures(
        groups=campaign.f_city_groups + campaign.f_town_groups, city_groups=campaign.f_city_groups,
        town_groups=campaign.f_town_groups, deputies=campaign.f_deputies, sites=campaign.f_sites,
        problems=campaign.f_problems, opinions=campaign.f_opinions, problems_solved=campaign.f_solved,
    )


def campaign_figures(campaign: InspectionCampaign) -> CampaignFigures:
    return figures_of(with_figures(InspectionCampaign.objects.filter(pk=campaign.pk)).get())


def site_listed(campaign: InspectionCampaign, text: str):
    """The enterprise (by USCC or exact name) or major project (by exact name) of the chain lists in
    the campaign's region that a typed site name stands for, so the site links to its list entry;
    (None, None) for a site that is on neither list (a park, a street)."""
    text = (text or "").strip()
    if not text:
        return None, None
    enterprises = Enterprise.objects.filter(subtree_q(campaign.region)).select_related("region")
    enterprise = enterprises.filter(Q(uscc=text.upper()) | Q(name=text)).order_by("pk").first()
    if enterprise is not None:
        return enterprise, None
    project = (Project.objects.filter(subtree_q(campaign.region, "chain__region"), name=text)
               .select_related("chain__region").order_by("pk").first())
    return None, project
