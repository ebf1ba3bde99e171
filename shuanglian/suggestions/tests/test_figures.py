"""The handling figures from the records: 办复率 over the suggestions due so far, the on-time rate on
the first deadline, the A-share on the latest answer, and satisfaction with the exclusion rule (a
rating not returned by its deadline is left out — or counted as satisfied, by setting)."""

import pytest

from shuanglian.suggestions import services, services_handling
from shuanglian.suggestions.figures import suggestion_figures

from .conftest import D

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_of_suggestions(make_suggestion, people, departments, today):
    staff, handler, deputy = people["staff"], people["handler"], people["deputy"]

    def assigned(unit="jxw", on=None):
        on = on or D(2026, 3, 2)
        s = services.suggestion_submit(suggestion=make_suggestion(), actor=deputy, on=D(2026, 2, 27))
        return services.suggestion_assign(suggestion=s, actor=staff, lead_unit=departments[unit], on=on)

    def answer(s, category, on, **kw):
        return services_handling.suggestion_answer(suggestion=s, actor=handler, category=category, content="答复",
                                                   on=on, **kw)

    def rate(s, rating, on):
        return services_handling.suggestion_rate(suggestion=s, actor=deputy, rating=rating, on=on)

    s1 = rate(answer(assigned(), "A", D(2026, 5, 6)), "satisfied", D(2026, 5, 10))  # on time, rated in time
    s2 = answer(assigned(), "B", D(2026, 6, 10), commitments=[{"content": "年底完成", "due": D(2026, 12, 31)}])
    rate(s2, "unsatisfied", D(2026, 6, 15))  # answered after the 06-02 deadline; rated in time
    answer(assigned(), "D", D(2026, 5, 6))  # never rated: its rating deadline has passed
    assigned(unit="fgw")  # due 06-02, never answered
    assigned(on=D(2026, 11, 2))  # not due yet (2027-02-02)
    s6 = answer(assigned(), "A", D(2026, 5, 6))
    rate(s6, "satisfied", D(2026, 7, 1))  # rated after its deadline
    assert s1.rating_due < D(2026, 7, 1)
    return people


def test_figures_in_total_and_by_unit(year_of_suggestions, people):
    rows, total = suggestion_figures(people["staff"], year=2026, by="unit")
    t = total.as_dict()
    assert (t["assigned"], t["due"], t["answered_due"], t["answered"]) == (6, 5, 4, 4)
    assert t["answer_rate"] == 80.0  # 4 of the 5 due
    assert t["on_time_rate"] == 75.0  # the B answer came after the first deadline
    assert t["a_share"] == 50.0
    # in time: one satisfied, one unsatisfied; the unrated and the late rating are left out
    assert (t["rated_in_time"], t["late_ratings"], t["satisfaction"]) == (2, 2, 50.0)
    by_unit = {r.name: r.as_dict() for r in rows}
    assert by_unit["区发改委"]["answer_rate"] == 0.0 and by_unit["区发改委"]["on_time_rate"] is None
    assert by_unit["区经济信息委"]["assigned"] == 5


def test_late_ratings_counted_as_satisfied_by_setting(year_of_suggestions, people, settings):
    settings.SHUANGLIAN_SUGGESTION_CLOCKS = {**settings.SHUANGLIAN_SUGGESTION_CLOCKS, "late_rating": "as_satisfied"}
    _, total = suggestion_figures(people["staff"], year=2026, by="deputy")
    assert total.as_dict()["satisfaction"] == 75.0  # (1 + 2) of (2 + 2)


def test_figures_respect_the_reader_scope_and_the_api(year_of_suggestions, people, api_for):
    r = api_for("staff").get("/api/v1/suggestions/figures/?year=2026&by=deputy")
    body = r.json()
    assert r.status_code == 200 and body["late_rating"] == "exclude"
    assert [row["name"] for row in body["rows"]] == ["周代表"] and body["total"]["answer_rate"] == 80.0
    assert api_for("bishan_staff").get("/api/v1/suggestions/figures/?year=2026").json()["rows"] == []
    assert api_for("outsider").get("/api/v1/suggestions/figures/?year=2026").json()["total"]["assigned"] == 1
    for bad in ("year=٢٠٢٦", "year=1800", "by=region"):
        r = api_for("staff").get(f"/api/v1/suggestions/figures/?{bad}")
        assert r.status_code == 400 and r.json()["detail"]


def test_figures_page(year_of_suggestions, people, client):
    client.force_login(people["staff"])
    html = client.get("/suggestions/figures/?year=2026").content.decode()
    assert "建议办理统计（2026年交办）" in html and "80.0%" in html and "逾期评价不计入满意率" in html
