"""Personas shared by every test (DESIGN.md §5).

A small region tree (重庆市 → 北碚区 → 蔡家岗街道 / 童家溪镇; 璧山区 beside it), two departments of
北碚区 and one user per role. `outsider` is a handler of a *second* department: the person who
must never see the first department's work.
"""

import datetime as dt

import pytest
import time_machine

DEMO_PASSWORD = "Shuanglian-2026"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2 at production strength costs ~0.5 s per persona on this machine; tests check who may
    # do what, not the hash, so they use a fast one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    # The working-day cache lives per process for a minute and would outlive a test's rollback.
    from shuanglian.lib import workdays

    workdays.clear_cache()
    yield
    workdays.clear_cache()


@pytest.fixture
def rate_window():
    """Start the test one second into a fresh minute. The abuse limits count per fixed window (a
    minute for "3/min"); a test that sends its requests across a window's end would see the count
    restart and fail for no fault of the code. The clock keeps ticking from there."""
    now = dt.datetime.now(dt.UTC)
    start = now.replace(second=1, microsecond=0) + dt.timedelta(minutes=1)
    with time_machine.travel(start, tick=True):
        yield


@pytest.fixture
def regions(db):
    from shuanglian.regions.models import Region

    def make(name, code, level, parent=None):
        r = Region(name=name, code=code, level=level, parent=parent)
        r.path = r.compute_path()
        r.save()
        return r

    city = make("重庆市", "500000", "city")
    beibei = make("北碚区", "500109", "district", city)
    caijia = make("蔡家岗街道", "500109010", "subdistrict", beibei)
    tongjia = make("童家溪镇", "500109102", "town", beibei)
    bishan = make("璧山区", "500120", "district", city)
    return {"city": city, "beibei": beibei, "caijia": caijia, "tongjia": tongjia, "bishan": bishan}


@pytest.fixture
def departments(regions):
    from shuanglian.regions.models import Department

    return {
        "jxw": Department.objects.create(name="区经济信息委", region=regions["beibei"]),
        "fgw": Department.objects.create(name="区发改委", region=regions["beibei"]),
        "bishan_jxw": Department.objects.create(name="璧山区经济信息委", region=regions["bishan"]),
    }


def _user(username, role, **extra):
    from shuanglian.core.models import User

    user = User.objects.create_user(username=username, password=DEMO_PASSWORD, role=role, **extra)
    return user


@pytest.fixture
def personas(regions, departments):
    from shuanglian.deputies.models import Deputy

    people = {
        "staff": _user("p_staff", "staff", region=regions["beibei"], display_name="王工作"),
        "town_staff": _user("p_town_staff", "staff", region=regions["caijia"], display_name="蔡街道"),
        "handler": _user("p_handler", "handler", department=departments["jxw"], region=regions["beibei"], display_name="李经办"),
        "dept_leader": _user("p_dept_leader", "dept_leader", department=departments["jxw"], region=regions["beibei"], display_name="赵主任"),
        "outsider": _user("p_outsider", "handler", department=departments["fgw"], region=regions["beibei"], display_name="钱发改"),
        "deputy": _user("p_deputy", "deputy", region=regions["beibei"], display_name="周代表"),
        "leader": _user("p_leader", "leader", region=regions["beibei"], display_name="徐主任"),
        "admin": _user("p_admin", "admin", display_name="系统管理员"),
        "bishan_staff": _user("p_bishan_staff", "staff", region=regions["bishan"], display_name="璧山工作人员"),
    }
    people["deputy_record"] = Deputy.objects.create(
        name="周代表", level="district", region=regions["beibei"], sector="企业界",
        employer="千里科技", phone="13812345678", user=people["deputy"],
    )
    return people


@pytest.fixture
def client_for(client, personas):
    """client_for("handler") → a test client logged in as that persona."""
    from django.test import Client

    def make(name):
        c = Client()
        c.force_login(personas[name])
        return c

    return make


@pytest.fixture
def api_for(personas):
    from rest_framework.test import APIClient

    def make(name):
        c = APIClient()
        c.force_authenticate(personas[name])
        return c

    return make
