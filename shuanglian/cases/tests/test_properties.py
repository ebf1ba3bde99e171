"""Property-based test of the workflow (hypothesis RuleBasedStateMachine): random personas take
random actions with random input on a few cases while days pass. After every step:

- a closed case always carries a revisit rating or the 未回复 (no_response) mark;
- every successful action wrote exactly one audit event `case.<action>`, a refused one none;
  every change of status has exactly one audit event recording it;
- no case is lost or duplicated (the same set of cases, each listed once for staff);
- due_date is None exactly when no clock runs or it is paused;
- version strictly increases: it is 1 + the number of successful actions.
"""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)

from shuanglian.cases.api.actions import case_act
from shuanglian.cases.models import Case, CaseStatus
from shuanglian.cases.selectors import case_list
from shuanglian.cases.workflow import ACTIONS, allowed_actions
from shuanglian.core.errors import BusinessError
from shuanglian.core.models import AuditEvent

pytestmark = pytest.mark.django_db

WORKFLOW_EVENTS = {f"case.{name}" for name in ACTIONS}
PERSONAS = ["staff", "handler", "dept_leader", "outsider", "leader", "deputy", "public"]
CONTEXT = {}
REACHED = set()


def _events(case_id):
    return list(AuditEvent.objects.filter(target_type="cases.case", target_id=str(case_id),
                                          event_type__in=WORKFLOW_EVENTS).order_by("id"))


