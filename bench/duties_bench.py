"""Benchmark of the public station page (not a test). Writes nothing outside a throw-away database.

    DJANGO_DEBUG=1 .venv/bin/python bench/duties_bench.py                      # SQLite
    DJANGO_DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/sl_duties .venv/bin/python bench/duties_bench.py

Builds a province-sized registry with bulk inserts (load, not business): --deputies (130 000),
spread over --stations (10 000) in 200 towns of 20 districts, 13 members per station (about 9
deputies and 4 grid workers), one reception rule per station, --activities (1 000 000, a tenth of
them inspections) and --cases (200 000, half of them solved and confirmed). Then times
GET /api/v1/public/stations/{id}/ and GET /s/{id}/ for random published stations (N runs after
3 warm-ups; median and p95) and reports the queries per request.

    DJANGO_DEBUG=1 .venv/bin/python bench/duties_bench.py --contacts             # 联系包挂 only

--contacts builds one district instead (load, not business): --enterprises (20 000; 40 % key) in
20 towns, 400 stations with 10 deputies each, a current contact link for 3 of 4 key enterprises
(1–2 deputies each), --visits (100 000 activities of the visiting kinds, 2 enterprises each, over
two years) and 20 000 reception visitors. Then times the district's coverage
(GET /api/v1/contact-links/coverage/?region=), a station's 联系包挂 page, and a deputy's own page.
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
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

BATCH = 20_000


def _bulk(model, rows):
    for i in range(0, len(rows), BATCH):
        model.objects.bulk_create(rows[i:i + BATCH])


def build(rng, args):
    from shuanglian.cases.models import Case, Category
    from shuanglian.deputies.models import Deputy, Station, StationMember
    from shuanglian.duties.models import Activity, ReceptionRule, StationPage
    from shuanglian.regions.models import Region

    province = Region(name="广东省", code="440000", level="city")
    province.path = province.compute_path()
    province.save()
    towns = []
    for d in range(20):
        district = Region(name=f"区{d}", code=f"4401{d:02d}", level="district", parent=province)
        district.path = district.compute_path()
        district.save()
        for t in range(10):
            town = Region(name=f"镇{d}-{t}", code=f"4401{d:02d}{t:03d}", level="town", parent=district)
            town.path = town.compute_path()
            town.save()
            towns.append(town)
    levels = ["national", "provincial", "city", "district", "town"]
    _bulk(Deputy, [Deputy(name=f"代表{i}", level=rng.choice(levels), region=rng.choice(towns), sector="企业界",
                          phone=f"139{i:08d}") for i in range(args.deputies)])
    deputy_ids = list(Deputy.objects.values_list("id", flat=True))
    _bulk(Station, [Station(kind="activity_point", name=f"活动点{i}", host=f"园区{i}", region=towns[i % len(towns)],
                            address=f"地址{i}", head_id=deputy_ids[i % len(deputy_ids)])
                    for i in range(args.stations)])
    stations = list(Station.objects.values_list("id", flat=True))
    members, cursor = [], 0
    for sid in stations:
        for _ in range(9):
            members.append(StationMember(station_id=sid, kind="deputy", deputy_id=deputy_ids[cursor % len(deputy_ids)]))
            cursor += 1
        members += [StationMember(station_id=sid, kind="grid_worker", name=f"网格员{sid}-{k}", phone="13800000000")
                    for k in range(4)]
    _bulk(StationMember, members)
    _bulk(StationPage, [StationPage(station_id=sid, is_public=True) for sid in stations])
    _bulk(ReceptionRule, [ReceptionRule(station_id=sid, day=15, start_time=dt.time(9), end_time=dt.time(11),
                                        valid_from=dt.date(2025, 1, 1)) for sid in stations])
    kinds = ["visit", "research", "forum", "training", "meeting", "inspection", "visit", "visit", "other", "reception"]
    day0 = dt.date(2022, 1, 1)
    for start in range(0, args.activities, BATCH * 5):
        rows = [Activity(kind=kinds[i % 10], title=f"活动{i}", date=day0 + dt.timedelta(days=i % 1500),
                         region=towns[i % len(towns)], station_id=stations[rng.randrange(len(stations))])
                for i in range(start, min(args.activities, start + BATCH * 5))]
        _bulk(Activity, rows)
    category = Category.objects.get(code="other")
    for start in range(0, args.cases, BATCH * 5):
        rows = []
        for i in range(start, min(args.cases, start + BATCH * 5)):
            sid = stations[rng.randrange(len(stations))]
            solved = i % 2 == 0
            rows.append(Case(title=f"诉求{i}", description="内容", category=category, source="reception_day",
                             enterprise_name=f"企业{i}", contact_name="联系人", contact_phone="13900000000",
                             region=towns[sid % len(towns)], station_id=sid, status="closed" if solved else "in_progress",
                             reply_result="solved" if solved else "", rating="satisfied" if solved else ""))
        _bulk(Case, rows)
    return stations


def build_contacts(rng, args):
    from shuanglian.chains.models import Enterprise
    from shuanglian.core.models import User
    from shuanglian.deputies.models import Deputy, Station, StationMember
    from shuanglian.duties.models import Activity, ContactLink, Reception, ReceptionVisitor
    from shuanglian.regions.models import Region

    city = Region(name="重庆市", code="500000", level="city")
    city.path = city.compute_path()
    city.save()
    district = Region(name="璧山区", code="500120", level="district", parent=city)
    district.path = district.compute_path()
    district.save()
    towns = []
    for t in range(20):
        town = Region(name=f"镇{t}", code=f"500120{t:03d}", level="town", parent=district)
        town.path = town.compute_path()
        town.save()
        towns.append(town)
    staff = User.objects.create_user("bench_staff", password="x", role="staff", region=district)
    _bulk(Enterprise, [Enterprise(name=f"企业{i}", region=towns[i % 20], scale="above" if i % 5 < 2 else "below",
                                  is_specialised=i % 17 == 0) for i in range(args.enterprises)])
    enterprises = list(Enterprise.objects.values_list("id", "scale", "is_specialised"))
    keys = [pk for pk, scale, spec in enterprises if scale == "above" or spec]
    deputy_user = User.objects.create_user("bench_deputy", password="x", role="deputy", region=district)
    _bulk(Deputy, [Deputy(name=f"代表{i}", level="district", region=towns[i % 20]) for i in range(4000)])
    deputies = list(Deputy.objects.values_list("id", flat=True))
    Deputy.objects.filter(pk=deputies[0]).update(user=deputy_user)
    _bulk(Station, [Station(kind="activity_point", name=f"活动点{i}", region=towns[i % 20], head_id=deputies[i * 10])
                    for i in range(400)])
    stations = list(Station.objects.values_list("id", flat=True))
    _bulk(StationMember, [StationMember(station_id=sid, kind="deputy", deputy_id=deputies[i * 10 + k])
                          for i, sid in enumerate(stations) for k in range(1, 10)])
    links = []
    for i, pk in enumerate(keys):
        if i % 4 == 3:
            continue
        links.append(ContactLink(deputy_id=deputies[i % len(deputies)], enterprise_id=pk, started_on=dt.date(2024, 1, 1)))
        if i % 3 == 0:
            links.append(ContactLink(deputy_id=deputies[(i + 7) % len(deputies)], enterprise_id=pk,
                                     started_on=dt.date(2024, 1, 1)))
    _bulk(ContactLink, links)
    day0 = dt.date(2025, 1, 1)
    kinds = ["visit", "inspection", "research", "meeting"]
    _bulk(Activity, [Activity(kind=kinds[i % 4], title=f"走访{i}", date=day0 + dt.timedelta(days=i % 700),
                              region=towns[i % 20], station_id=stations[i % len(stations)]) for i in range(args.visits)])
    through = Activity.enterprises.through
    activity_ids = list(Activity.objects.values_list("id", flat=True))
    ids = [pk for pk, _, _ in enterprises]
    _bulk(through, [through(activity_id=a, enterprise_id=e) for a in activity_ids for e in rng.sample(ids, 2)])
    _bulk(Reception, [Reception(station_id=stations[i % len(stations)], date=day0 + dt.timedelta(days=i // 400 * 30),
                                start_time=dt.time(9), end_time=dt.time(11)) for i in range(8000)])
    receptions = list(Reception.objects.values_list("id", flat=True))
    _bulk(ReceptionVisitor, [ReceptionVisitor(reception_id=receptions[i % len(receptions)], enterprise_id=ids[i % len(ids)],
                                              enterprise_name=f"企业{i % len(ids)}-{i}") for i in range(20_000)])
    return staff, deputy_user, stations, district, len(keys)


def run_contacts(args):
    from django.utils import timezone

    from shuanglian.core.models import User
    from shuanglian.deputies.models import Station

    t = time.perf_counter()
    if args.keepdb and User.objects.filter(username="bench_staff").exists():
        staff, deputy = User.objects.get(username="bench_staff"), User.objects.get(username="bench_deputy")
        stations = list(Station.objects.values_list("id", flat=True))
        district, keys = staff.region, None
    else:
        staff, deputy, stations, district, keys = build_contacts(random.Random(5), args)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"database: {connection.vendor}; contacts data built in {time.perf_counter() - t:.1f} s; "
          f"{keys or '?'} key enterprises; today {timezone.localdate()}")
    client = Client()
    client.force_login(staff)
    rng = random.Random(3)
    picks = [rng.choice(stations) for _ in range(50)]
    for label, urls in (("district coverage API", [f"/api/v1/contact-links/coverage/?region={district.pk}"]),
                        ("station contacts page", [f"/duties/stations/{s}/contacts/" for s in picks]),
                        ("contact links API", [f"/api/v1/contact-links/?station={s}" for s in picks])):
        median, p95, queries = timeit(client, urls, args.runs)
        print(f"{label:22s} median {median:7.1f} ms   p95 {p95:7.1f} ms   queries {queries}   (n={args.runs})")
    client.force_login(deputy)
    median, p95, queries = timeit(client, ["/duties/me/"], args.runs)
    print(f"{'deputy own page':22s} median {median:7.1f} ms   p95 {p95:7.1f} ms   queries {queries}   (n={args.runs})")


def timeit(client, urls, runs):
    for url in urls[:3]:
        assert client.get(url).status_code == 200
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
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--deputies", type=int, default=130_000)
    parser.add_argument("--stations", type=int, default=10_000)
    parser.add_argument("--activities", type=int, default=1_000_000)
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--keepdb", action="store_true", help="reuse the benchmark database (build the data once)")
    parser.add_argument("--contacts", action="store_true", help="联系包挂 at a district's size instead")
    parser.add_argument("--enterprises", type=int, default=20_000)
    parser.add_argument("--visits", type=int, default=100_000)
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":  # a file, as in production, not the in-memory test database
        connection.settings_dict["TEST"]["NAME"] = ("/tmp/shuanglian_contacts_bench.sqlite3" if args.contacts
                                                    else "/tmp/shuanglian_duties_bench.sqlite3")
    elif args.contacts:
        connection.settings_dict["TEST"]["NAME"] = f"{old_name}_contacts_bench"
    db = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=args.keepdb, serialize=False)
    try:
        if args.contacts:
            run_contacts(args)
            return
        from shuanglian.deputies.models import Station

        t = time.perf_counter()
        stations = list(Station.objects.values_list("id", flat=True)) if args.keepdb else []
        if not stations:
            stations = build(random.Random(11), args)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"database: {connection.vendor} ({db}); data built in {time.perf_counter() - t:.1f} s; "
              f"{len(stations)} stations")
        rng = random.Random(3)
        picks = [rng.choice(stations) for _ in range(50)]
        client = Client()
        for label, pattern in (("public station API", "/api/v1/public/stations/{}/"), ("public station page", "/s/{}/")):
            median, p95, queries = timeit(client, [pattern.format(s) for s in picks], args.runs)
            print(f"{label:20s} median {median:7.1f} ms   p95 {p95:7.1f} ms   queries {queries}   (n={args.runs})")
    finally:
        if not args.keepdb:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
