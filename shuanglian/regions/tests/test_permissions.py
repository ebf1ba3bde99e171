"""Permission matrix for regions (the pattern of deputies/tests/test_permissions.py, which covers
reading a region and a department, creating a child region and changing a department): every
persona × creating a department in 北碚区, over HTML and the API, top-level regions, and the
region and department lists each persona gets."""

import pytest

from shuanglian.regions.models import Department, Region

ROLES = ["staff", "town_staff", "handler", "dept_leader", "outsider", "deputy", "leader", "admin", "bishan_staff"]

# Creating 区科技局 in 北碚区: 400 (API) / the form again (HTML 200) when 北碚区 is not a region the
# persona may choose; 403 for roles that never write the registry.
CREATE_DEPARTMENT = {
    #               API   HTML
    "staff":        (201, 302),
    "town_staff":   (400, 200),
    "handler":      (403, 403),
    "dept_leader":  (403, 403),
    "outsider":     (403, 403),
    "deputy":       (403, 403),
    "leader":       (403, 403),
    "admin":        (201, 302),
    "bishan_staff": (400, 200),
}

# The regions each persona works in (the API list, the tree page) and the departments it may pick.
SEES = {
    "staff":        ({"北碚区", "蔡家岗街道", "童家溪镇"}, {"区经济信息委", "区发改委"}),
    "town_staff":   ({"蔡家岗街道"}, {"区经济信息委", "区发改委"}),  # the district's units, above it
    "handler":      ({"北碚区", "蔡家岗街道", "童家溪镇"}, {"区经济信息委", "区发改委"}),
    "dept_leader":  ({"北碚区", "蔡家岗街道", "童家溪镇"}, {"区经济信息委", "区发改委"}),
    "outsider":     ({"北碚区", "蔡家岗街道", "童家溪镇"}, {"区经济信息委", "区发改委"}),
    "deputy":       ({"北碚区", "蔡家岗街道", "童家溪镇"}, {"区经济信息委", "区发改委"}),
    "leader":       ({"北碚区", "蔡家岗街道", "童家溪镇"}, {"区经济信息委", "区发改委"}),
    "admin":        ({"重庆市", "北碚区", "蔡家岗街道", "童家溪镇", "璧山区"},
                     {"区经济信息委", "区发改委", "璧山区经济信息委"}),
    "bishan_staff": ({"璧山区"}, {"璧山区经济信息委"}),
}


@pytest.mark.parametrize("role", ROLES)
def test_create_department(role, api_for, client_for, regions, departments, personas):
    beibei = regions["beibei"]
    api = api_for(role).post("/api/v1/departments/", {"name": "区科技局", "region": beibei.pk}, format="json")
    html = client_for(role).post("/departments/new/", {"name": "区科技局（网页）", "region": beibei.pk,
                                                       "is_active": "on"})
    assert (api.status_code, html.status_code) == CREATE_DEPARTMENT[role]
    made = set(Department.objects.filter(name__startswith="区科技局").values_list("name", flat=True))
    assert made == ({"区科技局", "区科技局（网页）"} if CREATE_DEPARTMENT[role][0] == 201 else set())


@pytest.mark.parametrize("role", ROLES)
def test_lists(role, api_for, regions, departments):
    api = api_for(role)
    region_names = {r["name"] for r in api.get("/api/v1/regions/", {"page_size": 500}).json()["results"]}
    dept_names = {d["name"] for d in api.get("/api/v1/departments/", {"page_size": 500}).json()["results"]}
    assert (region_names, dept_names) == SEES[role]


@pytest.mark.parametrize("role", ["staff", "town_staff", "leader", "bishan_staff"])
def test_only_the_admin_creates_a_top_level_region(role, api_for, regions, personas):
    resp = api_for(role).post("/api/v1/regions/", {"name": "新市", "code": "510000", "level": "city"}, format="json")
    assert resp.status_code == 403 and resp.json()["code"] == "permission_denied"
    assert api_for("admin").post("/api/v1/regions/", {"name": "新市", "code": "510000", "level": "city"},
                                 format="json").status_code == 201
    assert Region.objects.filter(code="510000").count() == 1


@pytest.mark.parametrize("role", ROLES)
def test_only_regional_readers_see_the_rolled_up_counts(role, client_for, regions, departments):
    # Counts of deputies and stations are the registry's figures: staff, leaders and the admin
    # see them on the tree; department users and deputies see the regions only.
    html = client_for(role).get("/regions/").content.decode()
    shows = "数字为本区域及下辖镇街合计" in html
    assert shows is (role in ("staff", "town_staff", "leader", "admin", "bishan_staff"))
    assert ("代表 " in html) is shows
