import datetime as dt

import pytest

D = dt.date


class Day:
    """A movable "today" for the suggestions' clocks."""

    def __init__(self, start: dt.date):
        self.value = start

    def __call__(self) -> dt.date:
        return self.value

    def set(self, value: dt.date) -> dt.date:
        self.value = value
        return value


@pytest.fixture
def today(monkeypatch):
    from shuanglian.suggestions import clocks

    d = Day(D(2026, 11, 30))
    monkeypatch.setattr(clocks, "today", d)
    return d


@pytest.fixture
def people(personas, regions):
    """The personas plus a co-signing deputy, an unrelated deputy and a second staff member."""
    from shuanglian.core.models import User
    from shuanglian.deputies.models import Deputy

    def user(username, role, **extra):
        return User.objects.create_user(username=username, password="x", role=role, **extra)

    p = dict(personas)
    p["cosigner"] = user("p_cosigner", "deputy", region=regions["beibei"], display_name="吴代表")
    p["cosigner_record"] = Deputy.objects.create(name="吴代表", level="district", region=regions["beibei"],
                                                 user=p["cosigner"])
    p["other_deputy"] = user("p_other_deputy", "deputy", region=regions["beibei"], display_name="郑代表")
    p["other_deputy_record"] = Deputy.objects.create(name="郑代表", level="district", region=regions["beibei"],
                                                     user=p["other_deputy"])
    p["staff2"] = user("p_staff2", "staff", region=regions["beibei"], display_name="孙工作")
    return p


@pytest.fixture
def make_suggestion(people, today):
    """A draft of 周代表 (北碚区) co-signed by 吴代表."""
    from shuanglian.suggestions import services

    def make(title="关于加快“充储泊配”设施建设的建议", actor=None, **extra):
        return services.suggestion_create(
            actor=actor or people["deputy"], title=title, reasons="园区充电桩不足，物流车辆排队充电。",
            proposals="统筹规划充电、储能、停车、配电设施。", lead_deputy=people["deputy_record"],
            co_signers=[people["cosigner_record"]], **extra)

    return make


@pytest.fixture
def walk(people, departments, today):
    """Move a suggestion along the usual path by the right people, each step on `today`."""
    from shuanglian.suggestions import services, services_handling

    def to(s, status):
        steps = {
            "submitted": lambda s: services.suggestion_submit(suggestion=s, actor=people["deputy"]),
            "assigned": lambda s: services.suggestion_assign(suggestion=s, actor=people["staff"],
                                                             lead_unit=departments["jxw"],
                                                             co_units=[departments["fgw"]]),
            "answered": lambda s: services_handling.suggestion_answer(
                suggestion=s, actor=people["handler"], category="A", content="已采纳，纳入明年计划。"),
            "closed": lambda s: services_handling.suggestion_rate(suggestion=s, actor=people["deputy"],
                                                                  rating="satisfied"),
        }
        order = ["draft", "submitted", "assigned", "answered", "closed"]
        s.refresh_from_db()
        for target in order[order.index(s.status) + 1: order.index(status) + 1]:
            s = steps[target](s)
        return s

    return to


@pytest.fixture
def api_for(people):
    """Like the root api_for, over `people` (the personas and this app's extra deputies and staff)."""
    from rest_framework.test import APIClient

    def make(name):
        c = APIClient()
        c.force_authenticate(people[name])
        return c

    return make
