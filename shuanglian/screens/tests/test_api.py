"""POST/GET/DELETE /api/v1/screens/ and GET /api/v1/screen/<token>/data/: who may create and
revoke, what a kiosk sees, and that its figures are the rates page's."""

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from shuanglian.cases.models import Case
from shuanglian.cases.rates import rollup
from shuanglian.core.models import AuditEvent
from shuanglian.screens.models import Screen

pytestmark = pytest.mark.django_db
LIST = "/api/v1/screens/"


def data_url(screen):
    return f"/api/v1/screen/{screen.token}/data/"


def test_staff_create_a_screen_and_get_its_address(api_for, regions):
    response = api_for("staff").post(LIST, {"region": regions["beibei"].pk, "name": "北碚区人大常委会大厅"},
                                     format="json")
    assert response.status_code == 201
    body = response.json()
    screen = Screen.objects.get(pk=body["id"])
    assert body["url"] == f"/screen/{screen.token}/"
    assert len(screen.token) >= 40  # secrets.token_urlsafe(32)
    assert AuditEvent.objects.filter(event_type="screen.create", target_id=str(screen.pk)).exists()


def test_a_screen_for_a_station_of_the_region(api_for, regions):
    from shuanglian.deputies.models import Station

    station = Station.objects.create(kind="monitoring_point", name="蔡家岗监测点", region=regions["caijia"])
    far = Station.objects.create(kind="activity_point", name="璧山活动点", region=regions["bishan"])
    api = api_for("staff")
    ok = api.post(LIST, {"region": regions["beibei"].pk, "station": station.pk, "name": "监测点屏"}, format="json")
    assert ok.status_code == 201
    assert Screen.objects.get(pk=ok.json()["id"]).station == station
    listed = api.get(LIST).json()["results"]
    assert listed[0]["station_name"] == "蔡家岗监测点" and listed[0]["url"] == ok.json()["url"]
    api.post(LIST, {"region": regions["beibei"].pk, "name": "大厅"}, format="json")
    assert api.get(LIST).json()["results"][0]["station_name"] is None
    refused = api.post(LIST, {"region": regions["caijia"].pk, "station": far.pk, "name": "x"}, format="json")
    assert refused.status_code == 400  # another region's station is not one staff may name


@pytest.mark.parametrize("who", ["bishan_staff", "handler", "leader", "deputy"])
def test_only_staff_of_the_region_create(api_for, regions, who):
    response = api_for(who).post(LIST, {"region": regions["beibei"].pk, "name": "大厅"}, format="json")
    assert response.status_code in (400, 403)
    assert "detail" in response.json()
    assert not Screen.objects.exists()


def test_anonymous_cannot_create_or_list(client, regions):
    assert client.post(LIST, {"region": regions["beibei"].pk, "name": "大厅"}).status_code in (401, 403)
    assert client.get(LIST).status_code in (401, 403)
    assert not Screen.objects.exists()


def test_bad_input_is_a_chinese_400(api_for, regions):
    api = api_for("staff")
    blank = api.post(LIST, {"region": regions["beibei"].pk, "name": "  "}, format="json")
    assert blank.status_code == 400 and "不能为空" in blank.json()["detail"]
    digits = api.post(LIST, {"region": "１", "name": "大厅"}, format="json")
    assert digits.status_code == 400
    assert not Screen.objects.exists()


def test_list_is_scoped_to_the_region(api_for, screen, personas, regions):
    from shuanglian.screens.services import screen_create

    screen_create(actor=personas["bishan_staff"], region=regions["bishan"], name="璧山大厅")
    names = [s["name"] for s in api_for("leader").get(LIST).json()["results"]]
    assert names == ["北碚区人大常委会大厅"]
    assert [s["name"] for s in api_for("bishan_staff").get(LIST).json()["results"]] == ["璧山大厅"]
    assert api_for("handler").get(LIST).status_code == 403


def test_revoke_stops_the_screen(api_for, screen, client):
    assert client.get(data_url(screen)).status_code == 200
    assert api_for("bishan_staff").delete(f"{LIST}{screen.pk}/").status_code == 404  # not in their scope
    assert api_for("leader").delete(f"{LIST}{screen.pk}/").status_code == 403  # read-only
    assert api_for("handler").delete(f"{LIST}{screen.pk}/").status_code == 403
    assert client.get(data_url(screen)).status_code == 200
    assert api_for("staff").delete(f"{LIST}{screen.pk}/").status_code == 204
    screen.refresh_from_db()
    assert screen.revoked_at is not None
    response = client.get(data_url(screen))
    assert response.status_code == 404
    assert "停用" in response.json()["detail"]
    page = client.get(screen.url)
    assert page.status_code == 410 and "已停用" in page.content.decode()
    assert api_for("staff").delete(f"{LIST}{screen.pk}/").status_code == 204  # twice: no harm


