"""Issue 12.20: integrators write four of the five lists through /api/v1/ — enterprises (upsert by
USCC), projects and their monthly investment, leads and their stages, policies — through the
pages' services and rules: whoever may write a chain's lists on the pages may write them here,
a stale `version` is a 409 that changes nothing, bad input is a 400 with Chinese field messages
that changes nothing, amounts are exact to the fen."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from shuanglian.chains.models import Enterprise, Lead, Policy, Project, ProjectInvestment
from shuanglian.core.models import AuditEvent

from .conftest import make_uscc


def state():
    """Everything the four lists hold, to show that a refused request changed nothing."""
    return (
        sorted(Enterprise.objects.values_list("uscc", "name", "output", "employees", "region_id", "version")),
        sorted(Enterprise.nodes.through.objects.values_list("enterprise_id", "chainnode_id")),
        sorted(Project.objects.values_list("name", "total_investment", "annual_plan", "stage", "version")),
        sorted(ProjectInvestment.objects.values_list("project_id", "month", "amount")),
        sorted(Lead.objects.values_list("target_company", "stage", "capital_in_place", "version")),
        sorted(Policy.objects.values_list("title", "issuer", "valid_to", "version")),
        AuditEvent.objects.exclude(event_type__startswith="auth.").count(),
    )


def writes(d, regions):
    """One write per endpoint (method, url, body), valid for the staff of 北碚区; each body carries
    the record's version as stored when the write is made (a generator: one at a time)."""

    def v(name):
        d[name].refresh_from_db()
        return d[name].version

    yield ("post", "/api/v1/enterprises/", {"name": "重庆新材料有限公司", "uscc": make_uscc(40),
                                            "region": regions["beibei"].pk, "nodes": [d["up"].pk]})
    yield ("patch", f"/api/v1/enterprises/{d['forge'].pk}/", {"employees": 500, "version": v("forge")})
    yield ("post", "/api/v1/projects/", {"chain": d["chain"].pk, "name": "新项目", "owner_name": "某公司",
                                         "total_investment": "3.50", "year": 2026})
    yield ("patch", f"/api/v1/projects/{d['p2'].pk}/", {"stage": "started", "version": v("p2")})
    yield ("post", f"/api/v1/projects/{d['p2'].pk}/investments/", {"month": "2026-01", "amount": "0.35"})
    yield ("post", "/api/v1/leads/", {"chain": d["chain"].pk, "target_company": "某电驱企业"})
    yield ("patch", f"/api/v1/leads/{d['lead'].pk}/", {"stage": "signed", "version": v("lead")})
    yield ("post", f"/api/v1/leads/{d['lead'].pk}/advance/", {"version": v("lead")})
    yield ("post", "/api/v1/policies/", {"title": "新政策", "issuer": "北碚区人民政府", "chains": [d["chain"].pk]})
    yield ("patch", f"/api/v1/policies/{d['policy'].pk}/", {"benefit_summary": "补助", "version": v("policy")})


# who reads 北碚区's chain but may not write it: 403; who does not read it: 404 (400 for a body
# naming a chain they cannot see); the staff of the region: the write happens
@pytest.mark.parametrize(("persona", "allowed"), [
    ("staff", {200, 201}), ("handler", {403}), ("dept_leader", {403}), ("deputy", {403}), ("leader", {403}),
    ("bishan_staff", {400, 403, 404}), ("anonymous", {401, 403}),
])
def test_permission_matrix_of_the_write_endpoints(api_for, chain_data, regions, persona, allowed):
    from rest_framework.test import APIClient

    client = APIClient() if persona == "anonymous" else api_for(persona)
    for method, url, body in writes(chain_data, regions):
        before = state()
        resp = getattr(client, method)(url, body, format="json")
        assert resp.status_code in allowed, (persona, method, url, resp.status_code, resp.content[:300])
        if persona != "staff":
            assert state() == before, (persona, url)
            assert resp.json()["detail"]  # a Chinese explanation, never an empty error
        else:
            assert state() != before, url


def test_enterprise_upsert_by_uscc_is_idempotent(api_for, chain_data, regions):
    api = api_for("staff")
    body = {"name": "重庆新材料有限公司", "uscc": make_uscc(41).lower(), "region": regions["caijia"].pk,
            "output": "12.30", "employees": 88, "nodes": [chain_data["gear"].pk]}
    first = api.post("/api/v1/enterprises/", body, format="json")
    assert first.status_code == 201, first.content
    data = first.json()
    assert data["uscc"] == make_uscc(41) and data["output"] == "12.30" and data["version"] == 1
    events = AuditEvent.objects.count()
    again = api.post("/api/v1/enterprises/", body, format="json")
    assert again.status_code == 200 and again.json() == data  # same answer, nothing written
    assert Enterprise.objects.filter(uscc=make_uscc(41)).count() == 1 and AuditEvent.objects.count() == events
    # an upsert that changes something updates the same firm and its version
    forge = chain_data["forge"]
    resp = api.post("/api/v1/enterprises/", {"uscc": forge.uscc, "employees": 480}, format="json")
    assert resp.status_code == 200 and resp.json()["id"] == forge.pk and resp.json()["version"] == forge.version + 1
    forge.refresh_from_db()
    assert forge.employees == 480 and forge.name == "重庆市乾凤锻造有限公司"


