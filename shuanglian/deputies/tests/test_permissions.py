"""Permission matrix: every persona × (region, department, deputy, station) × (read, write),
over HTML and the API. Unreadable objects answer 404 exactly like a missing id; readable but
not writable answer 403."""

import pytest

ROLES = ["staff", "town_staff", "handler", "dept_leader", "outsider", "deputy", "leader", "admin", "bishan_staff"]

# Objects all live in 北碚区 (the deputy and station are ones the deputy persona has nothing to do with).
READ = {
    #               region  department deputy station
    "staff":        (200,   200,       200,   200),
    "town_staff":   (404,   200,       404,   404),  # sees its town only; district departments are listed above it
    "handler":      (200,   200,       404,   404),
    "dept_leader":  (200,   200,       404,   404),
    "outsider":     (200,   200,       404,   404),
    "deputy":       (200,   200,       404,   404),
    "leader":       (200,   200,       200,   200),
    "admin":        (200,   200,       200,   200),
    "bishan_staff": (404,   404,       404,   404),
}
WRITE = {
    #               region(create child) department deputy station
    "staff":        (201,   200,       200,   200),
    "town_staff":   (400,   403,       404,   404),  # 400: the parent region id is not one it can use
    "handler":      (403,   403,       404,   404),
    "dept_leader":  (403,   403,       404,   404),
    "outsider":     (403,   403,       404,   404),
    "deputy":       (403,   403,       404,   404),
    "leader":       (403,   403,       403,   403),
    "admin":        (201,   200,       200,   200),
    "bishan_staff": (400,   404,       404,   404),
}


@pytest.fixture
def targets(registry, regions, departments):
    return {
        "region": regions["beibei"], "department": departments["jxw"],
        "deputy": registry["head"], "station": registry["other"],
    }


@pytest.mark.parametrize("role", ROLES)
def test_api_read(role, api_for, targets):
    api = api_for(role)
    urls = [f"/api/v1/regions/{targets['region'].pk}/", f"/api/v1/departments/{targets['department'].pk}/",
            f"/api/v1/deputies/{targets['deputy'].pk}/", f"/api/v1/stations/{targets['station'].pk}/"]
    got = tuple(api.get(u).status_code for u in urls)
    assert got == READ[role]
    # The lists agree with the detail endpoints: what 404s is never listed.
    for url, kind, code in zip(urls, ["regions", "departments", "deputies", "stations"], READ[role], strict=True):
        listed = {row["id"] for row in api.get(f"/api/v1/{kind}/", {"page_size": 500}).json()["results"]}
        assert (int(url.rstrip("/").rsplit("/", 1)[1]) in listed) == (code == 200), (kind, url)


@pytest.mark.parametrize("role", ROLES)
def test_api_write(role, api_for, targets, personas):
    api = api_for(role)
    got = (
        api.post("/api/v1/regions/", {"name": f"新街道{role}", "code": f"5001099{ROLES.index(role):02d}",
                                      "level": "subdistrict", "parent": targets["region"].pk}, format="json").status_code,
        api.patch(f"/api/v1/departments/{targets['department'].pk}/", {"short_name": "经信委"}, format="json").status_code,
        api.patch(f"/api/v1/deputies/{targets['deputy'].pk}/", {"sector": "科技界"}, format="json").status_code,
        api.patch(f"/api/v1/stations/{targets['station'].pk}/", {"address": "新地址"}, format="json").status_code,
    )
    assert got == WRITE[role]


@pytest.mark.parametrize("role", ROLES)
def test_html_read(role, client_for, targets):
    c = client_for(role)
    region_page = c.get("/regions/")
    region_code = 200 if f'data-region="{targets["region"].code}"' in region_page.content.decode() else 404
    dept_page = c.get("/departments/")
    dept_code = 200 if dept_page.status_code == 200 and ">区经济信息委<" in dept_page.content.decode() else 404
    got = (
        region_code, dept_code,
        c.get(f"/deputies/{targets['deputy'].pk}/").status_code,
        c.get(f"/stations/{targets['station'].pk}/").status_code,
    )
    assert got == READ[role]


