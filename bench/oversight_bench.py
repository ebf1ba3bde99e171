"""Benchmark of the committee's oversight at a province's size (not a test; issue 8's targets).

    DJANGO_DEBUG=1 .venv/bin/python bench/oversight_bench.py                      # SQLite (a file)
    DJANGO_DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/shuanglian .venv/bin/python bench/oversight_bench.py

Builds, with bulk inserts (this is load, not business): 40 districts under one city; 10 years of
work plans per district (30 items each: 12 000 items); 20 000 opinions (500 per district, every
state, open ones on live clocks) with 20 items each (400 000 items) and a vote for the closed ones;
8 000 deputies; 2 000 campaigns (50 per district) with 5 groups of 20 deputies and 100 sites each
(200 000 sites, 100 000 findings); 500 monitoring points with 10 years of monthly reports (60 000
reports, 720 000 scores); 3 ledger areas per district with 100 problem links and 20 tasks each.
Then times, as one district's staff (and, for lists, the city's staff who sees all 40 districts),
each list and board through the real views in-process (Django test client; N runs after 3
warm-ups; median and p95), and the monthly monitoring brief. Options: --runs N, --keepdb.
"""

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shuanglian.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

DISTRICTS, YEARS, PLAN_ITEMS = 40, 10, 30
OPINIONS, OPINION_ITEMS = 500, 20  # per district, per opinion
CAMPAIGNS, GROUPS, MEMBERS, SITES_PER_GROUP = 50, 5, 20, 20  # per district, per campaign, per group
POINTS, MONTHS = 500, 120
BATCH = 5000


def _bulk(model, rows):
    for k in range(0, len(rows), BATCH):
        model.objects.bulk_create(rows[k:k + BATCH])


def _region(name, code, level, parent=None):
    from shuanglian.regions.models import Region

    r = Region(name=name, code=code, level=level, parent=parent)
    r.path = r.compute_path()
    r.save()
    return r


