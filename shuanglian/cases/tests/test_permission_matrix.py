"""Permission matrix for the closed loop's figures and files: every persona × (three-rates page,
rates API, rates API for a region, ledger import page, ledger import of a 北碚 row, ledger export)
× read/write, plus Open311 reading by integration key. Pattern: deputies/tests/test_permissions.py.

One closed, satisfied case of 北碚区 handled by 区经济信息委 is the object: who may read the figures
sees it counted (1) or not (0); the export lists it or not."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from shuanglian.cases.intake import case_submit
from shuanglian.cases.intake.keys import key_hash
from shuanglian.cases.models import Case, Category

from .test_import import good_row, ledger

pytestmark = pytest.mark.django_db

ROLES = ["staff", "town_staff", "handler", "dept_leader", "outsider", "deputy", "leader", "admin", "bishan_staff"]

# (rates page status, cases counted on it, rates API status, cases counted, API for 北碚区 by id)
RATES = {
    "staff":        (200, 1, 200, 1, 200),
    "town_staff":   (200, 0, 200, 0, 404),  # its town only: the district is not a region it may pick
    "handler":      (200, 1, 200, 1, 200),  # its department's figures
    "dept_leader":  (200, 1, 200, 1, 200),
    "outsider":     (200, 0, 200, 0, 200),  # another department: none of 区经济信息委's cases
    "deputy":       (403, 0, 403, 0, 403),
    "leader":       (200, 1, 200, 1, 200),
    "admin":        (200, 1, 200, 1, 200),
    "bishan_staff": (200, 0, 200, 0, 404),
}
# (import page, import of a row for 北碚区: 302 imported / 400 refused with the row's error / 403)
IMPORT = {
    "staff": (200, 302), "town_staff": (200, 400), "handler": (403, 403), "dept_leader": (403, 403),
    "outsider": (403, 403), "deputy": (403, 403), "leader": (403, 403), "admin": (200, 302),
    "bishan_staff": (200, 400),
}
# (export status, the case listed)
EXPORT = {
    "staff": (200, True), "town_staff": (200, False), "handler": (200, True), "dept_leader": (200, True),
    "outsider": (200, False), "deputy": (200, False), "leader": (200, True), "admin": (200, True),
    "bishan_staff": (200, False),
}


@pytest.fixture
def counted(personas, departments, regions, walk, category):
    case = case_submit(
        actor=personas["staff"], source="visit", title="矩阵诉求", description="燃气走线需要调整。",
        category=category, enterprise_name="重庆乾凤锻造有限公司", contact_name="刘经理",
        contact_phone="13912345678", region=regions["beibei"],
    )
    return walk(case, "closed")


def _count(html: str) -> int:
    return int(html.split('data-testid="kpi-cases">', 1)[1].split("<", 1)[0])


@pytest.mark.parametrize("role", ROLES)
def test_rates_page_and_api(role, counted, client_for, api_for, regions):
    page_status, page_count, api_status, api_count, region_status = RATES[role]
    page = client_for(role).get(reverse("dashboard:rates"), {"period": str(counted.submitted_at.year)})
    assert page.status_code == page_status
    if page_status == 200:
        assert _count(page.content.decode()) == page_count
    api = api_for(role)
    body = api.get("/api/v1/rates/", {"period": str(counted.submitted_at.year)})
    assert body.status_code == api_status
    if api_status == 200:
        assert body.json()["totals"]["counts"]["cases"] == api_count
    assert api.get("/api/v1/rates/", {"region": regions["beibei"].pk}).status_code == region_status


@pytest.mark.parametrize("role", ROLES)
def test_ledger_import(role, client_for, personas):
    client = client_for(role)
    assert client.get(reverse("cases:import")).status_code == IMPORT[role][0]
    row = good_row(**{"所属区域": "北碚区", "收集代表": "", "统一社会信用代码": "", "诉求标题": f"导入{role}"})
    response = client.post(reverse("cases:import"), {"file": ledger([row])})
    assert response.status_code == IMPORT[role][1]
    assert Case.objects.filter(title=f"导入{role}").exists() == (IMPORT[role][1] == 302)
    if IMPORT[role][1] == 400:
        assert "您的工作区域内" in response.content.decode()  # the row's region is refused


@pytest.mark.parametrize("role", ROLES)
def test_ledger_export(role, counted, client_for):
    response = client_for(role).get(reverse("cases:ledger_export"))
    assert response.status_code == EXPORT[role][0]
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)
                                     if response.streaming else response.content)).worksheets[0]
    titles = {cell.value for row in sheet.iter_rows() for cell in row}
    assert ("矩阵诉求" in titles) == EXPORT[role][1]


def test_anonymous_reads_neither_figures_nor_files(counted, client):
    for url in (reverse("dashboard:rates"), reverse("cases:import"), reverse("cases:ledger_export")):
        assert client.get(url).status_code == 302  # to the login page
    assert client.get("/api/v1/rates/").status_code in (401, 403)


def test_open311_reading_by_key(counted, client, settings):
    settings.SHUANGLIAN_OPEN311_KEYS = {key_hash("beibei-key"): {"name": "北碚平台", "region": "500109"},
                                        key_hash("bishan-key"): {"name": "璧山平台", "region": "500120"}}
    listed = lambda key: [r["service_request_id"] for r in client.get(  # noqa: E731
        "/open311/v2/requests.json", {"api_key": key} if key else {}).json() if isinstance(r, dict)]
    assert client.get("/open311/v2/requests.json").status_code == 403
    assert listed("beibei-key") == [str(counted.pk)]
    assert listed("bishan-key") == []
    detail = f"/open311/v2/requests/{counted.pk}.json"
    assert [client.get(detail, {"api_key": k}).status_code for k in ("", "beibei-key", "bishan-key")] == [403, 200, 404]
    assert Category.objects.filter(code="energy").exists()


@pytest.mark.parametrize("persona", ["leader", "deputy", "outsider"])
def test_permission_is_decided_before_state(api_for, make_case, walk, persona):
    """Issue 13 item 14: someone who may never take an action is told so (403), whatever the case's
    status — not "the status does not allow it" (409), which would tell them about the case."""
    case = walk(make_case(), "closed")
    response = api_for(persona).post(f"/api/v1/cases/{case.pk}/actions/accept/", {}, format="json")
    assert response.status_code in (403, 404), response.json()
    assert response.status_code != 409