@pytest.mark.parametrize("role", ROLES)
def test_html_write(role, client_for, targets):
    c = client_for(role)
    got = (
        c.get(f"/departments/{targets['department'].pk}/edit/").status_code,
        c.get(f"/deputies/{targets['deputy'].pk}/edit/").status_code,
        c.get(f"/stations/{targets['station'].pk}/edit/").status_code,
        c.post(f"/stations/{targets['station'].pk}/rotate/").status_code,
    )
    expected_dept, expected_deputy, expected_station = WRITE[role][1:]
    # a successful rotate redirects back to the station page
    expected_rotate = 302 if expected_station == 200 else expected_station
    assert got == (expected_dept, expected_deputy, expected_station, expected_rotate)


@pytest.mark.parametrize("role", ["handler", "dept_leader", "outsider"])
def test_department_roles_have_no_registry_lists(role, client_for):
    c = client_for(role)
    assert c.get("/deputies/").status_code == 403
    assert c.get("/stations/").status_code == 403


def test_create_pages_are_for_staff_only(client_for):
    for role, code in [("staff", 200), ("admin", 200), ("leader", 403), ("deputy", 403), ("handler", 403)]:
        c = client_for(role)
        assert c.get("/deputies/new/").status_code == code, role
        assert c.get("/stations/new/").status_code == code, role
        assert c.get("/departments/new/").status_code == code, role


def test_deputy_sees_own_record_and_own_station_but_cannot_change_them(client_for, api_for, registry):
    c = client_for("deputy")
    me, mine, other = registry["me"], registry["qianli"], registry["other"]
    assert c.get(f"/deputies/{me.pk}/").status_code == 200
    assert c.get(f"/deputies/{me.pk}/edit/").status_code == 403
    page = c.get("/stations/").content.decode()
    assert mine.name in page and other.name not in page
    detail = c.get(f"/stations/{mine.pk}/").content.decode()
    assert "陈点长" in detail and "网格员甲" in detail
    assert mine.intake_token not in detail  # the QR code is handed out by staff, not shown here
    assert c.get(f"/stations/{mine.pk}/qr.png").status_code == 403
    rows = api_for("deputy").get("/api/v1/deputies/").json()["results"]
    assert [r["name"] for r in rows] == ["周代表"]


def test_guessing_another_regions_ids_finds_nothing(client_for, api_for, registry):
    bishan_station, bishan_deputy = registry["bishan"], registry["liu"]
    c, api = client_for("staff"), api_for("staff")
    for url in [f"/stations/{bishan_station.pk}/", f"/stations/{bishan_station.pk}/qr.svg",
                f"/stations/{bishan_station.pk}/poster/", f"/stations/{bishan_station.pk}/rotate/",
                f"/deputies/{bishan_deputy.pk}/", f"/deputies/{bishan_deputy.pk}/edit/"]:
        assert c.get(url).status_code == 404, url
    assert c.post(f"/deputies/{bishan_deputy.pk}/deactivate/").status_code == 404
    assert api.post(f"/api/v1/stations/{bishan_station.pk}/rotate_token/").status_code == 404
    assert api.get(f"/api/v1/deputies/{bishan_deputy.pk}/").json()["code"] == "not_found"
    # A missing id looks the same as a forbidden one.
    assert api.get("/api/v1/deputies/999999/").json() == api.get(f"/api/v1/deputies/{bishan_deputy.pk}/").json()
    bishan_station.refresh_from_db()
    assert bishan_station.intake_token == registry["bishan"].intake_token


def test_town_staff_cannot_register_in_the_district(api_for, client_for, regions):
    api = api_for("town_staff")
    resp = api.post("/api/v1/deputies/", {"name": "越权", "level": "district", "region": regions["beibei"].pk}, format="json")
    assert resp.status_code == 400  # 北碚区 is not a region it can choose
    ok = api.post("/api/v1/deputies/", {"name": "本街道代表", "level": "town", "region": regions["caijia"].pk}, format="json")
    assert ok.status_code == 201
