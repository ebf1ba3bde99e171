"""Issue 12 item 3: the committee staff's own steps have clocks. A submitted case must be taken
in within the accept limit (1 working day from the submission day), an accepted one assigned
within the assign limit (2 from the acceptance); both light up, sort in the queue and earn
reminders in the staff's inbox like any other clock."""

import pytest
from django.urls import reverse

from shuanglian.cases import clock, services
from shuanglian.cases.models import Notice
from shuanglian.cases.supervision.notices import notice_list
from shuanglian.cases.supervision.sweep import supervision_sweep
from shuanglian.lib.workdays import add_workdays

from .test_intake import submit
from .test_intake_helpers import make_station

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def submitted(regions, personas, category, day):
    return submit(make_station(regions, personas))


def test_a_submitted_case_runs_the_staffs_accept_clock(submitted, day, client_for):
    assert submitted.clock_kind == "accept"
    assert submitted.due_date == add_workdays(day(), clock.limits()["accept"])
    assert clock.light_of(submitted) == "green"
    html = client_for("staff").get(reverse("cases:detail", args=[submitted.pk])).content.decode()
    assert "受理时限" in html and f"{submitted.due_date:%Y-%m-%d}" in html
    queue = client_for("staff").get(reverse("cases:queue")).content.decode()
    row = queue[queue.index(f'data-case="{submitted.pk}"'):]
    assert "未计时" not in row[:row.index("</tr>")]


def test_accepting_starts_the_assign_clock(submitted, personas, day):
    case = services.case_accept(case=submitted, actor=personas["staff"])
    assert case.clock_kind == "assign"
    assert case.due_date == add_workdays(day(), clock.limits()["assign"])


def test_a_late_acceptance_reminds_the_staff_not_a_department(submitted, personas, day, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        supervision_sweep(on=day())
    assert not Notice.objects.filter(case=submitted).exists()  # just submitted: green
    on = add_workdays(submitted.due_date, 1)
    assert clock.light_of(submitted, on) == "red"
    with django_capture_on_commit_callbacks(execute=True):
        supervision_sweep(on=on)
    notice = Notice.objects.get(case=submitted, level="red")
    assert notice.department is None and "受理已超期" in notice.text
    assert notice in notice_list(personas["staff"])
    assert notice not in notice_list(personas["handler"])


def test_limits_come_from_settings(regions, personas, category, day, settings):
    settings.SHUANGLIAN_CASE_LIMITS = {"accept": 3}
    case = submit(make_station(regions, personas))
    assert case.due_date == add_workdays(day(), 3)
