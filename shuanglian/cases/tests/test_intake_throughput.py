"""The fast public intake path (issue 3: ≥ 400 submissions/s) keeps every rule: a rotated token
or a deactivated station stops working on the next request although stations are memoized, the
station's current deputies follow new cases, the limits count exactly (one atomic counter per
limit, on the database cache and on Redis), a refused submission writes nothing and does not use
up the station's allowance, and the roll-up written in one statement equals a rebuild."""

import os
import threading

import pytest
from django.core.cache import cache
from django.db import connection, connections
from django.test import RequestFactory
from rest_framework.test import APIClient

from shuanglian.cases import intake
from shuanglian.cases.intake import throttles
from shuanglian.cases.models import Case, Category, IntakeReceipt
from shuanglian.cases.rates import rollup
from shuanglian.core.models import AuditEvent
from shuanglian.deputies import services as deputy_services
from shuanglian.deputies.models import Deputy, Station

from .test_intake_helpers import form_values, make_station


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def station(regions, personas):
    return make_station(regions, personas)


def rates(settings, **values):
    rf = dict(settings.REST_FRAMEWORK)
    rf["DEFAULT_THROTTLE_RATES"] = {**rf["DEFAULT_THROTTLE_RATES"], **values}
    settings.REST_FRAMEWORK = rf


def api_submit(token, ip="10.2.0.1", **overrides):
    data = {**form_values(**overrides), "consent": True}
    return APIClient().post(f"/api/v1/intake/{token}/", data, format="json", REMOTE_ADDR=ip)


def form_submit(client, token, ip="10.2.0.1", **overrides):
    return client.post(f"/i/{token}/", form_values(**overrides), REMOTE_ADDR=ip)


# --- the memoized station -------------------------------------------------------------------------

def test_rotated_token_stops_working_at_once(station, personas, client):
    old = station.intake_token
    assert api_submit(old, description="第一件事：燃气走线需要调整。").status_code == 201  # now memoized
    assert client.get(f"/i/{old}/").status_code == 200
    rotated = deputy_services.station_rotate_token(station=station, actor=personas["staff"])

    refused = api_submit(old, description="第二件事：旧二维码提交。")
    assert refused.status_code == 404 and refused.json()["code"] == "station_invalid"
    assert "二维码已失效" in refused.json()["detail"]
    page = form_submit(client, old, description="第三件事：旧二维码表单提交。")
    assert page.status_code == 404 and "二维码已失效" in page.content.decode()
    assert Case.objects.count() == 1
    assert api_submit(rotated.intake_token, description="第四件事：新二维码提交。").status_code == 201


def test_deactivated_station_refused_at_once(station, personas):
    assert api_submit(station.intake_token, description="停用前的诉求：需要协调。").status_code == 201
    deputy_services.station_update(station=station, actor=personas["staff"], is_active=False)
    response = api_submit(station.intake_token, description="停用后的诉求：需要协调。")
    assert response.status_code == 404
    assert Case.objects.count() == 1


def test_new_member_follows_the_next_case(station, personas, regions):
    first = Case.objects.get(tracking_code=api_submit(station.intake_token, description="第一件：道路积水。")
                             .json()["tracking_code"])
    newcomer = Deputy.objects.create(name="郑代表", level="district", region=regions["beibei"], phone="13700003333")
    deputy_services.station_member_add(station=station, actor=personas["staff"], kind="deputy", deputy=newcomer)
    second = Case.objects.get(tracking_code=api_submit(station.intake_token, description="第二件：道路积水。")
                              .json()["tracking_code"])
    assert newcomer not in first.following_deputies.all()
    assert set(second.following_deputies.values_list("name", flat=True)) == {"周代表", "吴代表", "郑代表"}


def test_change_seen_by_another_process_through_the_shared_cache(station):
    """Another app server saves the station: it bumps the generation in the shared cache, and
    this process, which memoized the station, reads it afresh on its next request."""
    assert api_submit(station.intake_token, description="第一件：用电增容。").status_code == 201
    Station.objects.filter(pk=station.pk).update(is_active=False)  # no signal in this process
    cache.set(intake.GENERATION_KEY, "bumped-by-another-server", None)
    assert api_submit(station.intake_token, description="第二件：用电增容。").status_code == 404


def test_deactivated_category_refused_at_once(station):
    assert api_submit(station.intake_token, category="land", description="第一件：用地。").status_code == 201
    land = Category.objects.get(code="land")
    land.is_active = False
    land.save()
    refused = api_submit(station.intake_token, category="land", description="第二件：用地。")
    assert refused.status_code == 400 and "诉求类别“land”不存在或已停用" in refused.json()["detail"]
    assert Case.objects.count() == 1


def test_unknown_and_absurd_tokens_are_404(db):
    assert api_submit("no-such-token").status_code == 404
    assert api_submit("x" * 200).status_code == 404


# --- the limits ---------------------------------------------------------------------------------

