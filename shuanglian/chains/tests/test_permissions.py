"""Permission matrix of the chain module: every persona × (chain, enterprise, firm from elsewhere,
project, lead, policy, import job) × (read, write), over HTML and the API. Unreadable objects answer
404 exactly like a missing id; readable but not writable answer 403 (selectors.access_*).

The chain (北碚区, task force 区经济信息委) and its firms, project, lead and policy come from the
chain_data fixture; "elsewhere" is a 璧山 firm serving the 北碚 chain (外地配套企业): the maintainers
of the chain and the staff of its own region both keep its file. The import job was submitted by
北碚 staff. Through the API the lists are written exactly as on the pages (the same WRITE
matrix, issue 12.20); the chains themselves are read-only there (405).
"""

import pytest
from django.core.files.base import ContentFile

from shuanglian.chains.models import ImportJob

ROLES = ["staff", "town_staff", "handler", "dept_leader", "outsider", "deputy", "leader", "admin", "bishan_staff"]
OBJECTS = ["chain", "enterprise", "elsewhere", "project", "lead", "policy", "import_job"]

READ = {
    #               chain enterprise elsewhere project lead policy import_job
    "staff":        (200, 200,       200,      200,    200, 200,   200),
    "town_staff":   (404, 404,       404,      404,    404, 404,   404),  # 蔡家岗: the chain is the district's
    "handler":      (200, 200,       200,      200,    200, 200,   404),  # task force: reads, never the job
    "dept_leader":  (200, 200,       200,      200,    200, 200,   404),
    "outsider":     (404, 404,       404,      404,    404, 404,   404),  # 区发改委 is not in the task force
    "deputy":       (200, 200,       200,      200,    200, 200,   404),
    "leader":       (200, 200,       200,      200,    200, 200,   404),
    "admin":        (200, 200,       200,      200,    200, 200,   200),
    "bishan_staff": (404, 404,       200,      404,    404, 404,   404),  # the 璧山 firm is in its region
}
WRITE = {
    #               chain enterprise elsewhere project lead policy import (upload)
    "staff":        (200, 200,       200,      200,    200, 200,   200),
    "town_staff":   (404, 404,       404,      404,    404, 404,   404),
    "handler":      (403, 403,       403,      403,    403, 403,   403),
    "dept_leader":  (403, 403,       403,      403,    403, 403,   403),
    "outsider":     (404, 404,       404,      404,    404, 404,   404),
    "deputy":       (403, 403,       403,      403,    403, 403,   403),
    "leader":       (403, 403,       403,      403,    403, 403,   403),
    "admin":        (200, 200,       200,      200,    200, 200,   200),
    "bishan_staff": (404, 404,       200,      404,    404, 404,   404),
}


@pytest.fixture
def targets(chain_data, personas):
    job = ImportJob(kind="enterprises", chain=chain_data["chain"], actor=personas["staff"], filename="企业.xlsx")
    job.file.save("enterprises.xlsx", ContentFile(b"PK"), save=False)
    job.save()
    return {"chain": chain_data["chain"], "enterprise": chain_data["master"], "elsewhere": chain_data["outside"],
            "project": chain_data["p1"], "lead": chain_data["lead"], "policy": chain_data["policy"], "import_job": job}


def _html_read(t):
    return [f"/chains/{t['chain'].pk}/", f"/chains/enterprises/{t['enterprise'].pk}/",
            f"/chains/enterprises/{t['elsewhere'].pk}/", f"/chains/projects/{t['project'].pk}/",
            f"/chains/leads/{t['lead'].pk}/", f"/chains/policies/{t['policy'].pk}/", f"/chains/imports/{t['import_job'].pk}/"]


def _html_write(t):
    return [f"/chains/{t['chain'].pk}/edit/", f"/chains/enterprises/{t['enterprise'].pk}/edit/",
            f"/chains/enterprises/{t['elsewhere'].pk}/edit/", f"/chains/projects/{t['project'].pk}/edit/",
            f"/chains/leads/{t['lead'].pk}/edit/", f"/chains/policies/{t['policy'].pk}/edit/",
            f"/chains/{t['chain'].pk}/import/enterprises/"]


def _api(t):
    return [f"/api/v1/chains/{t['chain'].pk}/", f"/api/v1/enterprises/{t['enterprise'].pk}/",
            f"/api/v1/enterprises/{t['elsewhere'].pk}/", f"/api/v1/projects/{t['project'].pk}/",
            f"/api/v1/leads/{t['lead'].pk}/", f"/api/v1/policies/{t['policy'].pk}/"]


@pytest.mark.parametrize("role", ROLES)
def test_html_read(role, client_for, targets):
    c = client_for(role)
    assert tuple(c.get(url).status_code for url in _html_read(targets)) == READ[role]


@pytest.mark.parametrize("role", ROLES)
def test_html_write(role, client_for, targets):
    c = client_for(role)
    assert tuple(c.get(url).status_code for url in _html_write(targets)) == WRITE[role]


@pytest.mark.parametrize("role", ROLES)
def test_html_write_by_post_changes_nothing_when_refused(role, client_for, targets):
    lead = targets["lead"]
    code = client_for(role).post(f"/chains/leads/{lead.pk}/contact/", {"on": "2026-11-02", "who": "张三", "what": "电话"})
    expected = WRITE[role][OBJECTS.index("lead")]
    assert code.status_code == (302 if expected == 200 else expected)
    assert lead.contacts.exists() == (expected == 200)


@pytest.mark.parametrize("role", ROLES)
def test_api_read_and_lists_agree(role, api_for, targets):
    api = api_for(role)
    got = tuple(api.get(url).status_code for url in _api(targets))
    assert got == READ[role][:6]
    for url, kind, code in zip(_api(targets), ["chains", "enterprises", "enterprises", "projects", "leads", "policies"],
                               READ[role], strict=False):
        listed = {row["id"] for row in api.get(f"/api/v1/{kind}/", {"page_size": 500}).json()["results"]}
        assert (int(url.rstrip("/").rsplit("/", 1)[1]) in listed) == (code == 200), (kind, url)


@pytest.mark.parametrize("role", ROLES)
def test_api_writes_follow_the_pages_matrix(role, api_for, targets):
    api = api_for(role)
    changes = {"enterprise": {"address": "新地址"}, "elsewhere": {"address": "新地址"}, "project": {"note": "已调度"},
               "lead": {"next_step": "再次拜访"}, "policy": {"benefit_summary": "补助"}}
    got = []
    for url, name in zip(_api(targets)[1:], OBJECTS[1:6], strict=True):
        obj = targets[name]
        obj.refresh_from_db()
        resp = api.patch(url, {**changes[name], "version": obj.version}, format="json")
        got.append(resp.status_code)
        obj.refresh_from_db()
        assert (obj.version > 1 and getattr(obj, next(iter(changes[name]))) == next(iter(changes[name].values()))) == (
            resp.status_code == 200), (name, resp.status_code)
    assert tuple(got) == WRITE[role][1:6]
    assert api.patch(_api(targets)[0], {"name": "改名"}, format="json").status_code == 405
    assert api.post("/api/v1/chains/", {"name": "新链"}, format="json").status_code == 405
