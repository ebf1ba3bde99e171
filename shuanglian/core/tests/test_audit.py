"""Browsing the audit log: filters, scope by region, read-only everywhere, audited export."""

import csv
import io

import pytest
from django.urls import get_resolver

from shuanglian.core.audit import audit_record
from shuanglian.core.models import AuditEvent


@pytest.fixture
def events(personas, regions):
    staff, town, bishan = personas["staff"], personas["town_staff"], personas["bishan_staff"]
    return {
        "beibei": audit_record(event_type="case.assign", actor=staff, region=regions["beibei"],
                               changes={"department": [None, "区经济信息委"]}, note="交办北碚"),
        "caijia": audit_record(event_type="case.reply", actor=town, region=regions["caijia"], note="蔡家答复"),
        "tongjia": audit_record(event_type="case.accept", actor=staff, region=regions["tongjia"], note="童家受理"),
        "bishan": audit_record(event_type="case.assign", actor=bishan, region=regions["bishan"], note="璧山交办"),
        "formula": audit_record(event_type="station.rotate_token", actor=staff, region=regions["beibei"],
                                note="=HYPERLINK(\"http://evil\")"),
    }


def notes(resp):
    return {e.note for e in resp.context["page"]}


def test_staff_sees_its_region_subtree_only(client_for, events):
    resp = client_for("staff").get("/audit/")
    assert resp.status_code == 200
    assert notes(resp) >= {"交办北碚", "蔡家答复", "童家受理"}
    assert "璧山交办" not in notes(resp)
    assert "璧山交办" not in resp.content.decode()


def test_town_staff_sees_only_its_town(client_for, events):
    resp = client_for("town_staff").get("/audit/", {"event_type": "case."})
    assert notes(resp) == {"蔡家答复"}
    assert "交办北碚" not in client_for("town_staff").get("/audit/").content.decode()


def test_admin_sees_everything(client_for, events):
    assert notes(client_for("admin").get("/audit/")) >= {"交办北碚", "璧山交办", "蔡家答复"}


def test_filters(client_for, events):
    staff = client_for("staff")
    assert notes(staff.get("/audit/", {"event_type": "case.assign"})) == {"交办北碚"}
    assert notes(staff.get("/audit/", {"event_type": "case."})) == {"交办北碚", "蔡家答复", "童家受理"}
    assert notes(staff.get("/audit/", {"actor": "蔡街道"})) == {"蔡家答复"}
    today = events["beibei"].at.astimezone().date().isoformat()
    assert "交办北碚" in notes(staff.get("/audit/", {"date_from": today, "date_to": today}))
    assert notes(staff.get("/audit/", {"date_from": "2099-01-01"})) == set()
    # A malformed date is ignored rather than failing the page.
    assert staff.get("/audit/", {"date_from": "not-a-date"}).status_code == 200


def test_list_query_count_is_pinned(client_for, personas, regions, django_assert_max_num_queries):
    for i in range(60):
        audit_record(event_type="case.accept", actor=personas["staff"], region=regions["beibei"], note=f"n{i}")
    staff = client_for("staff")
    with django_assert_max_num_queries(8):
        resp = staff.get("/audit/")
    assert len(resp.context["page"]) == 50


@pytest.mark.parametrize("role", ["handler", "dept_leader", "deputy", "leader", "outsider"])
def test_other_roles_get_403(client_for, events, role):
    c = client_for(role)
    assert c.get("/audit/").status_code == 403
    assert c.get("/audit/export.csv").status_code == 403
    assert c.get(f"/audit/{events['beibei'].pk}/").status_code == 403


