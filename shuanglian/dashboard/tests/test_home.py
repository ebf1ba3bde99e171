"""The work bench shows each user their items by light and, to those who may read them, the
year's three rates."""

import pytest
from django.urls import reverse

from shuanglian.cases import services

pytestmark = pytest.mark.django_db


def _assigned_case(personas, departments, regions):
    from shuanglian.cases.intake import case_submit
    from shuanglian.cases.models import Category

    case = case_submit(
        actor=personas["staff"], source="visit", title="厂区电力增容", description="新产线需增容。",
        category=Category.objects.get(code="energy"), enterprise_name="重庆乾凤锻造有限公司",
        contact_name="刘经理", contact_phone="13912345678", region=regions["beibei"],
    )
    case = services.case_accept(case=case, actor=personas["staff"])
    return services.case_assign(case=case, department=departments["jxw"], actor=personas["staff"])


def _kpi(html, label):
    import re

    match = re.search(r"<b>(\d+)</b>(?:<span[^>]*></span>)?" + re.escape(label), html)
    return int(match.group(1)) if match else None


def test_handler_sees_the_assigned_case_in_their_queue_counts(client_for, personas, departments, regions):
    _assigned_case(personas, departments, regions)
    html = client_for("handler").get(reverse("dashboard:home")).content.decode()
    # a freshly assigned case is green: its one-working-day sign clock is yellow on the sign day only
    assert _kpi(html, "绿灯（正常）") == 1 and _kpi(html, "黄灯（临近截止）") == 0
    assert 'data-testid="home-rates"' in html  # department roles read their own rates
    outsider = client_for("outsider").get(reverse("dashboard:home")).content.decode()
    assert "当前没有待办事项" in outsider


def test_leader_sees_the_year_rates_and_deputy_does_not(client_for, personas, departments, regions):
    _assigned_case(personas, departments, regions)
    leader = client_for("leader").get(reverse("dashboard:home")).content.decode()
    assert 'data-testid="home-rates"' in leader
    assert "<b>1</b>诉求件数" in leader
    deputy = client_for("deputy").get(reverse("dashboard:home")).content.decode()
    assert 'data-testid="home-rates"' not in deputy
