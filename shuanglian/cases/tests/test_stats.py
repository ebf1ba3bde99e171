"""The three rates' roll-up: contributions, incremental upkeep == rebuild, fractions, Wilson ranking."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shuanglian.cases import services
from shuanglian.cases.intake.ledger import ledger_import
from shuanglian.cases.models import ALL, Case, CaseStat, Category
from shuanglian.cases.rates import figures, ranking, rollup
from shuanglian.core.errors import BusinessError
from shuanglian.regions.models import Department

from .test_import import good_row, ledger

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_case(make_case):
    """A case counted in the roll-up from birth, as intake.case_submit does."""

    def make(**fields):
        case = make_case(**fields)
        rollup.case_changed(None, case)
        return case

    return make


def coarse():
    """The (all chains, all categories) grain: one row per month, region and department."""
    return CaseStat.objects.filter(chain_key=ALL, category_key=ALL)


def totals():
    return figures.summarize(coarse())


# --- single contributions -------------------------------------------------------------------------

def test_a_solved_satisfied_closed_case_counts_in_every_rate(new_case, departments):
    new_case(lead_department=departments["jxw"], status="closed", sign_on_time=True, replied_at=dt.datetime.now(dt.UTC),
             reply_on_time=True, reply_workdays=4, reply_result="solved", rating="satisfied")
    t = totals()
    assert t.counts["cases"] == 1
    assert (t.response.display, t.resolution.display, t.satisfaction.display, t.on_time.display) == (
        "100.0%", "100.0%", "100.0%", "100.0%")
    assert t.closed == 1
    assert t.average_workdays == Decimal("4.0") and t.median_workdays == Decimal("4.0")
    assert t.reopen.display == "0.0%"


def test_no_response_counts_neither_for_nor_against_satisfaction(new_case):
    new_case(status="closed", reply_result="solved", replied_at=dt.datetime.now(dt.UTC), rating="satisfied")
    new_case(status="closed", reply_result="solved", replied_at=dt.datetime.now(dt.UTC), rating="no_response")
    new_case(status="revisited", reply_result="partly_solved", replied_at=dt.datetime.now(dt.UTC), rating="unsatisfied")
    t = totals()
    assert (t.satisfaction.num, t.satisfaction.den) == (1, 2)
    assert t.satisfaction.display == "50.0%"
    assert t.no_response == 1
    # partly solved but unsatisfied is not a confirmed resolution
    assert (t.resolution.num, t.resolution.den) == (1, 2)


def test_basically_satisfied_counts_only_when_the_setting_says_so(new_case, settings):
    new_case(rating="satisfied", status="revisited")
    new_case(rating="basically_satisfied", status="revisited")
    new_case(rating="unsatisfied", status="revisited")
    assert totals().satisfaction.display == "66.7%"
    settings.SHUANGLIAN_CASE_LIMITS = {"basically_counts_as_satisfied": False}
    assert totals().satisfaction.display == "33.3%"


def test_merged_duplicates_are_not_counted_twice(new_case):
    master = new_case()
    dup = new_case()
    before = rollup._values(dup)
    Case.objects.filter(pk=dup.pk).update(status="merged", merged_into=master)
    dup.refresh_from_db()
    rollup.case_changed(before, dup)
    assert totals().counts["cases"] == 1


def test_moving_a_case_to_another_department_moves_its_counts(new_case, departments):
    case = new_case(lead_department=departments["jxw"], sign_on_time=False)
    before = rollup._values(case)
    case.lead_department = departments["fgw"]
    case.save()
    rollup.case_changed(before, case)
    by_dept = figures.grouped(coarse(), "department")
    assert by_dept[departments["fgw"].pk].counts["signed"] == 1
    assert departments["jxw"].pk not in by_dept


def test_median_of_a_histogram():
    assert figures.median_of({3: 1, 5: 1}) == Decimal("4")
    assert figures.median_of({1: 2, 9: 1}) == Decimal("1")
    assert figures.median_of({2: 1, 7: 3}) == Decimal("7")
    assert figures.median_of({}) is None


def test_percentages_round_half_up_from_exact_counts():
    assert figures.percent(199, 200) == Decimal("99.5")
    assert figures.percent(1, 3) == Decimal("33.3")
    assert figures.percent(2, 3) == Decimal("66.7")
    assert figures.percent(1, 0) is None


def test_periods_parse_and_bad_ones_are_refused_in_chinese():
    p = figures.parse_period("2025-Q2")
    assert (p.start, p.end) == (dt.date(2025, 4, 1), dt.date(2025, 6, 1))
    assert figures.parse_period("2025-03").label == "2025年3月"
    assert figures.parse_period("2025-01..2025-06").end == dt.date(2025, 6, 1)
    assert figures.parse_period("2024").start == dt.date(2024, 1, 1)
    for bad in ("2025-13", "2025-Q5", "last year", "2025-06..2025-01"):
        with pytest.raises(BusinessError) as exc:
            figures.parse_period(bad)
        assert "统计期间" in exc.value.message


# --- ranking --------------------------------------------------------------------------------------

def test_a_unit_with_two_cases_does_not_top_a_unit_with_two_hundred(new_case, departments, settings):
    small, big = departments["fgw"], departments["jxw"]
    for _ in range(2):
        new_case(lead_department=small, status="revisited", rating="satisfied")
    for i in range(200):
        new_case(lead_department=big, status="revisited", rating="satisfied" if i < 190 else "unsatisfied")
    rows = coarse()

    # with the default minimum (5), the 2-case unit is not ranked at all
    ranked = ranking.department_ranking(rows)
    assert [r.name for r in ranked] == ["区经济信息委"]

    # even with no minimum, 2/2 (100 %) ranks below 190/200 (95 %) on the Wilson lower bound
    ranked = ranking.department_ranking(rows, min_cases=1)
    assert [r.name for r in ranked] == ["区经济信息委", "区发改委"]
    assert ranked[1].rate.display == "100.0%" and ranked[0].rate.display == "95.0%"
    assert ranked[0].rate.interval_display == "91.0%–97.3%"
    assert ranked[1].rate.interval_display == "34.2%–100.0%"


def test_wilson_interval_matches_the_textbook_values():
    lo, hi = figures.wilson(190, 200)
    assert (round(lo, 4), round(hi, 4)) == (Decimal("0.9104"), Decimal("0.9726"))
    lo, hi = figures.wilson(0, 10)
    assert lo == 0 and round(hi, 4) == Decimal("0.2775")


# --- incremental == rebuild -----------------------------------------------------------------------

def test_rebuild_command_recomputes_what_was_maintained(new_case, departments):
    new_case(lead_department=departments["jxw"], sign_on_time=True, reply_workdays=3, reply_on_time=True,
             replied_at=dt.datetime.now(dt.UTC))
    new_case(station=None, rating="unsatisfied", status="revisited")
    incremental = rollup.snapshot()
    CaseStat.objects.all().delete()
    call_command("rebuild_case_stats", verbosity=0)
    assert rollup.snapshot() == incremental


FIELD_STATES = st.fixed_dictionaries({
    "status": st.sampled_from(["submitted", "accepted", "assigned", "in_progress", "replied", "revisited",
                               "closed", "merged", "rejected"]),
    "lead_department": st.sampled_from(["jxw", "fgw", None]),
    "category": st.sampled_from(["energy", "land"]),
    "sign_on_time": st.sampled_from([None, True, False]),
    "reply_on_time": st.sampled_from([None, True, False]),
    "replied": st.booleans(),
    "reply_result": st.sampled_from(["", "solved", "partly_solved", "not_solvable_now"]),
    "rating": st.sampled_from(["", "satisfied", "basically_satisfied", "unsatisfied", "no_response"]),
    "reopen_count": st.integers(0, 2),
    "reply_workdays": st.one_of(st.none(), st.integers(0, 30)),
})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.integers(0, 3), FIELD_STATES), min_size=1, max_size=25))
def test_any_sequence_of_field_changes_keeps_incremental_equal_to_rebuild(steps, make_case, departments):
    rollup.rebuild()
    cats = {c.code: c for c in Category.objects.filter(code__in=["energy", "land"])}
    cases = []
    for _ in range(4):
        case = make_case()
        rollup.case_changed(None, case)
        cases.append(case)
    for index, state in steps:
        case = cases[index]
        before = rollup._values(case)
        case.status = state["status"]
        case.lead_department = departments[state["lead_department"]] if state["lead_department"] else None
        case.category = cats[state["category"]]
        case.sign_on_time = state["sign_on_time"]
        case.reply_on_time = state["reply_on_time"]
        case.replied_at = dt.datetime(2025, 5, 6, 3, tzinfo=dt.UTC) if state["replied"] else None
        case.reply_result = state["reply_result"]
        case.rating = state["rating"]
        case.reopen_count = state["reopen_count"]
        case.reply_workdays = state["reply_workdays"]
        case.save()
        rollup.case_changed(before, case)
    incremental = rollup.snapshot()
    rollup.rebuild()
    assert rollup.snapshot() == incremental


ACTIONS = ["accept", "reject", "resolve_on_spot", "assign_jxw", "assign_fgw", "sign", "return", "reply",
           "revisit", "close", "reopen", "merge", "advance_day", "import_ledger"]


def _import_row(months_back: int, title="台账导入的诉求"):
    """One ledger row submitted `months_back` months before this month (the 1st of that month)."""
    first = timezone.localdate().replace(day=1)
    for _ in range(months_back):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return good_row(**{"提交日期": first.isoformat(), "诉求标题": title, "收集代表": "", "所属区域": "",
                       "统一社会信用代码": ""})


def test_a_ledger_import_from_an_earlier_month_is_counted_in_its_own_month(personas):
    """The roll-up row of an imported case is keyed by the ledger's 提交日期, as a rebuild keys it."""
    rollup.rebuild()
    count, errors = ledger_import(actor=personas["staff"], file=ledger([_import_row(3), _import_row(14)]))
    assert (count, errors) == (2, [])
    incremental = rollup.snapshot()
    rollup.rebuild()
    assert rollup.snapshot() == incremental
    months = {key[0] for key in incremental}
    assert months == {rollup.month_of(c.submitted_at) for c in Case.objects.all()}
    assert len(months) == 2


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.integers(0, 4), st.sampled_from(ACTIONS), st.integers(0, 2)),
                      min_size=1, max_size=30))
