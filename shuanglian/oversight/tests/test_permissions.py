"""Permission matrix: persona × (draft opinion, adopted opinion, work plan) × (read, write), over
HTML and the API. A department sees only what was sent to it; leaders read only; another
region's staff see nothing; unreadable is 404 like a missing id, readable but not writable 403."""

import datetime as dt

import pytest

from shuanglian.oversight import services

ROLES = ["staff", "town_staff", "handler", "dept_leader", "outsider", "deputy", "leader", "admin", "bishan_staff"]

READ = {
    #               draft  adopted plan
    "staff":        (200,  200,    200),
    "town_staff":   (404,  404,    404),  # a town's staff do not see the district committee's opinions
    "handler":      (404,  200,    200),  # the body it was sent to (the plan item names the department)
    "dept_leader":  (404,  200,    200),
    "outsider":     (404,  404,    404),  # another department: nothing
    "deputy":       (404,  200,    200),  # made known to the deputies once adopted
    "leader":       (200,  200,    200),
    "admin":        (200,  200,    200),
    "bishan_staff": (404,  404,    404),
}
# POST actions/transfer on the adopted opinion (staff's move), then actions/adopt on the draft.
WRITE = {
    "staff":        (200, 200),
    "town_staff":   (404, 404),
    "handler":      (403, 404),
    "dept_leader":  (403, 404),
    "outsider":     (404, 404),
    "deputy":       (403, 404),
    "leader":       (403, 403),
    "admin":        (200, 200),
    "bishan_staff": (404, 404),
}


@pytest.fixture
def targets(personas, regions, departments, opinion_factory):
    staff = personas["staff"]
    draft = opinion_factory(title="起草中的意见")
    adopted = services.opinion_adopt(opinion=opinion_factory(title="已通过的意见"), actor=staff,
                                     adopted_on=dt.date(2026, 11, 20))
    plan = services.plan_create(actor=staff, region=regions["beibei"], year=2026)
    services.plan_item_create(actor=staff, plan=plan, kind="report", subject="听取营商环境工作报告",
                              planned_month=6, departments=[departments["jxw"]])
    return {"draft": draft, "adopted": adopted, "plan": plan}


@pytest.mark.parametrize("role", ROLES)
def test_api_read(role, api_for, targets):
    api = api_for(role)
    urls = [f"/api/v1/opinions/{targets['draft'].pk}/", f"/api/v1/opinions/{targets['adopted'].pk}/",
            f"/api/v1/plans/{targets['plan'].pk}/"]
    assert tuple(api.get(u).status_code for u in urls) == READ[role]
    listed = {row["id"] for row in api.get("/api/v1/opinions/").json()["results"]}
    assert (targets["draft"].pk in listed, targets["adopted"].pk in listed) == (READ[role][0] == 200,
                                                                                READ[role][1] == 200)


@pytest.mark.parametrize("role", ROLES)
def test_html_read(role, client_for, targets):
    c = client_for(role)
    got = (c.get(f"/oversight/opinions/{targets['draft'].pk}/").status_code,
           c.get(f"/oversight/opinions/{targets['adopted'].pk}/").status_code,
           c.get(f"/oversight/plans/{targets['plan'].pk}/").status_code)
    assert got == READ[role]


@pytest.mark.parametrize("role", ROLES)
def test_api_write(role, api_for, targets):
    api = api_for(role)
    adopted, draft = targets["adopted"], targets["draft"]
    got = (api.post(f"/api/v1/opinions/{adopted.pk}/actions/transfer/", {"transferred_on": "2026-11-24"},
                    format="json").status_code,
           api.post(f"/api/v1/opinions/{draft.pk}/actions/adopt/", {"adopted_on": "2026-11-24"},
                    format="json").status_code)
    assert got == WRITE[role]
    adopted.refresh_from_db()
    assert (adopted.status == "transferred") == (WRITE[role][0] == 200)


def test_anonymous_gets_nothing(client, targets):
    from rest_framework.test import APIClient

    assert APIClient().get(f"/api/v1/opinions/{targets['adopted'].pk}/").status_code in (401, 403)
    response = client.get(f"/oversight/opinions/{targets['adopted'].pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_non_numeric_or_foreign_digit_id_is_a_404(api_for, client_for, targets):
    assert api_for("staff").get("/api/v1/opinions/³/").status_code == 404
    assert api_for("staff").get("/api/v1/opinions/abc/").status_code == 404
