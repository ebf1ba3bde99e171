"""Two people act on the same case at once: one succeeds, the other is told (ConcurrentUpdate /
409) and nothing of either is half-written. On PostgreSQL the race is real: two threads, two
connections, the row lock of case_transition (select_for_update) serialising them."""

import threading

import pytest
from django.db import connection, connections

from shuanglian.cases import services
from shuanglian.cases.models import Case
from shuanglian.core.errors import BusinessError, ConcurrentUpdate
from shuanglian.core.models import AuditEvent


def _events(case):
    return AuditEvent.objects.filter(target_type="cases.case", target_id=str(case.pk)).exclude(event_type="case.submit")


@pytest.mark.django_db
def test_same_version_one_wins_via_services(make_case, personas):
    case = make_case()
    seen_by_a = Case.objects.get(pk=case.pk)
    seen_by_b = Case.objects.get(pk=case.pk)
    services.case_accept(case=seen_by_a, actor=personas["staff"], expected_version=seen_by_a.version)
    with pytest.raises(ConcurrentUpdate, match="已被他人更新"):
        services.case_reject(case=seen_by_b, actor=personas["admin"], note="重复诉求", expected_version=seen_by_b.version)
    case.refresh_from_db()
    assert case.status == "accepted" and case.version == 2
    assert list(_events(case).values_list("event_type", flat=True)) == ["case.accept"]


@pytest.mark.django_db
def test_same_version_one_wins_via_api(make_case, api_for):
    case = make_case()
    first = api_for("staff").post(f"/api/v1/cases/{case.pk}/actions/accept/", {"version": 1}, format="json")
    second = api_for("admin").post(f"/api/v1/cases/{case.pk}/actions/reject/", {"version": 1, "note": "重复"}, format="json")
    assert first.status_code == 200
    assert second.status_code == 409 and second.json()["code"] == "concurrent_update"
    assert "已被他人更新" in second.json()["detail"]
    assert _events(case).count() == 1


def _race(jobs):
    """Run each job in its own thread (own DB connection), started together."""
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
def test_two_threads_same_version_postgresql(make_case, personas):
    if connection.vendor != "postgresql":
        pytest.skip("real row locks need PostgreSQL (SQLite serialises whole-database writes)")
    for _ in range(5):
        case = make_case()
        results = _race([
            lambda c=case: services.case_accept(case=c, actor=personas["staff"], expected_version=1),
            lambda c=case: services.case_reject(case=c, actor=personas["admin"], note="重复", expected_version=1),
        ])
        wins = [r for r in results if isinstance(r, Case)]
        losses = [r for r in results if isinstance(r, ConcurrentUpdate)]
        assert len(wins) == 1 and len(losses) == 1, results
        case.refresh_from_db()
        assert case.version == 2 and case.status == wins[0].status
        assert _events(case).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_threads_without_version_postgresql(make_case, personas, walk):
    """Without a version the lock still serialises: the second signer finds it already signed."""
    if connection.vendor != "postgresql":
        pytest.skip("real row locks need PostgreSQL (SQLite serialises whole-database writes)")
    case = walk(make_case(), "assigned")
    results = _race([
        lambda: services.case_sign(case=case, actor=personas["handler"]),
        lambda: services.case_sign(case=case, actor=personas["dept_leader"]),
    ])
    assert sum(isinstance(r, Case) for r in results) == 1
    assert sum(isinstance(r, BusinessError) and r.status == 409 for r in results) == 1, results
    assert _events(case).filter(event_type="case.sign").count() == 1
