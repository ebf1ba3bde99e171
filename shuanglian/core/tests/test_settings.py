"""Every SHUANGLIAN_* knob an app reads is declared in settings.py, with its default, and a
deployment sets it through the environment."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[3]
READ = re.compile(r"settings\.(SHUANGLIAN_\w+)|getattr\(\s*settings\s*,\s*[\"'](SHUANGLIAN_\w+)")


def _read_in_code():
    names, with_default = set(), []
    for path in (ROOT / "shuanglian").rglob("*.py"):
        if "tests" in path.parts or path.name == "settings.py":
            continue
        text = path.read_text(encoding="utf-8")
        for plain, by_getattr in READ.findall(text):
            names.add(plain or by_getattr)
            if by_getattr:
                with_default.append(f"{path.relative_to(ROOT)}: {by_getattr}")
    return names, with_default


def test_every_knob_read_by_the_code_is_declared_and_read_plainly():
    names, with_default = _read_in_code()
    assert {"SHUANGLIAN_CASE_LIMITS", "SHUANGLIAN_OPEN311_KEYS", "SHUANGLIAN_FORMAL_NOTICE_DAYS"} <= names
    assert [name for name in sorted(names) if not hasattr(settings, name)] == []
    # A default hidden at a call site is a second, unlisted declaration.
    assert with_default == []


def _settings_in_subprocess(env_overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SHUANGLIAN_")}
    env.update(env_overrides, DJANGO_SETTINGS_MODULE="shuanglian.settings")
    code = (
        "import json\nfrom django.conf import settings\n"
        "print(json.dumps({k: getattr(settings, k) for k in dir(settings) if k.startswith('SHUANGLIAN_')}))"
    )
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def test_a_deployment_sets_the_knobs_through_the_environment():
    keys = {"0" * 64: {"name": "渝快政", "region": "500109"}}
    run = _settings_in_subprocess({
        "SHUANGLIAN_OPEN311_KEYS": json.dumps(keys, ensure_ascii=False),
        "SHUANGLIAN_FORMAL_NOTICE_DAYS": "5",
        "SHUANGLIAN_CASE_LIMITS": '{"ranking_min_cases": 3}',
        "SHUANGLIAN_WEBHOOK_SECRET": "s3cret",
    })
    assert run.returncode == 0, run.stderr
    values = json.loads(run.stdout)
    assert values["SHUANGLIAN_OPEN311_KEYS"] == keys
    assert values["SHUANGLIAN_FORMAL_NOTICE_DAYS"] == 5
    assert values["SHUANGLIAN_CASE_LIMITS"] == {"ranking_min_cases": 3}
    assert values["SHUANGLIAN_WEBHOOK_SECRET"] == "s3cret"
    defaults = json.loads(_settings_in_subprocess({}).stdout)
    assert defaults["SHUANGLIAN_FORMAL_NOTICE_DAYS"] == 3 and defaults["SHUANGLIAN_WEBHOOK_TIMEOUT"] == 5
    assert defaults["SHUANGLIAN_OPEN311_KEYS"] == {} and defaults["SHUANGLIAN_CASE_LIMITS"] == {}


def test_a_knob_that_is_not_json_stops_the_start_with_its_name():
    run = _settings_in_subprocess({"SHUANGLIAN_OPEN311_KEYS": "{not json"})
    assert run.returncode != 0
    assert "SHUANGLIAN_OPEN311_KEYS" in run.stderr and "不是有效的 JSON" in run.stderr


def test_without_redis_url_nothing_loads_redis():
    # Redis is optional (README): a site without REDIS_URL runs on the database cache and must not
    # need the client library, so no module of ours may import it.
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env.update(DJANGO_SETTINGS_MODULE="shuanglian.settings")
    code = (
        "import importlib, pkgutil, sys\nimport django\ndjango.setup()\nimport shuanglian\n"
        "from django.urls import get_resolver\nget_resolver().url_patterns\n"
        "for m in pkgutil.walk_packages(shuanglian.__path__, 'shuanglian.'):\n"
        "    if '.tests' not in m.name and '.migrations' not in m.name:\n"
        "        importlib.import_module(m.name)\n"
        "print(sorted(k for k in sys.modules if k == 'redis' or k.startswith('redis.')))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"
