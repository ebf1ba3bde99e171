"""Keep it so (issue 13): schemathesis over the whole OpenAPI schema — every operation, reads and
writes — as staff, as a department handler and anonymously, in-process on the WSGI app; then the
Open311 endpoints (not in the OpenAPI schema) with hypothesis strategies. Any 5xx, and any answer
that is not what /api/v1/schema/ describes, fails the test.

Reproducible: derandomized, no example database, a fixed number of examples per operation
(SHUANGLIAN_FUZZ_EXAMPLES, default 4; raise it locally: `SHUANGLIAN_FUZZ_EXAMPLES=50 pytest -m fuzz`).
Run time (1 December 2026, the 2-core machine shared with four other engineers' test runs, load
average 9): this module 2 min 50 s on PostgreSQL, 1 min 45 s on SQLite (about 15 s of it the
data set); with test_schema_reality.py 4 min 15 s on PostgreSQL. What it found when written: the
schema described about 15 fields and answers wrongly (fixed in the serializers, see test_schema_reality.py); no 5xx
in 10 000 requests at 25 examples per operation and persona, nor in 300 Open311 requests."""

import os
import re
from urllib.parse import quote

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from .api_world import keep_connection, world, wsgi_json  # noqa: F401 - world: the module's data set

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

EXAMPLES = int(os.environ.get("SHUANGLIAN_FUZZ_EXAMPLES", "4"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
ID = re.compile(r"^(.*?/)\{(\w+)\}/")


def known_ids(headers, path) -> tuple[str, list[int]] | None:
    """Random ids are nearly all 404s: half the examples of a record's operation use real ids."""
    match = ID.match(path)
    if not match:
        return None
    data = wsgi_json(match.group(1), headers) or []
    items = data.get("results", []) if isinstance(data, dict) else data
    return match.group(2), [i["id"] for i in items if isinstance(i, dict) and "id" in i][:4]


def fuzz_schema(headers: dict) -> dict:
    keep_connection()
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())
    found = {}
    for result in schema.get_all_operations():
        op = result.ok()
        fuzz_operation(op, headers, known_ids(headers, op.path), found)
    return found


def fuzz_operation(op, headers, ids, found):
    @FUZZ
    @given(case=st.one_of(op.as_strategy(), op.as_strategy(generation_mode=GenerationMode.NEGATIVE)),
           real=st.integers(0, 7))
    def run(case, real):
        if ids and ids[1] and real < len(ids[1]):
            case.path_parameters[ids[0]] = ids[1][real]
        try:
            case.call_and_validate(headers=headers, checks=[not_a_server_error, response_schema_conformance])
        except Exception as failure:  # noqa: BLE001 - schemathesis' failure group: collect, report all
            found.setdefault(op.label, str(failure)[:800])

    run()


@pytest.mark.parametrize("persona", ["staff", "handler", "anonymous"])
def test_every_api_operation_survives_fuzzing(world, persona):  # noqa: F811
    headers = {} if persona == "anonymous" else {"Authorization": f"Token {world[persona][1]}"}
    found = fuzz_schema(headers)
    assert not found, f"{len(found)} operations fail:\n\n" + "\n\n".join(f"{k}\n{v}" for k, v in found.items())


# --- Open311 (GeoReport v2): not in the OpenAPI schema, fuzzed by hand ---------------------------

TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40) | st.sampled_from(
    ["", "³", "①", "٣", "2025-13-45T00:00:00", "-1", "0", "99999999999999999999", "energy", "open", "closed",
     "<x>", "'", "%00"])
QUERY = st.dictionaries(st.sampled_from(["service_request_id", "service_code", "start_date", "end_date",
                                         "status", "api_key", "page", "jurisdiction_id"]), TEXT, max_size=5)
FORM = st.dictionaries(st.sampled_from([
    "service_code", "description", "last_name", "first_name", "phone", "email", "attribute[enterprise_name]",
    "attribute[consent]", "attribute[enterprise_uscc]", "attribute[title]", "lat", "long", "address_string"]),
    TEXT, max_size=10)


@pytest.fixture
def open311_key(world):  # noqa: F811
    from shuanglian.cases.intake.keys import integration_key_issue
    from shuanglian.regions.models import Region

    return integration_key_issue(actor=world["admin"][0], name="fuzz", region=Region.objects.get(code="500109"))[1]


def well_formed(response):
    assert response.status_code < 500, response.content[:300]
    if response["Content-Type"].startswith(("text/xml", "application/xml")):
        import xml.dom.minidom

        xml.dom.minidom.parseString(response.content)
    elif response["Content-Type"].startswith("application/json"):
        response.json()


@FUZZ
@given(fmt=st.sampled_from(["json", "xml"]), query=QUERY, keyed=st.booleans(),
       path=st.sampled_from(["requests", "services", "requests/{id}", "services/{code}"]), value=TEXT)
def test_open311_reads_survive_fuzzing(open311_key, fmt, query, keyed, path, value):
    if keyed:
        query["api_key"] = open311_key
    url = "/open311/v2/" + path.replace("{id}", quote(value, safe="") or "1").replace(
        "{code}", quote(value, safe="") or "energy") + "." + fmt
    well_formed(Client().get(url, query, REMOTE_ADDR="10.9.0.1"))


@FUZZ
@given(fmt=st.sampled_from(["json", "xml"]), form=FORM, keyed=st.booleans(), valid=st.booleans())
def test_open311_posts_survive_fuzzing(open311_key, fmt, form, keyed, valid):
    from shuanglian.cases.models import Case

    if valid:  # a complete request with some fields replaced by fuzz
        form = {"service_code": "energy", "description": "用电负荷不足，影响投产。", "last_name": "刘",
                "first_name": "经理", "phone": "13912345678", "attribute[enterprise_name]": "重庆乾凤锻造有限公司",
                "attribute[consent]": "true", **form}
    if keyed:
        form["api_key"] = open311_key
    before = Case.objects.count()
    response = Client().post(f"/open311/v2/requests.{fmt}", form, REMOTE_ADDR="10.9.0.2")
    well_formed(response)
    if response.status_code == 201:  # a new case, or the same request again (one record per content)
        assert Case.objects.count() in (before, before + 1)
        assert Case.objects.filter(tracking_code__in=re.findall(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}",
                                                                 response.content.decode())).exists()
    else:
        assert Case.objects.count() == before