def test_a_stale_version_is_a_conflict_that_changes_nothing(api_for, chain_data):
    api = api_for("staff")
    p2 = chain_data["p2"]
    assert api.patch(f"/api/v1/projects/{p2.pk}/", {"annual_plan": "2.50", "version": p2.version}, format="json").status_code == 200
    before = state()
    stale = api.patch(f"/api/v1/projects/{p2.pk}/", {"annual_plan": "3.00", "version": p2.version}, format="json")
    assert stale.status_code == 409 and stale.json()["code"] == "concurrent_update"
    assert "已被他人修改" in stale.json()["detail"]
    assert state() == before
    for url, body in [(f"/api/v1/enterprises/{chain_data['forge'].pk}/", {"employees": 1}),
                      (f"/api/v1/leads/{chain_data['lead'].pk}/", {"next_step": "再谈"}),
                      (f"/api/v1/policies/{chain_data['policy'].pk}/", {"issuer": "某局"})]:
        resp = api.patch(url, {**body, "version": 99}, format="json")
        assert resp.status_code == 409, url
        missing = api.patch(url, body, format="json")  # a PATCH must say which version it read
        assert missing.status_code == 400 and "version" in missing.json()["errors"], url
    assert api.post("/api/v1/enterprises/", {"uscc": chain_data["forge"].uscc, "employees": 2, "version": 99},
                    format="json").status_code == 409
    assert api.post(f"/api/v1/leads/{chain_data['lead'].pk}/advance/", {"version": 99}, format="json").status_code == 409
    assert state() == before


BAD = [
    ("post", "/api/v1/enterprises/", {"name": "某企业", "uscc": "91500109000000001X", "region": "beibei"}, "uscc", "校验位"),
    ("post", "/api/v1/enterprises/", {"name": "某企业", "uscc": make_uscc(42)}, "region", "新企业须填写所属区域"),
    ("post", "/api/v1/enterprises/", {"name": "某企业", "output": "-1", "region": "beibei"}, "output", "年产值不能为负数"),
    ("post", "/api/v1/enterprises/", {"name": "某企业", "output": "1.234", "region": "beibei"}, "output", ""),
    ("patch", "forge", {"uscc": "master", "version": 1}, "uscc", "已被“重庆千里科技股份有限公司”使用"),
    ("post", "/api/v1/projects/", {"chain": "chain", "name": "甲", "owner_name": "某", "total_investment": "1",
                                   "annual_plan": "2", "year": 2026}, "annual_plan", "年度计划投资不能大于总投资"),
    ("post", "/api/v1/projects/", {"chain": "chain", "name": "甲", "total_investment": "1", "year": 2026},
     "owner_name", "请选择业主企业，或填写业主单位名称"),
    ("post", "/api/v1/projects/", {"chain": "chain", "name": "甲", "owner_name": "某", "total_investment": "1",
                                   "year": 1900}, "year", "计划年度应在2000–2100之间"),
    ("post", "/api/v1/projects/", {"chain": "chain", "name": "甲", "owner_name": "某", "total_investment": "200000",
                                   "year": 2026}, "total_investment", "请确认单位是“亿元”"),
    ("post", "/api/v1/projects/", {"chain": "chain", "name": "甲", "owner_name": "某", "total_investment": "1",
                                   "year": 2026, "responsible_department": "bishan_jxw"}, "responsible_department",
     "责任单位应为北碚区的部门"),
    ("post", "investments", {"month": "2999-01", "amount": "1"}, "", "不能填报未来月份"),
    ("post", "investments", {"month": "2026-01", "amount": "-1"}, "", "完成投资必须为非负数"),
    ("post", "/api/v1/leads/", {"chain": "chain", "target_company": "某", "capital_in_place": "3", "stage": "contact"},
     "capital_in_place", "尚未签约的线索不应有到位资金"),
    ("patch", "lead", {"node": "outside_node", "version": 1}, "node", ""),
    ("post", "/api/v1/policies/", {"title": "某", "issuer": "某", "valid_from": "2025-03-01", "valid_to": "2024-01-01"},
     "valid_to", "有效期至不能早于施行日期"),
    ("post", "/api/v1/policies/", {"title": "某", "issuer": ""}, "issuer", ""),
]


