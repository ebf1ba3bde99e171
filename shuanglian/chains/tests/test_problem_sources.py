"""Problems in the chain module: the chain-level problem light (Python and SQL agree, on the
house rule of lib.lights), and the closed loop's cases reaching the panorama and the problem list
through the source cases registers (chains does not import cases)."""

import datetime as dt

from shuanglian.chains import services
from shuanglian.chains.models import ChainProblem
from shuanglian.chains.problems import (
    PROBLEM_WARN_DAYS,
    problem_light,
    problem_light_q,
    problem_sources,
)
from shuanglian.lib import lights

ON = dt.date(2026, 3, 10)


def test_problem_light_python_and_sql_agree_around_the_warning_window(chain_data, personas):
    chain, staff = chain_data["chain"], personas["staff"]
    ChainProblem.objects.filter(chain=chain).delete()
    dues = [None, *(ON + dt.timedelta(days=d) for d in range(-2, PROBLEM_WARN_DAYS + 3))]
    made = [services.problem_raise(actor=staff, chain=chain, title=f"问题{i}", kind="other", due_on=due,
                                   raised_on=ON - dt.timedelta(days=30))
            for i, due in enumerate(dues)]
    for light in (lights.RED, lights.YELLOW, lights.GREEN):
        in_sql = set(ChainProblem.objects.filter(chain=chain).filter(problem_light_q(light, ON)).values_list("pk", flat=True))
        in_python = {p.pk for p in made if problem_light(p.due_on, p.resolved_on, ON) == light}
        assert in_sql == in_python, light
    assert problem_light(ON + dt.timedelta(days=PROBLEM_WARN_DAYS), None, ON) == lights.YELLOW
    assert problem_light(ON + dt.timedelta(days=PROBLEM_WARN_DAYS + 1), None, ON) == lights.GREEN
    assert problem_light(ON - dt.timedelta(days=1), None, ON) == lights.RED
    assert problem_light(ON - dt.timedelta(days=1), ON, ON) == lights.NONE


def test_cases_register_themselves_as_a_problem_source():
    assert [s.label for s in problem_sources()] == ["企业诉求"]


def test_chains_imports_nothing_of_the_apps_above_it():
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[1]
    for path in root.rglob("*.py"):
        if "tests" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        for above in ("cases", "deputies", "duties", "oversight", "dashboard", "demo"):
            assert f"shuanglian.{above}" not in text and f'"{above}", "' not in text, (path, above)
