"""The pro-rata schedule light at every threshold of both rules, the start rule, the derived node
strength, and the seed's chain figures."""

import datetime as dt
from decimal import Decimal

import pytest

from shuanglian.chains import rules
from shuanglian.chains.models import ChainMetric, ScheduleRule, Strength

D = Decimal
HALF = D("0.5")


@pytest.mark.parametrize(("completed", "light"), [
    (D("50"), "green"),     # on schedule
    (D("40.01"), "green"),  # 9.99 points behind
    (D("40"), "yellow"),    # exactly 10 points behind
    (D("20"), "yellow"),    # exactly 30 points behind
    (D("19.99"), "red"),    # 30.01 points behind
    (D("0"), "red"),
    (D("80"), "green"),     # ahead
])
def test_gap_rule_thresholds(completed, light):
    assert rules.investment_light(completed=completed, planned=D("100"), elapsed=HALF, rule=ScheduleRule.GAP) == light


@pytest.mark.parametrize(("completed", "light"), [
    (D("50"), "green"),     # 100 % of schedule
    (D("40"), "green"),     # exactly 80 %
    (D("39.99"), "yellow"),  # just below 80 %
    (D("30"), "yellow"),    # exactly 60 %
    (D("29.99"), "red"),    # just below 60 %
])
def test_ratio_rule_thresholds(completed, light):
    assert rules.investment_light(completed=completed, planned=D("100"), elapsed=HALF, rule=ScheduleRule.RATIO) == light


def test_the_two_rules_disagree_where_they_should():
    # late in the year, 20 points behind is only 78 % of schedule under the ratio rule (yellow both),
    # early in the year 8 points behind is 60 % of schedule (gap: green, ratio: yellow)
    assert rules.investment_light(completed=D("12"), planned=D("100"), elapsed=D("0.2"), rule=ScheduleRule.GAP) == "green"
    assert rules.investment_light(completed=D("12"), planned=D("100"), elapsed=D("0.2"), rule=ScheduleRule.RATIO) == "yellow"


def test_nothing_planned_gives_no_investment_light():
    assert rules.investment_light(completed=D("0"), planned=D("0"), elapsed=HALF, rule=ScheduleRule.GAP) is None


def test_elapsed_share_counts_days_of_the_year():
    assert rules.elapsed_share(2025, dt.date(2025, 12, 31)) == 1
    assert rules.elapsed_share(2024, dt.date(2025, 3, 1)) == 1
    assert rules.elapsed_share(2026, dt.date(2025, 3, 1)) == 0
    assert rules.elapsed_share(2025, dt.date(2025, 7, 2)) == D(183) / D(365)


@pytest.mark.parametrize(("planned", "today", "light"), [
    (dt.date(2025, 6, 1), dt.date(2025, 5, 31), None),     # not yet due
    (dt.date(2025, 6, 1), dt.date(2025, 6, 1), "yellow"),  # should start this month
    (dt.date(2025, 6, 1), dt.date(2025, 8, 31), "yellow"),  # 2 months late
    (dt.date(2025, 6, 1), dt.date(2025, 9, 1), "red"),     # 3 months late
])
def test_not_started_project(planned, today, light):
    assert rules.start_light(stage="signed", planned_start=planned, as_of=today) == light
    assert rules.start_light(stage="building", planned_start=planned, as_of=today) is None


def test_project_light_is_the_worse_of_both():
    # one month late to start (yellow) but nothing of a 37 %-elapsed plan done (red) → red
    light = rules.project_light(stage="signed", planned_start=dt.date(2025, 4, 1), year=2025, annual_plan=D("10"),
                                completed=D("0"), as_of=dt.date(2025, 5, 15), rule=ScheduleRule.GAP)
    assert light == "red"
    # nothing planned this year, should have started last month → yellow from the start rule alone
    assert rules.project_light(stage="signed", planned_start=dt.date(2025, 4, 1), year=2025, annual_plan=D("0"),
                               completed=D("0"), as_of=dt.date(2025, 5, 15), rule=ScheduleRule.GAP) == "yellow"
    on_time = rules.project_light(stage="building", planned_start=None, year=2025, annual_plan=D("10"),
                                  completed=D("10"), as_of=dt.date(2025, 6, 30), rule=ScheduleRule.GAP)
    assert on_time == "green"


@pytest.mark.parametrize(("local", "above", "anchor", "output", "strength"), [
    (0, 0, 0, D("0"), Strength.MISSING),
    (3, 1, 0, D("50"), Strength.WEAK),   # only one above-scale firm
    (3, 2, 0, D("9.99"), Strength.WEAK),  # two above-scale firms but small output
    (3, 2, 0, D("10"), Strength.STRONG),
    (1, 0, 1, D("0.5"), Strength.STRONG),  # a local chain master
])
def test_derived_strength(local, above, anchor, output, strength):
    assert rules.derived_strength(local_count=local, above_scale_count=above, anchor_count=anchor, output=output) == strength


def test_seed_000_figures_are_reproduced_from_the_stored_inputs():
    m = ChainMetric(output=D("48.46"), last_output=D("41.99"), region_output=D("272.25"))
    assert (m.yoy_pct, m.share_pct) == (D("15.4"), D("17.8"))
