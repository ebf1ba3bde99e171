"""Writes of a suggestion once assigned: the unit's return, co-opinions, the answer and its
commitments, the deputy's rating, closing an unrated one; and the commitments' own moves.
Same shape as services.py: one transaction, one audit event, status only through the workflows."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError

from shuanglian.core.errors import BusinessError
from shuanglian.lib.parse import parse_date
from shuanglian.points.services import point_award

from . import clocks
from .checks import act_day, clean_text
from .models import AnswerCategory, Commitment, CoOpinion, Rating, Status, Suggestion
from .point_sources import (
    ANSWER_A,
    DELIVERED,
    commitment_key,
    pays_on_close,
    pays_on_deliver,
    suggestion_key,
)
from .services import _move
from .workflow import COMMITMENT_WORKFLOW

MAX_COMMITMENTS = 20
COMMITMENT_CATEGORIES = {AnswerCategory.B, AnswerCategory.C}


def suggestion_return(*, suggestion: Suggestion, actor, note: str, on: dt.date | None = None,
                      expected_version: int | None = None) -> Suggestion:
    """The lead unit gives it back (not its duty), with the reason, within the return window;
    staff assign it again within a new assignment clock."""
    def apply(s):
        s.returned_on = act_day(on, "退回日期", not_before=s.assigned_on, before_label="交办日期")
        old = s.lead_unit.name if s.lead_unit else None
        s.lead_unit, s.complex = None, False
        s.co_units.clear()
        return {"returned_by": [old, None]}
    return _move(suggestion, "return", actor, expected_version, apply,
                 note=clean_text(note, "退回理由", limit=500, required=False))


def suggestion_co_opinion(*, suggestion: Suggestion, actor, content: str, on: dt.date | None = None,
                          expected_version: int | None = None) -> CoOpinion:
    made = {}

    def apply(s):
        day = act_day(on, "提出日期", not_before=s.rehandle_from or s.assigned_on, before_label="交办日期")
        text = clean_text(content, "协办意见", limit=10000)
        try:
            made["op"] = CoOpinion.objects.create(suggestion=s, department_id=actor.department_id,
                                                  round=s.rounds + 1, content=text, sent_on=day, recorded_by=actor)
        except IntegrityError:
            raise BusinessError("贵单位本轮已提出协办意见。", code="duplicate") from None
        return {"co_opinion": [None, f"{actor.department.name}（{day:%Y-%m-%d}）"]}

    _move(suggestion, "co_opinion", actor, expected_version, apply)
    return made["op"]


def _clean_commitments(category, commitments, day) -> list[tuple[str, dt.date]]:
    items = commitments or []
    if not isinstance(items, list) or len(items) > MAX_COMMITMENTS:
        raise BusinessError(f"承诺事项最多 {MAX_COMMITMENTS} 项。", code="invalid_commitments")
    if category in COMMITMENT_CATEGORIES and not items:
        raise BusinessError(f"{AnswerCategory(category).label.split('：')[0]}答复应列明承诺事项和完成期限。",
                            code="commitments_required")
    if category not in COMMITMENT_CATEGORIES and items:
        raise BusinessError("只有 B 类、C 类答复可以列承诺事项。", code="invalid_commitments")
    cleaned = []
    for k, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise BusinessError(f"第{k}项承诺格式有误。", code="invalid_commitments")
        text = clean_text(item.get("content"), f"第{k}项承诺内容", limit=500)
        due = item.get("due")
        if not isinstance(due, dt.date) or isinstance(due, dt.datetime):
            if not isinstance(due, str) or not due.strip():
                raise BusinessError(f"请填写第{k}项承诺的完成期限（YYYY-MM-DD）。", code="invalid_date")
            due = parse_date(due, name=f"第{k}项承诺的完成期限")
        if due <= day:
            raise BusinessError(f"第{k}项承诺的完成期限应晚于答复日期（{day:%Y-%m-%d}）。", code="date_order")
        cleaned.append((text, due))
    return cleaned


def suggestion_answer(*, suggestion: Suggestion, actor, category: str, content: str, commitments=None,
                      on: dt.date | None = None, expected_version: int | None = None) -> Suggestion:
    """The lead unit's answer (or staff recording a paper letter): A/B/C/D, the text, and for B
    and C the commitments with their own due dates."""
    if category not in AnswerCategory.values:
        raise BusinessError("请选择答复类别（A、B、C、D）。", code="invalid_category")

    def apply(s):
        day = act_day(on, "答复日期", not_before=s.rehandle_from or s.assigned_on, before_label="交办日期")
        items = _clean_commitments(category, commitments, day)
        s.answer_category, s.answer_content = category, clean_text(content, "答复内容", limit=50000)
        s.answered_on, s.rounds = day, s.rounds + 1
        s.first_answered_on = s.first_answered_on or day
        s.rating, s.rating_comment, s.rated_on = "", "", None
        Commitment.objects.bulk_create([
            Commitment(suggestion=s, content=text, made_on=day, due=due, warn_date=clocks.commitment_warn(day, due))
            for text, due in items])
        return {"commitments": [None, "；".join(f"{t}（{d:%Y-%m-%d}前）" for t, d in items)]} if items else None

    return _move(suggestion, "answer", actor, expected_version, apply)


def suggestion_rate(*, suggestion: Suggestion, actor, rating: str, comment: str = "", on: dt.date | None = None,
                    expected_version: int | None = None) -> Suggestion:
    """The lead deputy's rating: satisfied or basically → 办结; unsatisfied → 重办 with a new clock
    from the rating day. A rating after its deadline is kept but left out of the satisfaction rate."""
    if rating not in Rating.values:
        raise BusinessError("请选择评价（满意、基本满意、不满意）。", code="invalid_rating")

    def apply(s):
        s.rated_on = act_day(on, "评价日期", not_before=s.answered_on, before_label="答复日期")
        s.rating, s.rating_comment = rating, clean_text(comment, "评价意见", limit=500, required=False)
        if rating == Rating.UNSATISFIED:
            s.status, s.rehandle_from = Status.REHANDLING, s.rated_on
        else:
            s.status, s.closed_on = Status.CLOSED, s.rated_on
            _pay_closed(s, actor)
    return _move(suggestion, "rate", actor, expected_version, apply)


def _pay_closed(s, actor):
    """履职积分: 办结 with an A answer pays the lead deputy (办结 is final; see point_sources.py)."""
    if pays_on_close(s):
        point_award(deputy=s.lead_deputy, rule_code=ANSWER_A, source_key=suggestion_key(s), occurred_on=s.closed_on,
                    actor=actor)


def suggestion_close(*, suggestion: Suggestion, actor, on: dt.date | None = None,
                     expected_version: int | None = None) -> Suggestion:
    def apply(s):
        s.closed_on = act_day(on, "办结日期", not_before=s.answered_on, before_label="答复日期")
        _pay_closed(s, actor)
    return _move(suggestion, "close", actor, expected_version, apply)


# --- commitments --------------------------------------------------------------------------------

def commitment_deliver(*, commitment: Commitment, actor, note: str, on: dt.date | None = None,
                       expected_version: int | None = None) -> Commitment:
    def apply(c):
        c.delivered_on = act_day(on, "兑现日期", not_before=c.made_on, before_label="承诺日期")
        c.delivery_note = clean_text(note, "兑现情况", limit=10000)
        if pays_on_deliver(c):  # 履职积分: the lead deputy's commitment followed to delivery
            point_award(deputy=c.suggestion.lead_deputy, rule_code=DELIVERED, source_key=commitment_key(c),
                        occurred_on=c.delivered_on, actor=actor)
    return COMMITMENT_WORKFLOW.transition(obj=commitment, action="deliver", actor=actor, apply=apply,
                                          expected_version=expected_version)


def commitment_rate(*, commitment: Commitment, actor, rating: str, on: dt.date | None = None,
                    expected_version: int | None = None) -> Commitment:
    if rating not in Rating.values:
        raise BusinessError("请选择评价（满意、基本满意、不满意）。", code="invalid_rating")

    def apply(c):
        c.rated_on = act_day(on, "评价日期", not_before=c.delivered_on, before_label="兑现日期")
        c.rating = rating
    return COMMITMENT_WORKFLOW.transition(obj=commitment, action="rate", actor=actor, apply=apply,
                                          expected_version=expected_version)