def test_a_flooding_address_does_not_use_up_the_station(station, settings, client, rate_window):
    rates(settings, intake_ip="2/min", intake_station="3/min")
    token = station.intake_token
    assert api_submit(token, ip="10.3.0.1", description="甲一：需要协调。").status_code == 201
    assert form_submit(client, token, ip="10.3.0.1", description="甲二：需要协调。").status_code == 302
    refused = api_submit(token, ip="10.3.0.1", description="甲三：需要协调。")
    assert refused.status_code == 429 and refused.json()["code"] == "throttled"
    assert "提交过于频繁" in refused.json()["detail"] and "秒后" in refused.json()["detail"]
    # the station's allowance of 3 still has one left for someone else …
    assert api_submit(token, ip="10.3.0.2", description="乙一：需要协调。").status_code == 201
    # … and then it is used up for every address
    page = form_submit(client, token, ip="10.3.0.3", description="丙一：需要协调。")
    assert page.status_code == 429 and "提交过于频繁" in page.content.decode()
    assert Case.objects.count() == 3 and IntakeReceipt.objects.count() == 3
    assert AuditEvent.objects.filter(event_type="case.submit").count() == 3


def test_limits_count_on_local_memory_cache_too(station, settings, rate_window):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "intake-throughput-test"}}
    rates(settings, intake_ip="2/min")
    token = station.intake_token
    statuses = [api_submit(token, ip="10.4.0.1", description=f"第{i}件：需要协调。").status_code for i in range(3)]
    assert statuses == [201, 201, 429]


def hits(n, scope="intake_ip", ident="10.5.0.1"):
    request = RequestFactory().post("/", REMOTE_ADDR=ident)
    limits = throttles.INTAKE_THROTTLES if scope == "intake_ip" else throttles.TRACK_THROTTLES
    return [throttles.check(request, limits) for _ in range(n)]


def redis_url():
    url = os.environ.get("SHUANGLIAN_TEST_REDIS_URL") or os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=0.3).ping()
    except Exception:
        return None
    return url


def test_limits_count_on_redis(settings, db, rate_window):
    url = redis_url()
    if url is None:
        pytest.skip("no Redis server reachable")
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url,
                                   "KEY_PREFIX": f"test-{os.getpid()}-{id(settings)}"}}
    rates(settings, intake_ip="3/min")
    waits = hits(4)
    assert waits[:3] == [None, None, None] and 1 <= waits[3] <= 60
    cache.clear()


@pytest.mark.django_db(transaction=True)
def test_counter_is_exact_under_concurrency(settings, rate_window):
    """Eight threads, 200 requests, a limit of 100: exactly 100 pass (one atomic increment each)."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    from django.core.management import call_command

    call_command("createcachetable", verbosity=0)
    rates(settings, intake_ip="100/hour")
    ip = f"10.6.{os.getpid() % 250}.1"
    allowed, failures = [], []
    barrier = threading.Barrier(8)

    def worker():
        try:
            barrier.wait(timeout=10)
            allowed.extend(w is None for w in hits(25, ident=ip))
        except Exception as exc:  # pragma: no cover - reported below
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not failures
    assert len(allowed) == 200 and sum(allowed) == 100


# --- the roll-up --------------------------------------------------------------------------------

def test_rollup_of_submissions_equals_rebuild(regions, personas, station):
    from shuanglian.chains.models import Chain

    chain = Chain.objects.create(name="智能网联新能源汽摩产业链", region=regions["beibei"])
    chained = make_station(regions, personas, chain=chain)
    Station.objects.filter(pk=chained.pk).update(name="汽摩产业链代表活动点")
    categories = list(Category.objects.filter(code__in=["energy", "land", "finance"]))
    n = 0
    for target in (station, chained):
        for category in categories:
            for _ in range(2):  # the first creates the rows, the second adds to them
                n += 1
                assert api_submit(target.intake_token, category=category.code,
                                  description=f"第{n}件：需要协调解决。").status_code == 201
    incremental = rollup.snapshot()
    rollup.rebuild()
    assert rollup.snapshot() == incremental
    total = [counts for key, counts in incremental.items() if key[3] == -1 and key[4] == -1]
    assert sum(c["cases"] for c in total) == n == 12


@pytest.mark.django_db(transaction=True)
def test_simultaneous_submissions_to_one_station_all_land(regions, personas, category):
    """Eight people scan the same QR code at once: eight cases, no deadlock, roll-up exact."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    station = make_station(regions, personas)
    barrier = threading.Barrier(8)
    codes, failures = [], []

    def worker(i):
        try:
            barrier.wait(timeout=10)
            case = intake.case_submit(
                actor=None, source="api", station=intake.station_for_token(station.intake_token),
                title="", category="energy", description=f"第{i}件：同一阵地同时提交。",
                enterprise_name="重庆乾凤锻造有限公司", contact_name="刘经理", contact_phone="13912345678",
                consent=True, dedupe_key=station.intake_token)
            codes.append(case.tracking_code)
        except Exception as exc:  # pragma: no cover - reported below
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not failures
    assert len(set(codes)) == 8 and Case.objects.count() == 8
    incremental = rollup.snapshot()
    rollup.rebuild()
    assert rollup.snapshot() == incremental
