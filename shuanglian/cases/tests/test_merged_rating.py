"""Issue 12.10: the submitter of a merged case was asked to rate but had no form. Each submitter of
a merged case rates the reply to their own demand, once, after the case it joined was answered;
the rating counts in the three rates (for the department that answered), and a rebuilt roll-up
agrees."""

from django.urls import reverse

from shuanglian.cases import services
from shuanglian.cases.models import Case
from shuanglian.cases.models_stats import CaseStat
from shuanglian.cases.rates import rollup
from shuanglian.core.models import AuditEvent

from .test_public_views import anon, media, post_form, station, to_replied  # noqa: F401 - shared fixtures


def _merged_pair(anon, station, personas):  # noqa: F811
    post_form(anon, station, ip="10.0.0.1")
    post_form(anon, station, ip="10.0.0.2", enterprise_name="重庆另一家制造有限公司", title="燃气走线问题同上")
    master, duplicate = Case.objects.order_by("pk")
    services.case_merge(case=duplicate, into=master, actor=personas["staff"])
    return master, duplicate


def _rates(api):
    body = api.get("/api/v1/rates/", {"group_by": "department"}).json()
    return body["totals"]["satisfaction_rate"], {g["name"]: g for g in body["groups"]}


def test_merged_submitter_rates_the_reply_and_it_counts(anon, station, personas, departments, api_for):  # noqa: F811
    master, duplicate = _merged_pair(anon, station, personas)
    url = reverse("cases:track", kwargs={"code": duplicate.tracking_code})
    assert 'name="rating"' not in anon.get(url).content.decode()  # nothing to rate before the reply
    refused = anon.post(url, {"rating": "satisfied"})
    assert refused.status_code == 400 and "答复后方可评价" in refused.content.decode()

    to_replied(master, personas, departments)
    page = anon.get(url).content.decode()
    assert "已协调燃气公司调整走线" in page and 'name="rating"' in page and 'data-testid="rating-form"' in page
    done = anon.post(url, {"rating": "unsatisfied", "comment": "我们的管线还没动"})
    assert done.status_code == 302
    duplicate.refresh_from_db()
    master.refresh_from_db()
    assert (duplicate.status, duplicate.rating) == ("merged", "unsatisfied")
    assert master.status == "replied" and master.rating == ""  # the master's own submitter still rates
    assert AuditEvent.objects.filter(event_type="case.rate_merged", target_id=str(duplicate.pk)).count() == 1
    again = anon.post(url, {"rating": "satisfied"})
    assert again.status_code == 400
    duplicate.refresh_from_db()
    assert duplicate.rating == "unsatisfied"

    anon.post(reverse("cases:track", kwargs={"code": master.tracking_code}), {"rating": "satisfied"})
    total, groups = _rates(api_for("staff"))
    assert (total["numerator"], total["denominator"]) == (1, 2)  # two submitters, two ratings
    jxw = groups["区经济信息委"]
    assert jxw["counts"]["cases"] == 1 and jxw["counts"]["rated"] == 2  # one case handled, rated twice

    before = _rates(api_for("staff"))
    CaseStat.objects.all().delete()
    rollup.rebuild()
    assert _rates(api_for("staff")) == before


def test_staff_record_a_merged_submitters_phone_rating(anon, station, personas, departments, client_for):  # noqa: F811
    master, duplicate = _merged_pair(anon, station, personas)
    to_replied(master, personas, departments)
    staff = client_for("staff")
    page = staff.get(f"/cases/{duplicate.pk}/").content.decode()
    assert "/act/rate_merged/" in page
    duplicate.refresh_from_db()
    resp = staff.post(f"/cases/{duplicate.pk}/act/rate_merged/",
                      {"rate_merged-rating": "satisfied", "rate_merged-version": duplicate.version})
    assert resp.status_code == 302, resp.content.decode()[-2000:]
    duplicate.refresh_from_db()
    assert duplicate.rating == "satisfied" and duplicate.rated_by_phone
