"""Permission matrix: every persona × (region, department, deputy, station) × (read, write),
over HTML and the API. Unreadable objects answer 404 exactly like a missing id; readable but
not writable answer 403."""

import io

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


# --- the rest of the registry: exports, imports, deactivation, members, QR codes ---------------

def _cells(resp) -> set[str]:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(resp.content))
    return {str(c) for ws in wb for row in ws.iter_rows(values_only=True) for c in row if c is not None}


# Exports: who may download (200) and what the file holds for the 北碚 target deputy 陈点长
# (13600003333) and station 千里科技 (its scan address is for staff only).
EXPORT = {
    #               status  has 陈点长 full phone  station  scan address
    "staff":        (200,   True,    True,       True,    True),
    "town_staff":   (200,   False,   False,      False,   False),
    "handler":      (403,   False,   False,      False,   False),
    "dept_leader":  (403,   False,   False,      False,   False),
    "outsider":     (403,   False,   False,      False,   False),
    "deputy":       (403,   False,   False,      False,   False),
    "leader":       (200,   True,    False,      True,    False),  # reads all, phones masked
    "admin":        (200,   True,    True,       True,    True),
    "bishan_staff": (200,   False,   False,      False,   False),
}


@pytest.mark.parametrize("role", ROLES)
def test_exports(role, client_for, registry):
    c = client_for(role)
    deputies, stations = c.get("/deputies/export.xlsx"), c.get("/stations/export.xlsx")
    status, has_head, full_phone, has_station, scan = EXPORT[role]
    assert (deputies.status_code, stations.status_code) == (status, status)
    dcells = _cells(deputies) if status == 200 else set()
    scells = _cells(stations) if status == 200 else set()
    assert ("陈点长" in dcells, "13600003333" in dcells) == (has_head, full_phone)
    if has_head and not full_phone:
        assert "136****3333" in dcells
    if role in ("staff", "town_staff", "leader"):
        assert "刘波" not in dcells  # 璧山区's deputy
    assert (registry["qianli"].name in scells, any(registry["qianli"].intake_token in x for x in scells)) == (has_station, scan)


@pytest.mark.parametrize("role", ROLES)
def test_imports_and_templates_are_for_staff(role, client_for):
    c = client_for(role)
    code = 200 if role in ("staff", "town_staff", "admin", "bishan_staff") else 403
    got = [c.get(url).status_code for url in ("/deputies/import/", "/deputies/import/template.xlsx",
                                               "/stations/import/", "/stations/import/template.xlsx")]
    assert got == [code] * 4


# Writes on one deputy (陈点长) and one station (千里科技: the deputy persona is a member, so it
# reads it and gets 403 on writes) over HTML and API; what answered other than 2xx/302 changed nothing.
REGISTRY_WRITES = {
    #               deactivate  add member  remove member  QR / poster
    "staff":        (302,       302,        302,           200),
    "town_staff":   (404,       404,        404,           404),
    "handler":      (404,       404,        404,           404),
    "dept_leader":  (404,       404,        404,           404),
    "outsider":     (404,       404,        404,           404),
    "deputy":       (404,       403,        403,           403),
    "leader":       (403,       403,        403,           403),
    "admin":        (302,       302,        302,           200),
    "bishan_staff": (404,       404,        404,           404),
}
API_CODE = {302: None, 403: 403, 404: 404}


@pytest.mark.parametrize("role", ROLES)
def test_html_registry_writes(role, client_for, registry):
    from shuanglian.deputies.models import StationMember

    c = client_for(role)
    head, station = registry["head"], registry["qianli"]
    grid = station.members.get(kind="grid_worker")
    got = (
        c.post(f"/deputies/{head.pk}/deactivate/").status_code,
        c.post(f"/stations/{station.pk}/members/", {"kind": "grid_worker", "name": "网格员乙"}).status_code,
        c.post(f"/stations/{station.pk}/members/{grid.pk}/remove/").status_code,
        c.get(f"/stations/{station.pk}/qr.png").status_code,
    )
    assert got == REGISTRY_WRITES[role]
    assert {c.get(f"/stations/{station.pk}/{p}").status_code for p in ("qr.svg", "poster/")} == {got[3]}
    wrote = got[0] == 302
    head.refresh_from_db()
    assert head.is_active is not wrote
    assert StationMember.objects.filter(station=station, name="网格员乙").exists() is wrote
    assert StationMember.objects.filter(pk=grid.pk).exists() is not wrote


@pytest.mark.parametrize("role", ROLES)
def test_api_registry_writes(role, api_for, registry):
    api = api_for(role)
    head, station = registry["head"], registry["qianli"]
    grid = station.members.get(kind="grid_worker")
    token = station.intake_token
    got = (
        api.post(f"/api/v1/deputies/{head.pk}/deactivate/").status_code,
        api.post(f"/api/v1/stations/{station.pk}/members/", {"kind": "grid_worker", "name": "网格员乙"},
                 format="json").status_code,
        api.delete(f"/api/v1/stations/{station.pk}/members/{grid.pk}/").status_code,
        api.post(f"/api/v1/stations/{station.pk}/rotate_token/").status_code,
    )
    html = REGISTRY_WRITES[role]
    expected = (200, 201, 204, 200) if html[0] == 302 else (html[0], html[1], html[2], html[3])
    assert got == expected
    station.refresh_from_db()
    assert (station.intake_token != token) is (got[3] == 200)


def test_a_station_serves_only_a_chain_its_writer_may_see(client_for, api_for, registry, regions):
    """The chain of a station, on the form, the API and the Excel import, is one of the writer's
    chains (chains.selectors.chain_list): 北碚 staff cannot attach 璧山's chain, nor the reverse."""
    from openpyxl import Workbook

    from shuanglian.chains.models import Chain
    from shuanglian.deputies.models import Station

    bishan_chain = Chain.objects.create(name="璧山汽摩链", region=regions["bishan"])
    form = client_for("staff").post("/stations/new/", {"kind": "activity_point", "name": "越界点",
                                                       "region": regions["beibei"].pk, "chain": bishan_chain.pk})
    assert form.status_code == 200 and "越界点" not in set(Station.objects.values_list("name", flat=True))
    api = api_for("staff").post("/api/v1/stations/", {"kind": "activity_point", "name": "越界点",
                                                      "region": regions["beibei"].pk, "chain": bishan_chain.pk},
                                format="json")
    assert api.status_code == 400 and api.json()["detail"].startswith("chain")

    def upload(region, chain):
        wb = Workbook()
        wb.active.append(["类型", "名称", "所属区域", "依托园区/企业", "服务产业链", "点长", "地址", "每月接待日", "启用"])
        wb.active.append(["人大代表活动点", "越界点", region, "", chain, "", "", "", ""])
        buf = io.BytesIO()
        wb.save(buf)
        buf.seek(0)
        buf.name = "阵地.xlsx"
        return buf

    page = client_for("staff").post("/stations/import/", {"file": upload("北碚区", "璧山汽摩链")}).content.decode()
    assert "第2行「服务产业链」：找不到产业链“璧山汽摩链”，或不在您的管辖范围内" in page
    page = client_for("bishan_staff").post(
        "/stations/import/", {"file": upload("璧山区", registry["chain"].name)}).content.decode()
    assert f"找不到产业链“{registry['chain'].name}”" in page
    assert not Station.objects.filter(name="越界点").exists()
    # Within scope the same three ways work: the import attaches 璧山's own chain for 璧山 staff.
    client_for("bishan_staff").post("/stations/import/", {"file": upload("璧山区", "璧山汽摩链")})
    assert Station.objects.get(name="越界点").chain == bishan_chain
