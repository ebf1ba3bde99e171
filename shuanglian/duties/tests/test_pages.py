"""The pages: a deputy's own view, the reception page (sign in, demand, record with a conflict
that keeps the input), the station's reception page with attendance, who may see what."""

import datetime as dt

import pytest

from shuanglian.cases.models import Case
from shuanglian.duties import services
from shuanglian.duties.models import Reception

D = dt.date


@pytest.fixture
def today_reception(duty, on_day):
    on_day(D(2026, 1, 15))
    return services.reception_schedule(station=duty["station"], actor=duty["staff"], date=D(2026, 1, 15),
                                       deputies=[duty["me"]])


def test_deputy_signs_in_records_a_demand_and_sees_it_in_my_demands(today_reception, client_for, duty):
    c = client_for("deputy")
    assert c.get("/duties/").url == "/duties/me/"
    me = c.get("/duties/me/").content.decode()
    assert "1月15日" in me and "今天" in me and "千里科技人大代表活动点" in me
    page = c.get(f"/duties/receptions/{today_reception.pk}/").content.decode()
    assert 'data-testid="sign-in"' in page
    c.post(f"/duties/receptions/{today_reception.pk}/sign-in/")
    page = c.get(f"/duties/receptions/{today_reception.pk}/").content.decode()
    assert "已签到" in page and 'data-testid="sign-in"' not in page
    from shuanglian.cases.models import Category

    resp = c.post(f"/duties/receptions/{today_reception.pk}/demands/", {
        "enterprise_name": "重庆千里科技股份有限公司", "contact_name": "李经理", "contact_phone": "13912345678",
        "category": Category.objects.get(code="other").pk, "title": "园区充电桩不足", "description": "希望增设充电桩。"})
    assert resp.status_code == 302
    case = Case.objects.get()
    assert case.source == "reception_day" and case.collected_by == duty["me"]
    me = c.get("/duties/me/").content.decode()
    assert "园区充电桩不足" in me and 'data-testid="attended">1<' in me


def test_bad_demand_keeps_the_input_and_writes_nothing(today_reception, client_for):
    c = client_for("deputy")
    c.post(f"/duties/receptions/{today_reception.pk}/sign-in/")
    resp = c.post(f"/duties/receptions/{today_reception.pk}/demands/", {
        "enterprise_name": "甲公司", "contact_name": "李", "contact_phone": "123", "category": "",
        "description": "我写的内容"})
    assert resp.status_code == 400
    html = resp.content.decode()
    assert "请填写诉求类别。" in html and "我写的内容" in html
    assert not Case.objects.exists()


def test_record_conflict_keeps_the_second_persons_input(today_reception, client_for):
    staff, admin = client_for("staff"), client_for("admin")
    url = f"/duties/receptions/{today_reception.pk}/record/"
    v = today_reception.version
    assert staff.post(url, {"version": v, "notes": "王工作的记录", "enterprises": "甲公司"}).status_code == 302
    resp = admin.post(url, {"version": v, "notes": "管理员的记录", "enterprises": "乙公司"})
    assert resp.status_code == 409
    html = resp.content.decode()
    assert "已被他人修改" in html and "管理员的记录" in html and "王工作的记录" in html
    today_reception.refresh_from_db()
    assert today_reception.notes == "王工作的记录"
    # resubmitting the kept input with the new version goes through
    assert admin.post(url, {"version": today_reception.version, "notes": "管理员的记录"}).status_code == 302


def test_station_page_shows_attendance_below_the_minimum(today_reception, client_for, duty):
    services.reception_sign_in(reception=today_reception, actor=duty["staff"], deputy=duty["me"])
    html = client_for("staff").get(f"/duties/stations/{duty['station'].pk}/").content.decode()
    assert "2026年接待日出勤" in html and "未达 2 次" in html
    assert "2026年1月15日" in html


def test_staff_schedule_and_rule_forms(duty, client_for):
    c = client_for("staff")
    resp = c.post(f"/duties/stations/{duty['station'].pk}/rules/", {
        "kind": "entrepreneur", "recurrence": "odd_months", "day": "40", "start_time": "14:00", "end_time": "16:00",
        "valid_from": "2026-01-01"})
    assert resp.status_code == 400 and "1 至 31" in resp.content.decode()
    resp = c.post(f"/duties/stations/{duty['station'].pk}/schedule/", {"date": "2026-03-16", "kind": "deputy",
                                                                       "deputies": [duty["me"].pk]})
    assert resp.status_code == 302
    r = Reception.objects.get()
    assert r.shifted_from == D(2026, 3, 15) and list(r.duties.values_list("deputy", flat=True)) == [duty["me"].pk]


@pytest.mark.parametrize("persona, status", [("staff", 200), ("leader", 200), ("deputy", 200),
                                             ("bishan_staff", 404), ("handler", 404)])
def test_who_sees_a_reception(today_reception, client_for, persona, status):
    assert client_for(persona).get(f"/duties/receptions/{today_reception.pk}/").status_code == status


def test_others_cannot_write(today_reception, client_for, duty):
    assert client_for("leader").post(f"/duties/receptions/{today_reception.pk}/record/",
                                     {"version": 1}).status_code == 403
    assert client_for("deputy").post(f"/duties/stations/{duty['station'].pk}/schedule/",
                                     {"date": "2026-03-16", "kind": "deputy"}).status_code == 403
    assert client_for("handler").get("/duties/").status_code == 403
    assert client_for("staff").get("/duties/me/").status_code == 403
