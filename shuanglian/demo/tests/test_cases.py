"""`manage.py demo` builds a year of cases through the real services that reproduces the seeds'
headline figures, shows every status and every light, leaves the same traces as people using the
site (audit events, the rates roll-up) and adds nothing when run again."""

import io

import pytest
from django.core.management import call_command

from shuanglian.cases.models import Case, CaseStatus, Notice
from shuanglian.cases.rates import figures, ranking, rollup
from shuanglian.cases.selectors import with_light
from shuanglian.chains.models import Chain, ProjectInvestment
from shuanglian.core import audit_labels
from shuanglian.core.models import AuditEvent, User
from shuanglian.regions.models import Department, Region


def totals(**filters):
    admin = User.objects.get(username="demo_admin")
    period = filters.pop("period")
    return figures.summarize(figures.stat_rows(admin, figures.parse_period(period), **filters))


@pytest.mark.django_db
def test_demo_year_of_cases():
    call_command("demo", "--i-know-this-is-a-demo", stdout=io.StringIO())

    # Seed 000: 35 break/bottleneck problems of the 北碚 chain closed in 2025 ("35个难题清零") —
    # by the strict definition and as the rates page counts it for the chain and the year.
    chain = Chain.objects.get(name="智能网联新能源汽摩产业链", region__code="500109")
    strict = Case.objects.filter(chain=chain, problem_kind__in=["break", "bottleneck"], status="closed",
                                 closed_at__year=2025)
    assert strict.count() == 35
    assert ranking.headlines(totals(period="2025", chain=chain), chain=chain).closed_text == \
        "智能网联新能源汽摩产业链35个难题清零"
    qianfeng = Case.objects.get(title="新设备安装需确定燃气走线和调压箱位置")
    assert qianfeng.lead_department.name == "区经济信息委" and qianfeng.reply_workdays <= 4  # "不到一周"

    # Seed 001: the two 璧山 activity points collected 7 demands and solved 6.
    bishan = Region.objects.get(code="500120")
    figures = ranking.headlines(totals(period="2025-01..2030-12", region=bishan))
    assert figures.collected_text == "收集企业诉求7条，推动解决6个"
    assert set(Case.objects.filter(region__path__startswith=bishan.path).values_list("station__name", flat=True)) == {
        "比亚迪璧山园区人大代表活动点", "青山工业人大代表活动点"}

    # Seed 004: 黔江区 "解决重大问题191个、满意率达99.5%", from the ratings themselves.
    qianjiang = Region.objects.get(code="500114")
    rates = totals(period="2025", region=qianjiang)
    assert rates.satisfaction.display == "99.5%"
    assert (rates.satisfaction.num, rates.satisfaction.den) == (199, 200)
    assert rates.counts["solved_confirmed"] == 191

    # Several hundred 北碚 cases; every status and every light relative to today.
    assert Case.objects.filter(region__path__startswith="500000/500109/").count() >= 300
    assert set(Case.objects.values_list("status", flat=True)) == set(CaseStatus.values)
    lights = set(with_light(Case.objects.all()).values_list("light", flat=True))
    assert {"green", "yellow", "red"} <= lights
    assert Case.objects.filter(source="monitoring_point", region__code__startswith="4419").count() >= 15
    # The sweep ran: today's yellow and red items have notices.
    assert Notice.objects.filter(level="red").exists() and Notice.objects.filter(level="yellow").exists()
    # Every milestone came through the services: one audit event per transition.
    closed = Case.objects.filter(status="closed").first()
    events = set(AuditEvent.objects.filter(target_type="cases.case", target_id=str(closed.pk))
                 .values_list("event_type", flat=True))
    assert {"case.submit", "case.close"} <= events
    # …and the audit log names every one of them in Chinese (issue 12.8)
    unnamed = {e for e in AuditEvent.objects.values_list("event_type", flat=True).distinct() if not audit_labels.known(e)}
    assert unnamed == set()

    assert_written_through_services()

    before = (Case.objects.count(), AuditEvent.objects.filter(target_type="cases.case").count(), Notice.objects.count())
    call_command("demo", "--i-know-this-is-a-demo", stdout=io.StringIO())
    after = (Case.objects.count(), AuditEvent.objects.filter(target_type="cases.case").count(), Notice.objects.count())
    assert after == before


def targets(event_type: str) -> set[str]:
    return set(AuditEvent.objects.filter(event_type=event_type).values_list("target_id", flat=True))


def ids(queryset) -> set[str]:
    return {str(pk) for pk in queryset.values_list("pk", flat=True)}


def assert_written_through_services():
    """The demo's data carries the same traces as data entered on the site: each record's audit
    event, milestones stamped on the day they happened, and a rates roll-up equal to a rebuild."""
    assert ids(Case.objects.all()) == targets("case.submit")
    assert ids(Case.objects.filter(status="closed")) <= targets("case.close")
    assert ids(User.objects.all()) == targets("user.create")
    assert ids(Region.objects.all()) == targets("region.create")
    assert ids(Department.objects.all()) == targets("department.create")
    assert ProjectInvestment.objects.count() == AuditEvent.objects.filter(
        event_type="project.record_investment").count() > 0
    # Back-dated history is dated consistently: the 2025 case was submitted, and audited, in February 2025.
    qianfeng = Case.objects.get(title="新设备安装需确定燃气走线和调压箱位置")
    submitted = AuditEvent.objects.get(event_type="case.submit", target_id=str(qianfeng.pk))
    assert (qianfeng.submitted_at.year, qianfeng.submitted_at.month) == (2025, 2)
    assert submitted.at == qianfeng.submitted_at
    # The three rates' roll-up the services kept case by case equals a rebuild from the cases.
    incremental = rollup.snapshot()
    rollup.rebuild()
    assert rollup.snapshot() == incremental
