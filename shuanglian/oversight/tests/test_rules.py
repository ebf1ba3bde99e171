"""The satisfaction vote's rule at its edges: ties, abstentions, quorum, the configurable count."""

import pytest

from shuanglian.oversight.rules import VoteRule, vote_error, vote_passed

DEFAULT = VoteRule()


def votes(members=30, present=25, satisfied=0, basically_satisfied=0, unsatisfied=0):
    return {"members": members, "present": present, "satisfied": satisfied,
            "basically_satisfied": basically_satisfied, "unsatisfied": unsatisfied}


def test_default_needs_satisfied_votes_over_half_of_all_members():
    assert vote_passed(DEFAULT, **votes(satisfied=16, unsatisfied=9))
    # A tie is not "more than half": 15 of 30 fails even though nobody is unsatisfied.
    assert not vote_passed(DEFAULT, **votes(satisfied=15, basically_satisfied=10))


def test_abstentions_count_against():
    counts = votes(present=25, satisfied=14, basically_satisfied=5)  # 6 abstain
    assert not vote_passed(DEFAULT, **counts)
    assert vote_passed(VoteRule(count="satisfied_and_basic"), **counts)


def test_quorum_more_than_half_present():
    rule = VoteRule(base="present")
    assert not vote_passed(rule, **votes(members=30, present=15, satisfied=15))
    assert vote_passed(rule, **votes(members=30, present=16, satisfied=9))
    assert vote_passed(VoteRule(base="present", quorum=False), **votes(members=30, present=15, satisfied=8))


def test_describe_reads_as_a_sentence():
    assert DEFAULT.describe() == "满意票超过组成人员总数的半数，出席人数须超过组成人员总数的半数"


@pytest.mark.parametrize(("counts", "message"), [
    (votes(present=31), "出席人数（31）不能多于组成人员总数（30）"),
    (votes(present=10, satisfied=8, unsatisfied=3), "合计 11 张，多于出席人数 10"),
    (votes(satisfied=-1), "不小于 0 的整数"),
    (votes(satisfied=True), "不小于 0 的整数"),
    (votes(members=0, present=0), "至少为 1"),
])
def test_impossible_counts_are_refused_in_chinese(counts, message):
    assert message in vote_error(**counts)


def test_possible_counts_pass_the_check():
    assert vote_error(**votes(satisfied=20, basically_satisfied=3, unsatisfied=2)) is None
