"""Benchmark of 履职积分 (not a test). Writes nothing outside a throw-away database.

    DJANGO_DEBUG=1 .venv/bin/python bench/points_bench.py                      # SQLite
    DJANGO_DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/sl_points .venv/bin/python bench/points_bench.py

Builds a province with bulk inserts (load, not business): --deputies (130 000) in 200 towns of 20
districts, --stations (10 000) of 9 deputies each, and one year (2026) of --activities (250 000:
the issue's 1 000 000 activities are four years) with --participants each (5: 1 250 000
participations, present, a tenth of them 视察, one in fifty absent). Then:
- rebuilds 2026 from the registered event sources (points_rebuild as an admin) and times it;
- times GET /api/v1/points/ranking/?region=&period= for the province (all deputies), a district
  and a station, by quarter and by year, and GET /api/v1/points/?deputy=&period= for random
  deputies (N runs after 3 warm-ups; median and p95; queries per request).
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
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

BATCH = 20_000


def _bulk(model, rows):
    for i in range(0, len(rows), BATCH):
        model.objects.bulk_create(rows[i:i + BATCH])


def build(rng, args):
    from shuanglian.deputies.models import Deputy, Station, StationMember
    from shuanglian.duties.models import Activity, ActivityParticipant
    from shuanglian.regions.models import Region

    province = Region(name="广东省", code="440000", level="city")
    province.path = province.compute_path()
    province.save()
    districts, towns = [], []
    for d in range(20):
        district = Region(name=f"区{d}", code=f"4401{d:02d}", level="district", parent=province)
        district.path = district.compute_path()
        district.save()
        districts.append(district)
        for t in range(10):
            town = Region(name=f"镇{d}-{t}", code=f"4401{d:02d}{t:03d}", level="town", parent=district)
            town.path = town.compute_path()
            town.save()
            towns.append(town)
    _bulk(Deputy, [Deputy(name=f"代表{i}", level="town", region=towns[i % len(towns)]) for i in range(args.deputies)])
    deputy_ids = list(Deputy.objects.values_list("id", flat=True))
    _bulk(Station, [Station(kind="activity_point", name=f"活动点{i}", region=towns[i % len(towns)])
                    for i in range(args.stations)])
    stations = list(Station.objects.values_list("id", flat=True))
    _bulk(StationMember, [StationMember(station_id=sid, kind="deputy", deputy_id=deputy_ids[(n * 9 + k) % len(deputy_ids)])
                          for n, sid in enumerate(stations) for k in range(9)])
    day0 = dt.date(2026, 1, 1)
    for start in range(0, args.activities, BATCH):
        end = min(args.activities, start + BATCH)
        _bulk(Activity, [Activity(kind="inspection" if i % 10 == 0 else "visit", title=f"活动{i}",
                                  date=day0 + dt.timedelta(days=i % 365), region=towns[i % len(towns)])
                         for i in range(start, end)])
    activity_ids = list(Activity.objects.values_list("id", flat=True))
    for start in range(0, len(activity_ids), BATCH // args.participants):
        rows = []
        for aid in activity_ids[start:start + BATCH // args.participants]:
            for deputy in rng.sample(deputy_ids, args.participants):
                rows.append(ActivityParticipant(activity_id=aid, deputy_id=deputy,
                                                attendance="absent" if rng.random() < 0.02 else "present"))
        ActivityParticipant.objects.bulk_create(rows)
    return districts, stations, deputy_ids


def timeit(client, urls, runs):
    for url in urls[:3]:
        assert client.get(url).status_code == 200, client.get(url).content
    samples, queries = [], []
    for i in range(runs):
        url = urls[i % len(urls)]
        with CaptureQueriesContext(connection) as ctx:
            t = time.perf_counter()
            resp = client.get(url)
            samples.append((time.perf_counter() - t) * 1000)
        queries.append(len(ctx.captured_queries))
        assert resp.status_code == 200
    samples.sort()
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)], max(queries)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--deputies", type=int, default=130_000)
    parser.add_argument("--stations", type=int, default=10_000)
    parser.add_argument("--activities", type=int, default=250_000)
    parser.add_argument("--participants", type=int, default=5)
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":  # a file, as in production, not the in-memory test database
        connection.settings_dict["TEST"]["NAME"] = "/tmp/shuanglian_points_bench.sqlite3"
    db = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False, serialize=False)
    try:
        from shuanglian.core.models import User
        from shuanglian.points.models import PointEntry
        from shuanglian.points.rebuild import points_rebuild

        t = time.perf_counter()
        districts, stations, deputy_ids = build(random.Random(11), args)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"database: {connection.vendor} ({db}); data built in {time.perf_counter() - t:.1f} s; "
              f"{len(deputy_ids)} deputies, {args.activities} activities × {args.participants} participants")
        admin = User.objects.create_user(username="bench_admin", password="x", role="admin")
        t = time.perf_counter()
        report = points_rebuild(year=2026, actor=admin)
        print(f"rebuild 2026: {time.perf_counter() - t:.1f} s ({report['events']} events, {report['written']} entries)")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        t = time.perf_counter()
        again = points_rebuild(year=2026, actor=admin)
        print(f"rebuild 2026 again (deletes, then writes): {time.perf_counter() - t:.1f} s "
              f"({again['deleted']} deleted, {again['written']} written; {PointEntry.objects.count()} entries)")
        client = APIClient()
        client.force_authenticate(admin)
        rng = random.Random(3)
        province = districts[0].parent_id
        cases = [
            ("ranking province Q4", [f"/api/v1/points/ranking/?region={province}&period=2026Q4"]),
            ("ranking province year", [f"/api/v1/points/ranking/?region={province}&period=2026"]),
            ("ranking district Q4", [f"/api/v1/points/ranking/?region={d.pk}&period=2026Q4" for d in districts]),
            ("ranking station Q4", [f"/api/v1/points/ranking/?station={rng.choice(stations)}&period=2026Q4"
                                    for _ in range(20)]),
            ("deputy's points year", [f"/api/v1/points/?deputy={rng.choice(deputy_ids)}&period=2026" for _ in range(50)]),
        ]
        for label, urls in cases:
            median, p95, queries = timeit(client, urls, args.runs)
            print(f"{label:24s} median {median:7.1f} ms   p95 {p95:7.1f} ms   queries {queries}   (n={args.runs})")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
