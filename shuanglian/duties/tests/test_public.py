"""The public station page and API: only published stations, only what belongs on the wall (no
phone anywhere), computed figures, next receptions with the notice, a pinned query count."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from shuanglian.cases.intake import case_submit
from shuanglian.duties import services
from shuanglian.duties.models import StationPage
from shuanglian.lib import workdays

D = dt.date
PHONES = ["13812345678", "13600003333", "13600004444", "13511112222", "138****5678", "5678"]


def _url(station):
    return f"/api/v1/public/stations/{station.pk}/"


def test_public_api_shows_the_wall_and_no_phone(duty, on_day):
    on_day(D(2026, 2, 20))
    resp = APIClient().get(_url(duty["station"]))
    assert resp.status_code == 200
    body = resp.json()
    assert body["name"] == "千里科技人大代表活动点" and body["kind"] == "人大代表活动点"
    assert body["deputies"][0] == {"name": "陈点长", "level": "市", "sector": "企业界", "head": True}
    assert [d["name"] for d in body["deputies"]] == ["陈点长", "周代表", "吴代表"]
    # head + 2 posted deputies + 1 grid worker; nothing else recorded yet
    assert body["figures"] == {"members": 4, "inspections": 0, "demands_collected": 0, "demands_solved": 0,
                               "suggestions": 0}
    assert body["next_receptions"][0] == {"date": "2026-02-24", "start": "09:00", "end": "11:00", "kind": "deputy",
                                          "shifted_from": "2026-02-15"}
    text = resp.content.decode()
    for phone in PHONES:
        assert phone not in text
    assert "phone" not in text and "intake_token" not in text


def test_figures_are_counted(duty, personas, on_day):
    on_day(D(2026, 1, 15))
    station = duty["station"]
    services.activity_create(actor=duty["staff"], kind="inspection", title="集中视察", date=D(2026, 1, 10),
                             region=station.region, station=station, deputies=[duty["me"]])
    services.activity_create(actor=duty["staff"], kind="research", title="调研", date=D(2026, 1, 11),
                             region=station.region, station=station)
    for i in range(3):
        case_submit(actor=duty["staff"], source="reception_day", title=f"诉求{i}", description="内容", category="other",
                    enterprise_name="甲公司", contact_name="李", contact_phone="13912345678", station=station,
                    collected_by=duty["me"])
    figures = APIClient().get(_url(station)).json()["figures"]
    assert figures == {"members": 4, "inspections": 1, "demands_collected": 3, "demands_solved": 0, "suggestions": 0}


def test_only_published_active_stations(duty, api_for):
    assert APIClient().get(_url(duty["bishan"])).status_code == 404  # never published
    assert APIClient().get(f"/s/{duty['bishan'].pk}/").status_code == 404
    StationPage.objects.filter(station=duty["station"]).update(is_public=False)
    assert APIClient().get(_url(duty["station"])).status_code == 404
    StationPage.objects.filter(station=duty["station"]).update(is_public=True)
    duty["station"].is_active = False
    duty["station"].save()
    assert APIClient().get(_url(duty["station"])).status_code == 404
    assert APIClient().get("/api/v1/public/stations/abc/").status_code == 404


def test_public_page_html(duty, client, on_day):
    on_day(D(2026, 2, 21))  # three days before the shifted reception of Feb 24
    resp = client.get(f"/s/{duty['station'].pk}/")
    assert resp.status_code == 200
    html = resp.content.decode()
    assert 'lang="zh-hans"' in html and "<h1>千里科技人大代表活动点</h1>" in html
    assert "接待公告" in html and "2月24日" in html and "原定2月15日" in html
    assert "<svg" in html and "@media print" in html and "@page { size: A4" in html
    assert "每月15日接待" in html  # the rules
    for phone in PHONES:
        assert phone not in html
    assert duty["station"].intake_token in html  # the QR code encodes the intake URL (the token is public on the wall)


def test_notice_only_within_the_notice_days(duty, client, on_day, settings):
    on_day(D(2026, 2, 20))  # four days before
    assert "接待公告" not in client.get(f"/s/{duty['station'].pk}/").content.decode()
    settings.SHUANGLIAN_RECEPTION_NOTICE_DAYS = 5
    assert "接待公告" in client.get(f"/s/{duty['station'].pk}/").content.decode()


def test_public_page_query_count_is_fixed(duty, regions, django_assert_max_num_queries, on_day):
    from shuanglian.deputies.models import Deputy, StationMember

    on_day(D(2026, 2, 20))
    station = duty["station"]
    client = APIClient()
    workdays.clear_cache()
    client.get(_url(station))  # warm the per-process working-day cache

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(_url(station)).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    for i in range(20):
        d = Deputy.objects.create(name=f"代表{i}", level="town", region=regions["beibei"], sector="企业界")
        StationMember.objects.create(station=station, kind="deputy", deputy=d)
        StationMember.objects.create(station=station, kind="grid_worker", name=f"网格员{i}")
    assert count() == small
    assert small <= 9, small  # the wall: members, cases, inspections, suggestions …
