"""The suggestions' verified events for 履职积分 (points sits below suggestions and never imports it).

- 提交代表建议 (`suggestion_submitted`): the lead deputy, on the submission day, for a 代表建议 (the
  other kinds are officials' or experts' opinions) that was not withdrawn or refused (不作为建议处理
  means it is not a suggestion) — the services take the points back when that happens before
  assignment. The parts of a split (一事一议) are the one submission already paid: they pay nothing.
- 建议答复为A类 (`suggestion_answer_a`): the lead deputy, when the suggestion is 办结 with an A answer
  (办结 is final: an A answer later re-handled to B after 不满意 must not have paid).
- 答复承诺事项兑现 (`commitment_delivered`): the lead deputy, on the day the unit reports it delivered.

The services pay them as they happen (point_award, same transaction); this source yields the same
events, rule codes, keys and days for the rebuild (registered in SuggestionsConfig.ready)."""

from __future__ import annotations

from shuanglian.points.sources import EventSource, PointEvent, register_event_source

from .models import AnswerCategory, Commitment, Kind, Status, Suggestion

SUBMITTED, ANSWER_A, DELIVERED = "suggestion_submitted", "suggestion_answer_a", "commitment_delivered"
UNDONE = (Status.DRAFT, Status.WITHDRAWN, Status.REFUSED)


def suggestion_key(s) -> str:
    return f"suggestion:{s.pk}"


def commitment_key(c) -> str:
    return f"commitment:{c.pk}"


def pays_on_submit(s) -> bool:
    return s.kind == Kind.SUGGESTION and s.split_from_id is None


def pays_on_deliver(c) -> bool:
    return c.suggestion.kind == Kind.SUGGESTION


def pays_on_close(s) -> bool:
    return s.kind == Kind.SUGGESTION and s.answer_category == AnswerCategory.A


class SuggestionEvents(EventSource):
    label = "代表建议"

    def events(self, start, end):
        own = Suggestion.objects.filter(kind=Kind.SUGGESTION)
        submitted = own.filter(split_from__isnull=True, submitted_on__gte=start, submitted_on__lte=end).exclude(
            status__in=UNDONE)
        for pk, deputy_id, day in submitted.values_list("pk", "lead_deputy_id", "submitted_on").iterator():
            yield PointEvent(day, f"suggestion:{pk}", deputy_id, SUBMITTED)
        closed = own.filter(status=Status.CLOSED, answer_category=AnswerCategory.A, closed_on__gte=start,
                            closed_on__lte=end)
        for pk, deputy_id, day in closed.values_list("pk", "lead_deputy_id", "closed_on").iterator():
            yield PointEvent(day, f"suggestion:{pk}", deputy_id, ANSWER_A)
        delivered = Commitment.objects.filter(suggestion__kind=Kind.SUGGESTION, delivered_on__gte=start,
                                              delivered_on__lte=end)
        for pk, deputy_id, day in delivered.values_list("pk", "suggestion__lead_deputy_id", "delivered_on").iterator():
            yield PointEvent(day, f"commitment:{pk}", deputy_id, DELIVERED)


def register_with_points() -> None:
    register_event_source(SuggestionEvents())
