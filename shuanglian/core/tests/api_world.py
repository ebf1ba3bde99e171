"""One small, varied data set for the tests that read the whole API (schema vs reality, fuzzing):
the demo's foundation, registry, oversight, monitoring, ledgers, duties and suggestions, plus
cases at every step of the loop (blank rating and result before the revisit, no lead department
before the assignment, a timeline). Built once per test module inside a transaction that is rolled
back at the end; each test's own writes are rolled back by pytest-django as usual.

The demo's chains and year of cases are left out: they cost a minute to build."""

import datetime as dt

import pytest
from django.core import signals
from django.db import close_old_connections, transaction
from django.test import override_settings

BUILDERS = ["foundation", "registry", "oversight", "oversight_monitoring", "oversight_ledgers", "duties",
            "suggestions"]
STEPS = ["submitted", "accepted", "assigned", "in_progress", "replied", "revisited", "closed"]
PERSONAS = {"staff": "demo_staff", "handler": "demo_jxw", "leader": "demo_leader", "deputy": "demo_deputy",
            "admin": "demo_admin"}


def _cases():
    from shuanglian.cases import services
    from shuanglian.cases.models import Case, Category
    from shuanglian.core.models import User
    from shuanglian.regions.models import Department, Region

    staff, handler = User.objects.get(username="demo_staff"), User.objects.get(username="demo_jxw")
    region = Region.objects.get(code="500109")
    category = Category.objects.get_or_create(code="energy", defaults={"name": "水电气保障", "order": 3})[0]
    department = Department.objects.get(pk=handler.department_id)
    for n, target in enumerate(STEPS):
        case = Case.objects.create(
            title=f"燃气走线需要调整{n}", description="新厂房燃气走线与规划冲突，影响投产。", category=category,
            source="qr", enterprise_name="重庆乾凤锻造有限公司", contact_name="刘经理",
            contact_phone="13912345678", region=region)
        moves = {
            "accepted": lambda c: services.case_accept(case=c, actor=staff),
            "assigned": lambda c: services.case_assign(case=c, department=department, actor=staff),
            "in_progress": lambda c: services.case_sign(case=c, actor=handler),
            "replied": lambda c: services.case_reply(case=c, actor=handler, result="partly_solved",
                                                     content="已协调燃气公司调整部分走线。", commitment="年底前完成",
                                                     commitment_due=dt.date(2099, 12, 31)),
            "revisited": lambda c: services.case_revisit(case=c, actor=None, rating="satisfied", comment="满意"),
            "closed": lambda c: services.case_close(case=c, actor=staff),
        }
        for step in STEPS[1:STEPS.index(target) + 1]:
            case = moves[step](case)


def keep_connection():
    """The WSGI app (schemathesis, werkzeug) is called in the test's own transaction: Django must
    not close the connection at each request. Its test client arranges that for its own requests
    but connects the closing receivers again afterwards, so call this before using werkzeug."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)


def wsgi_json(path: str, headers: dict):
    """GET through the real WSGI app (not Django's test client: see keep_connection)."""
    from django.core.wsgi import get_wsgi_application
    from werkzeug.test import Client

    keep_connection()
    response = Client(get_wsgi_application()).get(path, headers=headers)
    return response.json if response.status_code == 200 else None


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """{persona: (user, API token)} over the data set."""
    from rest_framework.authtoken.models import Token

    from shuanglian.core.models import User
    from shuanglian.demo.management.commands.demo import BUILDERS as DEMO

    builders = dict(DEMO)
    keep_connection()
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
                             ALLOWED_HOSTS=["localhost", "testserver"])
    try:
        with fast, django_db_blocker.unblock(), transaction.atomic():
            for name in BUILDERS:
                builders[name]()
            _cases()
            users = {p: User.objects.get(username=u) for p, u in PERSONAS.items()}
            yield {p: (u, Token.objects.get_or_create(user=u)[0].key) for p, u in users.items()}
            transaction.set_rollback(True)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