def build(rng):
    from shuanglian.chains.models import Chain
    from shuanglian.core.models import User
    from shuanglian.deputies.models import Deputy, Station
    from shuanglian.oversight import models as m
    from shuanglian.oversight.services_monitoring import leaf_indicators
    from shuanglian.regions.models import Department

    today = dt.date.today()
    city = _region("基准市", "990000", "city")
    districts = [_region(f"第{k}区", f"98{k:04d}", "district", city) for k in range(DISTRICTS)]
    city_staff = User.objects.create_user("bench_city", password="x", role="staff", region=city)
    staff = User.objects.create_user("bench_staff", password="x", role="staff", region=districts[0])
    bodies = {d.pk: Department.objects.create(name=f"{d.name}人民政府", region=d) for d in districts}
    chains = {d.pk: Chain.objects.create(name=f"{d.name}产业链", region=d) for d in districts}

    plans = [m.WorkPlan(region=d, year=today.year - y, title=f"{d.name}{today.year - y}年监督工作计划")
             for d in districts for y in range(YEARS)]
    _bulk(m.WorkPlan, plans)
    plans = list(m.WorkPlan.objects.all())
    kinds = [k for k, _ in m.PlanItemKind.choices]
    items = [m.PlanItem(plan=p, number=n + 1, kind=kinds[n % len(kinds)], subject=f"监督事项{n + 1}",
                        planned_month=n % 12 + 1, status="done" if p.year < today.year else "planned")
             for p in plans for n in range(PLAN_ITEMS)]
    _bulk(m.PlanItem, items)
    through = m.PlanItem.chains.through  # the first 10 items of each plan serve the district's chain
    _bulk(through, [through(planitem_id=item_id, chain_id=chains[region_id].pk) for region_id, item_id in
                    m.PlanItem.objects.filter(number__lte=10).values_list("plan__region_id", "pk")])

    states = [s for s, _ in m.OpinionStatus.choices]
    ops = []
    for d in districts:
        for n in range(OPINIONS):
            status = states[n % len(states)] if n % 3 == 0 else "satisfied"
            adopted = today - dt.timedelta(days=30 + (n * 7) % 3000)
            op = m.Opinion(region=d, title=f"关于第{n}项工作的审议意见", body=bodies[d.pk], status=status,
                           adopted_on=None if status == "draft" else adopted,
                           transferred_on=adopted + dt.timedelta(days=5) if status not in ("draft", "adopted") else None)
            if status in ("adopted", "transferred", "planned", "rereport"):
                op.due_date = today + dt.timedelta(days=rng.randint(-20, 60))
                op.warn_date = op.due_date - dt.timedelta(days=15)
            ops.append(op)
    _bulk(m.Opinion, ops)
    op_ids = list(m.Opinion.objects.values_list("pk", "status"))
    _bulk(m.OpinionItem, [m.OpinionItem(opinion_id=pk, category="suggestion" if k % 3 else "problem",
                                        group=f"第{k % 6 + 1}类", number=k + 1, content=f"条目内容{k + 1}")
                          for pk, _ in op_ids for k in range(OPINION_ITEMS)])
    _bulk(m.Vote, [m.Vote(opinion_id=pk, round=1, held_on=today - dt.timedelta(days=10), members=30, present=27,
                          satisfied=20, basically_satisfied=5, unsatisfied=2, passed=True, rule="满意票过半")
                   for pk, status in op_ids if status == "satisfied"])

    _bulk(Deputy, [Deputy(name=f"代表{d.pk}-{k}", level="district", region=d) for d in districts for k in range(200)])
    deputies = {}
    for pk, region_id in Deputy.objects.values_list("pk", "region_id"):
        deputies.setdefault(region_id, []).append(pk)
    _bulk(m.InspectionCampaign, [m.InspectionCampaign(region=d, title=f"{d.name}视察{k}", starts_on=today - dt.timedelta(days=40 * k + 30),
                                                      ends_on=today - dt.timedelta(days=40 * k)) for d in districts for k in range(CAMPAIGNS)])
    campaigns = list(m.InspectionCampaign.objects.values_list("pk", "region_id"))
    _bulk(m.CampaignGroup, [m.CampaignGroup(campaign_id=c, name=f"第{g}组", level="city" if g == 0 else "town",
                                            region_id=r) for c, r in campaigns for g in range(GROUPS)])
    groups = list(m.CampaignGroup.objects.values_list("pk", "region_id"))
    members = m.CampaignGroup.members.through
    _bulk(members, [members(campaigngroup_id=g, deputy_id=deputies[r][(g * 7 + k) % 200])
                    for g, r in groups for k in range(MEMBERS)])
    _bulk(m.CampaignSite, [m.CampaignSite(group_id=g, name=f"现场{s}", visited_on=today - dt.timedelta(days=35))
                           for g, _ in groups for s in range(SITES_PER_GROUP)])
    site_ids = list(m.CampaignSite.objects.values_list("pk", flat=True))
    _bulk(m.Finding, [m.Finding(site_id=s, kind="problem" if k % 3 == 0 else "opinion", content="发现", recorded_by=staff)
                      for k, s in enumerate(site_ids[::2])])

    _bulk(Station, [Station(kind="monitoring_point", name=f"监测点{k}", region=districts[k % DISTRICTS])
                    for k in range(POINTS)])
    leaves = leaf_indicators()
    this_month = today.replace(day=1)
    months = []
    for k in range(MONTHS):
        index = this_month.year * 12 + this_month.month - 1 - k
        months.append(dt.date(index // 12, index % 12 + 1, 1))
    points = list(Station.objects.filter(kind="monitoring_point").values_list("pk", "region_id"))
    _bulk(m.MonitoringReport, [m.MonitoringReport(station_id=s, region_id=r, period=p, submitted_by=staff)
                               for s, r in points for p in months])
    scores = []
    for report_id in m.MonitoringReport.objects.values_list("pk", flat=True).iterator():
        for i in leaves:
            v = rng.randint(1, 5) if i.scale == "score" else rng.randint(0, 1)
            scores.append(m.Score(report_id=report_id, indicator=i, value=v, points=i.points(v)))
        if len(scores) >= BATCH * 4:
            _bulk(m.Score, scores)
            scores = []
    _bulk(m.Score, scores)

    finding_ids = list(m.Finding.objects.filter(site__group__campaign__region=districts[0]).values_list("pk", flat=True))
    for d in districts[:1]:
        for a in range(3):
            area = m.LedgerArea.objects.create(region=d, name=f"重点领域{a}", order=a)
            _bulk(m.LedgerProblem, [m.LedgerProblem(area=area, campaign_finding_id=f)
                                    for f in finding_ids[a * 100:(a + 1) * 100]])
            _bulk(m.LedgerTask, [m.LedgerTask(area=area, title=f"任务{k}", owner=bodies[d.pk], starts_on=today,
                                              due_on=today + dt.timedelta(days=k), warn_on=today) for k in range(20)])
    return staff, city_staff, districts[0]


def timeit(client, url, runs):
    for _ in range(3):
        assert client.get(url).status_code == 200, url
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200, url
    samples.sort()
    return statistics.median(samples), samples[max(0, int(round(0.95 * len(samples))) - 1)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--keepdb", action="store_true")
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = "/tmp/shuanglian_oversight_bench.sqlite3"
    db = connection.creation.create_test_db(verbosity=0, autoclobber=not args.keepdb, keepdb=args.keepdb)
    try:
        from shuanglian.core.models import User
        from shuanglian.oversight.models import (
            InspectionCampaign,
            LedgerArea,
            Opinion,
            OpinionItem,
            WorkPlan,
        )

        t = time.perf_counter()
        if args.keepdb and User.objects.filter(username="bench_staff").exists():
            staff, city_staff = User.objects.get(username="bench_staff"), User.objects.get(username="bench_city")
        else:
            staff, city_staff, _ = build(random.Random(7))
            with connection.cursor() as cur:  # planner statistics, as operations.md asks of production
                cur.execute("ANALYZE")
        print(f"database: {connection.vendor} ({db}); data ready in {time.perf_counter() - t:.1f} s: "
              f"{Opinion.objects.count()} opinions, {OpinionItem.objects.count()} items, "
              f"{InspectionCampaign.objects.count()} campaigns")
        district, city = Client(), Client()
        district.force_login(staff)
        city.force_login(city_staff)
        plan = WorkPlan.objects.filter(region=staff.region).order_by("-year").first()
        campaign = InspectionCampaign.objects.filter(region=staff.region).order_by("-starts_on").first()
        opinion = Opinion.objects.filter(region=staff.region, status="satisfied").first()
        area = LedgerArea.objects.filter(region=staff.region).first()
        month = dt.date.today().strftime("%Y-%m")
        pages = [
            ("opinion list (district)", district, "/oversight/opinions/"),
            ("opinion list (city, 20 000)", city, "/oversight/opinions/"),
            ("opinion list, red only (city)", city, "/oversight/opinions/?light=red"),
            ("opinions API (city)", city, "/api/v1/opinions/"),
            ("opinion page (20 items)", district, f"/oversight/opinions/{opinion.pk}/"),
            ("plan board (district)", district, f"/oversight/plans/{plan.pk}/"),
            ("plan board, industry only", district, f"/oversight/plans/{plan.pk}/?industry=1"),
            ("plans API (city, 400 plans)", city, "/api/v1/plans/"),
            ("campaign list (district)", district, "/oversight/campaigns/"),
            ("campaign list (city, 2 000)", city, "/oversight/campaigns/"),
            ("campaigns API (city)", city, "/api/v1/campaigns/"),
            ("campaign page (100 sites)", district, f"/oversight/campaigns/{campaign.pk}/"),
            ("monitoring month (district)", district, f"/oversight/monitoring/?month={month}"),
            ("monitoring month (city, 500 points)", city, f"/oversight/monitoring/?month={month}"),
            ("monitoring reports API (city)", city, "/api/v1/monitoring/reports/"),
            ("ledger list (district)", district, "/oversight/ledgers/"),
            ("ledger board (300 problems, 20 tasks)", district, f"/oversight/ledgers/{area.pk}/"),
            ("ledgers API (district)", district, "/api/v1/ledgers/"),
            ("monthly brief .docx (city)", city, f"/oversight/monitoring/brief.docx?month={month}"),
        ]
        for label, client, url in pages:
            median, p95 = timeit(client, url, args.runs)
            print(f"{label:40s} median {median:7.1f} ms   p95 {p95:7.1f} ms   (n={args.runs})")
    finally:
        if not args.keepdb:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
