"""代表码: a demand sent to a deputy's own code reaches that deputy first (Case.deputy_step
pending). In one step each the deputy answers it on the spot (triage.case_resolve_on_spot — the
same 当场办结 as at a reception, then rated by the enterprise), forwards it to staff's acceptance
queue as a case they collected (`case_deputy_forward`), or turns it into a suggestion (the
suggestions app calls `case_deputy_suggest` in the transaction that writes the suggestion).
Each is a move of `workflow.case_transition`: the row is locked and the version the deputy read is
checked, so two clicks at once — the deputy's and staff's, or the deputy's on two phones — leave
one winner and a Chinese conflict message for the other."""

from __future__ import annotations

from .. import clock
from ..models import ClockKind
from ..workflow import case_transition


def case_deputy_forward(*, case, actor, note="", expected_version=None):
    """转入闭环: the deputy hands the demand to staff, who take it in as a case the deputy
    collected. The staff's accept clock starts on the day it reaches them."""

    def apply(c):
        clock.start_clock(c, ClockKind.ACCEPT)

    return case_transition(case=case, action="deputy_forward", actor=actor, apply=apply, note=note,
                           expected_version=expected_version)


def case_deputy_suggest(*, case, actor, suggestion_label: str, expected_version=None):
    """The deputy turned the demand into a suggestion: it leaves the deputy's hands and goes to
    staff's queue, who answer the enterprise (the suggestion is read back as `case.suggestions`)."""

    def apply(c):
        clock.start_clock(c, ClockKind.ACCEPT)
        return {"suggestion": [None, suggestion_label]}

    return case_transition(case=case, action="deputy_suggest", actor=actor, apply=apply,
                           note=f"转为代表建议{suggestion_label}", expected_version=expected_version)
