"""Non-ASCII digits in typed input (issue 13): an opinion's dates and a vote's counts, over the API
and the page, and a campaign's visit date. 'Arabic-Indic ٣' and 'fullwidth ３' are read by
int()/strptime as 3; here they are refused with a Chinese message and nothing changes."""

import datetime as dt

import pytest

from shuanglian.core.models import AuditEvent
from shuanglian.oversight import services
from shuanglian.oversight.tests.test_campaigns import campaign  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@pytest.mark.parametrize("typed", ["2025-09-٣", "２０２５-09-03", "2025-09-0３"])
def test_api_refuses_an_adoption_date_with_foreign_digits(api_for, opinion_factory, typed):
    op = opinion_factory()
    events = AuditEvent.objects.count()
    r = api_for("staff").post(f"/api/v1/opinions/{op.pk}/actions/adopt/", {"adopted_on": typed}, format="json")
    assert r.status_code == 400, r.json()
    assert "半角数字" in r.json()["detail"] and "YYYY-MM-DD" in r.json()["detail"]
    op.refresh_from_db()
    assert op.status == "draft" and op.adopted_on is None
    assert AuditEvent.objects.count() == events


def test_the_opinion_page_refuses_a_transfer_date_with_foreign_digits(client_for, personas, opinion_factory):
    op = services.opinion_adopt(opinion=opinion_factory(), actor=personas["staff"], adopted_on=dt.date(2026, 8, 3))
    page = client_for("staff")  # (a login is audited too: count after it)
    events = AuditEvent.objects.count()
    r = page.post(f"/oversight/opinions/{op.pk}/act/transfer/", {"transferred_on": "٢٠٢٦-08-05"})
    assert r.status_code == 400 and "半角数字" in r.content.decode()
    op.refresh_from_db()
    assert op.status == "adopted" and op.transferred_on is None
    assert AuditEvent.objects.count() == events


def test_a_vote_with_fullwidth_counts_is_refused(api_for, personas, opinion_factory):
    staff, handler = personas["staff"], personas["handler"]
    op = services.opinion_adopt(opinion=opinion_factory(), actor=staff, adopted_on=dt.date(2026, 8, 3))
    op = services.opinion_transfer(opinion=op, actor=staff, transferred_on=dt.date(2026, 8, 5))
    op = services.opinion_submit_plan(opinion=op, actor=handler, received_on=dt.date(2026, 8, 20), content="方案")
    op = services.opinion_report(opinion=op, actor=handler, received_on=dt.date(2026, 10, 30), content="报告")
    events = AuditEvent.objects.count()
    r = api_for("staff").post(f"/api/v1/opinions/{op.pk}/actions/vote/", {
        "held_on": "2026-11-20", "members": "３１", "present": 28, "satisfied": 20, "basically_satisfied": 6,
        "unsatisfied": 2}, format="json")
    assert r.status_code == 400 and "半角数字（0–9）填写整数" in r.json()["detail"]
    op.refresh_from_db()
    assert op.status == "reported" and not op.votes.exists()
    assert AuditEvent.objects.count() == events


def test_a_campaign_visit_date_with_foreign_digits_is_refused(client_for, campaign):  # noqa: F811
    site = campaign["sites"][1]  # not visited yet
    page = client_for("staff")
    events = AuditEvent.objects.count()
    r = page.post(f"/oversight/campaigns/{campaign['campaign'].pk}/visit/",
                  {"site": site.pk, "visited_on": "2026-07-١٥"}, follow=True)
    assert "请使用半角数字（0–9）填写日期" in r.content.decode()
    site.refresh_from_db()
    assert site.visited_on is None and AuditEvent.objects.count() == events


def test_a_campaign_site_chosen_by_a_foreign_id_is_refused(client_for, campaign):  # noqa: F811
    site = campaign["sites"][1]  # not visited yet
    page = client_for("staff")
    events = AuditEvent.objects.count()
    r = page.post(f"/oversight/campaigns/{campaign['campaign'].pk}/visit/",
                  {"site": str(site.pk).translate(FULLWIDTH), "visited_on": "2026-07-15"}, follow=True)
    assert "请使用半角数字（0–9）填写编号" in r.content.decode()
    site.refresh_from_db()
    assert site.visited_on is None and AuditEvent.objects.count() == events
