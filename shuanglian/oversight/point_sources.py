"""The inspection campaigns' verified events for 履职积分 (points sits below oversight and never
imports it).

参加视察 (`inspection_attended`, 3 points, capped per quarter in the rule table): a deputy who is a
member of a campaign group, on each day a site of that group is registered as visited
(`campaign_site_visit`: the visit is the verification; being put on a group's list is a plan, not
attendance). One award per deputy, campaign and day — two sites (or two groups) of one campaign
on one day are one inspection that day. A visit re-registered on another day moves the award with
it: the old day's points are taken back when no other visit of the deputy's groups in the
campaign is on that day.

The services pay these as they happen (point_award / point_revoke, same transaction); this source
yields the same events, rule code, keys and days for the rebuild (registered in OversightConfig.ready).
"""

from __future__ import annotations

import datetime as dt

from shuanglian.points.sources import EventSource, PointEvent, register_event_source

from .models import CampaignGroup, CampaignSite

RULE = "inspection_attended"


def campaign_day_key(campaign_id: int, day: dt.date) -> str:
    return f"campaign:{campaign_id}:{day.isoformat()}"


def attended_days(campaign_id: int, deputy_id: int) -> set[dt.date]:
    """The days a deputy's groups of one campaign visited a site."""
    return set(CampaignSite.objects.filter(group__campaign_id=campaign_id, group__members=deputy_id,
                                           visited_on__isnull=False).values_list("visited_on", flat=True))


class CampaignEvents(EventSource):
    label = "视察调研活动"

    def events(self, start, end):
        members = CampaignGroup.members.through.objects.filter(
            campaigngroup__sites__visited_on__gte=start, campaigngroup__sites__visited_on__lte=end)
        rows = (members.values_list("campaigngroup__campaign_id", "deputy_id", "campaigngroup__sites__visited_on")
                .distinct().order_by())
        for campaign_id, deputy_id, day in rows.iterator():
            yield PointEvent(day, campaign_day_key(campaign_id, day), deputy_id, RULE)


def register_with_points() -> None:
    register_event_source(CampaignEvents())
