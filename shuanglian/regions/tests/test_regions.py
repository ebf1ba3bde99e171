import re

from shuanglian.core.models import AuditEvent
from shuanglian.deputies.models import Deputy, Station
from shuanglian.regions.models import Department


def _counts(html, code):
    li = re.search(rf'<li data-region="{code}">(.*?)(?:<ul>|</li>)', html, re.S).group(1)
    return tuple(int(n) for n in re.findall(r"(?:代表|阵地|部门) (\d+)", li))


def test_district_rolls_up_its_towns(client_for, personas, regions):
    Deputy.objects.create(name="街道代表", level="town", region=regions["caijia"])
    Deputy.objects.create(name="镇代表", level="town", region=regions["tongjia"])
    Station.objects.create(kind="activity_point", name="街道点", region=regions["caijia"])
    # Former deputies and closed stations are not counted.
    Deputy.objects.create(name="离任代表", level="town", region=regions["caijia"], is_active=False)
    Station.objects.create(kind="activity_point", name="停用点", region=regions["tongjia"], is_active=False)
    html = client_for("staff").get("/regions/").content.decode()
    # 北碚区: 周代表 (persona) + the two town deputies; one station; 区经济信息委 and 区发改委.
    assert _counts(html, "500109") == (3, 1, 2)
    assert _counts(html, "500109010") == (1, 1, 0)
    assert _counts(html, "500109102") == (1, 0, 0)
    assert 'data-region="500120"' not in html  # 璧山区 is not 北碚区's


def test_town_user_sees_only_its_town(client_for, personas, regions):
    html = client_for("town_staff").get("/regions/").content.decode()
    assert 'data-region="500109010"' in html
    assert 'data-region="500109"' not in html and 'data-region="500109102"' not in html


def test_region_tree_query_count_is_pinned(client_for, personas, regions, django_assert_max_num_queries):
    from shuanglian.regions.models import Region

    for i in range(20):
        r = Region(name=f"测试镇{i}", code=f"5001092{i:02d}", level="town", parent=regions["beibei"])
        r.path = r.compute_path()
        r.save()
    c = client_for("staff")
    # session, user, user.region, regions, three roll-up counts, session touch …: not one per region
    with django_assert_max_num_queries(10):
        resp = c.get("/regions/")
    assert "测试镇19" in resp.content.decode()


def test_department_list_and_query_count(client_for, departments, django_assert_max_num_queries, regions):
    for i in range(30):
        Department.objects.create(name=f"部门{i}", region=regions["beibei"])
    c = client_for("staff")
    with django_assert_max_num_queries(10):
        resp = c.get("/departments/", {"region": regions["beibei"].pk})
    page = resp.content.decode()
    assert "区经济信息委" in page and "部门29" in page and "璧山区经济信息委" not in page


def test_town_staff_sees_district_departments_but_cannot_edit_them(client_for, departments):
    c = client_for("town_staff")
    page = c.get("/departments/").content.decode()
    assert ">区经济信息委<" in page and "上级部门" in page
    assert c.get(f"/departments/{departments['jxw'].pk}/edit/").status_code == 403


def test_department_create_and_edit_with_chinese_errors(client_for, regions, departments):
    c = client_for("staff")
    bad = c.post("/departments/new/", {"name": "", "region": "", "email": "not-an-email"}).content.decode()
    assert "请填写部门名称" in bad and "请选择部门所属区域" in bad and "请输入有效的邮箱地址" in bad
    dup = c.post("/departments/new/", {"name": "区经济信息委", "region": regions["beibei"].pk}).content.decode()
    assert "已有名为「区经济信息委」的部门" in dup
    assert Department.objects.filter(name="区经济信息委").count() == 1
    resp = c.post("/departments/new/", {"name": "区科技局", "region": regions["beibei"].pk, "email": "kjj@example.cn"})
    assert resp.status_code == 302
    dept = Department.objects.get(name="区科技局")
    resp = c.post(f"/departments/{dept.pk}/edit/", {"name": "区科技局", "short_name": "科技局",
                                                    "region": regions["beibei"].pk, "email": "kjj@example.cn"})
    assert resp.status_code == 302
    dept.refresh_from_db()
    assert dept.short_name == "科技局" and dept.is_active is False  # the unchecked box deactivates it
    event = AuditEvent.objects.get(event_type="department.update", target_id=str(dept.pk))
    assert event.changes["short_name"] == ["", "科技局"]


def test_api_region_create_is_audited_and_scoped(api_for, regions):
    resp = api_for("staff").post("/api/v1/regions/", {"name": "新街道", "code": "500109099", "level": "subdistrict",
                                                      "parent": regions["beibei"].pk}, format="json")
    assert resp.status_code == 201 and resp.json()["path"] == "500000/500109/500109099/"
    assert AuditEvent.objects.filter(event_type="region.create").count() == 1
    top = api_for("staff").post("/api/v1/regions/", {"name": "某市", "code": "510000", "level": "city"}, format="json")
    assert top.status_code == 403
    towns = api_for("town_staff").get("/api/v1/regions/").json()["results"]
    assert [r["name"] for r in towns] == ["蔡家岗街道"]
