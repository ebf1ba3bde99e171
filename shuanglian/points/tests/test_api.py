"""The API under the names integrators use, the permission matrix, and bad input (Chinese 400,
nothing changed)."""

import datetime as dt

import pytest

from shuanglian.core.models import AuditEvent
from shuanglian.points.models import (
    PointEntry,
    PointObjection,
    PointPublication,
    PointRule,
    PointTotal,
)

pytestmark = pytest.mark.django_db
D = dt.date(2026, 10, 15)


@pytest.fixture
def scored(pts, award, on_day):
    on_day(dt.date(2026, 12, 31))
    award(pts["me"], "inspection_attended", "a:1", D)
    award(pts["wu"], "inspection_attended", "a:1", D)
    award(pts["cai"], "reception_attended", "r:1", D)
    award(pts["bi"], "reception_attended", "r:1", D)
    return pts


def _state():
    return (PointEntry.objects.count(), PointTotal.objects.count(), PointObjection.objects.count(),
            PointPublication.objects.count(), list(PointRule.objects.values_list("points", "version")),
            AuditEvent.objects.count())


def test_ranking_api_by_the_issue_names(scored, api_for, regions):
    r = api_for("staff").get(f"/api/v1/points/ranking/?region={regions['beibei'].pk}&period=2026Q4")
    assert r.status_code == 200, r.json()
    data = r.json()
    assert data["deputies"] == 3 and data["published"] is False
    assert [(x["name"], x["rank"], x["points"]) for x in data["results"]] == [
        ("周代表", 1, 3), ("吴代表", 1, 3), ("蔡代表", 3, 2)]
    year = api_for("leader").get(f"/api/v1/points/ranking/?region={regions['beibei'].pk}&period=2026").json()
    assert year["period_display"] == "2026年" and year["results"][0]["points"] == 3
    station = api_for("staff").get(f"/api/v1/points/ranking/?station={scored['station'].pk}&period=2026Q4").json()
    assert station["deputies"] == 2


def test_entries_api_by_the_issue_names(scored, api_for):
    me = scored["me"]
    data = api_for("deputy").get("/api/v1/points/?period=2026Q4").json()
    assert data["deputy"]["name"] == "周代表" and data["total"] == 3
    assert data["entries"][0]["rule_name"] == "参加视察" and data["entries"][0]["points"] == 3
    staff = api_for("staff").get(f"/api/v1/points/?deputy={me.pk}&period=2026").json()
    assert staff["quarters"] == {"2026Q1": 0, "2026Q2": 0, "2026Q3": 0, "2026Q4": 3}


@pytest.mark.parametrize("who,target,code", [
    ("deputy", "me", 200), ("deputy", "wu", 404), ("staff", "cai", 200), ("town_staff", "cai", 200),
    ("town_staff", "wu", 404), ("bishan_staff", "me", 404), ("leader", "me", 200), ("handler", "me", 404),
    ("outsider", "me", 404), ("admin", "bi", 200),
])
def test_who_reads_whose_entries(scored, api_for, who, target, code):
    r = api_for(who).get(f"/api/v1/points/?deputy={scored[target].pk}&period=2026Q4")
    assert r.status_code == code


def test_ranking_visibility(scored, api_for, regions, personas):
    url = f"/api/v1/points/ranking/?region={regions['beibei'].pk}&period=2026Q4"
    assert api_for("deputy").get(url).status_code == 404  # not yet published
    assert api_for("bishan_staff").get(url).status_code == 404
    assert api_for("handler").get(url).status_code == 404
    assert api_for("leader").get(url).status_code == 200
    r = api_for("leader").post("/api/v1/points/publications/", {"region": regions["beibei"].pk, "period": "2026Q4"},
                               format="json")
    assert r.status_code == 403 and "工作人员" in r.json()["detail"]
    r = api_for("staff").post("/api/v1/points/publications/", {"region": regions["beibei"].pk, "period": "2026Q4"},
                              format="json")
    assert r.status_code == 201
    assert api_for("deputy").get(url).json()["published"] is True
    assert api_for("deputy").get(f"/api/v1/points/ranking/?region={regions['bishan'].pk}&period=2026Q4").status_code == 404
    assert api_for("deputy").get(f"/api/v1/points/ranking/?station={scored['station'].pk}&period=2026Q4").status_code == 404
    assert api_for("deputy").get("/api/v1/points/publications/").json()[0]["period"] == "2026Q4"


@pytest.mark.parametrize("url", [
    "/api/v1/points/ranking/?period=2026Q5", "/api/v1/points/ranking/?period=２０２６Q4",
    "/api/v1/points/ranking/?period=26Q4", "/api/v1/points/ranking/?region=abc",
    "/api/v1/points/ranking/?region=٣", "/api/v1/points/ranking/?limit=0", "/api/v1/points/ranking/?limit=٣",
    "/api/v1/points/ranking/?offset=-1", "/api/v1/points/?deputy=x", "/api/v1/points/?period=Q4",
    "/api/v1/points/",
])
def test_bad_queries_get_a_chinese_400(scored, api_for, url):
    r = api_for("staff").get(url)
    assert r.status_code == 400, (url, r.content)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in r.json()["detail"])