def test_random_workflow_actions_keep_incremental_equal_to_rebuild(steps, make_case, personas, departments, day):
    """Through the real services: every case_transition updates the roll-up in its transaction."""
    rollup.rebuild()
    staff = personas["staff"]
    handlers = {departments["jxw"].pk: personas["handler"], departments["fgw"].pk: personas["outsider"]}
    cases = []
    for _ in range(3):
        case = make_case()
        rollup.case_changed(None, case)
        cases.append(case)
    ratings = ["satisfied", "basically_satisfied", "unsatisfied"]
    results = ["solved", "partly_solved", "not_solvable_now"]
    for index, action, choice in steps:
        case = Case.objects.get(pk=cases[index % len(cases)].pk)
        lead = handlers.get(case.lead_department_id)
        try:
            if action == "advance_day":
                day.advance(choice + 1)
            elif action == "import_ledger":  # imported cases then take part in the workflow too
                count, errors = ledger_import(actor=staff, file=ledger([_import_row(choice * 5 + 1, f"导入{index}")]))
                assert errors == []
                cases.append(Case.objects.order_by("-pk").first())
            elif action == "accept":
                services.case_accept(case=case, actor=staff)
            elif action == "reject":
                services.case_reject(case=case, actor=staff, note="不属于受理范围")
            elif action == "resolve_on_spot":
                services.case_resolve_on_spot(case=case, actor=staff, content="当场协调解决")
            elif action.startswith("assign"):
                services.case_assign(case=case, department=departments[action[7:]], actor=staff)
            elif action == "sign" and lead:
                services.case_sign(case=case, actor=lead)
            elif action == "return" and lead:
                services.case_return(case=case, actor=lead, note="非本部门职责")
            elif action == "reply" and lead:
                services.case_reply(case=case, actor=lead, result=results[choice], content="已办理",
                                    commitment="" if choice == 0 else "下月完成",
                                    commitment_due=None if choice == 0 else day() + dt.timedelta(days=30))
            elif action == "revisit":
                services.case_revisit(case=case, actor=None, rating=ratings[choice])
            elif action == "close":
                services.case_close(case=case, actor=staff)
            elif action == "reopen":
                services.case_reopen(case=case, actor=staff, note="企业不满意，重办")
            elif action == "merge":
                other = cases[(index + 1) % len(cases)]
                services.case_merge(case=case, into=Case.objects.get(pk=other.pk), actor=staff)
        except BusinessError:
            pass  # an illegal move changes nothing, in the roll-up too
    incremental = rollup.snapshot()
    rollup.rebuild()
    assert rollup.snapshot() == incremental
    coarse_keys = [k for k in incremental if k[3] == ALL and k[4] == ALL]
    assert sum(incremental[k].get("cases", 0) for k in coarse_keys) == Case.objects.exclude(status="merged").count()


def test_every_grain_adds_up_to_the_same_totals(new_case, departments):
    new_case(lead_department=departments["jxw"], rating="satisfied", status="revisited")
    new_case(category=Category.objects.get(code="land"), rating="unsatisfied", status="revisited")
    fine = figures.summarize(CaseStat.objects.exclude(chain_key=ALL).exclude(category_key=ALL))
    by_chain = figures.summarize(CaseStat.objects.exclude(chain_key=ALL).filter(category_key=ALL))
    by_category = figures.summarize(CaseStat.objects.filter(chain_key=ALL).exclude(category_key=ALL))
    assert fine.counts == by_chain.counts == by_category.counts == totals().counts
    assert totals().counts["cases"] == 2


def test_unknown_department_key_still_gets_a_label(new_case):
    new_case()
    labels = figures.group_labels("department", [0])
    assert labels[0] == "尚未交办"
    assert Department.objects.count() >= 2
