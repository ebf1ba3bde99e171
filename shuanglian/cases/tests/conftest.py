"""Fixtures for the closed loop. `make_case` creates a submitted case the way intake would
leave it; tests then move it only through services.

`day` controls "today" for the clocks (clock.today) so deadlines and windows can be tested
without waiting: `day.set(date)`, `day.advance(workdays)`. `walk(case, "in_progress")` drives a
case through the real services to a status, as the usual actors.
"""

import datetime as dt

import pytest
from django.utils import timezone

from shuanglian.cases.models import Case, Category


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Personas are created per test; the production hasher costs ~0.7 s per user here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def category(db):
    # transactional tests (e2e, PostgreSQL races) flush the data migration's rows: recreate it
    return Category.objects.get_or_create(code="energy", defaults={"name": "水电气保障", "order": 3})[0]


@pytest.fixture
def make_case(personas, regions, category):
    def make(**fields):
        values = {
            "title": "燃气走线需要调整",
            "description": "新厂房燃气走线与规划冲突，影响投产。",
            "category": category,
            "source": "qr",
            "enterprise_name": "重庆乾凤锻造有限公司",
            "contact_name": "刘经理",
            "contact_phone": "13912345678",
            "region": regions["beibei"],
        }
        values.update(fields)
        return Case.objects.create(**values)

    return make


class Day:
    """A movable "today" for the cases' clocks."""

    def __init__(self, start: dt.date):
        self.value = start

    def __call__(self) -> dt.date:
        return self.value

    def set(self, value: dt.date) -> dt.date:
        self.value = value
        return value

    def advance(self, workdays: int = 1) -> dt.date:
        from shuanglian.lib.workdays import add_workdays

        self.value = add_workdays(self.value, workdays)
        return self.value


@pytest.fixture
def day(monkeypatch):
    """Today for the clocks, starting at the real local date (timestamps stay real)."""
    from shuanglian.cases import clock

    d = Day(timezone.localdate())
    monkeypatch.setattr(clock, "today", d)
    return d


# The usual path through the loop, and who takes each step.
PATH = ["submitted", "accepted", "assigned", "in_progress", "replied", "revisited", "closed"]


@pytest.fixture
def walk(personas, departments):
    from shuanglian.cases import services

    def step(case, status):
        staff, handler = personas["staff"], personas["handler"]
        if status == "accepted":
            return services.case_accept(case=case, actor=staff)
        if status == "assigned":
            return services.case_assign(case=case, department=departments["jxw"], actor=staff)
        if status == "in_progress":
            return services.case_sign(case=case, actor=handler)
        if status == "replied":
            return services.case_reply(case=case, actor=handler, result="solved", content="已协调燃气公司调整走线。")
        if status == "revisited":
            return services.case_revisit(case=case, actor=None, rating="satisfied", comment="很满意")
        if status == "closed":
            return services.case_close(case=case, actor=staff)
        raise AssertionError(status)

    def walk_to(case, status):
        case.refresh_from_db()
        for target in PATH[PATH.index(case.status) + 1: PATH.index(status) + 1]:
            case = step(case, target)
        return case

    return walk_to
