"""Keep it so (issue 13): the public QR form, posted arbitrary Unicode (controls, surrogates,
non-characters, right-to-left marks, huge and empty values) and arbitrary bytes, answers either
a 4xx with a Chinese message and writes nothing, or takes a valid case — never a 500.

The category is drawn from valid values only: a non-ASCII-digit category code still reaches
cases.intake's `isdigit()` (a call site listed to switch to lib.parse)."""

import itertools
from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shuanglian.cases.models import Case

from .test_hostile_input import chinese, form

pytestmark = pytest.mark.django_db

HOSTILE = st.text(st.characters(codec=None, exclude_categories=()), max_size=300) | st.sampled_from(
    ["", " ", "\x00", "\ud800", "\ufffe", "\u202e", "'; drop table cases_case; --", "<script>x</script>", "=1+1",
     "a" * 6000, "用电\x00不足", "\r\n\t"])
_addresses = itertools.count(1)


def next_address() -> str:
    """A fresh client address per example: the examples share the database and the per-address
    counters, and a run of 429s would hide what the form does with the input."""
    n = next(_addresses)
    return f"10.7.{n // 250 % 250}.{n % 250 + 1}"


FIELDS = ["enterprise_name", "enterprise_uscc", "contact_name", "contact_phone", "title", "description"]


@pytest.fixture
def station(regions, personas):
    from shuanglian.deputies.models import Station

    return Station.objects.create(kind="industry_liaison", name="北碚区先进制造业代表联络站",
                                  region=regions["beibei"], head=personas["deputy_record"], is_active=True)


def check(response, before: int):
    assert response.status_code < 500, response.content[:300]
    if response.status_code == 302:  # a new case, or the same submission again (idempotent)
        assert Case.objects.count() in (before, before + 1)
        case = Case.objects.latest("id")
        assert "\x00" not in case.description and "\x00" not in case.enterprise_name
    else:
        assert 400 <= response.status_code < 500 and chinese(response.content.decode("utf-8", "replace"))
        assert Case.objects.count() == before


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.fixed_dictionaries({}, optional={f: HOSTILE for f in FIELDS}),
       category=st.sampled_from(["energy", "", "不存在"]), consent=st.sampled_from(["on", ""]))
def test_the_public_form_never_fails_on_arbitrary_text(station, values, category, consent):
    data = form(category=category, consent=consent, **values)
    body = "&".join(f"{quote(k)}={quote(v, safe='', errors='surrogatepass')}" for k, v in data.items())
    before = Case.objects.count()
    response = Client().generic("POST", f"/i/{station.intake_token}/", body.encode("ascii"),
                                content_type="application/x-www-form-urlencoded", REMOTE_ADDR=next_address())
    check(response, before)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.binary(max_size=2000), content_type=st.sampled_from([
    "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "multipart/form-data",
    "application/x-www-form-urlencoded; charset=gbk", "text/plain", "application/json"]))
def test_the_public_form_never_fails_on_arbitrary_bytes(station, body, content_type):
    before = Case.objects.count()
    response = Client().generic("POST", f"/i/{station.intake_token}/", body, content_type=content_type,
                                REMOTE_ADDR=next_address())
    check(response, before)
