"""`manage.py demo` creates accounts with a published password: it refuses (in Chinese, exit code 2,
nothing written) on a site that is not in debug mode unless told it is a demo, and it points to the
site's own address."""

import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from shuanglian.core.models import AuditEvent, User
from shuanglian.regions.models import Region

ROOT = Path(__file__).resolve().parents[3]


def test_demo_refuses_on_a_production_site_and_writes_nothing(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError) as refused:
        call_command("demo", stdout=io.StringIO())
    assert refused.value.returncode == 2
    assert "拒绝运行" in str(refused.value) and "--i-know-this-is-a-demo" in str(refused.value)
    assert (User.objects.count(), Region.objects.count(), AuditEvent.objects.count()) == (0, 0, 0)


def test_refusal_exits_with_code_2_from_the_command_line(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "shuanglian.settings", "DJANGO_DEBUG": "0",
           "DJANGO_SECURE": "0", "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, str(ROOT / "manage.py"), "demo"], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 2
    assert "拒绝运行" in done.stderr
    assert not (tmp_path / "prod.sqlite3").exists() or (tmp_path / "prod.sqlite3").stat().st_size == 0


@pytest.mark.parametrize("debug, args", [(True, []), (False, ["--i-know-this-is-a-demo"])])
def test_demo_runs_in_debug_or_when_told_and_prints_the_site_address(db, settings, debug, args):
    settings.DEBUG = debug
    settings.SITE_URL = "http://10.0.0.7:9000"
    out = io.StringIO()
    call_command("demo", "--only", "foundation", *args, stdout=out)
    assert User.objects.get(username="demo_staff").check_password("shuanglian")
    assert "打开 http://10.0.0.7:9000/ 登录" in out.getvalue()
    assert "127.0.0.1:8000" not in out.getvalue()
