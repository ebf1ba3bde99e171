"""Issue 12.14 in Chromium: on a 1440 px screen the case list uses the width and keeps case numbers,
lights and dates on one line; on a phone the filter form folds away so the first screen shows cases."""

import pytest


@pytest.fixture
def listed_cases(personas, regions, departments):
    from shuanglian.cases import services
    from shuanglian.cases.models import Case, Category

    energy = Category.objects.get_or_create(code="energy", defaults={"name": "水电气保障", "order": 3})[0]
    for i in range(4):
        case = Case.objects.create(
            title=f"新厂房燃气走线与规划冲突影响投产需协调调整第{i}件", description="新厂房燃气走线与规划冲突。",
            category=energy, source="qr", enterprise_name="重庆市北碚区乾凤精密锻造有限责任公司",
            contact_name="刘经理", contact_phone="13912345678", region=regions["beibei"])
        case = services.case_accept(case=case, actor=personas["staff"])
        services.case_assign(case=case, department=departments["jxw"], actor=personas["staff"])


def test_wide_screen_keeps_numbers_and_dates_on_one_line(as_user, listed_cases):
    staff = as_user("p_staff")
    staff.set_viewport_size({"width": 1440, "height": 900})
    staff.goto(f"{staff.base}/cases/")
    rows = staff.get_by_test_id("case-row")
    assert rows.count() == 4
    for label in ("编号", "督办灯", "提交时间"):
        cell = rows.first.locator(f"td[data-label='{label}']")
        # the text's line boxes: distinct tops of its rectangles (one line = one top)
        lines = cell.evaluate("""td => { const r = document.createRange(); r.selectNodeContents(td);
            const mids = [...r.getClientRects()].filter(x => x.width > 0).map(x => (x.top + x.bottom) / 2).sort((a, b) => a - b);
            return mids.filter((m, i) => i === 0 || m - mids[i - 1] > 10).length; }""")
        assert lines == 1, label
    assert staff.locator("details.filter-box").get_attribute("open") is not None  # the filters stay open
    main_width = staff.evaluate("document.querySelector('main').getBoundingClientRect().width")
    assert main_width > 1300  # the margins no longer stay empty


def test_phone_shows_cases_first_with_the_filters_folded(as_user, listed_cases):
    phone = as_user("p_staff", phone=True)
    phone.goto(f"{phone.base}/cases/")
    box = phone.locator("details.filter-box")
    assert box.get_attribute("open") is None
    first_row_top = phone.get_by_test_id("case-row").first.evaluate("r => r.getBoundingClientRect().top")
    assert first_row_top < 844  # on the first screen
    box.locator("summary").click()
    assert phone.locator("form.filters").is_visible()
