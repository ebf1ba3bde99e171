"""Two sweeps on two hosts at the same moment write each notice once and send it once
(PostgreSQL: real concurrent transactions; SQLite serialises writers anyway)."""

import threading

import pytest
from django.core import mail
from django.db import connection, connections

from shuanglian.cases import clock
from shuanglian.cases.models import Notice
from shuanglian.cases.supervision import supervision_sweep
from shuanglian.core.models import AuditEvent
from shuanglian.lib.workdays import add_workdays

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections (PostgreSQL)"),
]


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_concurrent_sweeps_write_and_send_each_notice_once(make_case, departments, personas):
    departments["jxw"].email = "jxw@beibei.gov.cn"
    departments["jxw"].save()
    cases = []
    for i in range(20):
        case = make_case(status="in_progress", lead_department=departments["jxw"], title=f"诉求{i}")
        clock.start_clock(case, "reply")
        case.save()
        cases.append(case)
    on = add_workdays(cases[0].due_date, 1)
    barrier = threading.Barrier(4)
    errors = []

    def host():
        try:
            barrier.wait()
            supervision_sweep(on=on)
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=host) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    # 20 red notices to the department, 20 escalations to its one leader.
    assert Notice.objects.filter(level="red").count() == 20
    assert Notice.objects.filter(level="escalation").count() == 20
    assert AuditEvent.objects.filter(event_type="case.supervise").count() == 40
    assert len(mail.outbox) == 20  # the department's e-mails, each once (the leader has no address)
    assert Notice.objects.filter(level="red", emailed_at__isnull=True).count() == 0
