"""Reads that may be seconds old (rates, screens, exports, public pages, the monthly brief) go to the
replica when one is configured; the work queue and everything a person just wrote read the primary;
a dead or lagging replica costs nothing but load on the primary, and the operator is told why.

The replica here is a second connection to the test database (a real streaming replica is started
by the multi-host test); which connection answered is what these tests look at."""

import datetime as dt
import logging

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connections, router
from django.test.utils import CaptureQueriesContext

from shuanglian.cases.models import Case
from shuanglian.core import replica as replica_mod
from shuanglian.core.replica import (
    PIN_COOKIE,
    reads_from_replica,
    replica_forget,
    replica_health,
    replica_judge,
)
from shuanglian.regions.models import Department


def _add_replica(conf):
    connections.settings["replica"] = conf
    replica_forget()
    conn = connections["replica"]

    # The test case allowed "default" only (it was set up before this alias existed); connect as
    # Django does, without the test runner's guard.
    def ensure_connection():
        if conn.connection is None:
            with conn.wrap_database_errors:
                conn.connect()

    conn.ensure_connection = ensure_connection


def _drop_replica():
    connections["replica"].close()
    del connections["replica"]
    del connections.settings["replica"]
    replica_forget()


@pytest.fixture
def replica(transactional_db):
    conf = dict(connections["default"].settings_dict)
    _add_replica({**conf, "TEST": {**conf["TEST"], "MIRROR": "default"}})
    yield connections["replica"]
    _drop_replica()


@pytest.fixture
def dead_replica(transactional_db, tmp_path):
    conf = dict(connections["default"].settings_dict)
    if conf["ENGINE"].endswith("postgresql"):
        dead = {**conf, "PORT": "1", "OPTIONS": {**conf["OPTIONS"], "connect_timeout": 2}}
    else:
        dead = {**conf, "NAME": str(tmp_path / "no-such-folder" / "replica.sqlite3")}
    _add_replica({**dead, "TEST": {**conf["TEST"], "MIRROR": "default"}})
    yield
    _drop_replica()


def _replica_reads(client, url):
    with CaptureQueriesContext(connections["replica"]) as seen:
        response = client.get(url)
    assert response.status_code == 200
    return len(seen.captured_queries)


def test_without_a_replica_everything_reads_the_primary(db):
    with reads_from_replica():
        assert router.db_for_read(Case) == "default"
    assert "未配置只读副本" in replica_health(fresh=True).reason


def test_the_rates_read_the_replica_and_the_work_queue_the_primary(replica, personas, client_for, api_for):
    assert _replica_reads(client_for("staff"), "/cases/rates/") > 0
    assert _replica_reads(api_for("staff"), "/api/v1/rates/") > 0
    assert _replica_reads(client_for("staff"), "/cases/queue/") == 0
    assert _replica_reads(client_for("staff"), "/public/suggestions/") > 0


def test_a_form_posted_to_a_marked_page_reads_the_primary(replica, regions, client_for):
    from shuanglian.deputies.models import Deputy

    deputy = Deputy.objects.create(name="周代表", level="district", region=regions["beibei"], phone="13700002222")
    client = client_for("staff")
    path = f"/d/{deputy.code_token}/"
    assert _replica_reads(client, path) > 0
    with CaptureQueriesContext(connections["replica"]) as seen:
        client.post(path, {"description": ""})
    assert seen.captured_queries == []


def test_a_write_in_the_request_sends_its_later_reads_to_the_primary(replica, departments):
    with reads_from_replica():
        assert router.db_for_read(Case) == "replica"
        Department.objects.create(name="区住建委", region=departments["jxw"].region)
        assert router.db_for_read(Case) == "default"
    assert router.db_for_read(Case) == "default"  # outside the marked block


def test_a_browser_that_wrote_reads_the_primary_for_a_few_seconds(replica, personas, client_for, settings):
    client = client_for("staff")
    start = dt.datetime.now(dt.UTC)
    with time_machine.travel(start, tick=False):
        response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
        assert PIN_COOKIE in response.cookies
        assert _replica_reads(client, "/cases/rates/") == 0  # the page after the form: its own write
    with time_machine.travel(start + dt.timedelta(seconds=settings.SHUANGLIAN_REPLICA_PIN_SECONDS + 1), tick=False):
        assert _replica_reads(client, "/cases/rates/") > 0


def test_a_dead_replica_falls_back_to_the_primary_and_says_why(dead_replica, personas, client_for, caplog, capsys):
    with caplog.at_level(logging.WARNING, logger="shuanglian.replica"):
        response = client_for("staff").get("/cases/rates/")
    assert response.status_code == 200 and "三率" in response.content.decode()
    assert "只读副本无法连接，改读主库" in caplog.text
    with reads_from_replica():
        assert router.db_for_read(Case) == "default"
    with pytest.raises(CommandError, match="只读副本不可用"):
        call_command("replica_status")
    assert "只读副本无法连接" in capsys.readouterr().out
    call_command("check", "--database", "replica")
    assert "shuanglian.W001" in capsys.readouterr().err


def test_a_replica_that_fails_mid_page_is_left_for_the_primary(replica, personas, client_for, monkeypatch):
    from django.db import OperationalError

    real_execute = connections["replica"].cursor

    def broken_cursor(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    healthy = replica_health(fresh=True)
    assert healthy.usable
    monkeypatch.setattr(connections["replica"], "cursor", broken_cursor)
    monkeypatch.setattr(replica_mod, "_measure", lambda: healthy)  # it looked fine a moment ago
    response = client_for("staff").get("/cases/rates/")
    assert response.status_code == 200
    assert "读取失败" in replica_health().reason
    monkeypatch.setattr(connections["replica"], "cursor", real_execute)


@pytest.mark.parametrize(("in_recovery", "streaming", "lag", "usable", "says"), [
    (True, True, 1.5, True, "落后主库 1.5 秒"),
    (True, True, 42.0, False, "落后主库 42.0 秒（上限 10 秒），改读主库"),
    (True, False, 0.0, False, "复制中断"),
])
def test_the_lag_limit_decides(settings, in_recovery, streaming, lag, usable, says):
    settings.SHUANGLIAN_REPLICA_MAX_LAG = 10
    health = replica_judge(in_recovery=in_recovery, streaming=streaming, lag=lag)
    assert health.usable is usable and says in health.reason
