"""Property-based test of the suggestion workflow (hypothesis RuleBasedStateMachine): random people
take random actions with random input on a few suggestions while days pass. After every step:

- every successful action wrote exactly one audit event `suggestion.<action>`, a refused one none;
- version is 1 + the number of successful actions;
- due_date is set exactly when a clock runs (waiting for assignment, handling, waiting for a rating);
- a lead unit is set exactly when the suggestion is with a unit or past it;
- an answered or closed suggestion has an answer category (or was closed unrated after its deadline),
  and every B or C answer left at least one commitment;
- no suggestion is lost: staff list every one of them.
"""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)

from shuanglian.core.errors import BusinessError
from shuanglian.core.models import AuditEvent
from shuanglian.suggestions import services
from shuanglian.suggestions.inputs import ACTION_INPUTS
from shuanglian.suggestions.models import Status, Suggestion
from shuanglian.suggestions.selectors import access_suggestion, suggestion_list
from shuanglian.suggestions.workflow import ACTIONS, allowed_actions

pytestmark = pytest.mark.django_db

PEOPLE = ["staff", "staff2", "handler", "outsider", "leader", "deputy", "cosigner", "bishan_staff"]
EVENTS = {f"suggestion.{name}" for name in ACTIONS}
RUNNING = {Status.SUBMITTED, Status.RETURNED, Status.ASSIGNED, Status.REHANDLING, Status.ANSWERED}
WITH_UNIT = {Status.ASSIGNED, Status.ANSWERED, Status.REHANDLING, Status.CLOSED}
CONTEXT = {}
REACHED = set()


def _events(sid):
    return AuditEvent.objects.filter(target_type="suggestions.suggestion", target_id=str(sid),
                                     event_type__in=EVENTS).count()


