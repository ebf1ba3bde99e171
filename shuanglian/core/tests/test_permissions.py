"""Permission matrix for core (the pattern of deputies/tests/test_permissions.py): every persona ×
(audit log, working-day calendar, working-day API) × (read, write), over HTML and the API.

The audit log is staff's: each staff member reads the events of their region subtree, the admin
all; other roles get 403, an event outside the reader's scope 404 like a missing id. The calendar
is one for the whole platform (the State Council's holidays): any staff member or the admin
maintains it, other roles neither see nor change it. Every logged-in user may ask the API for a
due date.
"""

import pytest

from shuanglian.core.audit import audit_record
from shuanglian.core.models import AuditEvent, CalendarOverride, CalendarYear

ROLES = ["staff", "town_staff", "handler", "dept_leader", "outsider", "deputy", "leader", "admin", "bishan_staff"]

AUDIT = {
    #               list  sees the 北碚 event  detail of it  export
    "staff":        (200, True,               200,          200),
    "town_staff":   (200, False,              404,          200),
    "handler":      (403, False,              403,          403),
    "dept_leader":  (403, False,              403,          403),
    "outsider":     (403, False,              403,          403),
    "deputy":       (403, False,              403,          403),
    "leader":       (403, False,              403,          403),
    "admin":        (200, True,               200,          200),
    "bishan_staff": (200, False,              404,          200),
}
CALENDAR_KEEPERS = {"staff", "town_staff", "admin", "bishan_staff"}


@pytest.fixture
def event(personas, regions):
    return audit_record(event_type="case.assign", actor=personas["staff"], region=regions["beibei"],
                        note="交办北碚经信委")


@pytest.mark.parametrize("role", ROLES)
def test_audit_log_html(role, client_for, event):
    c = client_for(role)
    listing = c.get("/audit/")
    export = c.get("/audit/export.csv")
    status, sees, detail, export_status = AUDIT[role]
    got = (listing.status_code, "交办北碚经信委" in listing.content.decode(),
           c.get(f"/audit/{event.pk}/").status_code, export.status_code)
    assert got == AUDIT[role]
    if export_status == 200:
        assert ("交办北碚经信委" in b"".join(export.streaming_content).decode()) is sees


@pytest.mark.parametrize("role", ROLES)
def test_audit_log_api(role, api_for, event):
    api = api_for(role)
    status, sees, detail, _ = AUDIT[role]
    listing = api.get("/api/v1/audit/events/", {"page_size": 500})
    assert listing.status_code == status
    if status == 200:
        assert (event.pk in {row["id"] for row in listing.json()["results"]}) is sees
    else:
        assert listing.json()["code"] == "permission_denied"
    assert api.get(f"/api/v1/audit/events/{event.pk}/").status_code == detail
    # Reading is all there is: no method changes or deletes an event, for anyone.
    for method in ("put", "patch", "delete"):
        assert getattr(api, method)(f"/api/v1/audit/events/{event.pk}/", {"note": "改"}, format="json").status_code in (403, 404, 405)
    assert AuditEvent.objects.get(pk=event.pk).note == "交办北碚经信委"


@pytest.mark.parametrize("role", ROLES)
def test_calendar(role, client_for, django_capture_on_commit_callbacks):
    c = client_for(role)
    keeper = role in CALENDAR_KEEPERS
    assert c.get("/calendar/").status_code == (200 if keeper else 403)
    with django_capture_on_commit_callbacks(execute=True):
        got = (
            c.post("/calendar/override/", {"date": "2027-02-11", "kind": "rest", "name": "春节"}).status_code,
            c.post("/calendar/confirm/", {"year": "2027"}).status_code,
        )
    assert got == ((302, 302) if keeper else (403, 403))
    assert CalendarOverride.objects.filter(date="2027-02-11").exists() is keeper
    assert CalendarYear.objects.filter(year=2027, confirmed=True).exists() is keeper
    if keeper:
        with django_capture_on_commit_callbacks(execute=True):
            assert c.post("/calendar/override/delete/", {"date": "2027-02-11"}).status_code == 302
        assert not CalendarOverride.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_every_logged_in_role_may_ask_for_a_due_date(role, api_for):
    resp = api_for(role).get("/api/v1/workdays/add", {"start": "2026-02-13", "days": 2})
    assert resp.status_code == 200 and resp.json()["due"] == "2026-02-24"


def test_anonymous_gets_nothing(client, event):
    from rest_framework.test import APIClient

    for url in ("/audit/", f"/audit/{event.pk}/", "/audit/export.csv", "/calendar/"):
        resp = client.get(url)
        assert resp.status_code == 302 and resp["Location"].startswith("/accounts/login/"), url
    assert client.post("/calendar/override/", {"date": "2027-02-11", "kind": "rest"}).status_code == 302
    api = APIClient()
    for url in ("/api/v1/audit/events/", f"/api/v1/audit/events/{event.pk}/", "/api/v1/workdays/add?start=2026-02-13&days=1"):
        assert api.get(url).status_code == 401, url
    assert not CalendarOverride.objects.exists()
