"""The 红黄绿 sweep: notices once per case/level/due date, escalation of red items to department
leaders, e-mail and a real webhook after commit, nothing sent from a rolled-back sweep."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction

from shuanglian.cases import clock
from shuanglian.cases.models import Notice
from shuanglian.cases.supervision.notices import notice_list
from shuanglian.cases.supervision.sweep import _create_case_notices, notice_key, supervision_sweep
from shuanglian.core.models import AuditEvent
from shuanglian.lib.workdays import add_workdays


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """The personas' passwords are never checked here; skip the slow production hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def running_case(make_case, departments):
    """A case in progress at 区经济信息委 whose 7-working-day reply clock started today."""

    def make(department=None, kind="reply", status="in_progress", **fields):
        case = make_case(status=status, lead_department=department or departments["jxw"], **fields)
        clock.start_clock(case, kind)
        case.save()
        return case

    return make


def yellow_day(case):
    return case.warn_date


def red_day(case):
    return add_workdays(case.due_date, 1)


class Hook:
    """A tiny real HTTP server on 127.0.0.1 that records the JSON posted to it."""

    def __init__(self):
        self.received = []
        self.status = 200
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers["Content-Length"])
                hook.received.append(json.loads(self.rfile.read(length).decode("utf-8")))
                self.send_response(hook.status)
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/notify"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hook():
    h = Hook()
    yield h
    h.close()


def sweep(on, capture):
    with capture(execute=True):
        return supervision_sweep(on=on)


def test_green_case_gets_nothing(running_case, django_capture_on_commit_callbacks):
    case = running_case()
    result = sweep(clock.today(), django_capture_on_commit_callbacks)
    assert result.total == 0
    assert not Notice.objects.filter(case=case).exists()
    assert mail.outbox == []


def test_yellow_case_notifies_its_department_once(running_case, departments, personas, django_capture_on_commit_callbacks):
    departments["jxw"].email = "jxw@beibei.gov.cn"
    departments["jxw"].save()
    case = running_case()
    on = yellow_day(case)
    assert clock.light_of(case, on) == "yellow"

    first = sweep(on, django_capture_on_commit_callbacks)
    assert first.created[Notice.Level.YELLOW] == 1
    notice = Notice.objects.get(case=case)
    assert notice.level == "yellow" and notice.department == departments["jxw"]
    assert case.number in notice.text and "黄灯" in notice.text
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["jxw@beibei.gov.cn"]
    assert case.number in mail.outbox[0].subject
    assert notice.__class__.objects.get(pk=notice.pk).emailed_at is not None
    audit = AuditEvent.objects.get(event_type="case.supervise", target_id=str(case.pk))
    assert audit.changes == {"notice": [None, "yellow"]}

    again = sweep(on, django_capture_on_commit_callbacks)
    assert again.total == 0
    assert Notice.objects.filter(case=case).count() == 1
    assert len(mail.outbox) == 1
    assert AuditEvent.objects.filter(event_type="case.supervise").count() == 1

    # The handler of that department sees it; another department's handler does not.
    assert list(notice_list(personas["handler"])) == [notice]
    assert list(notice_list(personas["outsider"])) == []
    assert list(notice_list(personas["staff"])) == [notice]
    assert list(notice_list(personas["bishan_staff"])) == []


def test_red_case_escalates_to_department_leaders(running_case, departments, personas, django_capture_on_commit_callbacks):
    personas["dept_leader"].email = "zhao@beibei.gov.cn"
    personas["dept_leader"].save()
    case = running_case()
    on = red_day(case)
    result = sweep(on, django_capture_on_commit_callbacks)
    assert result.created[Notice.Level.RED] == 1
    assert result.created[Notice.Level.ESCALATION] == 1
    red = Notice.objects.get(case=case, level="red")
    escalation = Notice.objects.get(case=case, level="escalation")
    assert "超期" in red.text
    assert escalation.user == personas["dept_leader"] and escalation.department == departments["jxw"]
    assert [m.to for m in mail.outbox] == [["zhao@beibei.gov.cn"]]  # the department has no e-mail set
    # The escalation is the leader's, not the handler's.
    assert set(notice_list(personas["dept_leader"])) == {red, escalation}
    assert list(notice_list(personas["handler"])) == [red]
    # A yellow notice already sent for the same due date is not repeated; red is new.
    assert sweep(add_workdays(on, 1), django_capture_on_commit_callbacks).total == 0


def test_an_extension_moves_the_due_date_and_earns_a_new_notice(running_case, django_capture_on_commit_callbacks):
    case = running_case()
    on = yellow_day(case)
    sweep(on, django_capture_on_commit_callbacks)
    case.clock_extension = 5
    clock.recompute(case)
    case.save()
    later = case.warn_date
    assert sweep(later, django_capture_on_commit_callbacks).created[Notice.Level.YELLOW] == 1
    assert Notice.objects.filter(case=case, level="yellow").count() == 2


