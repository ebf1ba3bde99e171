"""The moves around the main path: withdraw before assignment, refuse with a fixed reason, split
(一事一议), a case turned into a suggestion by its collecting deputy, closing an unrated answer."""

import pytest
from django.core.exceptions import PermissionDenied

from shuanglian.cases.models import Case
from shuanglian.core.errors import BusinessError, TransitionNotAllowed
from shuanglian.suggestions import services, services_handling
from shuanglian.suggestions.models import Status

from .conftest import D

pytestmark = pytest.mark.django_db


def test_withdraw_only_before_assignment_and_only_by_the_lead_deputy(make_suggestion, walk, people):
    s = walk(make_suggestion(), "submitted")
    with pytest.raises(PermissionDenied):
        services.suggestion_withdraw(suggestion=s, actor=people["cosigner"])
    s = services.suggestion_withdraw(suggestion=s, actor=people["deputy"], note="另行提出")
    assert s.status == Status.WITHDRAWN and s.due_date is None
    late = walk(make_suggestion(), "assigned")
    with pytest.raises(TransitionNotAllowed, match="已交办，办理中"):
        services.suggestion_withdraw(suggestion=late, actor=people["deputy"])


def test_refuse_needs_a_reason_from_the_fixed_list(make_suggestion, walk, people):
    s = walk(make_suggestion(), "submitted")
    with pytest.raises(BusinessError, match="规定的理由"):
        services.suggestion_refuse(suggestion=s, actor=people["staff"], reason="不想办")
    s = services.suggestion_refuse(suggestion=s, actor=people["staff"], reason="litigation")
    assert (s.status, s.get_refuse_reason_display()) == (Status.REFUSED,
                                                         "涉及诉讼、仲裁、行政复议等法定程序中的具体案件")


def test_split_makes_one_suggestion_per_subject(make_suggestion, walk, people, today):
    s = walk(make_suggestion(title="关于交通和充电设施建设的建议"), "submitted")
    parts = services.suggestion_split(suggestion=s, actor=people["staff"], parts=[
        {"title": "关于推进渝西片区交通互联互通一体化发展的建议", "reasons": "交通", "proposals": "互联互通"},
        {"title": "《关于加快“充储泊配”设施建设的建议》", "reasons": "充电", "proposals": "建站"},
    ])
    s.refresh_from_db()
    assert s.status == Status.SPLIT and s.due_date is None
    assert [p.number for p in parts] == [f"{s.number}-1", f"{s.number}-2"]
    for p in parts:
        assert p.status == Status.SUBMITTED and p.assign_due is not None and p.split_from_id == s.pk
        assert list(p.co_signers.values_list("name", flat=True)) == ["吴代表"]
    with pytest.raises(BusinessError, match="2 至 10"):
        services.suggestion_split(suggestion=parts[0], actor=people["staff"], parts=[{"title": "关于x的建议"}])


def test_a_case_beyond_local_competence_becomes_a_suggestion_linked_both_ways(people, regions, today):
    from shuanglian.cases.models import Category

    category = Category.objects.first()  # seeded by the cases migrations
    case = Case.objects.create(title="链主企业政策兑现慢", description="需市级层面协调", category=category,
                               source="visit", enterprise_name="某公司", contact_name="刘", contact_phone="13900000000",
                               region=regions["beibei"], collected_by=people["deputy_record"])
    with pytest.raises(PermissionDenied):
        services.suggestion_from_case(actor=people["other_deputy"], case=case, title="关于加快链主企业政策兑现的建议",
                                      reasons="x", proposals="y")
    s = services.suggestion_from_case(actor=people["deputy"], case=case, title="关于加快链主企业政策兑现的建议",
                                      reasons="政策兑现周期长", proposals="建立兑现专班")
    assert s.source_case == case and list(case.suggestions.all()) == [s]
    with pytest.raises(BusinessError, match="已转为建议"):
        services.suggestion_from_case(actor=people["deputy"], case=case, title="关于加快链主企业政策兑现的建议",
                                      reasons="x", proposals="y")


def test_an_unrated_answer_can_be_closed_only_after_the_rating_deadline(make_suggestion, walk, people, today):
    s = walk(make_suggestion(), "answered")
    with pytest.raises(TransitionNotAllowed, match="评价期限"):
        services_handling.suggestion_close(suggestion=s, actor=people["staff"])
    today.set(s.rating_due)
    with pytest.raises(TransitionNotAllowed):
        services_handling.suggestion_close(suggestion=s, actor=people["staff"])
    today.set(D(2027, 6, 1))
    s = services_handling.suggestion_close(suggestion=s, actor=people["staff"])
    assert (s.status, s.rating, s.closed_on) == (Status.CLOSED, "", D(2027, 6, 1))


def test_a_co_unit_sends_one_opinion_per_round(make_suggestion, walk, people):
    s = walk(make_suggestion(), "assigned")
    services_handling.suggestion_co_opinion(suggestion=s, actor=people["outsider"], content="支持")
    with pytest.raises(BusinessError, match="本轮已提出"):
        services_handling.suggestion_co_opinion(suggestion=s, actor=people["outsider"], content="再次")


def test_the_sweep_notifies_the_unit_the_deputy_and_the_commitment_owner_once(make_suggestion, walk, people,
                                                                              departments, today):
    from shuanglian.cases.models import Notice
    from shuanglian.suggestions.sweep import suggestion_sweep

    today.set(D(2026, 3, 2))
    s = walk(make_suggestion(), "assigned")  # answer due 06-02
    assert "没有新的提醒" in suggestion_sweep(on=D(2026, 3, 3))
    assert "黄灯提醒 1 条" in suggestion_sweep(on=D(2026, 5, 20))
    assert "红灯督办 1 条" in suggestion_sweep(on=D(2026, 6, 3))
    assert "没有新的提醒" in suggestion_sweep(on=D(2026, 6, 3))  # idempotent
    notice = Notice.objects.filter(department=departments["jxw"]).latest("id")
    assert notice.text.startswith("【红灯督办】代表建议") and "已超1天" in notice.text
    today.set(D(2026, 6, 5))
    s = services_handling.suggestion_answer(suggestion=s, actor=people["handler"], category="C", content="列入计划",
                                            commitments=[{"content": "明年建成", "due": D(2026, 12, 31)}])
    suggestion_sweep(on=D(2027, 1, 4))
    assert Notice.objects.filter(user=people["deputy"], text__contains="办理评价").exists()
    assert Notice.objects.filter(department=departments["jxw"], text__contains="承诺的“明年建成”").exists()
