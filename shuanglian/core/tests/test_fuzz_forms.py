"""Keep it so (issue 13): the public HTML forms other than the QR form (test_hostile_fuzz.py) —
the tracking look-up and the enterprise's rating form — posted arbitrary Unicode (control
characters, lone surrogates as raw bytes, non-characters), arbitrary bytes in odd charsets and
large values. Each answer is a 4xx with a Chinese message and nothing written, or the valid
outcome (the look-up finds the case; a rating is stored exactly once) — never a 500.

Bounded: 40 examples per test, derandomized. Run time (1 December 2026, 2 cores shared with four
other engineers' test runs, load average 9): 3 min wall for the module, 32 s of CPU."""

from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shuanglian.cases import services
from shuanglian.cases.models import Case
from shuanglian.core.models import AuditEvent

from .test_hostile_fuzz import HOSTILE, next_address
from .test_hostile_input import chinese

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

BOUNDED = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                   suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
CONTENT_TYPES = st.sampled_from([
    "application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=gbk",
    "application/x-www-form-urlencoded; charset=utf-16", "application/x-www-form-urlencoded; charset=bogus",
    "multipart/form-data; boundary=x", "multipart/form-data", "text/plain; charset=latin-1", "application/json"])
SIZES = st.sampled_from([0, 1, 1000, 6000, 200_000])


@pytest.fixture
def replied(personas, departments, regions):
    """A new case answered by the department, waiting for the enterprise's rating."""
    from shuanglian.cases.models import Category

    energy = Category.objects.get_or_create(code="energy", defaults={"name": "水电气保障", "order": 3})[0]

    def make():
        case = Case.objects.create(title="燃气走线需要调整", description="新厂房燃气走线与规划冲突。", category=energy,
                                   source="qr", enterprise_name="重庆乾凤锻造有限公司", contact_name="刘经理",
                                   contact_phone="13912345678", region=regions["beibei"])
        case = services.case_accept(case=case, actor=personas["staff"])
        case = services.case_assign(case=case, department=departments["jxw"], actor=personas["staff"])
        case = services.case_sign(case=case, actor=personas["handler"])
        return services.case_reply(case=case, actor=personas["handler"], result="solved", content="已调整走线。")

    return make


def urlencoded(data: dict) -> bytes:
    return "&".join(f"{quote(k)}={quote(v, safe='', errors='surrogatepass')}" for k, v in data.items()).encode()


def refused_in_chinese(response):
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    assert chinese(response.content.decode("utf-8", "replace"))


def check_rating(response, case, events_before):
    assert response.status_code < 500, response.content[:300]
    case.refresh_from_db()
    written = AuditEvent.objects.count() - events_before
    if response.status_code == 302:  # rated: exactly once, with a rating the form offers
        assert case.status == "revisited" and case.rating in {"satisfied", "basically_satisfied", "unsatisfied"}
        assert "\x00" not in case.rating_comment
        assert written == 1
    else:
        refused_in_chinese(response)
        assert (case.status, case.rating, written) == ("replied", "", 0)


@BOUNDED
@given(rating=HOSTILE | st.sampled_from(["satisfied", "basically_satisfied", "unsatisfied", "no_response"]),
       comment=HOSTILE, size=SIZES)
def test_the_rating_form_never_fails_on_arbitrary_text(replied, rating, comment, size):
    case = replied()
    before = AuditEvent.objects.count()
    body = urlencoded({"rating": rating, "comment": comment + "评" * size})
    response = Client().generic("POST", f"/t/{case.tracking_code}/", body,
                                content_type="application/x-www-form-urlencoded", REMOTE_ADDR=next_address())
    check_rating(response, case, before)


@BOUNDED
@given(body=st.binary(max_size=3000), content_type=CONTENT_TYPES, prefix=st.sampled_from([b"", b"rating=satisfied&"]))
def test_the_rating_form_never_fails_on_arbitrary_bytes(replied, body, content_type, prefix):
    case = replied()
    before = AuditEvent.objects.count()
    response = Client().generic("POST", f"/t/{case.tracking_code}/", prefix + body, content_type=content_type,
                                REMOTE_ADDR=next_address())
    check_rating(response, case, before)


@BOUNDED
@given(code=HOSTILE, raw=st.binary(max_size=200), how=st.sampled_from(["query", "raw query", "path"]))
def test_the_tracking_lookup_never_fails(replied, code, raw, how):
    case = replied()
    client = Client(REMOTE_ADDR=next_address())
    if how == "query":
        response = client.generic("GET", "/t/", QUERY_STRING="code=" + quote(code, safe="", errors="surrogatepass"))
    elif how == "raw query":
        response = client.generic("GET", "/t/", QUERY_STRING="code=" + raw.decode("latin-1"))
    else:
        response = client.get("/t/" + quote(code, safe="", errors="surrogatepass") + "/")
    assert response.status_code < 500, response.content[:300]
    if response.status_code >= 400:
        refused_in_chinese(response)
    assert Case.objects.filter(pk=case.pk, status="replied").exists()  # a look-up changes nothing
    # the real code, however it is written, still finds the case
    found = client.get("/t/", {"code": case.tracking_code.lower().replace("-", " ")})
    assert found.status_code == 302 and found["Location"].endswith(f"/t/{case.tracking_code}/")
