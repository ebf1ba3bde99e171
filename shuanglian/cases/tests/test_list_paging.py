"""Long lists at scale: the work queue's per-light counts are its total, the case list counts only
what it must (exact on the last page, capped otherwise), and the filter menus keep their choices."""

import re

import pytest
from django.urls import reverse

from shuanglian.cases.models import Case
from shuanglian.cases.views import queue as views

pytestmark = pytest.mark.django_db


def _rows(html):
    return re.findall(r'data-case="(\d+)"', html)


def test_queue_shows_counts_per_light_and_pages_through_all(make_case, client_for, walk, day, monkeypatch):
    late = walk(make_case(title="超期件"), "in_progress")
    Case.objects.filter(pk=late.pk).update(due_date=day.value.replace(year=day.value.year - 1))
    for i in range(3):
        walk(make_case(title=f"在办{i}"), "in_progress")
    monkeypatch.setattr(views, "PAGE_SIZE", 3)
    c = client_for("handler")
    first = c.get(reverse("cases:queue")).content.decode()
    assert re.search(r"红灯 <b>1</b>", first)
    assert "共 4 条" in first and "下一页" in first
    assert _rows(first)[0] == str(late.pk)  # red first
    second = c.get(reverse("cases:queue"), {"page": 2}).content.decode()
    assert len(_rows(second)) == 1 and set(_rows(first)).isdisjoint(_rows(second))
    # a page number past the end shows the last page, not an error
    assert _rows(c.get(reverse("cases:queue"), {"page": 99}).content.decode()) == _rows(second)


def test_list_count_is_exact_on_the_last_page_and_capped_before(make_case, client_for, monkeypatch):
    for i in range(7):
        make_case(title=f"分页诉求{i}")
    monkeypatch.setattr(views, "PAGE_SIZE", 3)
    c = client_for("staff")
    monkeypatch.setattr(views.CappedPaginator, "cap", 5)
    first = c.get(reverse("cases:list")).content.decode()
    assert "超过 5 条" in first and len(_rows(first)) == 3
    monkeypatch.setattr(views.CappedPaginator, "cap", 100)
    last = c.get(reverse("cases:list"), {"page": 3}).content.decode()
    assert "共 7 条" in last and _rows(last) and "下一页" not in last
    every = set()
    for number in (1, 2, 3):
        every |= set(_rows(c.get(reverse("cases:list"), {"page": number}).content.decode()))
    assert len(every) == 7  # newest first, no row twice, none lost between pages


def test_filter_menus_keep_the_choice_and_filter(make_case, client_for, departments):
    make_case(title="燃气走线需要调整")
    make_case(title="园区道路拥堵", description="上下班高峰")
    page = client_for("staff").get(reverse("cases:list"), {"q": "燃气", "status": "submitted"}).content.decode()
    assert '<option value="submitted" selected>' in page
    assert re.search(r'<input name="q"[^>]*value="燃气"', page)
    assert "燃气走线需要调整" in page and "园区道路拥堵" not in page
    assert "区经济信息委" in page  # the department menu lists the region's departments


def test_department_filter_finds_led_and_co_handled_cases(make_case, client_for, departments, personas, monkeypatch):
    from shuanglian.cases import filters, services

    led = services.case_accept(case=make_case(title="发改委主办"), actor=personas["staff"])
    led = services.case_assign(case=led, department=departments["fgw"], actor=personas["staff"])
    co = services.case_accept(case=make_case(title="发改委协办"), actor=personas["staff"])
    co = services.case_assign(case=co, department=departments["jxw"], co_departments=[departments["fgw"]],
                              actor=personas["staff"])
    other = services.case_accept(case=make_case(title="经信委独办"), actor=personas["staff"])
    services.case_assign(case=other, department=departments["jxw"], actor=personas["staff"])
    c = client_for("staff")
    fgw = departments["fgw"].pk
    for cap in (500, 0):  # ids read first, or (a department co-handling very many cases) the subquery
        monkeypatch.setattr(filters, "CO_IDS_MAX", cap)
        page = c.get(reverse("cases:list"), {"department": fgw}).content.decode()
        assert "发改委主办" in page and "发改委协办" in page and "经信委独办" not in page
        page = c.get(reverse("cases:list"), {"department": fgw, "status": "assigned"}).content.decode()
        assert "发改委主办" in page and "发改委协办" in page
        page = c.get(reverse("cases:list"), {"department": fgw, "status": "submitted"}).content.decode()
        assert "发改委协办" not in page and "发改委主办" not in page
