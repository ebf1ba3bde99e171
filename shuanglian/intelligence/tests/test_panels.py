"""The one-click choices on the case page and the entry page fill the forms that are really there."""

import pytest

pytestmark = pytest.mark.django_db


def test_case_page_loads_the_panel_whose_buttons_fill_the_assign_and_merge_forms(client_for, units, submit, personas):
    from shuanglian.cases import services

    first = submit("冲压车间用电增容", "新增冲压设备后用电负荷不足，申请专线增容，影响投产。")
    again = submit("再次反映冲压车间用电增容", "新增冲压设备后用电负荷不足，专线增容还没有结果，影响投产。")
    services.case_accept(case=again, actor=personas["staff"])  # 已受理待交办: assign and merge both offered
    staff = client_for("staff")
    page = staff.get(f"/cases/{again.pk}/").content.decode()
    assert f'hx-get="/cases/{again.pk}/routing/"' in page
    panel = staff.get(f"/cases/{again.pk}/routing/").content.decode()
    supply = units["区供电公司"].pk
    # the suggested lead department is a button that fills the assign form's select …
    assert f'data-fill="id_assign-department" data-value="{supply}"' in panel
    assert 'id="id_assign-department"' in page
    assert f'<option value="{supply}">区供电公司</option>' in page
    # … and the earlier case of the same firm is a duplicate, one click from the merge form
    assert "疑似重复（同一企业）" in panel
    assert f'data-fill="id_merge-into" data-value="{first.number}"' in panel
    assert 'id="id_merge-into"' in page and 'data-action="merge"' in page


def test_department_users_get_no_panel(client_for, units, submit):
    case = submit("厂区电力增容", "新增设备后用电负荷不足，申请专线增容。")
    assert client_for("handler").get(f"/cases/{case.pk}/routing/").status_code == 404  # not its case
    assert "routing-slot" not in client_for("leader").get(f"/cases/{case.pk}/").content.decode()


def test_entry_panel_suggests_categories_that_fill_the_entry_form(client_for, units):
    staff = client_for("staff")
    page = staff.get("/cases/new/").content.decode()
    panel = staff.post("/cases/routing/entry/", {"title": "一线技工招聘难",
                                                 "description": "旺季缺少焊工约60人，希望协调举办招聘会。"})
    html = panel.content.decode()
    from shuanglian.cases.models import Category

    labour = Category.objects.get(code="labour").pk
    assert f'data-fill="id_category" data-value="{labour}"' in html
    assert 'id="id_category"' in page and 'hx-post="/cases/routing/entry/"' in page
    short = staff.post("/cases/routing/entry/", {"title": "电", "description": ""}).content.decode()
    assert "data-fill" not in short  # too little text: nothing suggested yet
