"""联系包挂: links with dates, the coverage of key enterprises (exact on a small fixture), who sees
what, a double submit making one link, bad input refused in Chinese with nothing written, and the
sweep's reminder sent once."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from shuanglian.cases.models import Notice
from shuanglian.chains.models import Enterprise
from shuanglian.core.models import AuditEvent
from shuanglian.duties.contacts import contact_link_create, contact_link_end
from shuanglian.duties.models import Activity, ContactLink, Reception, ReceptionVisitor
from shuanglian.duties.selectors_contacts import coverage_for
from shuanglian.duties.sweep import duties_sweep

ON = dt.date(2026, 6, 15)  # visits count from 2026-03-15 (3 months)


@pytest.fixture
def firms(duty, regions, on_day):
    """Beibei's key enterprises: 链主 A (周代表, visited in May), 规上 B (吴代表, visited in January;
    a May meeting is no visit), 专精特新 C (no deputy, received at the June reception); D is not
    key; E is key but in 璧山."""
    on_day(ON)
    beibei, staff = regions["beibei"], duty["staff"]
    a = Enterprise.objects.create(name="甲链主公司", region=beibei, is_chain_master=True)
    b = Enterprise.objects.create(name="乙规上公司", region=beibei, scale="above")
    c = Enterprise.objects.create(name="丙专精特新公司", region=beibei, is_specialised=True)
    d = Enterprise.objects.create(name="丁小微公司", region=beibei)
    e = Enterprise.objects.create(name="戊璧山公司", region=regions["bishan"], is_chain_master=True)
    la, _ = contact_link_create(actor=staff, deputy=duty["me"], enterprise=a, started_on=dt.date(2025, 1, 1))
    lb, _ = contact_link_create(actor=staff, deputy=duty["other"], enterprise=b, started_on=dt.date(2025, 1, 1))

    def activity(kind, day, *enterprises):
        act = Activity.objects.create(kind=kind, title=f"{kind}{day}", date=day, region=beibei, station=duty["station"])
        act.enterprises.set(enterprises)

    activity("visit", dt.date(2026, 5, 10), a)
    activity("visit", dt.date(2026, 1, 10), b)
    activity("meeting", dt.date(2026, 5, 1), b)
    activity("visit", dt.date(2026, 7, 1), b)  # after today: not yet a visit
    reception = Reception.objects.create(station=duty["station"], date=dt.date(2026, 6, 5), start_time=dt.time(9),
                                         end_time=dt.time(11))
    ReceptionVisitor.objects.create(reception=reception, enterprise=c, enterprise_name=c.name)
    return {"a": a, "b": b, "c": c, "d": d, "e": e, "la": la, "lb": lb}


def test_coverage_figures_are_exact_and_cost_eight_queries(firms, duty, personas, django_assert_num_queries):
    # the station (with its members, the funnel's look-up); the linked, the visited by activity and
    # by reception, the key enterprises, the listed ones with their last visit, their deputies
    with django_assert_num_queries(8):
        cover = coverage_for(personas["staff"], station_id=str(duty["station"].pk))
        data = cover.as_json()
    assert (data["key_enterprises"], data["with_contact"], data["visited"]) == (3, 2, 2)
    assert (data["contact_rate"], data["visit_rate"]) == (66.7, 66.7)
    assert [row["name"] for row in data["uncovered"]] == ["丙专精特新公司"]
    assert data["uncovered"][0]["last_visit"] == "2026-06-05" and data["uncovered"][0]["labels"] == ["专精特新"]
    assert [(r["name"], r["last_visit"], [d["name"] for d in r["deputies"]]) for r in data["unvisited"]] == [
        ("乙规上公司", "2026-01-10", ["吴代表"])]
    assert data["visited_since"] == "2026-03-15"


def test_coverage_follows_the_visit_months_setting(firms, personas, settings):
    settings.SHUANGLIAN_CONTACT_VISIT_MONTHS = 6  # January's visit of B counts from 2025-12-15 on
    cover = coverage_for(personas["staff"])
    assert (cover.total, cover.visited, cover.unvisited) == (3, 3, [])


def test_coverage_page_shows_figures_lists_and_links(firms, duty, client_for):
    page = client_for("staff").get(f"/duties/stations/{duty['station'].pk}/contacts/").content.decode()
    assert "2 家（66.7%）" in page and "丙专精特新公司" in page and "戊璧山公司" not in page
    assert "丁小微公司（重点）" not in page and "甲链主公司（重点）" in page  # the form marks key enterprises


def test_who_sees_what(firms, duty, client_for, personas):
    station = duty["station"].pk
    assert client_for("bishan_staff").get(f"/duties/stations/{station}/contacts/").status_code == 404
    assert client_for("deputy").get(f"/duties/stations/{station}/contacts/").status_code == 403
    assert client_for("handler").get("/duties/contacts/").status_code == 403

    api = APIClient()
    api.force_authenticate(personas["deputy"])  # 周代表 sees only their own link
    assert [r["enterprise_name"] for r in api.get("/api/v1/contact-links/").json()["results"]] == ["甲链主公司"]
    assert api.get(f"/api/v1/contact-links/{firms['lb'].pk}/").status_code == 404
    assert api.get("/api/v1/contact-links/coverage/").status_code == 403
    api.force_authenticate(personas["bishan_staff"])  # another region's staff: nothing
    assert api.get("/api/v1/contact-links/").json()["results"] == []
    assert api.get(f"/api/v1/contact-links/{firms['la'].pk}/").status_code == 404
    assert api.get(f"/api/v1/contact-links/coverage/?station={station}").status_code == 404
    assert api.post(f"/api/v1/contact-links/{firms['la'].pk}/end/", {"version": 1}, format="json").status_code == 404
    api.force_authenticate(personas["leader"])  # a leader reads, but does not link
    assert len(api.get("/api/v1/contact-links/").json()["results"]) == 2
    r = api.post("/api/v1/contact-links/", {"deputy": duty["head"].pk, "enterprise": firms["c"].pk}, format="json")
    assert r.status_code == 403 and not ContactLink.objects.filter(enterprise=firms["c"]).exists()


def test_a_double_submit_makes_one_link(firms, duty, client_for):
    c = client_for("staff")
    url = f"/duties/stations/{duty['station'].pk}/contacts/add/"
    data = {"deputy": duty["head"].pk, "enterprise": firms["c"].pk, "started_on": "2026-06-01"}
    assert c.post(url, data).status_code == 302
    r = c.post(url, data, follow=True)
    assert "未重复登记" in r.content.decode()
    assert ContactLink.objects.filter(enterprise=firms["c"]).count() == 1
    assert AuditEvent.objects.filter(event_type="contact_link.create", target_id=str(firms["c"].pk)).count() == 1
    coverage = c.get("/api/v1/contact-links/coverage/").json()
    assert coverage["with_contact"] == 3 and coverage["uncovered"] == []


def test_api_creates_ends_and_refuses_in_chinese(firms, duty, personas):
    api = APIClient()
    api.force_authenticate(personas["staff"])
    r = api.post("/api/v1/contact-links/", {"deputy": duty["head"].pk, "enterprise": firms["c"].pk}, format="json")
    assert r.status_code == 201 and r.json()["started_on"] == "2026-06-15" and r.json()["current"] is True
    again = api.post("/api/v1/contact-links/", {"deputy": duty["head"].pk, "enterprise": firms["c"].pk}, format="json")
    assert again.status_code == 200 and again.json()["id"] == r.json()["id"]
    link = firms["la"]
    before = AuditEvent.objects.count()
    for body, message in (
        ({"version": 1, "ended_on": "2024-12-31"}, "不能早于起始日期"),
        ({"version": 1, "ended_on": "2026-07-01"}, "不能晚于今天"),
        ({"version": 1, "ended_on": "2026-13-45"}, "不是有效日期"),
        ({"version": "٣"}, "版本号"),
    ):
        r = api.post(f"/api/v1/contact-links/{link.pk}/end/", body, format="json")
        assert r.status_code == 400 and message in r.json()["detail"], (body, r.json())
    assert api.post(f"/api/v1/contact-links/{link.pk}/end/", {"version": 9}, format="json").status_code == 409
    for body, message in (({"deputy": "٣", "enterprise": firms["c"].pk}, "代表不存在"),
                          ({"deputy": duty["head"].pk, "enterprise": firms["e"].pk}, "企业不存在"),
                          ({"deputy": duty["head"].pk, "enterprise": firms["d"].pk, "started_on": "2026-06-16"}, "不能晚于今天")):
        r = api.post("/api/v1/contact-links/", body, format="json")
        assert r.status_code == 400 and message in r.json()["detail"], (body, r.json())
    link.refresh_from_db()
    assert link.ended_on is None and AuditEvent.objects.count() == before
    assert not ContactLink.objects.filter(enterprise=firms["d"]).exists()
    r = api.post(f"/api/v1/contact-links/{link.pk}/end/", {"version": 1, "ended_on": "2026-06-01"}, format="json")
    assert r.status_code == 200 and r.json()["ended_on"] == "2026-06-01" and r.json()["current"] is False
    assert api.get(f"/api/v1/contact-links/?enterprise={firms['a'].pk}&current=true").json()["results"] == []


def test_the_station_page_refuses_bad_input_in_chinese(firms, duty, client_for):
    c = client_for("staff")
    url = f"/duties/stations/{duty['station'].pk}/contacts/add/"
    r = c.post(url, {"deputy": "٣", "enterprise": firms["c"].pk})
    assert r.status_code == 400 and "所选代表不在可选范围内" in r.content.decode()
    r = c.post(url, {"deputy": duty["head"].pk, "enterprise": firms["c"].pk, "started_on": "2026-02-30"})
    assert r.status_code == 400 and "不是存在的日期" in r.content.decode()
    assert not ContactLink.objects.filter(enterprise=firms["c"]).exists()
    end = f"/duties/stations/{duty['station'].pk}/contacts/{firms['la'].pk}/end/"
    r = c.post(end, {"version": 1, "ended_on": "2024-06-01"}, follow=True)
    assert "包挂结束日期不能早于起始日期（2025年1月1日）" in r.content.decode()
    firms["la"].refresh_from_db()
    assert firms["la"].ended_on is None
    c.post(end, {"version": 1, "ended_on": "2026-06-10"})
    firms["la"].refresh_from_db()
    assert firms["la"].ended_on == dt.date(2026, 6, 10)


def test_service_refuses_staff_of_another_region_and_inactive_deputies(firms, duty, personas):
    from django.core.exceptions import PermissionDenied

    from shuanglian.core.errors import BusinessError

    with pytest.raises(PermissionDenied):
        contact_link_create(actor=personas["bishan_staff"], deputy=duty["head"], enterprise=firms["c"])
    duty["other"].is_active = False
    duty["other"].save()
    with pytest.raises(BusinessError, match="已不在任"):
        contact_link_create(actor=personas["staff"], deputy=duty["other"], enterprise=firms["c"])
    with pytest.raises(BusinessError, match="已于2026年6月1日结束"):
        ended = contact_link_end(actor=personas["staff"], link=firms["la"], ended_on=dt.date(2026, 6, 1), version=1)
        contact_link_end(actor=personas["staff"], link=ended, version=ended.version)


def test_the_enterprise_file_and_the_deputy_page_link_each_other(firms, duty, client_for):
    c = client_for("staff")
    page = c.get(f"/chains/enterprises/{firms['a'].pk}/").content.decode()
    assert f'href="/deputies/{duty["me"].pk}/">周代表</a>' in page
    page = c.get(f"/deputies/{duty['me'].pk}/").content.decode()
    assert f'href="/chains/enterprises/{firms["a"].pk}/">甲链主公司</a>' in page and "2025-01-01" in page


def test_my_page_lists_my_enterprises_with_the_last_visit(firms, client_for, duty, personas):
    contact_link_create(actor=personas["staff"], deputy=duty["me"], enterprise=firms["b"], started_on=dt.date(2025, 1, 1))
    page = client_for("deputy").get("/duties/me/").content.decode()
    assert "我的包挂企业" in page and "上次走访 2026年5月10日" in page
    assert "上次走访 2026年1月10日 <strong>已超过3个月未走访" in page


def test_the_sweep_reminds_the_deputy_once(firms, duty, personas):
    duty["other"].user = personas["town_staff"]  # any account: the notice goes to the deputy's own inbox
    duty["other"].save()
    assert duties_sweep(on=ON) == "代表履职扫描：联系包挂走访提醒 1 条"
    notice = Notice.objects.get()
    assert notice.user == personas["town_staff"] and "乙规上公司" in notice.text and "2026年1月10日" in notice.text
    assert duties_sweep(on=ON) == "代表履职扫描：没有新的提醒"
    assert Notice.objects.count() == 1
    # a fresh link is given the whole period before its first reminder
    contact_link_create(actor=personas["staff"], deputy=duty["other"], enterprise=firms["c"], started_on=ON)
    Notice.objects.all().delete()
    assert duties_sweep(on=ON) == "代表履职扫描：联系包挂走访提醒 1 条"


def test_an_activity_records_the_enterprises_visited_and_the_coverage_counts_it(firms, duty, client_for):
    c = client_for("staff")
    url = f"/duties/stations/{duty['station'].pk}/activities/new/"
    assert "乙规上公司（重点）" in c.get(url).content.decode()
    r = c.post(url, {"kind": "visit", "title": "走访乙", "date": "2026-06-01", "enterprises": ["٣"]})
    assert r.status_code == 400 and "所选走访企业不在可选范围内" in r.content.decode()
    assert not Activity.objects.filter(title="走访乙").exists()
    r = c.post(url, {"kind": "visit", "title": "走访乙", "date": "2026-06-01", "enterprises": [firms["b"].pk]})
    assert r.status_code == 302
    assert list(Activity.objects.get(title="走访乙").enterprises.all()) == [firms["b"]]
    cover = c.get("/api/v1/contact-links/coverage/").json()
    assert cover["visited"] == 3 and cover["unvisited"] == []


def test_openapi_documents_the_contact_link_endpoints(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    paths = schema["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/contact-links/"])
    assert "post" in paths["/api/v1/contact-links/{id}/end/"]
    params = {p["name"] for p in paths["/api/v1/contact-links/coverage/"]["get"]["parameters"]}
    assert {"station", "chain", "region"} <= params


def _xlsx(rows):
    import io

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["代表姓名", "企业", "包挂起始日期"])
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "contacts.xlsx"
    return buf


def test_excel_import_is_all_or_nothing_with_row_and_column_errors(firms, duty, client_for):
    c = client_for("staff")
    url = f"/duties/stations/{duty['station'].pk}/contacts/import/"
    assert c.get(url + "?template=1")["Content-Type"].startswith("application/vnd.openxmlformats")
    before = ContactLink.objects.count()
    r = c.post(url, {"file": _xlsx([["陈点长", "丙专精特新公司", "2026-06-01"], ["李不存在", "丁小微公司", ""],
                                    ["吴代表", "戊璧山公司", ""], ["吴代表", "丁小微公司", "2026-07-01"]])})
    page = r.content.decode()
    assert r.status_code == 400
    assert "第3行「代表姓名」：“李不存在”不是本阵地的代表" in page
    assert "第4行「企业」：找不到企业“戊璧山公司”，或不在本阵地范围内" in page
    assert ContactLink.objects.count() == before
    r = c.post(url, {"file": _xlsx([["陈点长", "丙专精特新公司", "2026-06-01"], ["吴代表", "丁小微公司", "2026-07-01"]])})
    assert r.status_code == 400 and "第3行：包挂起始日期不能晚于今天" in r.content.decode()
    assert ContactLink.objects.count() == before  # row 2 was valid, but the file is refused whole
    r = c.post(url, {"file": _xlsx([["陈点长", "丙专精特新公司", "2026-06-01"], ["周代表", "甲链主公司", ""]])},
               follow=True)
    assert "新登记联系包挂 1 条，已在包挂 1 条" in r.content.decode()
    assert ContactLink.objects.get(enterprise=firms["c"]).started_on == dt.date(2026, 6, 1)


def test_the_station_page_costs_the_same_with_more_links(firms, duty, regions, client_for, django_assert_max_num_queries):
    c = client_for("staff")
    url = f"/duties/stations/{duty['station'].pk}/contacts/"
    c.get(url)
    for i in range(12):
        firm = Enterprise.objects.create(name=f"新增规上{i}", region=regions["beibei"], scale="above")
        contact_link_create(actor=duty["staff"], deputy=duty["head"] if i % 2 else duty["me"], enterprise=firm,
                            started_on=dt.date(2026, 1, 1))
    # session, user, station + members, the links, the six of the figures, the form's choices
    with django_assert_max_num_queries(14):
        page = c.get(url).content.decode()
    assert page.count("新增规上") >= 12 * 2  # each in the links table and in the form's list
