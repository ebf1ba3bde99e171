"""How a demo case lives: the demo-only clock, who acts, and a case's dated steps run through the
case services.

DEMO-ONLY TIME TRAVEL: the services stamp every milestone with `timezone.now()` and count
deadlines from `clock.today()`. To tell a year of history through those same services, `at(moment)`
travels (time-machine) to a frozen moment while one step runs, so each step happens "on" its own
day with all dates consistent (submitted_at, milestones, clocks, audit times, the roll-up's
submission month). Used only here, in a single-threaded management command.
"""

from __future__ import annotations

import datetime as dt
import random

import time_machine
from django.utils import timezone

from shuanglian.cases import services
from shuanglian.cases.intake import case_submit
from shuanglian.cases.models import Case
from shuanglian.core.models import Role, User
from shuanglian.demo.foundation import ensure_user, region
from shuanglian.deputies.models import Deputy, Station
from shuanglian.lib.workdays import add_workdays, is_workday
from shuanglian.regions.models import Department, Region

ONE_DAY = dt.timedelta(days=1)


def at(moment: dt.datetime):
    """DEMO ONLY: every clock (timezone.now, date.today, time.time) reads `moment` inside the block,
    so a service run here stamps its milestones, deadlines and audit times on that day."""
    return time_machine.travel(moment, tick=False)


def _moment(day: dt.date, minute: int) -> dt.datetime:
    base = dt.datetime.combine(day, dt.time(8, 40)) + dt.timedelta(minutes=minute)
    return timezone.make_aware(base)


def workday_on_or_after(day: dt.date) -> dt.date:
    while not is_workday(day):
        day += ONE_DAY
    return day


def back(day: dt.date, n: int) -> dt.date:
    """The working day n working days before `day` (n=0: the last working day on or before it)."""
    while not is_workday(day):
        day -= ONE_DAY
    while n > 0:
        day -= ONE_DAY
        if is_workday(day):
            n -= 1
    return day


# --- people and places --------------------------------------------------------------------------

class People:
    """Who acts: staff per region, one handler per department (the foundation's accounts where
    they exist, otherwise a demo-only actor without a password: it acts but cannot log in)."""

    def __init__(self):
        self.staff = {
            "500109": User.objects.get(username="demo_staff"),
        }
        self._handlers: dict[int, User] = {}

    def staff_of(self, region_code: str, name: str) -> User:
        if region_code not in self.staff:
            self.staff[region_code] = ensure_user(f"demo_staff_{region_code}", role=Role.STAFF,
                                                  display_name=f"{name}人大常委会工作人员", region=region(region_code))
        return self.staff[region_code]

    def handler(self, dept: Department) -> User:
        if dept.pk not in self._handlers:
            user = (User.objects.filter(department=dept, role=Role.HANDLER, is_active=True).order_by("pk").first()
                    or ensure_user(f"demo_handler_{dept.pk}", role=Role.HANDLER, display_name=f"{dept.name}经办人",
                                   region=dept.region, department=dept))
            self._handlers[dept.pk] = user
        return self._handlers[dept.pk]


def find_station(kind: str, name: str, region_obj: Region) -> Station:
    """The registry builder's station (it runs before the cases builder)."""
    return Station.objects.get(kind=kind, name=name, region=region_obj)


def deputies_of(place: Station) -> list[Deputy]:
    people = []
    if place.head_id:
        people.append(place.head)
    people += [m.deputy for m in place.members.select_related("deputy").filter(deputy__isnull=False)]
    return [d for d in people if d.is_active]


# --- one case's life ----------------------------------------------------------------------------

# The case services a story may call, by the step names the builders use.
STEPS = {
    "accept": services.case_accept, "assign": services.case_assign, "sign": services.case_sign,
    "reply": services.case_reply, "revisit": services.case_revisit, "close": services.case_close,
    "reopen": services.case_reopen, "reject": services.case_reject, "merge": services.case_merge,
    "resolve_on_spot": services.case_resolve_on_spot, "pause": services.case_pause,
    "request_extension": services.case_request_extension, "decide_extension": services.case_decide_extension,
}


class Life:
    """A case's story: submission values and dated steps, run in order through the services."""

    def __init__(self, day: dt.date, **values):
        self.day = day
        self.values = values
        self.steps: list[tuple[dt.date, str, dict]] = []

    def then(self, day: dt.date, action: str, **kwargs) -> Life:
        self.steps.append((day, action, kwargs))
        return self