class Loop(RuleBasedStateMachine):
    cases = Bundle("cases")

    def __init__(self):
        super().__init__()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        CONTEXT["day"].set(CONTEXT["start"])
        self.known = {}  # case id → {"version", "events", "status_changes"}

    def teardown(self):
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    @rule(target=cases, urgency=st.sampled_from(["normal", "urgent", "complex"]), deputy=st.booleans())
    def submit(self, urgency, deputy):
        p = CONTEXT["personas"]
        case = CONTEXT["make_case"](urgency=urgency, collected_by=p["deputy_record"] if deputy else None)
        self.known[case.pk] = {"version": 1, "events": 0, "status_changes": 0}
        return case.pk

    @rule(workdays=st.integers(min_value=1, max_value=8))
    def time_passes(self, workdays):
        CONTEXT["day"].advance(workdays)

    @rule(case_id=cases, other=cases, action=st.sampled_from(sorted(ACTIONS)), who=st.sampled_from(PERSONAS),
          stale=st.booleans(), data=st.data())
    def act(self, case_id, other, action, who, stale, data):
        p, deps = CONTEXT["personas"], CONTEXT["departments"]
        actor = None if who == "public" else p[who]
        case = Case.objects.get(pk=case_id)
        payload = {
            "note": data.draw(st.sampled_from(["", "理由说明"]), label="note"),
            "version": case.version - 1 if stale and data.draw(st.booleans(), label="really_stale") else case.version,
        }
        if action == "assign":
            payload["department"] = deps[data.draw(st.sampled_from(["jxw", "fgw", "bishan_jxw"]), label="dept")].pk
            payload["co_departments"] = [deps[k].pk for k in data.draw(st.lists(st.sampled_from(["jxw", "fgw"]), max_size=2), label="co")]
            payload["due_workdays"] = data.draw(st.sampled_from([None, 1, 5, 15, 25, 30]), label="due_workdays")
        elif action in ("reply", "resolve_on_spot"):
            payload["result"] = data.draw(st.sampled_from(["solved", "partly_solved", "not_solvable_now", "bad"]), label="result")
            payload["content"] = data.draw(st.sampled_from(["", "已办理完毕"]), label="content")
            if data.draw(st.booleans(), label="commit"):
                payload["commitment"] = "年底前完成"
                payload["commitment_due"] = CONTEXT["day"]() + dt.timedelta(days=data.draw(st.integers(-3, 90), label="cdays"))
        elif action == "revisit":
            payload["rating"] = data.draw(st.sampled_from(["satisfied", "basically_satisfied", "unsatisfied", "no_response"]), label="rating")
        elif action == "request_extension":
            payload["days"] = data.draw(st.integers(0, 20), label="days")
        elif action == "decide_extension":
            payload["approve"] = data.draw(st.booleans(), label="approve")
        elif action == "merge":
            payload["into"] = other
        elif action == "co_report":
            payload["report"] = data.draw(st.sampled_from(["", "协办意见"]), label="report")
        self._do(case, action, actor, payload)

    @rule(case_id=cases, other=cases, steps=st.integers(min_value=1, max_value=5), data=st.data())
    def progress(self, case_id, other, steps, data):
        """Legal next steps by someone allowed to take them, with valid input: reaches deep states."""
        for _ in range(steps):
            self._progress_once(case_id, other, data)

    @rule(case_id=cases, rating=st.sampled_from(["satisfied", "basically_satisfied", "unsatisfied"]),
          extension=st.booleans(), pause=st.booleans(), reopen=st.booleans())
    def usual_path(self, case_id, rating, extension, pause, reopen):
        """The usual loop by the right people (some steps refuse if the case is elsewhere)."""
        p, jxw = CONTEXT["personas"], CONTEXT["departments"]["jxw"].pk
        steps = [("accept", "staff", {}), ("assign", "staff", {"department": jxw}), ("sign", "handler", {})]
        if extension:
            steps += [("request_extension", "handler", {"days": 3, "note": "需要协调"}),
                      ("decide_extension", "staff", {"approve": True})]
        if pause:
            steps += [("pause", "handler", {"note": "等企业材料"}), ("resume", "staff", {})]
        steps += [("reply", "handler", {"result": "solved", "content": "已解决"}),
                  ("revisit", "public", {"rating": rating}),
                  ("reopen" if reopen and rating == "unsatisfied" else "close", "staff", {"note": "理由说明"})]
        for action, who, payload in steps:
            case = Case.objects.get(pk=case_id)
            self._do(case, action, None if who == "public" else p[who], payload)
            if action == "pause":
                CONTEXT["day"].advance(2)

    def _progress_once(self, case_id, other, data):
        p = CONTEXT["personas"]
        case = Case.objects.get(pk=case_id)
        choices = [(who, name) for who in PERSONAS
                   for name in allowed_actions(case, None if who == "public" else p[who])]
        if not choices:
            return
        who, action = data.draw(st.sampled_from(choices), label="step")
        payload = {"note": "理由说明", "version": case.version, "department": CONTEXT["departments"]["jxw"].pk,
                   "content": "已办理完毕", "result": "solved", "days": 2, "report": "协办意见", "into": other,
                   "rating": data.draw(st.sampled_from(["satisfied", "basically_satisfied", "unsatisfied"]), label="r"),
                   "approve": data.draw(st.booleans(), label="approve")}
        self._do(case, action, None if who == "public" else p[who], payload)

    def _do(self, case, action, actor, payload):
        case_id, before_status = case.pk, case.status
        try:
            after = case_act(case=case, action=action, actor=actor, data=payload)
        except (BusinessError, PermissionDenied):
            return
        state = self.known[case_id]
        # accept with a department is 受理并交办: two moves, two events (submitted → accepted → assigned)
        moves = 2 if action == "accept" and (payload or {}).get("department") else 1
        state["version"] += moves
        state["events"] += moves
        if after.status != before_status:
            state["status_changes"] += moves
        REACHED.add(after.status)
        assert after.version == state["version"]

    @invariant()
    def closed_cases_have_a_verdict(self):
        for rating in Case.objects.filter(pk__in=self.known, status=CaseStatus.CLOSED).values_list("rating", flat=True):
            assert rating in ("satisfied", "basically_satisfied", "unsatisfied", "no_response")

    @invariant()
    def one_audit_event_per_change(self):
        for case_id, state in self.known.items():
            events = _events(case_id)
            assert len(events) == state["events"]
            assert sum(1 for e in events if "status" in e.changes) == state["status_changes"]

    @invariant()
    def no_case_lost_or_duplicated(self):
        ids = list(case_list(CONTEXT["personas"]["staff"]).filter(pk__in=self.known).values_list("pk", flat=True))
        assert sorted(ids) == sorted(self.known)

    @invariant()
    def due_date_iff_running_clock(self):
        for c in Case.objects.filter(pk__in=self.known).only("due_date", "clock_kind", "paused_since"):
            assert (c.due_date is None) == (c.clock_kind == "" or c.paused_since is not None)

    @invariant()
    def version_counts_successful_actions(self):
        for case_id, version in Case.objects.filter(pk__in=self.known).values_list("pk", "version"):
            assert version == self.known[case_id]["version"]


def test_random_action_sequences_keep_the_invariants(personas, departments, make_case, day):
    REACHED.clear()
    CONTEXT.update(personas=personas, departments=departments, make_case=make_case, day=day, start=day())
    run_state_machine_as_test(Loop, settings=settings(
        max_examples=25, stateful_step_count=25, deadline=None, derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
    ))
    # the machine explored the whole loop, not just the first steps
    assert {"closed", "revisited", "in_progress", "merged", "rejected"} <= REACHED, REACHED


def test_the_machine_can_reach_closed(personas, departments, make_case, day, walk):
    """A sanity check that the services the machine drives can complete the loop at all."""
    assert walk(make_case(), "closed").status == "closed"
