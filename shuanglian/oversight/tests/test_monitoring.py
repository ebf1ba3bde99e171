"""Business-environment monitoring: a report scores every indicator once a month; the figures
average what was reported (0–100 points) with the previous month beside; a point that did not
report is named; a finding enters the closed loop and reaches the department's queue."""

import datetime as dt

import pytest

from shuanglian.cases.tests.conftest import category  # noqa: F401  (fixture)
from shuanglian.core.errors import BusinessError
from shuanglian.deputies.models import Station, StationMember
from shuanglian.oversight import services_monitoring as sm
from shuanglian.oversight.models import MonitoringReport
from shuanglian.oversight.selectors_monitoring import month_figures

pytestmark = pytest.mark.django_db
NOV, OCT = dt.date(2026, 11, 1), dt.date(2026, 10, 1)


@pytest.fixture
def points(regions, personas):
    made = [Station.objects.create(kind="monitoring_point", name=f"监测点{k}", host=f"企业{k}",
                                   region=regions["beibei"]) for k in range(3)]
    StationMember.objects.create(station=made[0], deputy=personas["deputy_record"], kind="deputy")
    return made


def scores(value):
    """Every active indicator at `value` (是 for yes/no when value ≥ 3)."""
    return {i.pk: (1 if value >= 3 else 0) if i.scale == "yes_no" else value for i in sm.leaf_indicators()}


def test_every_indicator_must_be_scored_once_a_month(personas, points):
    staff = personas["staff"]
    partial = scores(4)
    partial.pop(next(iter(partial)))
    with pytest.raises(BusinessError, match="请为"):
        sm.monitoring_report_submit(actor=staff, station=points[0], period=NOV, scores=partial)
    bad = scores(4)
    bad[next(i.pk for i in sm.leaf_indicators() if i.scale == "score")] = 6
    with pytest.raises(BusinessError, match="1 至 5 分"):
        sm.monitoring_report_submit(actor=staff, station=points[0], period=NOV, scores=bad)
    sm.monitoring_report_submit(actor=staff, station=points[0], period=dt.date(2026, 11, 17), scores=scores(4))
    with pytest.raises(BusinessError, match="已报送2026年11月"):
        sm.monitoring_report_submit(actor=staff, station=points[0], period=NOV, scores=scores(5))
    assert MonitoringReport.objects.count() == 1 and MonitoringReport.objects.get().period == NOV


def test_figures_average_points_with_trend_and_name_the_missing(personas, points):
    staff = personas["staff"]
    sm.monitoring_report_submit(actor=staff, station=points[0], period=OCT, scores=scores(3))
    sm.monitoring_report_submit(actor=staff, station=points[0], period=NOV, scores=scores(5))
    sm.monitoring_report_submit(actor=staff, station=points[1], period=NOV, scores=scores(4),
                                findings=["审批材料要求重复提交", ""])
    f = month_figures(staff, NOV)
    assert (f.points, f.reports, [p.name for p in f.missing]) == (3, 2, ["监测点2"])
    policy = f.dimensions[0]
    # 1–5 scores: 5 → 100 points, 4 → 75; 是 → 100. Each indicator averages over the points: the two
    # score indicators (100+75)/2 = 87.5, the yes/no one 100; the dimension (87.5+87.5+100)/3 = 91.7.
    assert policy["name"] == "政策宣传兑现" and policy["points"] == 91.7
    # October: only point 0 at 3 → 50 for scores, 是 → 100: (50+50+100)/3 = 66.7; change +25.0.
    assert policy["previous"] == 66.7 and policy["change"] == 25.0
    assert f.new_problems == 1 and f.indicators[0]["points"] <= f.indicators[-1]["points"]


def test_a_deputy_of_the_point_reports_others_cannot(personas, points):
    sm.monitoring_report_submit(actor=personas["deputy"], station=points[0], period=NOV, scores=scores(4))
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        sm.monitoring_report_submit(actor=personas["deputy"], station=points[1], period=NOV, scores=scores(4))
    with pytest.raises(PermissionDenied):
        sm.monitoring_report_submit(actor=personas["leader"], station=points[1], period=NOV, scores=scores(4))


def test_a_finding_reaches_the_departments_queue(personas, points, departments, category, client_for):  # noqa: F811
    from shuanglian.cases import services as case_services

    staff = personas["staff"]
    report = sm.monitoring_report_submit(actor=staff, station=points[0], period=NOV, scores=scores(2),
                                         findings=["企业开办后社保登记仍需线下跑两次"])
    finding = report.findings.get()
    c = client_for("staff")
    c.post(f"/oversight/monitoring/findings/{finding.pk}/to-case/",
           {"category": category.pk, "contact_name": "陈经理", "contact_phone": "13912345678"})
    finding.refresh_from_db()
    case = finding.case
    assert case.source == "monitoring_point" and case.station == points[0]
    case = case_services.case_accept(case=case, actor=staff)
    case_services.case_assign(case=case, department=departments["jxw"], actor=staff)
    queue = client_for("handler").get("/cases/queue/").content.decode()
    assert case.number in queue
    page = c.get(f"/oversight/monitoring/reports/{report.pk}/").content.decode()
    assert f"诉求 {case.number}" in page
    # the month's figures name the department now handling it
    assert month_figures(staff, NOV).departments == [{"name": "区经济信息委", "problems": 1, "solved": 0}]
    month = c.get("/oversight/monitoring/?month=2026-11").content.decode()
    assert "各承办部门办理情况" in month and "区经济信息委" in month


def test_pages_api_and_brief(personas, points, client_for, api_for):
    import io

    from docx import Document

    staff = personas["staff"]
    sm.monitoring_report_submit(actor=staff, station=points[0], period=NOV, scores=scores(4))
    page = client_for("leader").get("/oversight/monitoring/?month=2026-11").content.decode()
    assert "1/3" in page and "监测点1、监测点2" in page
    body = api_for("staff").post("/api/v1/monitoring/reports/", {
        "station": points[1].pk, "period": "2026-11-05", "scores": {str(k): v for k, v in scores(5).items()},
        "findings": ["水电报装慢"]}, format="json")
    assert body.status_code == 201 and body.json()["findings"][0]["content"] == "水电报装慢"
    again = api_for("staff").post("/api/v1/monitoring/reports/", {
        "station": points[1].pk, "period": "2026-11-20", "scores": {str(k): v for k, v in scores(5).items()}},
        format="json")
    assert again.status_code == 400 and "已报送" in again.json()["detail"]
    assert api_for("outsider").get("/api/v1/monitoring/reports/").json()["count"] == 0
    brief = client_for("leader").get("/oversight/monitoring/brief.docx?month=2026-11")
    text = "\n".join(p.text for p in Document(io.BytesIO(brief.content)).paragraphs)
    assert "已报送 2 个" in text and "未报送 1 个：监测点2" in text and "反映问题 1 个" in text


def test_the_form_keeps_what_was_typed_when_refused(personas, points, client_for):
    c = client_for("staff")
    r = c.post("/oversight/monitoring/reports/new/", {"station": points[0].pk, "period": "2026-11",
                                                      "narrative": "本月审批提速明显"})
    assert r.status_code == 400 and "请为" in r.content.decode() and "本月审批提速明显" in r.content.decode()
    assert not MonitoringReport.objects.exists()
