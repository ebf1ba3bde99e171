"""The panorama counts project lights in SQL; they must be exactly rules.project_light, at every
threshold of both schedule rules, on SQLite (decimals stored as floating point) and PostgreSQL."""

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest

from shuanglian.chains import rules, services
from shuanglian.chains.models import Project, ProjectInvestment, ScheduleRule
from shuanglian.chains.panorama import compute_panorama, project_light_rows

# 2024 is a leap year: on 1 July, 183 of 366 days have passed — exactly half
AS_OF = dt.date(2024, 7, 1)

# (plan year, annual plan, completed in the plan year): around each threshold of both rules
INVESTMENT_CASES = [
    (2023, "100", "70.00"), (2023, "100", "69.99"),  # last year: 30 points behind (gap) …
    (2023, "100", "90.00"), (2023, "100", "90.01"),  # … 10 points
    (2023, "100", "60.00"), (2023, "100", "59.99"),  # 60 % of schedule (ratio) …
    (2023, "100", "80.00"), (2023, "100", "79.99"),  # … 80 %
    (2024, "10", "2.00"), (2024, "10", "1.99"),      # this year, half elapsed: 30 points behind …
    (2024, "10", "4.00"), (2024, "10", "4.01"),      # … 10 points
    (2024, "10", "3.00"), (2024, "10", "2.99"),      # 60 % of 50 % …
    (2024, "10", "4.00"), (2024, "0.07", "0.02"),    # … and small amounts (cents)
    (2024, "3.33", "1.11"), (2024, "0", "0"), (2025, "10", "0"),  # no plan; a future year
]
# (stage, planned start): not started for 0, 1, 2, 3 months; started; planned later
START_CASES = [
    ("planning", dt.date(2024, 7, 1)), ("talks", dt.date(2024, 6, 1)), ("signed", dt.date(2024, 5, 1)),
    ("signed", dt.date(2024, 4, 1)), ("signed", dt.date(2024, 4, 30)), ("building", dt.date(2023, 1, 1)),
    ("planning", dt.date(2024, 8, 1)), ("planning", None),
]


@pytest.fixture
def projects(chain_data, personas):
    staff, chain = personas["staff"], chain_data["chain"]
    Project.objects.filter(chain=chain).delete()
    made = []
    for i, (year, plan, done) in enumerate(INVESTMENT_CASES):
        p = services.project_save(actor=staff, chain=chain, values={
            "name": f"投资{i}", "node": chain_data["gear"], "total_investment": Decimal("100"), "year": year,
            "annual_plan": Decimal(plan), "stage": "building"})
        if Decimal(done):
            # split over two months, so the sum is what is compared
            half = (Decimal(done) / 2).quantize(Decimal("0.01"))
            ProjectInvestment.objects.create(project=p, month=dt.date(year, 2, 1), year=year, amount=half)
            ProjectInvestment.objects.create(project=p, month=dt.date(year, 3, 1), year=year, amount=Decimal(done) - half)
            # investment outside the plan year does not count
            ProjectInvestment.objects.create(project=p, month=dt.date(year - 1, 12, 1), year=year - 1, amount=Decimal("50"))
        made.append((p, Decimal(done)))
    for i, (stage, start) in enumerate(START_CASES):
        p = services.project_save(actor=staff, chain=chain, values={
            "name": f"开工{i}", "node": chain_data["car"], "total_investment": Decimal("5"), "year": 2024,
            "annual_plan": Decimal("0"), "stage": stage, "planned_start": start})
        made.append((p, Decimal(0)))
    return made


def expected(projects, rule):
    out = Counter()
    for p, done in projects:
        p.refresh_from_db()
        out[(p.node_id, rules.project_light(stage=p.stage, planned_start=p.planned_start, year=p.year,
                                            annual_plan=p.annual_plan, completed=done, as_of=AS_OF, rule=rule))] += 1
    return out


@pytest.mark.parametrize("rule", [ScheduleRule.GAP, ScheduleRule.RATIO])
def test_sql_lights_equal_the_rule_at_every_threshold(chain_data, projects, rule):
    got = Counter({(r["node_id"], r["light"]): r["n"] for r in project_light_rows(chain_data["chain"], AS_OF, rule)})
    assert got == expected(projects, rule)
    # the cases really span all three lights under each rule
    assert {light for _, light in got} == {"green", "yellow", "red"}


def test_panorama_figures_use_them(chain_data, projects, personas, regions):
    services.schedule_setting_set(actor=personas["staff"], region=regions["beibei"], rule=ScheduleRule.RATIO)
    pano = compute_panorama(chain_data["chain"], as_of=AS_OF)
    want = Counter(light for (_, light), n in expected(projects, ScheduleRule.RATIO).items() for _ in range(n))
    t = pano["totals"]
    assert (t["projects_green"], t["projects_yellow"], t["projects_red"]) == (want["green"], want["yellow"], want["red"])
    gear = next(n for n in pano["nodes"] if n["name"] == "齿轮")
    done_in_year = sum(done for _, done in projects)
    assert Decimal(t["project_completed"]) == done_in_year
    assert gear["projects"] == len(INVESTMENT_CASES)