def test_unknown_token_is_a_404(client):
    assert client.get("/api/v1/screen/not-a-real-token/data/").status_code == 404
    page = client.get("/screen/not-a-real-token/")
    assert page.status_code == 404 and "未找到该大屏" in page.content.decode()


def test_kiosk_page_needs_no_login_and_loads_only_local_scripts(client, screen):
    response = client.get(screen.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-CN">' in html and "<h1>" in html
    assert "/static/vendor/echarts/echarts.min.js" in html and "/static/js/screen.js" in html
    assert "<script>" not in html and 'src="http' not in html  # CSP: no inline script, no CDN
    assert f'data-data-url="/api/v1/screen/{screen.token}/data/"' in html
    assert "script-src 'self'" in response["Content-Security-Policy"]


@pytest.fixture
def loop(make_case, walk, departments, personas):
    """Three closed, one assigned and overdue (red, confidential), one open at 区发改委, one in 璧山."""
    from shuanglian.cases import services

    for i in range(3):
        case = make_case(title=f"已解决诉求{i}")
        rollup.case_changed(None, case)
        walk(case, "closed")
    red = make_case(title="涉密的厂房用地问题", confidential=True, enterprise_name="重庆乾凤锻造有限公司")
    rollup.case_changed(None, red)
    red = walk(red, "assigned")
    Case.objects.filter(pk=red.pk).update(due_date=timezone.localdate() - dt.timedelta(days=10),
                                          warn_date=timezone.localdate() - dt.timedelta(days=12))
    late = make_case(title="物流园道路破损", enterprise_name="重庆宏达物流有限公司")
    rollup.case_changed(None, late)
    late = services.case_assign(case=walk(late, "accepted"), department=departments["fgw"], actor=personas["staff"])
    Case.objects.filter(pk=late.pk).update(due_date=timezone.localdate() - dt.timedelta(days=3),
                                           warn_date=timezone.localdate() - dt.timedelta(days=5))

    far = make_case(title="璧山的诉求", region=personas["bishan_staff"].region)
    rollup.case_changed(None, far)


def test_figures_equal_the_rates_api_for_the_same_region(client, api_for, screen, loop, regions):
    data = client.get(data_url(screen)).json()
    demands = data["panels"]["demands"]["data"]
    rates = api_for("staff").get("/api/v1/rates/", {"region": regions["beibei"].pk}).json()
    assert demands["totals"] == rates["totals"]
    for name in ("response_rate", "resolution_rate", "satisfaction_rate", "on_time_rate"):
        assert demands["totals"][name] == rates["totals"][name]
    assert demands["received"] == rates["totals"]["counts"]["cases"] == 5
    assert demands["solved"] == rates["totals"]["counts"]["closed"] == 3
    assert demands["period"]["value"] == rates["period"]["value"]
    month = sum(m["received"] for m in demands["trend"])
    assert month == 5


def test_open_items_by_light_name_the_oldest_red_masked(client, screen, loop):
    lights = client.get(data_url(screen)).json()["panels"]["lights"]["data"]
    assert lights["counts"]["red"] == 2
    first, second = lights["oldest_red"]
    assert first["title"] == "（涉及商业秘密）"  # confidential: the title is not shown
    assert first["enterprise"] == "重庆**有限公司"
    assert first["overdue_workdays"] > 0
    assert second["title"] == "物流园道路破损" and second["department"] == "区发改委"
    raw = json.dumps(lights, ensure_ascii=False)
    assert "乾凤" not in raw and "宏达" not in raw


def test_the_ticker_carries_no_personal_data(client, screen, loop):
    data = client.get(data_url(screen)).json()
    items = data["panels"]["ticker"]["data"]["items"]
    assert len(items) == 3 and {i["title"] for i in items} == {"已解决诉求0", "已解决诉求1", "已解决诉求2"}
    assert all(set(i) == {"title", "category", "department", "closed_on"} for i in items)
    raw = json.dumps(data, ensure_ascii=False)
    for personal in ("刘经理", "13912345678", "乾凤锻造", "宏达物流", "璧山的诉求"):
        assert personal not in raw


def test_panels_carry_versions_that_change_only_with_their_content(client, screen, loop, make_case, settings):
    settings.SHUANGLIAN_SCREEN_CACHE_SECONDS = 0
    before = client.get(data_url(screen)).json()["panels"]
    again = client.get(data_url(screen)).json()["panels"]
    assert {k: p["version"] for k, p in before.items()} == {k: p["version"] for k, p in again.items()}
    rollup.case_changed(None, make_case(title="新诉求"))
    after = client.get(data_url(screen)).json()["panels"]
    assert after["demands"]["version"] != before["demands"]["version"]
    assert after["chains"]["version"] == before["chains"]["version"]


def test_figures_are_cached_for_a_short_time_but_revocation_is_not(client, screen, loop, make_case, api_for):
    first = client.get(data_url(screen)).json()
    rollup.case_changed(None, make_case(title="新诉求"))
    assert client.get(data_url(screen)).json()["as_of"] == first["as_of"]  # from the cache
    api_for("staff").delete(f"{LIST}{screen.pk}/")
    assert client.get(data_url(screen)).status_code == 404


def test_ranking_uses_the_rates_pages_minimum_sample(client, screen, loop, settings):
    settings.SHUANGLIAN_CASE_LIMITS = {"ranking_min_cases": 3}
    ranking = client.get(data_url(screen)).json()["panels"]["ranking"]["data"]
    assert ranking["min_cases"] == 3 and ranking["label"] == "按时办结率"
    assert [r["name"] for r in ranking["rows"]] == ["区经济信息委"]
    settings.SHUANGLIAN_CASE_LIMITS = {"ranking_min_cases": 5}
    from django.core.cache import cache

    cache.clear()
    assert client.get(data_url(screen)).json()["panels"]["ranking"]["data"]["rows"] == []


def test_staff_page_lists_creates_and_revokes(client_for, screen, regions):
    staff = client_for("staff")
    html = staff.get(reverse("screens:admin")).content.decode()
    assert "北碚区人大常委会大厅" in html and screen.url in html and "停用" in html
    response = staff.post(reverse("screens:admin"), {"name": "童家溪镇活动点屏", "region": regions["tongjia"].pk})
    assert response.status_code == 302
    assert Screen.objects.filter(name="童家溪镇活动点屏", region=regions["tongjia"]).exists()
    staff.post(reverse("screens:revoke", args=[screen.pk]))
    screen.refresh_from_db()
    assert screen.revoked_at is not None
    leader_html = client_for("leader").get(reverse("screens:admin")).content.decode()
    assert "北碚区人大常委会大厅" in leader_html and "创建大屏</button>" not in leader_html
    assert client_for("leader").post(reverse("screens:revoke", args=[screen.pk])).status_code == 403
    assert client_for("handler").get(reverse("screens:admin")).status_code == 403


def test_stations_schematic_rolls_deeper_regions_into_their_sub_region(client, personas, regions):
    from shuanglian.deputies.models import Station
    from shuanglian.screens.services import screen_create

    Station.objects.create(kind="monitoring_point", name="蔡家岗监测点", region=regions["caijia"])
    Station.objects.create(kind="monitoring_point", name="蔡家岗监测点二", region=regions["caijia"])
    Station.objects.create(kind="activity_point", name="区级活动点", region=regions["beibei"])
    Station.objects.create(kind="activity_point", name="停用的点", region=regions["beibei"], is_active=False)
    city = screen_create(actor=personas["admin"], region=regions["city"], name="全市")
    tree = client.get(data_url(city)).json()["panels"]["stations"]["data"]["tree"]
    assert tree["name"] == "重庆市" and [c["name"] for c in tree["children"]] == ["北碚区", "璧山区"]
    beibei = tree["children"][0]
    assert beibei["children"] == []  # towns rolled up into the district on a city screen
    assert {s["kind"]: s["count"] for s in beibei["stations"]} == {"activity_point": 1, "monitoring_point": 2}


def test_chain_miniature_shows_the_panoramas_gap_nodes(client, screen, chain_data):
    from shuanglian.chains.panorama import build_panorama

    pano = build_panorama(chain_data["chain"])
    panel = client.get(data_url(screen)).json()["panels"]["chains"]["data"]
    chain = panel["chains"][0]
    assert chain["name"] == "智能网联新能源汽摩产业链"
    assert chain["gaps"] == pano["totals"]["gaps"] > 0
    assert chain["gap_names"] == [n["name"] for n in pano["nodes"] if n["is_gap"] and not n["is_target"]]
    assert "固态电池" not in [n["name"] for n in chain["nodes"]]  # a target node is not a gap of today's chain


def test_while_one_request_rebuilds_the_others_get_the_previous_figures(client, screen, loop, make_case):
    from django.core.cache import cache

    from shuanglian.screens.data import CACHE_KEY

    first = client.get(data_url(screen)).json()
    key = CACHE_KEY.format(region=screen.region_id)
    entry = cache.get(key)
    cache.set(key, {**entry, "at": entry["at"] - 3600})  # expired
    rollup.case_changed(None, make_case(title="新诉求"))
    cache.add(f"{key}:building", 1, 60)  # another request is rebuilding
    stale = client.get(data_url(screen)).json()
    assert stale["as_of"] == first["as_of"] and stale["panels"]["demands"]["data"]["received"] == 5
    cache.delete(f"{key}:building")
    fresh = client.get(data_url(screen)).json()
    assert fresh["panels"]["demands"]["data"]["received"] == 6