@pytest.mark.parametrize(("method", "url", "body", "field", "message"), BAD, ids=[f"{b[1]}-{b[3] or b[4]}" for b in BAD])
def test_bad_input_is_a_400_in_chinese_that_changes_nothing(api_for, chain_data, regions, departments, method, url,
                                                            body, field, message):
    d = chain_data
    refs = {"beibei": regions["beibei"].pk, "chain": d["chain"].pk, "bishan_jxw": departments["bishan_jxw"].pk,
            "master": d["master"].uscc, "outside_node": 999999}
    body = {k: refs.get(v, v) if isinstance(v, str) else v for k, v in body.items()}
    url = {"forge": f"/api/v1/enterprises/{d['forge'].pk}/", "lead": f"/api/v1/leads/{d['lead'].pk}/",
           "investments": f"/api/v1/projects/{d['p2'].pk}/investments/"}.get(url, url)
    api = api_for("staff")
    before = state()
    resp = getattr(api, method)(url, body, format="json")
    assert resp.status_code == 400, resp.content
    data = resp.json()
    assert message in data["detail"]
    if field:
        assert field in data["errors"] and message in data["errors"][field][0]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in data["detail"])  # said in Chinese
    assert state() == before


def test_amounts_are_exact_to_two_decimals(api_for, chain_data):
    api = api_for("staff")
    p2 = chain_data["p2"]
    resp = api.post("/api/v1/projects/", {"chain": chain_data["chain"].pk, "name": "精确项目", "owner_name": "某公司",
                                          "total_investment": "12345678.91", "annual_plan": "0.10", "year": 2026},
                    format="json")
    assert resp.status_code == 400  # over 100 000 亿元: a unit mistake
    resp = api.post("/api/v1/projects/", {"chain": chain_data["chain"].pk, "name": "精确项目", "owner_name": "某公司",
                                          "total_investment": "99999.99", "annual_plan": "0.10", "year": 2026},
                    format="json")
    assert resp.status_code == 201 and resp.json()["total_investment"] == "99999.99"
    assert Project.objects.get(name="精确项目").total_investment == Decimal("99999.99")
    month = timezone.localdate().replace(day=1)
    for amount, code in [("0.10", 201), ("0.20", 200)]:  # a month again is a correction, not a second row
        r = api.post(f"/api/v1/projects/{p2.pk}/investments/", {"month": f"{month:%Y-%m}", "amount": amount}, format="json")
        assert r.status_code == code and r.json() == {"month": f"{month:%Y-%m-%d}", "amount": amount}
    r = api.post(f"/api/v1/projects/{p2.pk}/investments/", {"month": f"{month - dt.timedelta(days=1):%Y-%m}",
                                                           "amount": "0.01"}, format="json")
    assert r.status_code == 201
    assert api.get(f"/api/v1/projects/{p2.pk}/").json()["completed"] == "0.21"  # 0.20 + 0.01, no float dust
    assert [i["amount"] for i in api.get(f"/api/v1/projects/{p2.pk}/investments/").json()] == ["0.01", "0.20"]


def test_lead_stage_changes_are_recorded(api_for, chain_data):
    api, lead = api_for("staff"), chain_data["lead"]
    resp = api.patch(f"/api/v1/leads/{lead.pk}/", {"stage": "signed", "capital_in_place": "1.50", "version": lead.version},
                     format="json")
    assert resp.status_code == 200 and resp.json()["stage"] == "signed" and resp.json()["capital_in_place"] == "1.50"
    event = AuditEvent.objects.filter(event_type="lead.update").latest("id")
    assert event.changes["stage"][1] == "signed"
    resp = api.post(f"/api/v1/leads/{lead.pk}/advance/", {"version": resp.json()["version"]}, format="json")
    assert resp.status_code == 200 and resp.json()["stage"] == "registered"
    assert AuditEvent.objects.filter(event_type="lead.advance", target_id=str(lead.pk)).exists() or \
        AuditEvent.objects.filter(event_type="lead.advance").exists()
    page = api_for("staff").get(f"/api/v1/leads/{lead.pk}/").json()
    assert page["stage"] == "registered"


def test_a_policy_defaults_to_the_callers_region_and_keeps_nodes_in_its_chains(api_for, chain_data, regions):
    api = api_for("staff")
    resp = api.post("/api/v1/policies/", {"title": "电芯引进奖励", "issuer": "北碚区人民政府", "chains": [chain_data["chain"].pk],
                                          "nodes": [chain_data["cell"].pk]}, format="json")
    assert resp.status_code == 201, resp.content
    policy = Policy.objects.get(pk=resp.json()["id"])
    assert policy.region == regions["beibei"] and list(policy.nodes.all()) == [chain_data["cell"]]
    assert resp.json()["applications"] == 0 and resp.json()["version"] == 1
