"""The OpenAPI schema says what the API returns (issue 13, item 13): every GET operation, read as
staff, a department handler, a leader, a deputy and an administrator — lists and the records they
list — answers exactly as /api/v1/schema/ describes (a blank `rating` is in its enum, a timeline is
a list, a missing lead department is null). A client generated from the schema would otherwise
fail on real answers."""

import re

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from schemathesis.specs.openapi.checks import response_schema_conformance

from .api_world import keep_connection, world, wsgi_json  # noqa: F401 - world: the module's data set

pytestmark = pytest.mark.django_db

ID = re.compile(r"^(.*?/)\{(\w+)\}/")


def ids_listed(headers, base) -> list[int]:
    data = wsgi_json(base, headers) or []
    items = data.get("results", []) if isinstance(data, dict) else data
    ids = [item["id"] for item in items if isinstance(item, dict) and "id" in item]
    return ids[:3] + ids[-2:]


def test_real_answers_match_the_published_schema(world):  # noqa: F811
    keep_connection()
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())
    wrong, checked = {}, 0
    for persona, (_user, token) in world.items():
        auth = {"Authorization": f"Token {token}"}
        for result in schema.get_all_operations():
            op = result.ok()
            if op.method.upper() != "GET" or op.path.count("{") > 1:
                continue
            match = ID.match(op.path)
            params = [{match.group(2): i} for i in ids_listed(auth, match.group(1))] if match else [{}]
            for path_parameters in params:
                case = op.Case(path_parameters=path_parameters)
                response = case.call(headers=auth)
                assert response.status_code < 500, (persona, op.label, response.text[:300])
                checked += response.status_code == 200
                try:
                    case.validate_response(response, checks=[response_schema_conformance])
                except Exception as failure:  # noqa: BLE001 - schemathesis' failure group
                    wrong[f"{persona} {op.label} {path_parameters}"] = str(failure)[:600]
    assert checked > 150
    assert not wrong, "\n\n".join(f"{k}:\n{v}" for k, v in list(wrong.items())[:5])
