"""Staff manage the working-day calendar in the app; every change is audited and announced."""

import datetime as dt

import pytest
from django.test import Client

from shuanglian.core import services
from shuanglian.core.errors import BusinessError
from shuanglian.core.models import AuditEvent, CalendarOverride, CalendarYear
from shuanglian.core.signals import calendar_changed
from shuanglian.lib import workdays

D = dt.date


@pytest.fixture(autouse=True)
def fresh_calendar_cache():
    workdays.clear_cache()
    yield
    workdays.clear_cache()


@pytest.fixture
def heard():
    calls = []

    def receiver(sender, **kwargs):
        calls.append(kwargs)

    calendar_changed.connect(receiver, dispatch_uid="test-calendar-heard")
    yield calls
    calendar_changed.disconnect(dispatch_uid="test-calendar-heard")


def test_staff_adds_a_holiday_and_the_due_date_moves(client_for, personas, heard, django_capture_on_commit_callbacks):
    staff = client_for("staff")
    assert staff.get("/api/v1/workdays/add", {"start": "2027-02-04", "days": 1}).json()["due"] == "2027-02-11"
    with django_capture_on_commit_callbacks(execute=True):
        resp = staff.post("/calendar/override/", {"date": "2027-02-11", "kind": "rest", "name": "春节"})
    assert resp.status_code == 302 and resp["Location"] == "/calendar/?year=2027"
    assert staff.get("/api/v1/workdays/add", {"start": "2027-02-04", "days": 1}).json()["due"] == "2027-02-12"
    event = AuditEvent.objects.get(event_type="calendar.override_set")
    assert event.actor == personas["staff"] and event.changes["is_workday"] == [None, False]
    assert heard == [{"year": 2027, "dates": [D(2027, 2, 11)], "actor": personas["staff"], "signal": calendar_changed}]
    page = staff.get("/calendar/?year=2027").content.decode()
    assert "2027-02-11" in page and "春节" in page and "暂定" in page


def test_staff_adds_a_swapped_working_day_then_removes_it(client_for, personas, heard, django_capture_on_commit_callbacks):
    staff = client_for("staff")
    with django_capture_on_commit_callbacks(execute=True):
        staff.post("/calendar/override/", {"date": "2027-02-20", "kind": "work", "name": "春节调休"})
    assert workdays.is_workday(D(2027, 2, 20))  # a Saturday
    with django_capture_on_commit_callbacks(execute=True):
        resp = staff.post("/calendar/override/delete/", {"date": "2027-02-20"})
    assert resp.status_code == 302
    assert not workdays.is_workday(D(2027, 2, 20))
    assert not CalendarOverride.objects.exists()
    assert list(AuditEvent.objects.filter(event_type__startswith="calendar.").values_list("event_type", flat=True)) == [
        "calendar.override_delete", "calendar.override_set",
    ]
    assert len(heard) == 2


def test_changing_an_override_records_old_and_new(personas):
    services.calendar_override_set(day=D(2027, 10, 4), is_workday=False, name="国庆节", actor=personas["staff"])
    services.calendar_override_set(day=D(2027, 10, 4), is_workday=True, name="调休", actor=personas["staff"])
    event = AuditEvent.objects.filter(event_type="calendar.override_set").first()
    assert event.changes == {"is_workday": [False, True], "name": ["国庆节", "调休"]}
    # Saving the same thing again writes nothing.
    services.calendar_override_set(day=D(2027, 10, 4), is_workday=True, name="调休", actor=personas["staff"])
    assert AuditEvent.objects.filter(event_type="calendar.override_set").count() == 2


def test_confirming_a_year_makes_its_due_dates_final(client_for, personas, heard, django_capture_on_commit_callbacks):
    staff = client_for("staff")
    assert staff.get("/api/v1/workdays/add", {"start": "2027-03-01", "days": 5}).json()["provisional"] is True
    with django_capture_on_commit_callbacks(execute=True):
        resp = staff.post("/calendar/confirm/", {"year": "2027", "confirmed": "1", "note": "国办发明电〔2026〕X号"})
    assert resp.status_code == 302
    assert staff.get("/api/v1/workdays/add", {"start": "2027-03-01", "days": 5}).json() == {
        "due": "2027-03-08", "provisional": False,
    }
    assert CalendarYear.objects.get(year=2027).confirmed
    event = AuditEvent.objects.get(event_type="calendar.year_confirm")
    assert event.changes == {"confirmed": [None, True]}
    assert heard[0]["year"] == 2027 and heard[0]["dates"] == []
    page = staff.get("/calendar/?year=2027").content.decode()
    assert "已确认" in page and "改回暂定" in page
    staff.post("/calendar/confirm/", {"year": "2027", "confirmed": "0"})
    assert workdays.is_provisional(2027)


