"""Who sees and does what: another department's handler cannot read, act on or find a case by
guessing ids (404 like a missing id); a leader reads but cannot act (403); confidential details
and phone numbers are hidden from those who do not handle the case."""

import pytest
from django.urls import reverse

from shuanglian.cases import selectors
from shuanglian.cases.models import Case

pytestmark = pytest.mark.django_db


@pytest.fixture
def jxw_case(make_case, walk):
    return walk(make_case(title="经信委的诉求", confidential=True), "in_progress")


def test_outsider_cannot_read_act_or_guess(jxw_case, client_for, api_for):
    missing = Case.objects.order_by("-pk").first().pk + 1000
    web, api = client_for("outsider"), api_for("outsider")
    assert web.get(reverse("cases:detail", args=[jxw_case.pk])).status_code == 404
    assert web.get(reverse("cases:detail", args=[missing])).status_code == 404
    assert web.post(reverse("cases:act", args=[jxw_case.pk, "reply"]), {"reply-version": jxw_case.version}).status_code == 404
    r_existing, r_missing = api.get(f"/api/v1/cases/{jxw_case.pk}/"), api.get(f"/api/v1/cases/{missing}/")
    assert r_existing.status_code == r_missing.status_code == 404 and r_existing.json() == r_missing.json()
    assert api.post(f"/api/v1/cases/{jxw_case.pk}/actions/reply/", {}, format="json").status_code == 404
    assert api.get(f"/api/v1/cases/{jxw_case.pk}/timeline/").status_code == 404
    assert api.get("/api/v1/cases/").json()["count"] == 0
    assert "经信委的诉求" not in web.get(reverse("cases:list"), {"q": "经信委"}).content.decode()
    assert "经信委的诉求" not in web.get(reverse("cases:queue")).content.decode()


def test_other_region_staff_cannot_see(jxw_case, api_for):
    assert api_for("bishan_staff").get(f"/api/v1/cases/{jxw_case.pk}/").status_code == 404


def test_town_staff_sees_only_their_town(make_case, regions, api_for):
    town = make_case(title="街道诉求", region=regions["caijia"])
    district = make_case(title="区级诉求")
    ids = {row["id"] for row in api_for("town_staff").get("/api/v1/cases/").json()["results"]}
    assert ids == {town.pk} and district.pk not in ids


def test_leader_reads_but_cannot_act(jxw_case, client_for, api_for):
    api = api_for("leader")
    body = api.get(f"/api/v1/cases/{jxw_case.pk}/").json()
    assert body["allowed_actions"] == [] and body["title"] == "经信委的诉求"
    r = api.post(f"/api/v1/cases/{jxw_case.pk}/actions/pause/", {"note": "看看"}, format="json")
    assert r.status_code == 403
    r = client_for("leader").post(reverse("cases:act", args=[jxw_case.pk, "pause"]), {"pause-version": jxw_case.version, "pause-note": "x"})
    assert r.status_code == 403
    jxw_case.refresh_from_db()
    assert jxw_case.paused_since is None


def test_confidential_details_hidden_from_leader_and_deputy(jxw_case, api_for, client_for, personas):
    jxw_case.following_deputies.add(personas["deputy_record"])
    for who in ("leader", "deputy"):
        body = api_for(who).get(f"/api/v1/cases/{jxw_case.pk}/").json()
        assert "新厂房燃气走线" not in body["description"] and body["contact_phone"] == ""
        assert body["tracking_code"] is None
        page = client_for(who).get(reverse("cases:detail", args=[jxw_case.pk])).content.decode()
        assert "新厂房燃气走线" not in page and "13912345678" not in page and "139****5678" not in page
        assert "涉及商业秘密" in page
    handler = api_for("handler").get(f"/api/v1/cases/{jxw_case.pk}/").json()
    assert "新厂房燃气走线" in handler["description"] and handler["contact_phone"] == "13912345678"


def test_phone_masked_for_deputy_and_co_department(make_case, walk, personas, departments, api_for):
    from shuanglian.cases import services

    case = walk(make_case(collected_by=personas["deputy_record"]), "accepted")
    services.case_assign(case=case, department=departments["jxw"], co_departments=[departments["fgw"]],
                         actor=personas["staff"])
    assert api_for("deputy").get(f"/api/v1/cases/{case.pk}/").json()["contact_phone"] == "139****5678"
    assert api_for("outsider").get(f"/api/v1/cases/{case.pk}/").json()["contact_phone"] == "139****5678"
    assert api_for("staff").get(f"/api/v1/cases/{case.pk}/").json()["contact_phone"] == "13912345678"


def test_returned_case_leaves_the_department(make_case, walk, personas, api_for):
    from shuanglian.cases import services

    case = walk(make_case(), "assigned")
    r = api_for("handler").post(f"/api/v1/cases/{case.pk}/actions/return/", {"note": "非本部门职责"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "accepted"
    assert api_for("handler").get(f"/api/v1/cases/{case.pk}/").status_code == 404
    assert selectors.access_case(personas["staff"], case.pk).status == "accepted"
    assert services  # the write went through the service


def test_deputy_sees_only_their_cases(make_case, personas, api_for):
    mine = make_case(title="我收集的", collected_by=personas["deputy_record"])
    make_case(title="别人的")
    ids = {row["id"] for row in api_for("deputy").get("/api/v1/cases/").json()["results"]}
    assert ids == {mine.pk}


def test_anonymous_gets_nothing(make_case, client):
    case = make_case()
    assert client.get(f"/api/v1/cases/{case.pk}/").status_code in (401, 403)
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 302