def test_detail_drawer_and_scope(client_for, events):
    staff = client_for("staff")
    drawer = staff.get(f"/audit/{events['beibei'].pk}/", HTTP_HX_REQUEST="true")
    html = drawer.content.decode()
    assert drawer.status_code == 200 and 'data-testid="audit-detail"' in html
    assert "区经济信息委" in html and "<html" not in html
    full = staff.get(f"/audit/{events['beibei'].pk}/").content.decode()
    assert "<html" in full and "交办北碚" in full
    assert staff.get(f"/audit/{events['bishan'].pk}/").status_code == 404
    assert client_for("town_staff").get(f"/audit/{events['beibei'].pk}/").status_code == 404


def test_csv_export_is_scoped_formula_safe_and_audited(client_for, personas, events):
    resp = client_for("staff").get("/audit/export.csv", {"event_type": "case."})
    assert resp.status_code == 200
    assert resp["Content-Type"].startswith("text/csv")
    text = b"".join(resp.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:4] == ["编号", "时间", "操作人", "事件"]
    assert {r[8] for r in rows[1:]} == {"交办北碚", "蔡家答复", "童家受理"}
    export = AuditEvent.objects.get(event_type="audit.export")
    assert export.actor == personas["staff"] and "3 条" in export.note
    assert export.changes == {"event_type": [None, "case."]}
    everything = b"".join(client_for("staff").get("/audit/export.csv").streaming_content).decode()
    assert "'=HYPERLINK" in everything and "璧山交办" not in everything


def test_admin_site_cannot_change_or_delete_events(client, personas, events):
    admin_user = personas["admin"]
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    pk = events["beibei"].pk
    assert client.get("/admin/core/auditevent/").status_code == 200
    assert client.get("/admin/core/auditevent/add/").status_code == 403
    assert client.post(f"/admin/core/auditevent/{pk}/change/", {"note": "改了"}).status_code == 403
    assert client.post(f"/admin/core/auditevent/{pk}/delete/", {"post": "yes"}).status_code == 403
    resp = client.post("/admin/core/auditevent/", {"action": "delete_selected", "_selected_action": [pk], "post": "yes"})
    assert resp.status_code in (200, 302, 403)
    event = AuditEvent.objects.get(pk=pk)
    assert event.note == "交办北碚"
    # The change view is a read-only view for those who may view.
    view = client.get(f"/admin/core/auditevent/{pk}/change/")
    assert view.status_code == 200 and 'name="note"' not in view.content.decode()


def _all_patterns(resolver, prefix=""):
    for p in resolver.url_patterns:
        if hasattr(p, "url_patterns"):
            yield from _all_patterns(p, prefix + str(p.pattern))
        else:
            yield prefix + str(p.pattern), p


def test_no_url_edits_or_deletes_an_audit_event(client_for, events):
    suspicious = []
    for route, pattern in _all_patterns(get_resolver()):
        if route.startswith("admin/"):
            continue  # the admin site is checked above: change/delete answer 403
        callback = pattern.callback
        view_cls = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
        model = getattr(getattr(view_cls, "queryset", None), "model", None)
        serializer = getattr(view_cls, "serializer_class", None)
        serializer_model = getattr(getattr(serializer, "Meta", None), "model", None)
        if AuditEvent in (model, serializer_model):
            allowed = {m.lower() for m in getattr(view_cls, "http_method_names", [])} & {"put", "patch", "delete", "post"}
            actions = getattr(callback, "actions", None) or {}
            writes = allowed & set(actions) if actions else {m for m in allowed if hasattr(view_cls, m)}
            if writes:
                suspicious.append((route, writes))
        if "audit" in route and any(w in route for w in ("edit", "delete", "update", "change")):
            suspicious.append((route, "name"))
    assert suspicious == []
    # And through HTTP: the audit endpoints refuse writes.
    staff, pk = client_for("staff"), events["beibei"].pk
    for method in ("post", "put", "patch", "delete"):
        assert getattr(staff, method)(f"/audit/{pk}/").status_code in (403, 405)
        assert getattr(staff, method)(f"/api/v1/audit/events/{pk}/").status_code == 405
    assert AuditEvent.objects.get(pk=pk).note == "交办北碚"
