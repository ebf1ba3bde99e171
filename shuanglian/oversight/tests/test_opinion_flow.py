"""An opinion followed to the end through the services: clocks at each step, the vote, a failed
vote's re-report, one audit event per move, and the refusals a real office meets."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from shuanglian.core.errors import BusinessError, ConcurrentUpdate, TransitionNotAllowed
from shuanglian.core.models import AuditEvent
from shuanglian.oversight import services
from shuanglian.oversight.models import ItemStatus, OpinionStatus

D = dt.date
pytestmark = pytest.mark.django_db


def test_full_path_with_a_failed_then_passed_vote(personas, opinion_factory):
    staff, handler = personas["staff"], personas["handler"]
    op = opinion_factory()
    op = services.opinion_adopt(opinion=op, actor=staff, adopted_on=D(2026, 6, 24))
    # 7 days after 2026-06-24 is 07-01, a Wednesday.
    assert (op.status, op.transfer_due, op.due_date) == (OpinionStatus.ADOPTED, D(2026, 7, 1), D(2026, 7, 1))

    op = services.opinion_transfer(opinion=op, actor=staff, transferred_on=D(2026, 7, 1))
    # Plan within 3 months: 10-01 is National Day → the next working day, 10-08.
    assert (op.plan_due, op.report_due, op.due_date) == (D(2026, 10, 8), D(2026, 10, 8), D(2026, 10, 8))

    op = services.opinion_submit_plan(opinion=op, actor=handler, received_on=D(2026, 7, 20), content="办理方案")
    assert op.status == OpinionStatus.PLANNED and op.due_date == op.report_due
    item = op.items.first()
    services.opinion_item_respond(item=item, actor=handler, status=ItemStatus.DONE, response="已完成用地报批")

    op = services.opinion_report(opinion=op, actor=handler, received_on=D(2026, 9, 30), content="办理情况报告")
    assert op.status == OpinionStatus.REPORTED and op.due_date is None

    vote = services.opinion_vote(opinion=op, actor=staff, held_on=D(2026, 10, 20), members=30, present=26,
                                 satisfied=15, basically_satisfied=8, unsatisfied=3)
    op.refresh_from_db()
    assert not vote.passed and vote.abstained == 0
    # A failed vote asks for a new report within the opinion's period from the vote day.
    assert (op.status, op.rereport_from, op.report_due) == (OpinionStatus.REREPORT, D(2026, 10, 20), D(2027, 1, 20))
    assert op.due_date == D(2027, 1, 20)

    op = services.opinion_report(opinion=op, actor=staff, received_on=D(2026, 11, 25), content="再次报告")
    vote = services.opinion_vote(opinion=op, actor=staff, held_on=D(2026, 11, 28), members=30, present=27,
                                 satisfied=21, basically_satisfied=5, unsatisfied=1, expected_version=op.version)
    op.refresh_from_db()
    assert vote.passed and vote.round == 2
    assert op.status == OpinionStatus.SATISFIED and op.due_date is None
    moves = AuditEvent.objects.filter(target_type="oversight.opinion", target_id=str(op.pk),
                                      event_type__in=[f"opinion.{a}" for a in
                                                      ("adopt", "transfer", "submit_plan", "report", "vote")])
    assert moves.count() == 7  # adopt, transfer, plan, report, vote, report, vote


def test_an_opinion_without_items_cannot_be_adopted(personas, opinion_factory):
    op = opinion_factory(items=0)
    with pytest.raises(TransitionNotAllowed, match="至少应有一条"):
        services.opinion_adopt(opinion=op, actor=personas["staff"], adopted_on=D(2026, 6, 1))


def test_dates_out_of_order_and_in_the_future_are_refused(personas, opinion_factory):
    staff = personas["staff"]
    op = services.opinion_adopt(opinion=opinion_factory(), actor=staff, adopted_on=D(2026, 6, 24))
    with pytest.raises(BusinessError, match="不能早于通过日期"):
        services.opinion_transfer(opinion=op, actor=staff, transferred_on=D(2026, 6, 1))
    with pytest.raises(BusinessError, match="不能晚于今天"):
        services.opinion_transfer(opinion=op, actor=staff, transferred_on=D(2099, 1, 1))
    op.refresh_from_db()
    assert op.status == OpinionStatus.ADOPTED and op.transferred_on is None


def test_a_reader_is_refused_as_such_whatever_the_status(personas, opinion_factory):
    op = opinion_factory()
    with pytest.raises(PermissionDenied):  # 403 before "not allowed in this status"
        services.opinion_transfer(opinion=op, actor=personas["leader"], transferred_on=D(2026, 6, 1))
    with pytest.raises(PermissionDenied):
        services.opinion_submit_plan(opinion=op, actor=personas["outsider"], received_on=D(2026, 6, 1), content="x")


def test_two_staff_at_once_one_wins_the_other_is_told(personas, opinion_factory):
    staff = personas["staff"]
    op = opinion_factory()
    seen = op.version
    services.opinion_adopt(opinion=op, actor=staff, adopted_on=D(2026, 6, 24), expected_version=seen)
    with pytest.raises(ConcurrentUpdate, match="已被他人更新"):
        services.opinion_adopt(opinion=op, actor=staff, adopted_on=D(2026, 6, 25), expected_version=seen)
    op.refresh_from_db()
    assert op.adopted_on == D(2026, 6, 24)


def test_an_impossible_vote_changes_nothing(personas, opinion_factory):
    staff, handler = personas["staff"], personas["handler"]
    op = services.opinion_adopt(opinion=opinion_factory(), actor=staff, adopted_on=D(2026, 6, 24))
    op = services.opinion_transfer(opinion=op, actor=staff, transferred_on=D(2026, 6, 30))
    op = services.opinion_submit_plan(opinion=op, actor=handler, received_on=D(2026, 7, 2), content="方案")
    op = services.opinion_report(opinion=op, actor=handler, received_on=D(2026, 9, 1), content="报告")
    with pytest.raises(BusinessError, match="多于出席人数"):
        services.opinion_vote(opinion=op, actor=staff, held_on=D(2026, 9, 10), members=30, present=20,
                              satisfied=15, basically_satisfied=5, unsatisfied=3)
    op.refresh_from_db()
    assert op.status == OpinionStatus.REPORTED and op.rounds == 0 and not op.votes.exists()


def test_review_records_a_finding_per_item_once(personas, opinion_factory):
    staff = personas["staff"]
    op = services.opinion_adopt(opinion=opinion_factory(), actor=staff, adopted_on=D(2026, 6, 24))
    op = services.opinion_transfer(opinion=op, actor=staff, transferred_on=D(2026, 6, 30))
    first, second = op.items.order_by("pk")
    review = services.review_record(opinion=op, actor=staff, held_on=D(2026, 11, 2), summary="整改总体到位",
                                    findings=[{"item": first, "holds": True, "note": ""},
                                              {"item": second, "holds": False, "note": "用工问题仍突出"}])
    assert [f.holds for f in review.findings.order_by("item_id")] == [True, False]
    with pytest.raises(BusinessError, match="每条一次"):
        services.review_record(opinion=op, actor=staff, held_on=D(2026, 11, 3), summary="重复",
                               findings=[{"item": first, "holds": True}, {"item": first, "holds": False}])
    assert op.reviews.count() == 1
