"""Issue 13.13: an action's answer matches the published schema also when the action takes the case
out of the actor's sight (a department returns a misrouted case): the short answer says so
(`readable: false`) and the schema describes both answers."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from rest_framework.authtoken.models import Token
from schemathesis.specs.openapi.checks import response_schema_conformance

from shuanglian.core.tests.api_world import keep_connection

pytestmark = pytest.mark.django_db


def _call(op, token, case, name, body):
    call = op.Case(path_parameters={"id": case.pk, "name": name}, body=body, media_type="application/json")
    response = call.call(headers={"Authorization": f"Token {token}"})
    call.validate_response(response, checks=[response_schema_conformance])
    return response


def test_both_answers_of_an_action_match_the_schema(make_case, walk, personas):
    keep_connection()
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())
    op = schema["/api/v1/cases/{id}/actions/{name}/"]["POST"]
    staff = Token.objects.create(user=personas["staff"]).key
    lead = Token.objects.create(user=personas["dept_leader"]).key

    accepted = make_case()
    full = _call(op, staff, accepted, "accept", {"version": accepted.version})
    assert full.status_code == 200 and "readable" not in full.json() and full.json()["status"] == "accepted"

    case = walk(make_case(title="不属于本部门的诉求"), "in_progress")
    short = _call(op, lead, case, "return", {"version": case.version, "note": "不属于本部门职责，请改派"})
    assert short.status_code == 200
    assert short.json() == {"id": case.pk, "status": "accepted", "status_display": short.json()["status_display"],
                            "version": case.version + 1, "readable": False}
