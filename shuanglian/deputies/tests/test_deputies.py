import pytest

from shuanglian.core.models import AuditEvent
from shuanglian.deputies.models import Deputy


def test_list_filters_and_masks_phones(client_for, registry, regions):
    c = client_for("staff")
    page = c.get("/deputies/").content.decode()
    assert "周代表" in page and "陈点长" in page and "蔡代表" in page  # a district sees its towns
    assert "刘波" not in page  # 璧山区 is not 北碚区's
    assert "138****5678" in page and "13812345678" not in page
    town = c.get("/deputies/", {"region": regions["caijia"].pk}).content.decode()
    assert "蔡代表" in town and "周代表" not in town
    by_level = c.get("/deputies/", {"level": "town"}).content.decode()
    assert "蔡代表" in by_level and "陈点长" not in by_level
    by_name = c.get("/deputies/", {"q": "千里"}).content.decode()
    assert "周代表" in by_name and "陈点长" not in by_name
    assert "周代表" in c.get("/deputies/", {"sector": "企业"}).content.decode()


def test_list_query_count_is_pinned(client_for, registry, regions, django_assert_max_num_queries):
    for i in range(30):
        Deputy.objects.create(name=f"代表{i}", level="district", region=regions["beibei"], phone="13800000000")
    c = client_for("staff")
    # session, user, user.region, filter validation, count, page, region choices, session touch …
    with django_assert_max_num_queries(10):
        resp = c.get("/deputies/", {"level": "district", "region": regions["beibei"].pk})
    assert resp.status_code == 200 and "代表29" in resp.content.decode()


def test_detail_masks_phone_and_edit_form_shows_it_to_staff(client_for, registry):
    me = registry["me"]
    c = client_for("staff")
    detail = c.get(f"/deputies/{me.pk}/").content.decode()
    assert "138****5678" in detail and "13812345678" not in detail
    assert "千里科技人大代表活动点" in detail
    assert 'value="13812345678"' in c.get(f"/deputies/{me.pk}/edit/").content.decode()
    leader = client_for("leader").get(f"/deputies/{me.pk}/").content.decode()
    assert "138****5678" in leader and "13812345678" not in leader


def test_create_with_bad_phone_shows_chinese_error_and_saves_nothing(client_for, regions):
    c = client_for("staff")
    before = Deputy.objects.count()
    resp = c.post("/deputies/new/", {"name": "王五", "level": "district", "region": regions["beibei"].pk,
                                     "phone": "12345", "is_active": "on"})
    assert resp.status_code == 200
    assert "请输入有效的手机号" in resp.content.decode()
    assert Deputy.objects.count() == before
    missing = c.post("/deputies/new/", {"name": "", "level": "", "region": ""}).content.decode()
    assert "请填写代表姓名" in missing and "请选择代表层级" in missing


def test_create_then_double_submit_makes_one_record(client_for, regions):
    c = client_for("staff")
    data = {"name": "王五", "level": "district", "region": regions["beibei"].pk, "sector": "企业界",
            "phone": "139 1234 5678", "is_active": "on"}
    resp = c.post("/deputies/new/", data)
    assert resp.status_code == 302
    deputy = Deputy.objects.get(name="王五")
    assert deputy.phone == "13912345678"
    again = c.post("/deputies/new/", data)
    assert "请勿重复登记" in again.content.decode()
    assert Deputy.objects.filter(name="王五").count() == 1
    event = AuditEvent.objects.get(event_type="deputy.create", target_id=str(deputy.pk))
    assert event.actor.username == "p_staff"


def test_edit_and_deactivate_are_audited(client_for, registry):
    head = registry["head"]
    c = client_for("staff")
    resp = c.post(f"/deputies/{head.pk}/edit/", {"name": "陈点长", "level": "district", "region": head.region_id,
                                                 "sector": "科技界", "employer": "", "phone": "13600003333",
                                                 "is_active": "on"})
    assert resp.status_code == 302
    head.refresh_from_db()
    assert head.sector == "科技界"
    update = AuditEvent.objects.get(event_type="deputy.update", target_id=str(head.pk))
    assert update.changes == {"sector": ["", "科技界"]}
    c.post(f"/deputies/{head.pk}/deactivate/")
    head.refresh_from_db()
    assert head.is_active is False
    assert AuditEvent.objects.filter(event_type="deputy.deactivate", target_id=str(head.pk)).exists()
    # It no longer shows as 在任 in the filtered list.
    assert ">陈点长</a>" not in c.get("/deputies/", {"is_active": "true"}).content.decode()
    assert ">陈点长</a>" in c.get("/deputies/", {"is_active": "false"}).content.decode()
    # Deactivating twice is refused with a message, not a crash.
    follow = c.post(f"/deputies/{head.pk}/deactivate/", follow=True).content.decode()
    assert "已是离任状态" in follow


def test_phone_change_is_audited_without_the_number(client_for, registry):
    me = registry["me"]
    client_for("staff").post(f"/deputies/{me.pk}/edit/", {
        "name": me.name, "level": me.level, "region": me.region_id, "sector": me.sector,
        "employer": me.employer, "phone": "13700001234", "is_active": "on"})
    event = AuditEvent.objects.get(event_type="deputy.update", target_id=str(me.pk))
    assert "13700001234" not in str(event.changes) and "13812345678" not in str(event.changes)


@pytest.mark.parametrize("role,masked", [("staff", False), ("leader", True)])
def test_export_is_audited_and_masked_unless_staff(role, masked, client_for, registry):
    from io import BytesIO

    from openpyxl import load_workbook

    resp = client_for(role).get("/deputies/export.xlsx", {"q": "周"})
    assert resp.status_code == 200
    ws = load_workbook(BytesIO(resp.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:6] == ("姓名", "层级", "所属区域", "界别", "工作单位及职务", "手机号")
    assert rows[1][0] == "周代表"
    assert rows[1][5] == ("138****5678" if masked else "13812345678")
    event = AuditEvent.objects.get(event_type="deputy.export")
    assert event.actor.username == f"p_{role}" and "1 人" in event.note


def test_deputy_cannot_export(client_for, registry):
    assert client_for("deputy").get("/deputies/export.xlsx").status_code == 403
    assert not AuditEvent.objects.filter(event_type="deputy.export").exists()
