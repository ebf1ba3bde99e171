"""Fixtures of 智能分办: the usual member units of 北碚区 (their duties come from defaults.py), and
cases submitted the way intake leaves them — with the after-commit work (index, suggestion) run."""

import pytest

from shuanglian.cases.models import Case, Category
from shuanglian.regions.models import Department

UNITS = ["区供电公司", "区人力社保局", "区规划自然资源局", "区金融发展中心", "区生态环境局", "区交通运输委"]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_scorers():
    """Each test has its own departments (ids are reused after a rollback): no memo across tests."""
    from shuanglian.intelligence import scoring

    scoring._MEMO.clear()
    yield
    scoring._MEMO.clear()


@pytest.fixture
def units(regions, departments):
    made = {name: Department.objects.create(name=name, region=regions["beibei"]) for name in UNITS}
    return {**{d.name: d for d in departments.values()}, **made}


@pytest.fixture
def submit(personas, regions, django_capture_on_commit_callbacks):
    def make(title, description, *, category="energy", enterprise="重庆乾凤锻造有限公司", region="beibei", **extra):
        values = {"title": title, "description": description, "category": Category.objects.get(code=category),
                  "source": "visit", "enterprise_name": enterprise, "contact_name": "刘经理",
                  "contact_phone": extra.pop("phone", "13912345678"), "region": regions[region], **extra}
        with django_capture_on_commit_callbacks(execute=True):
            case = Case.objects.create(**values)
        return case
    return make