def test_revisit_clock_is_the_staffs_own(running_case, personas, django_capture_on_commit_callbacks):
    case = running_case(kind="revisit", status="replied")
    sweep(red_day(case), django_capture_on_commit_callbacks)
    notice = Notice.objects.get(case=case)
    assert notice.department is None and "回访" in notice.text
    assert list(notice_list(personas["staff"])) == [notice]
    assert list(notice_list(personas["handler"])) == []
    assert mail.outbox == []


def test_paused_and_closed_cases_are_not_swept(running_case, django_capture_on_commit_callbacks):
    paused = running_case()
    on = red_day(paused)
    paused.paused_since = clock.today()
    clock.recompute(paused)
    paused.save()
    closed = running_case(status="closed")
    assert sweep(on, django_capture_on_commit_callbacks).total == 0
    assert not Notice.objects.filter(case__in=[paused, closed]).exists()


def test_webhook_posts_json_to_a_real_server(running_case, departments, hook, django_capture_on_commit_callbacks):
    departments["jxw"].webhook_url = hook.url
    departments["jxw"].save()
    case = running_case(contact_phone="13912345678")
    sweep(yellow_day(case), django_capture_on_commit_callbacks)
    assert len(hook.received) == 1
    payload = hook.received[0]
    assert payload["level"] == "yellow" and payload["level_label"] == "黄灯提醒"
    assert payload["case"]["number"] == case.number
    assert payload["case"]["due_date"] == case.due_date.isoformat()
    assert payload["department"] == "区经济信息委"
    assert "13912345678" not in json.dumps(payload, ensure_ascii=False)  # no personal data
    notice = Notice.objects.get(case=case)
    assert notice.webhook_at is not None and notice.webhook_error == ""


def test_failed_webhook_is_recorded_and_retried_by_the_next_sweep(running_case, departments, hook, django_capture_on_commit_callbacks):
    departments["jxw"].webhook_url = hook.url
    departments["jxw"].save()
    case = running_case()
    hook.status = 503
    sweep(yellow_day(case), django_capture_on_commit_callbacks)
    notice = Notice.objects.get(case=case)
    assert notice.webhook_at is None and "503" in notice.webhook_error

    hook.status = 200
    result = sweep(yellow_day(case), django_capture_on_commit_callbacks)
    assert result.total == 0 and result.retried == 1
    notice.refresh_from_db()
    assert notice.webhook_at is not None and notice.webhook_error == ""
    assert len(hook.received) == 2  # the failed try and the successful retry; no third


def test_unreachable_webhook_records_an_error(running_case, departments, django_capture_on_commit_callbacks):
    departments["jxw"].webhook_url = "http://127.0.0.1:9/nothing-listens-here"
    departments["jxw"].save()
    case = running_case()
    sweep(yellow_day(case), django_capture_on_commit_callbacks)
    notice = Notice.objects.get(case=case)
    assert notice.webhook_at is None and notice.webhook_error.startswith("推送失败")


def test_rolled_back_sweep_sends_nothing(running_case, departments, hook, django_capture_on_commit_callbacks):
    departments["jxw"].email = "jxw@beibei.gov.cn"
    departments["jxw"].webhook_url = hook.url
    departments["jxw"].save()
    case = running_case()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                supervision_sweep(on=red_day(case))
                raise RuntimeError("断电")
    assert callbacks == []
    assert not Notice.objects.exists()
    assert mail.outbox == [] and hook.received == []


def test_a_key_taken_by_a_concurrent_sweep_is_skipped(running_case, django_capture_on_commit_callbacks):
    """Two hosts both pass the existence check; the unique key lets only one write."""
    case = running_case()
    on = yellow_day(case)
    key = notice_key(case, "yellow")
    Notice.objects.create(case=case, level="yellow", dedupe_key=key, text="另一台主机写入")
    with django_capture_on_commit_callbacks(execute=True):
        created = _create_case_notices([(key, case, "yellow", None)], on, None)
    assert created == []
    assert Notice.objects.filter(case=case).count() == 1
    assert not AuditEvent.objects.filter(event_type="case.supervise").exists()


def test_command_and_task_run_the_sweep(running_case, django_capture_on_commit_callbacks, capsys):
    case = running_case()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("sweep_cases", "--date", red_day(case).isoformat())
    out = capsys.readouterr().out
    assert "红灯督办1条" in out
    assert Notice.objects.filter(case=case, level="red").exists()

    from shuanglian.cases.tasks import sweep_cases

    assert "红灯督办0条" in sweep_cases.call()  # today the case is green: nothing new


def test_command_rejects_a_bad_date(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("sweep_cases", "--date", "2025/13/01")
