"""The notice inbox: a department sees its own notices, unread first, and marks them read; staff
see their region's; nobody sees or marks another department's."""

import pytest
from django.urls import reverse

from shuanglian.cases import clock
from shuanglian.cases.models import Notice
from shuanglian.cases.supervision import supervision_sweep
from shuanglian.core.models import AuditEvent
from shuanglian.lib.workdays import add_workdays


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def swept(make_case, departments, django_capture_on_commit_callbacks):
    """Cases of 区经济信息委 and 区发改委, swept on the day they are overdue."""

    def make(n_jxw=1, n_fgw=0):
        cases = []
        for dept, n in (("jxw", n_jxw), ("fgw", n_fgw)):
            for i in range(n):
                case = make_case(status="in_progress", lead_department=departments[dept], title=f"{dept}诉求{i}")
                clock.start_clock(case, "reply")
                case.save()
                cases.append(case)
        on = add_workdays(cases[0].due_date, 1)
        with django_capture_on_commit_callbacks(execute=True):
            supervision_sweep(on=on)
        return cases

    return make


def test_handler_sees_own_department_notices_unread_first(swept, client_for):
    cases = swept(n_jxw=2, n_fgw=1)
    older = Notice.objects.get(case=cases[0], level="red")
    older.read_at = older.created_at
    older.save()
    page = client_for("handler").get(reverse("cases:inbox"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "jxw诉求0" in html and "jxw诉求1" in html
    assert "fgw诉求0" not in html
    assert "【升级督办】" not in html  # the leader's escalation is not the handler's
    assert html.index("jxw诉求1") < html.index("jxw诉求0")  # unread first
    assert 'data-testid="unread-count">未读 1<' in html


def test_department_leader_also_sees_the_escalations(swept, client_for):
    swept(n_jxw=1)
    html = client_for("dept_leader").get(reverse("cases:inbox")).content.decode()
    assert "【升级督办】" in html and "【红灯督办】" in html


def test_staff_see_their_regions_notices(swept, client_for):
    swept(n_jxw=1, n_fgw=1)
    html = client_for("staff").get(reverse("cases:inbox")).content.decode()
    assert "jxw诉求0" in html and "fgw诉求0" in html
    assert "jxw诉求0" not in client_for("bishan_staff").get(reverse("cases:inbox")).content.decode()


def test_mark_read(swept, client_for, personas):
    case = swept(n_jxw=1)[0]
    notice = Notice.objects.get(case=case, level="red")
    response = client_for("handler").post(reverse("cases:notice_read", args=[notice.pk]))
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert AuditEvent.objects.filter(event_type="notice.read", actor=personas["handler"]).count() == 1
    html = client_for("handler").get(reverse("cases:inbox")).content.decode()
    assert 'data-testid="unread-count">未读 0<' in html


def test_mark_read_with_htmx_returns_the_row(swept, client_for):
    case = swept(n_jxw=1)[0]
    notice = Notice.objects.get(case=case, level="red")
    response = client_for("handler").post(reverse("cases:notice_read", args=[notice.pk]), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.strip().startswith(f'<tr id="notice-{notice.pk}"') and "已读" in html


def test_others_cannot_mark_a_department_notice_read(swept, client_for):
    case = swept(n_jxw=1)[0]
    notice = Notice.objects.get(case=case, level="red")
    escalation = Notice.objects.get(case=case, level="escalation")
    assert client_for("outsider").post(reverse("cases:notice_read", args=[notice.pk])).status_code == 404
    assert client_for("staff").post(reverse("cases:notice_read", args=[notice.pk])).status_code == 403
    assert client_for("handler").post(reverse("cases:notice_read", args=[escalation.pk])).status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_mark_all_read_touches_only_my_notices(swept, client_for):
    swept(n_jxw=2, n_fgw=1)
    client_for("handler").post(reverse("cases:notice_read_all"))
    assert not Notice.objects.filter(department__name="区经济信息委", user=None, read_at=None).exists()
    assert Notice.objects.filter(level="escalation", read_at=None).count() == 2  # the leader's stay unread
    assert Notice.objects.filter(department__name="区发改委", read_at=None).count() == 1


def test_inbox_filters_by_level(swept, client_for):
    swept(n_jxw=1)
    html = client_for("dept_leader").get(reverse("cases:inbox"), {"level": "escalation"}).content.decode()
    assert "【升级督办】" in html and "【红灯督办】" not in html


def test_inbox_query_count_is_pinned(swept, client_for, django_assert_max_num_queries):
    swept(n_jxw=30)
    client = client_for("dept_leader")
    with django_assert_max_num_queries(12):
        page = client.get(reverse("cases:inbox"))
    assert page.content.decode().count('class="notice') == 50  # one page


def test_inbox_requires_login(client, db):
    response = client.get(reverse("cases:inbox"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
