"""Two staff save one reception record at the same moment: on PostgreSQL the race is real (two
threads, two connections); the row lock and the version let exactly one win."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from shuanglian.core.errors import ConcurrentUpdate
from shuanglian.core.models import AuditEvent
from shuanglian.duties import services
from shuanglian.duties.models import Reception


def _race(jobs):
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(i, job):
        try:
            barrier.wait()
            results[i] = job()
        except BaseException as exc:  # noqa: BLE001 - reported to the test
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


@pytest.mark.django_db(transaction=True)
def test_two_threads_save_one_record_postgresql(duty, personas):
    if connection.vendor != "postgresql":
        pytest.skip("real row locks need PostgreSQL (SQLite serialises whole-database writes)")
    for i in range(3):
        r = services.reception_schedule(station=duty["station"], actor=duty["staff"], date=dt.date(2025, 3 + i, 17),
                                        start_time=dt.time(9), end_time=dt.time(11))
        results = _race([
            lambda r=r: services.reception_record(reception=r, actor=personas["staff"], version=1, notes="甲"),
            lambda r=r: services.reception_record(reception=r, actor=personas["admin"], version=1, notes="乙"),
        ])
        wins = [x for x in results if isinstance(x, Reception)]
        losses = [x for x in results if isinstance(x, ConcurrentUpdate)]
        assert len(wins) == 1 and len(losses) == 1, results
        r.refresh_from_db()
        assert r.version == 2 and r.notes == wins[0].notes
        assert AuditEvent.objects.filter(event_type="reception.record", target_id=str(r.pk)).count() == 1