def test_bad_input_is_refused_in_chinese_and_changes_nothing(client_for, personas):
    staff = client_for("staff")
    resp = staff.post("/calendar/override/", {"date": "2027-02-30", "kind": "rest"}, follow=True)
    assert "请填写有效日期" in resp.content.decode()
    resp = staff.post("/calendar/override/", {"date": "2027-02-11", "kind": "maybe"}, follow=True)
    assert "休息日" in resp.content.decode()
    resp = staff.post("/calendar/override/delete/", {"date": "2027-02-11"}, follow=True)
    assert "没有节假日调整记录" in resp.content.decode()
    resp = staff.post("/calendar/override/", {"date": "2027-02-11", "kind": "rest", "name": "长" * 51}, follow=True)
    assert "不能超过50个字" in resp.content.decode()
    assert not CalendarOverride.objects.exists()
    assert not AuditEvent.objects.filter(event_type__startswith="calendar.").exists()
    with pytest.raises(BusinessError):
        services.calendar_year_confirm(year=1999, actor=personas["staff"])


@pytest.mark.parametrize("role", ["handler", "dept_leader", "deputy", "leader"])
def test_other_roles_cannot_see_or_change_the_calendar(client_for, personas, role):
    c = client_for(role)
    assert c.get("/calendar/").status_code == 403
    assert c.post("/calendar/override/", {"date": "2027-02-11", "kind": "rest"}).status_code == 403
    assert c.post("/calendar/confirm/", {"year": "2027"}).status_code == 403
    assert not CalendarOverride.objects.exists() and not CalendarYear.objects.exists()
    assert "工作日历" not in c.get("/").content.decode()


def test_calendar_page_for_a_known_year_shows_package_data_note(client_for, personas):
    page = client_for("staff").get("/calendar/?year=2026").content.decode()
    assert "chinesecalendar" in page and "暂定" not in page.split("year-status")[1].split("</section>")[0]
    assert "工作日历" in client_for("staff").get("/").content.decode()


def test_calendar_page_lists_computed_holidays_of_an_unknown_year(client_for, personas):
    page = client_for("admin").get("/calendar/?year=2027").content.decode()
    assert "2027-02-05" in page and "端午节" in page and "2027-09-15" in page


def test_anonymous_is_sent_to_login(db):
    resp = Client().get("/calendar/")
    assert resp.status_code == 302 and resp["Location"].startswith("/accounts/login/")


def test_due_preview_partial_renders_its_hooks(rf, personas):
    from django.template.loader import render_to_string

    html = render_to_string("partials/due_preview.html", {"days_input": "id_due_workdays"})
    assert 'data-days-input="id_due_workdays"' in html
    assert 'data-url="/api/v1/workdays/add"' in html
    assert "/static/js/due-preview.js" in html
    resp = Client().get("/static/js/due-preview.js")
    assert resp.status_code == 200


def test_admin_site_edits_go_through_the_services(client, personas, heard, django_capture_on_commit_callbacks):
    admin_user = personas["admin"]
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post("/admin/core/calendaroverride/add/", {"date": "2027-02-11", "is_workday": "", "name": "春节"})
    assert resp.status_code == 302
    override = CalendarOverride.objects.get()
    assert not override.is_workday
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/core/calendaroverride/{override.pk}/change/",
                    {"date": "2027-02-12", "is_workday": "", "name": "春节"})
    assert list(CalendarOverride.objects.values_list("date", flat=True)) == [D(2027, 2, 12)]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/core/calendaroverride/{CalendarOverride.objects.get().pk}/delete/", {"post": "yes"})
    assert not CalendarOverride.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/admin/core/calendaryear/add/", {"year": "2027", "confirmed": "on", "note": "通知"})
    assert CalendarYear.objects.get(year=2027).confirmed
    assert list(AuditEvent.objects.filter(event_type__startswith="calendar.").order_by("id").values_list("event_type", flat=True)) == [
        "calendar.override_set", "calendar.override_delete", "calendar.override_set", "calendar.override_delete",
        "calendar.year_confirm",
    ]
    assert len(heard) == 5


# --- the override tables reach the working-day rules (core installs lib's source at start) ------

@pytest.mark.django_db
def test_a_row_in_the_override_table_moves_a_due_date_at_once():
    assert workdays.add_workdays(D(2027, 2, 4), 1) == D(2027, 2, 11)
    CalendarOverride.objects.create(date=D(2027, 2, 11), is_workday=False, name="春节")
    assert workdays.add_workdays(D(2027, 2, 4), 1) == D(2027, 2, 12)
    CalendarOverride.objects.create(date=D(2027, 2, 7), is_workday=True, name="春节调休")
    assert workdays.add_workdays(D(2027, 2, 4), 1) == D(2027, 2, 7)
    CalendarOverride.objects.filter(date=D(2027, 2, 7)).delete()
    assert workdays.add_workdays(D(2027, 2, 4), 1) == D(2027, 2, 12)


@pytest.mark.django_db
def test_an_override_row_beats_the_package_data():
    CalendarOverride.objects.create(date=D(2026, 2, 14), is_workday=False, name="测试")
    assert workdays.add_workdays(D(2026, 2, 13), 1) == D(2026, 2, 24)


@pytest.mark.django_db
def test_a_confirmed_year_row_makes_the_year_final():
    assert workdays.due(D(2027, 3, 1), 5)[1] is True
    year = CalendarYear.objects.create(year=2027, confirmed=True, note="国办发明电〔2026〕")
    assert workdays.due(D(2027, 3, 1), 5) == (D(2027, 3, 8), False)
    year.confirmed = False
    year.save()
    assert workdays.due(D(2027, 3, 1), 5)[1] is True
