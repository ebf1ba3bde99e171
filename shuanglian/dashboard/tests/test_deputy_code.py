"""代表码: each deputy's own QR code (PNG and SVG) opens a public page with the deputy's public
record and a demand form addressed to that deputy (the one public write path, source 代表码, the
deputy as collector); rotate and revoke stop the old code at once; nothing private is shown."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from shuanglian.cases.models import Case
from shuanglian.cases.tests.test_intake_helpers import form_values
from shuanglian.deputies.models import Station
from shuanglian.duties.models import Activity, ActivityParticipant, Reception, ReceptionDuty
from shuanglian.points.services import point_award, point_publish
from shuanglian.suggestions import services as suggestion_services

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


@pytest.fixture
def me(personas, regions):
    """周代表 (phone 13812345678, 千里科技) heads a station; one reception attended, one 走访, one
    视察, a submitted suggestion and a draft of this year."""
    deputy = personas["deputy_record"]
    station = Station.objects.create(kind="activity_point", name="千里科技人大代表活动点", region=regions["beibei"],
                                     head=deputy, address="北碚区蔡家岗街道同兴北路")
    day = dt.date(YEAR, 1, 15)
    reception = Reception.objects.create(station=station, date=day, start_time=dt.time(9), end_time=dt.time(11))
    ReceptionDuty.objects.create(reception=reception, deputy=deputy, signed_in_at=timezone.now())
    for kind, title in (("visit", "走访千里科技"), ("inspection", "视察园区充电设施")):
        activity = Activity.objects.create(kind=kind, title=title, date=day, region=regions["beibei"], station=station)
        ActivityParticipant.objects.create(activity=activity, deputy=deputy)
    make = dict(actor=personas["deputy"], reasons="园区充电桩不足。", proposals="统筹规划。", lead_deputy=deputy)
    s = suggestion_services.suggestion_create(title="关于加快“充储泊配”设施建设的建议", **make)
    suggestion_services.suggestion_submit(suggestion=s, actor=personas["deputy"], on=day)
    suggestion_services.suggestion_create(title="关于尚未提交事项的建议", **make)
    return deputy


def page(deputy, **kw):
    return Client().get(f"/d/{deputy.code_token}/", kw)


def test_the_code_comes_as_png_and_svg_for_the_deputy_and_their_staff_only(me, client_for):
    for who in ("staff", "deputy"):
        c = client_for(who)
        html = c.get(f"/deputies/{me.pk}/").content.decode()
        assert "代表码" in html and f"/deputies/{me.pk}/code.svg" in html
        png = c.get(f"/deputies/{me.pk}/code.png?download=1")
        assert png.status_code == 200 and png["Content-Type"] == "image/png" and png.content[:4] == b"\x89PNG"
        assert "attachment" in png["Content-Disposition"]
        svg = c.get(f"/deputies/{me.pk}/code.svg")
        assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    assert client_for("bishan_staff").get(f"/deputies/{me.pk}/code.png").status_code == 404
    assert client_for("handler").get(f"/deputies/{me.pk}/code.png").status_code in (403, 404)
    assert client_for("leader").get(f"/deputies/{me.pk}/code.png").status_code == 403


def test_the_public_page_shows_the_record_and_nothing_private(me):
    r = page(me)
    html = r.content.decode()
    assert r.status_code == 200
    assert "周代表" in html and "千里科技人大代表活动点" in html and "北碚区蔡家岗街道同兴北路" in html
    assert '<dd data-testid="receptions-attended">1 次</dd>' in html
    assert '<dd data-testid="visits">1 次</dd>' in html and "视察 1 次" in html
    assert "《关于加快“充储泊配”设施建设的建议》" in html and "已提交，待交办" in html
    assert "尚未提交事项" not in html  # a draft is not public
    assert "13812345678" not in html and "1381234" not in html and "千里科技" not in html.replace(
        "千里科技人大代表活动点", "")
    assert "本年度履职积分尚未公示" in html and "3 分" not in html  # the submission paid 3, not yet published


def test_points_show_once_staff_publish_the_quarter(me, personas, regions):
    quarter = f"{YEAR}Q1"
    point_award(deputy=me, rule_code="reception_attended", source_key="x:1", occurred_on=dt.date(YEAR, 1, 15),
                actor=personas["staff"])
    assert "尚未公示" in page(me).content.decode()
    point_publish(region=regions["beibei"], period=quarter, actor=personas["staff"])
    html = page(me).content.decode()
    assert f"{YEAR}年第一季度：5 分" in html  # 3 for the suggestion, 2 for the reception


def test_a_demand_sent_to_the_code_is_collected_by_that_deputy(me, rate_window):
    r = Client().post(f"/d/{me.code_token}/", form_values(), REMOTE_ADDR="10.9.0.1")
    assert r.status_code == 302 and "/t/" in r["Location"]
    case = Case.objects.get()
    assert case.source == "deputy_code" and case.get_source_display() == "代表码"
    assert case.collected_by == me and case.station.name == "千里科技人大代表活动点"
    assert me in case.following_deputies.all()


def test_bad_input_is_refused_in_chinese_keeps_the_input_and_writes_nothing(me, rate_window):
    r = Client().post(f"/d/{me.code_token}/", form_values(contact_phone="abc", consent=""), REMOTE_ADDR="10.9.0.2")
    html = r.content.decode()
    assert r.status_code == 400 and "提交未成功" in html and "重庆乾凤锻造有限公司" in html
    assert not Case.objects.exists()
    bad_year = page(me, year="abc")
    assert bad_year.status_code == 400 and "年度" in bad_year.content.decode()
    assert page(me, year="١٩٩٩").status_code == 400
    assert page(me, year=str(YEAR - 1)).status_code == 200


def test_rotate_and_revoke_stop_the_old_code_at_once(me, client_for):
    old = me.code_token
    client_for("deputy").post(f"/deputies/{me.pk}/code/rotate/")
    me.refresh_from_db()
    assert me.code_token != old
    gone = Client().get(f"/d/{old}/")
    assert gone.status_code == 404 and "已失效" in gone.content.decode()
    assert page(me).status_code == 200
    client_for("staff").post(f"/deputies/{me.pk}/code/revoke/")
    me.refresh_from_db()
    assert me.code_token is None and "代表码已停用" in client_for("staff").get(f"/deputies/{me.pk}/").content.decode()
    assert client_for("staff").get(f"/deputies/{me.pk}/code.png").status_code == 404
    assert Client().post(f"/d/{old}/", form_values()).status_code == 404 and not Case.objects.exists()
    assert client_for("bishan_staff").post(f"/deputies/{me.pk}/code/rotate/").status_code == 404


def test_a_deputy_who_left_has_no_working_code(me):
    me.is_active = False
    me.save()
    assert page(me).status_code == 404


# --- 代表履职公开 by id (issue 7.8), linked from the station's public page -------------------------

def test_the_public_record_by_id_shows_the_duties_and_nothing_private(me, personas):
    from shuanglian.duties.services import station_page_save

    r = Client().get(f"/public/deputies/{me.pk}/")
    html = r.content.decode()
    assert r.status_code == 200 and "代表履职公开" in html and "周代表" in html
    assert '<dd data-testid="receptions-attended">1 次</dd>' in html and "1月15日 · 千里科技人大代表活动点" in html
    assert "视察 1 次" in html and "《关于加快“充储泊配”设施建设的建议》" in html
    assert "尚未提交事项" not in html and "本年度履职积分尚未公示" in html
    assert "<dt>收到</dt><dd>0</dd>" in html
    assert "13812345678" not in html and "千里科技" not in html.replace("千里科技人大代表活动点", "")
    assert me.code_token not in html  # the code is the deputy's to hand out, not printed here
    station = Station.objects.get(head=me)
    station_page_save(station=station, actor=personas["staff"], is_public=True)
    wall = Client().get(f"/s/{station.pk}/").content.decode()
    assert f'href="/public/deputies/{me.pk}/"' in wall
    feed = Client().get(f"/api/v1/public/stations/{station.pk}/").json()
    assert feed["deputies"] == [{"name": "周代表", "level": "区", "sector": "企业界", "head": True}]


def test_no_public_record_for_a_deputy_who_left_or_a_bad_id(me):
    assert Client().get("/public/deputies/999999/").status_code == 404
    assert Client().get(f"/public/deputies/{me.pk}/", {"year": "abc"}).status_code == 400
    me.is_active = False
    me.save()
    assert Client().get(f"/public/deputies/{me.pk}/").status_code == 404