@pytest.mark.parametrize("url,payload", [
    ("/api/v1/points/manual/", {"deputy": "me", "rule": "commended", "occurred_on": "2026-13-01", "reason": "表彰"}),
    ("/api/v1/points/manual/", {"deputy": "me", "rule": "commended", "occurred_on": "2026-10-01", "reason": ""}),
    ("/api/v1/points/manual/", {"deputy": "me", "rule": "nope", "occurred_on": "2026-10-01", "reason": "表彰"}),
    ("/api/v1/points/manual/", {"deputy": "me", "rule": "commended", "occurred_on": "2026-10-01", "reason": "表彰",
                                "points": "٣"}),
    ("/api/v1/points/manual/", {"deputy": "me", "rule": "reception_attended", "occurred_on": "2026-10-01",
                                "reason": "补记"}),
    ("/api/v1/points/manual/", {"deputy": "bi", "rule": "commended", "occurred_on": "2026-10-01", "reason": "表彰"}),
    ("/api/v1/points/publications/", {"region": "beibei", "period": "2026Q9"}),
    ("/api/v1/points/publications/", {"region": "beibei", "period": "2027Q1"}),
    ("/api/v1/points/rebuild/", {"year": "٢٠٢٦", "region": "beibei"}),
    ("/api/v1/points/rebuild/", {"year": "1999"}),
])
def test_bad_writes_get_a_chinese_400_and_change_nothing(scored, api_for, regions, url, payload):
    payload = dict(payload)
    if "deputy" in payload:
        payload["deputy"] = scored[payload["deputy"]].pk
    if "region" in payload:
        payload["region"] = regions[payload["region"]].pk
    before = _state()
    r = api_for("staff").post(url, payload, format="json")
    assert r.status_code == 400, (url, r.content)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in r.json()["detail"])
    assert _state() == before


def test_rule_edit_api(scored, api_for, personas, pts):
    from rest_framework.test import APIClient

    rule = PointRule.objects.get(code="reception_attended")
    url = f"/api/v1/points/rules/{rule.pk}/"
    assert len(api_for("deputy").get("/api/v1/points/rules/").json()) == PointRule.objects.count()
    assert api_for("staff").put(url, {"name": "接待日", "points": "3", "active": True}, format="json").status_code == 403
    city = APIClient()
    city.force_authenticate(pts["city_staff"])
    before = _state()
    for bad in [{"points": "abc"}, {"points": "-2"}, {"cap": "0"}, {"active": "yes"}, {"name": ""},
                {"points": "3", "version": 99}]:
        r = city.put(url, {"name": rule.name, "points": "2", "cap": "6", "active": True, "version": 1, **bad},
                     format="json")
        assert r.status_code in (400, 409) and r.json()["detail"], bad
    assert _state() == before
    r = city.put(url, {"name": rule.name, "points": "2.5", "cap": "6", "active": True, "version": 1}, format="json")
    assert r.status_code == 200 and r.json()["points"] == 2.5 and r.json()["version"] == 2


def test_objection_api_flow(scored, api_for):
    entry = PointEntry.objects.get(deputy=scored["me"])
    other = PointEntry.objects.get(deputy=scored["wu"])
    deputy = api_for("deputy")
    for bad in [{"kind": "wrong", "reason": "x"}, {"kind": "odd", "entry": entry.pk, "reason": "x"},
                {"kind": "missing", "rule": "commended", "occurred_on": "2026-02-30", "reason": "x"},
                {"kind": "missing", "rule": "nope", "occurred_on": "2026-02-03", "reason": "x"},
                {"kind": "wrong", "entry": entry.pk, "reason": ""}]:
        r = deputy.post("/api/v1/points/objections/", bad, format="json")
        assert r.status_code == 400 and r.json()["detail"], bad
    assert not PointObjection.objects.exists()
    assert deputy.post("/api/v1/points/objections/", {"kind": "duplicate", "entry": other.pk, "reason": "x"},
                       format="json").status_code == 404
    r = deputy.post("/api/v1/points/objections/", {"kind": "duplicate", "entry": entry.pk, "reason": "重复计分"},
                    format="json")
    assert r.status_code == 201 and r.json()["allowed_actions"] == ["withdraw"]
    oid = r.json()["id"]
    staff = api_for("staff")
    got = staff.get(f"/api/v1/points/objections/{oid}/").json()
    assert got["allowed_actions"] == ["accept", "reject"]
    assert api_for("bishan_staff").get(f"/api/v1/points/objections/{oid}/").status_code == 404
    assert api_for("leader").post(f"/api/v1/points/objections/{oid}/actions/accept/", {}, format="json").status_code == 403
    assert staff.post(f"/api/v1/points/objections/{oid}/actions/reject/", {"note": ""}, format="json").status_code == 400
    assert staff.post(f"/api/v1/points/objections/{oid}/actions/fly/", {}, format="json").status_code == 400
    assert staff.post(f"/api/v1/points/objections/{oid}/actions/accept/", {"version": 9},
                      format="json").status_code == 409
    r = staff.post(f"/api/v1/points/objections/{oid}/actions/accept/", {"note": "核实", "version": 1}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "accepted" and r.json()["correction"]["points"] == -3
    assert deputy.get("/api/v1/points/?period=2026Q4").json()["total"] == 0


def test_rebuild_api(scored, api_for, regions):
    assert api_for("leader").post("/api/v1/points/rebuild/", {"year": 2026, "region": regions["beibei"].pk},
                                  format="json").status_code == 403
    r = api_for("staff").post("/api/v1/points/rebuild/", {"year": 2026, "region": regions["beibei"].pk}, format="json")
    assert r.status_code == 200 and r.json()["year"] == 2026


def test_schema_documents_the_points_api(client, personas):
    client.force_login(personas["staff"])
    schema = client.get("/api/v1/schema/").content.decode()
    for name in ("/api/v1/points/ranking/", "/api/v1/points/", "/api/v1/points/rules/{id}/",
                 "/api/v1/points/objections/{id}/actions/{name}/"):
        assert name in schema