def run(life: Life, people: People, today: dt.date) -> Case:
    values = dict(life.values)
    actor = values.pop("actor", None)
    minute = 0
    with at(_moment(life.day, minute)):
        case = case_submit(actor=actor, consent=True, **values)
    for day, action, kwargs in life.steps:
        if day > today:
            break
        minute += 37
        kwargs = dict(kwargs)
        who = kwargs.pop("by", "staff")
        staff = kwargs.pop("staff", None)
        if who == "staff":
            who = staff
            assert who is not None, f"{action}: no staff actor"
        elif who == "lead":
            who = people.handler(case.lead_department)
        elif who == "enterprise":
            who = None
        with at(_moment(day, minute)):
            case = STEPS[action](case=case, actor=who, **kwargs)
    return case


def standard_life(life: Life, rng: random.Random, *, staff: User, dept: Department, today: dt.date,
                   reply_days: int = 7, late: float = 0.1, unsatisfied: float = 0.03, no_response: float = 0.03,
                   result_weights=(0.82, 0.13, 0.05), by_phone: float = 0.3, rating=None, result=None) -> Life:
    """accept → assign → sign → reply → revisit → close, dated like practice; steps after
    today are left out by run(), so recent cases stop in an open status."""
    s = life.day
    accept = add_workdays(s, rng.choice((0, 0, 1)))
    life.then(accept, "accept", staff=staff)
    assign = add_workdays(accept, rng.choice((0, 0, 1)))
    life.then(assign, "assign", staff=staff, department=dept)
    sign = add_workdays(assign, 3 if rng.random() < 0.06 else rng.choice((0, 1)))
    life.then(sign, "sign", by="lead")
    if rng.random() < late:
        used = reply_days + rng.randint(1, 6)
    else:
        used = rng.randint(max(1, reply_days // 3), reply_days)
    reply = max(add_workdays(assign, used), sign)
    result = result or rng.choices(["solved", "partly_solved", "not_solvable_now"], weights=result_weights)[0]
    extra = {}
    if result != "solved":
        extra = {"commitment": "纳入下一阶段工作计划，按季度向企业通报进展", "commitment_due": reply + dt.timedelta(days=90)}
    life.then(reply, "reply", by="lead", result=result, content=reply_text(result), **extra)
    if rating is None and rng.random() < no_response:
        life.then(add_workdays(reply, 6), "close", staff=staff, note="企业逾期未评价，按未回复销号")
        return life
    rating = rating or ("unsatisfied" if rng.random() < unsatisfied else
                        rng.choices(["satisfied", "basically_satisfied"], weights=(85, 15))[0])
    visit = add_workdays(reply, rng.choice((1, 1, 2, 3)))
    phone = rng.random() < by_phone
    if phone:
        life.then(visit, "revisit", staff=staff, rating=rating, by_phone=True, comment="电话回访")
    else:
        life.then(visit, "revisit", by="enterprise", rating=rating, comment=rating_text(rating))
    if rating == "unsatisfied" and result == "not_solvable_now":  # explained, closed as it stands
        life.then(add_workdays(visit, 2), "close", staff=staff, note="已向企业说明政策依据和替代方案，予以销号")
        return life
    if rating == "unsatisfied":
        again = add_workdays(visit, 1)
        life.then(again, "reopen", staff=staff, note="企业不满意，交原承办部门重办")
        life.then(add_workdays(again, 1), "sign", by="lead")
        second = add_workdays(again, rng.randint(3, 6))
        life.then(second, "reply", by="lead", result="solved", content="重办：已现场协调，问题解决。")
        life.then(add_workdays(second, 1), "revisit", staff=staff, rating="satisfied", by_phone=True,
                  comment="重办后满意")
        life.then(add_workdays(second, 2), "close", staff=staff)
        return life
    life.then(add_workdays(visit, rng.choice((0, 1, 2))), "close", staff=staff)
    return life


def reply_text(result: str) -> str:
    return {
        "solved": "经现场对接协调，已按企业诉求办理完毕，并与企业确认。",
        "partly_solved": "已解决主要问题，剩余事项已明确时间表。",
        "not_solvable_now": "受政策和规划条件限制，暂不具备解决条件，已向企业说明并提出替代方案。",
    }[result]


def rating_text(rating: str) -> str:
    return {"satisfied": "办理及时，非常满意", "basically_satisfied": "基本解决，希望继续跟进",
            "unsatisfied": "问题没有实质解决"}[rating]
