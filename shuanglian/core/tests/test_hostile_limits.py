"""Per-address limits nobody can forge (issue 13, item 7): X-Forwarded-For is believed only from
a proxy the operator declared in SHUANGLIAN_TRUSTED_PROXIES."""

import pytest
from django.test import Client, RequestFactory

from shuanglian.cases.models import Case
from shuanglian.lib.client_ip import client_ip

from .test_hostile_input import form


def request(peer, xff=None):
    extra = {"REMOTE_ADDR": peer}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return RequestFactory().get("/", **extra)


def test_by_default_the_socket_address_is_the_client(settings):
    settings.SHUANGLIAN_TRUSTED_PROXIES = []
    assert client_ip(request("203.0.113.9", "1.2.3.4")) == "203.0.113.9"


@pytest.mark.parametrize("peer, xff, expected", [
    ("10.0.0.5", "198.51.100.7", "198.51.100.7"),  # one proxy
    ("10.0.0.5", "1.1.1.1, 198.51.100.7", "198.51.100.7"),  # the client forged 1.1.1.1: ignored
    ("10.0.0.5", "198.51.100.7, 10.0.0.9", "198.51.100.7"),  # two declared proxies
    ("10.0.0.5", "10.0.0.8, 10.0.0.9", "10.0.0.8"),  # proxies all the way: the farthest
    ("10.0.0.5", "", "10.0.0.5"),  # no header: the proxy itself
    ("10.0.0.5", "not-an-ip, 198.51.100.7", "198.51.100.7"),
    ("10.0.0.5", "198.51.100.7, garbage", "10.0.0.5"),  # garbage from the proxy side: keep the proxy
    ("10.0.0.5", "[2001:db8::1]:443", "2001:db8::1"),
    ("10.0.0.5", "198.51.100.7:5123", "198.51.100.7"),
    ("203.0.113.9", "198.51.100.7", "203.0.113.9"),  # not from a declared proxy: header ignored
])
def test_behind_declared_proxies_the_forwarded_address_counts(settings, peer, xff, expected):
    settings.SHUANGLIAN_TRUSTED_PROXIES = ["10.0.0.0/24"]
    assert client_ip(request(peer, xff)) == expected


@pytest.fixture
def station(regions, personas):
    from shuanglian.deputies.models import Station

    return Station.objects.create(kind="industry_liaison", name="北碚区先进制造业代表联络站",
                                  region=regions["beibei"], head=personas["deputy_record"], is_active=True)


def low_rate(settings):
    rf = dict(settings.REST_FRAMEWORK)
    rf["DEFAULT_THROTTLE_RATES"] = {**rf["DEFAULT_THROTTLE_RATES"], "intake_ip": "3/min"}
    settings.REST_FRAMEWORK = rf


def submit(station, i, peer, xff):
    return Client().post(f"/i/{station.intake_token}/", form(description=f"第{i}件事：需要协调解决燃气走线。"),
                         REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=xff)


def test_a_forged_forwarded_for_does_not_pass_the_intake_limit(settings, station, rate_window):
    low_rate(settings)
    settings.SHUANGLIAN_TRUSTED_PROXIES = []
    statuses = [submit(station, i, "203.0.113.9", f"198.51.100.{i}").status_code for i in range(6)]
    assert statuses == [302, 302, 302, 429, 429, 429]
    assert Case.objects.count() == 3


def test_behind_a_declared_proxy_each_client_has_its_own_limit(settings, station, rate_window):
    low_rate(settings)
    settings.SHUANGLIAN_TRUSTED_PROXIES = ["10.9.0.1"]
    statuses = [submit(station, i, "10.9.0.1", f"198.51.100.{i}").status_code for i in range(6)]
    assert statuses == [302] * 6
    # …and one client behind it is still limited, whatever it puts in front of the header
    statuses = [submit(station, 10 + i, "10.9.0.1", f"1.1.1.{i}, 198.51.100.200").status_code for i in range(4)]
    assert statuses == [302, 302, 302, 429]


def test_a_forged_forwarded_for_does_not_pass_the_tracking_limit(settings, db, rate_window):
    rf = dict(settings.REST_FRAMEWORK)
    rf["DEFAULT_THROTTLE_RATES"] = {**rf["DEFAULT_THROTTLE_RATES"], "track_ip": "3/min"}
    settings.REST_FRAMEWORK = rf
    statuses = [Client().get("/t/AAAA-BBBB-CCCC/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=f"198.51.100.{i}").status_code
                for i in range(5)]
    assert statuses[-1] == 429