class Flow(RuleBasedStateMachine):
    suggestions = Bundle("suggestions")

    def __init__(self):
        super().__init__()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        CONTEXT["today"].set(CONTEXT["start"])
        self.known = {}

    def teardown(self):
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    @rule(target=suggestions)
    def draft(self):
        s = CONTEXT["make"]()
        self.known[s.pk] = {"version": 1, "events": 0}
        return s.pk

    @rule(days=st.integers(min_value=1, max_value=60))
    def time_passes(self, days):
        CONTEXT["today"].set(CONTEXT["today"]() + dt.timedelta(days=days))

    def _payload(self, name, data):
        deps = CONTEXT["departments"]
        day = CONTEXT["today"]()
        if name == "assign":
            return {"lead_unit": deps[data.draw(st.sampled_from(["jxw", "fgw", "bishan_jxw"]), label="unit")].pk,
                    "co_units": [deps[k].pk for k in data.draw(st.lists(st.sampled_from(["jxw", "fgw"]), max_size=2),
                                                               label="co")],
                    "complex": data.draw(st.booleans(), label="complex")}
        if name == "answer":
            category = data.draw(st.sampled_from(["A", "B", "C", "D"]), label="category")
            commit = data.draw(st.booleans(), label="commit")
            return {"category": category, "content": data.draw(st.sampled_from(["", "答复"]), label="content"),
                    "commitments": [{"content": "年底前完成", "due": (day + dt.timedelta(days=90)).isoformat()}]
                    if commit else []}
        if name == "rate":
            return {"rating": data.draw(st.sampled_from(["satisfied", "basically_satisfied", "unsatisfied", "x"]),
                                        label="rating")}
        if name == "refuse":
            return {"reason": data.draw(st.sampled_from(["personal", "bad"]), label="reason")}
        if name in ("return", "withdraw"):
            return {"note": data.draw(st.sampled_from(["", "不属于本单位职责"]), label="note")}
        if name == "co_opinion":
            return {"content": "支持"}
        if name == "split":
            return {"parts": [{"title": f"关于第{k}件事的建议", "reasons": "x", "proposals": "y"} for k in (1, 2)]}
        return {}

    @rule(sid=suggestions, name=st.sampled_from(sorted(ACTIONS)), who=st.sampled_from(PEOPLE),
          stale=st.booleans(), data=st.data())
    def act(self, sid, name, who, stale, data):
        self._do(sid, name, who, stale, data)

    @rule(sid=suggestions, steps=st.integers(min_value=1, max_value=6), data=st.data())
    def progress(self, sid, steps, data):
        """Legal next steps by someone allowed to take them: reaches the deep states."""
        for _ in range(steps):
            s = Suggestion.objects.get(pk=sid)
            choices = [(who, n) for who in PEOPLE for n in allowed_actions(s, CONTEXT["people"][who])]
            if not choices:
                return
            who, name = data.draw(st.sampled_from(choices), label="step")
            self._do(sid, name, who, False, data)

    @rule(sid=suggestions, ratings=st.lists(st.sampled_from(["satisfied", "unsatisfied"]), min_size=1, max_size=3))
    def usual_path(self, sid, ratings):
        """Submit, assign, then answer and rate in turn (steps refuse when the suggestion is elsewhere)."""
        jxw = CONTEXT["departments"]["jxw"].pk
        steps = [("submit", "deputy", {}), ("assign", "staff", {"lead_unit": jxw})]
        for rating in ratings:
            steps += [("answer", "handler", {"category": "A", "content": "已采纳"}),
                      ("rate", "deputy", {"rating": rating})]
        for name, who, payload in steps:
            self._do(sid, name, who, False, None, payload)

    def _do(self, sid, name, who, stale, data, payload=None):
        actor = CONTEXT["people"][who]
        payload = dict(payload) if payload is not None else self._payload(name, data)
        before = Suggestion.objects.get(pk=sid)
        payload["version"] = before.version - 1 if stale else before.version
        try:
            s = access_suggestion(actor, sid)
            ser = ACTION_INPUTS[name](data=payload)
            if not ser.is_valid():
                return
            ser.run(suggestion=s, actor=actor)
        except (BusinessError, PermissionDenied, Http404):
            return
        self.known[sid]["version"] += 1
        self.known[sid]["events"] += 1
        after = Suggestion.objects.get(pk=sid)
        REACHED.add(after.status)
        for part in after.parts.all():
            self.known.setdefault(part.pk, {"version": 1, "events": 0})

    @invariant()
    def one_audit_event_per_move_and_version_counts_them(self):
        for sid, state in self.known.items():
            assert _events(sid) == state["events"]
            assert Suggestion.objects.get(pk=sid).version == state["version"]

    @invariant()
    def a_deadline_exactly_when_a_clock_runs(self):
        for s in Suggestion.objects.filter(pk__in=self.known):
            assert (s.due_date is not None) == (s.status in RUNNING), (s.status, s.due_date)
            assert (s.lead_unit_id is not None) == (s.status in WITH_UNIT), (s.status, s.lead_unit_id)

    @invariant()
    def answers_have_a_category_and_their_commitments(self):
        for s in Suggestion.objects.filter(pk__in=self.known, status__in=[Status.ANSWERED, Status.CLOSED,
                                                                          Status.REHANDLING]):
            assert s.answer_category in ("A", "B", "C", "D")
            if s.answer_category in ("B", "C"):
                assert s.commitments.exists()

    @invariant()
    def no_suggestion_lost(self):
        ids = suggestion_list(CONTEXT["people"]["staff"]).filter(pk__in=self.known).values_list("pk", flat=True)
        assert sorted(ids) == sorted(self.known)


def test_random_moves_keep_the_invariants(people, departments, make_suggestion, today):
    REACHED.clear()
    CONTEXT.update(people=people, departments=departments, make=make_suggestion, today=today,
                   start=dt.date(2026, 1, 5))
    run_state_machine_as_test(Flow, settings=settings(
        max_examples=25, stateful_step_count=25, deadline=None, derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
    ))
    assert {"closed", "rehandling", "answered", "assigned", "withdrawn"} <= REACHED, REACHED


def test_services_can_close_the_loop(make_suggestion, walk):
    assert walk(make_suggestion(), "closed").status == Status.CLOSED
    assert services  # the machine drives the services through the same inputs the API uses
