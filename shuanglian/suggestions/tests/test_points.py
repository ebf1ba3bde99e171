"""履职积分 from suggestions: submitting, 办结 with an A answer and a delivered commitment pay the lead
deputy once each; withdrawing or refusing takes the submission's points back; the rebuild agrees."""

import pytest

from shuanglian.points.models import PointEntry
from shuanglian.points.rebuild import points_rebuild
from shuanglian.suggestions import services, services_handling

pytestmark = pytest.mark.django_db


def my_points(api_for, people, period="2026Q4"):
    r = api_for("staff").get(f"/api/v1/points/?deputy={people['deputy_record'].pk}&period={period}")
    assert r.status_code == 200, r.content
    data = r.json()
    return sorted((row["rule_name"], str(row["points"])) for row in data["entries"])


def ranking(api_for, regions):
    r = api_for("staff").get(f"/api/v1/points/ranking/?region={regions['beibei'].pk}&period=2026Q4")
    assert r.status_code == 200, r.content
    return {x["name"]: (x["rank"], x["points"]) for x in r.json()["results"]}


def test_submit_answer_a_and_close_pay_the_lead_deputy_once_and_move_the_ranking(
        make_suggestion, walk, people, api_for, regions):
    assert ranking(api_for, regions)["周代表"] == (1, 0)
    s = walk(make_suggestion(), "submitted")
    assert my_points(api_for, people) == [("提交代表建议", "3")]
    # Only the lead deputy: co-signers (吴代表) are not paid for it.
    board = ranking(api_for, regions)
    assert board["周代表"] == (1, 3) and board["吴代表"][0] == 2
    walk(s, "answered")
    assert len(my_points(api_for, people)) == 1  # answered A is not yet 办结: a 不满意 could re-handle it
    walk(s, "closed")
    assert my_points(api_for, people) == [("建议答复为A类（已解决或采纳）", "2"), ("提交代表建议", "3")]
    assert ranking(api_for, regions)["周代表"] == (1, 5)
    # Nothing pays twice: the rebuild replays the same events and writes the same totals.
    points_rebuild(year=2026, actor=people["admin"])
    assert ranking(api_for, regions)["周代表"] == (1, 5)
    assert PointEntry.objects.filter(deputy=people["deputy_record"]).count() == 2


def test_withdrawn_and_refused_suggestions_give_their_points_back_and_a_new_one_pays_once(
        make_suggestion, walk, people, api_for, regions):
    first = walk(make_suggestion(), "submitted")
    services.suggestion_withdraw(suggestion=first, actor=people["deputy"], note="再完善后重新提交")
    assert my_points(api_for, people) == []
    again = walk(make_suggestion(), "submitted")  # the re-submission is a new suggestion: paid once
    assert my_points(api_for, people) == [("提交代表建议", "3")]
    services.suggestion_refuse(suggestion=again, actor=people["staff"], reason="personal")
    assert my_points(api_for, people) == []
    assert ranking(api_for, regions)["周代表"] == (1, 0)
    points_rebuild(year=2026, actor=people["admin"])
    assert my_points(api_for, people) == []


def test_a_delivered_commitment_pays_once_and_a_split_pays_only_the_original(
        make_suggestion, walk, people, api_for, departments, today):
    s = walk(make_suggestion(), "assigned")
    s = services_handling.suggestion_answer(suggestion=s, actor=people["handler"], category="B", content="正在推进",
                                            commitments=[{"content": "年底前建成", "due": "2026-12-31"}])
    services_handling.commitment_deliver(commitment=s.commitments.get(), actor=people["handler"], note="已建成投用")
    assert ("答复承诺事项兑现", "1") in my_points(api_for, people)
    # A B answer rated satisfied closes without the A points.
    services_handling.suggestion_rate(suggestion=s, actor=people["deputy"], rating="satisfied")
    assert [name for name, _ in my_points(api_for, people)] == ["提交代表建议", "答复承诺事项兑现"]

    whole = walk(make_suggestion(title="关于两件事的建议"), "submitted")
    parts = services.suggestion_split(suggestion=whole, actor=people["staff"], parts=[
        {"title": "关于第一件事的建议", "reasons": "甲", "proposals": "乙"},
        {"title": "关于第二件事的建议", "reasons": "丙", "proposals": "丁"}])
    assert len(parts) == 2
    submitted = [p for name, p in my_points(api_for, people) if name == "提交代表建议"]
    assert submitted == ["3", "3"]  # the first suggestion and the split one: its parts pay nothing more
