"""The satisfaction vote's rule (满意度测评), in one place.

监督法 leaves the rule to local regulations. The default is the common one: the report passes when
满意 votes are more than half of all the committee's members (组成人员), and a vote needs more than
half of the members present to be valid. `SHUANGLIAN_OPINION_VOTE_RULE` may count 满意 and 基本满意
together and/or take the members present as the base. Exactly half is not "more than half": a tie fails.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

COUNTS = {"satisfied": "满意票", "satisfied_and_basic": "满意和基本满意票"}
BASES = {"members": "组成人员总数", "present": "出席人数"}


@dataclass(frozen=True)
class VoteRule:
    count: str = "satisfied"
    base: str = "members"
    quorum: bool = True  # more than half of the members must be present

    def describe(self) -> str:
        text = f"{COUNTS[self.count]}超过{BASES[self.base]}的半数"
        return text + ("，出席人数须超过组成人员总数的半数" if self.quorum else "")


def vote_rule() -> VoteRule:
    rule = VoteRule(**settings.SHUANGLIAN_OPINION_VOTE_RULE)
    if rule.count not in COUNTS or rule.base not in BASES:
        raise ValueError(f"SHUANGLIAN_OPINION_VOTE_RULE 配置无效：{settings.SHUANGLIAN_OPINION_VOTE_RULE}")
    return rule


def vote_error(*, members: int, present: int, satisfied: int, basically_satisfied: int,
               unsatisfied: int) -> str | None:
    """Why these counts cannot be a real vote (None when they can)."""
    values = (members, present, satisfied, basically_satisfied, unsatisfied)
    if any(not isinstance(v, int) or isinstance(v, bool) or v < 0 for v in values):
        return "票数和人数应为不小于 0 的整数。"
    if members < 1:
        return "组成人员总数应至少为 1。"
    if present > members:
        return f"出席人数（{present}）不能多于组成人员总数（{members}）。"
    cast = satisfied + basically_satisfied + unsatisfied
    if cast > present:
        return f"满意、基本满意、不满意票合计 {cast} 张，多于出席人数 {present}。"
    return None


def vote_passed(rule: VoteRule, *, members: int, present: int, satisfied: int, basically_satisfied: int,
                unsatisfied: int) -> bool:
    """Counts are assumed valid (vote_error returned None). Abstentions count against."""
    if rule.quorum and present * 2 <= members:
        return False
    yes = satisfied + (basically_satisfied if rule.count == "satisfied_and_basic" else 0)
    base = members if rule.base == "members" else present
    return yes * 2 > base
