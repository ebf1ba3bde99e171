"""The chain pages, the API and the access funnel, through HTTP."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from shuanglian.chains import services
from shuanglian.core.models import AuditEvent


def test_panorama_page_shows_figures_gaps_and_chief(client_for, chain_data):
    page = client_for("staff").get(f"/chains/{chain_data['chain'].pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "徐永德" in html and "/static/vendor/echarts/echarts.min.js" in html
    assert 'class="is-gap"' in html  # 电芯 has no local firm
    assert "下载“一图五单”工作簿" in html


def test_panorama_api_in_a_fixed_number_of_queries(api_for, chain_data, django_assert_max_num_queries):
    api = api_for("staff")
    url = f"/api/v1/chains/{chain_data['chain'].pk}/panorama/"
    with django_assert_max_num_queries(18):
        data = api.get(url).json()
    nodes = {n["name"]: n for n in data["nodes"]}
    assert nodes["电芯"]["is_gap"] and nodes["电芯"]["strength"] == "missing"
    assert nodes["电芯"]["leads_live"] == 1 and nodes["电芯"]["problems_open"] == 1
    assert nodes["整车"]["anchors"][0]["name"] == "重庆千里科技股份有限公司"
    # 齿轮: one local above-scale firm (乾凤) and one outside the district → weak, not strong
    assert nodes["齿轮"]["enterprises"] == 2 and nodes["齿轮"]["local_enterprises"] == 1
    assert nodes["齿轮"]["strength_derived"] == "weak"
    assert data["totals"]["project_total_investment"] == "55.25"
    # the 2nd project should have started a year ago and has not → red
    assert data["totals"]["projects_red"] >= 1
    # more firms and projects must not add queries
    for i in range(5):
        services.enterprise_save(actor=None, values={"name": f"齿轮厂{i}", "region": chain_data["chain"].region},
                                 nodes=[chain_data["gear"]])
    with django_assert_max_num_queries(18):
        assert api.get(url).json()["nodes"]


def test_staff_rating_overrides_but_derived_stays_visible(api_for, client_for, chain_data, personas):
    services.node_rate(actor=personas["staff"], node=chain_data["gear"], strength="broken")
    nodes = {n["name"]: n for n in api_for("staff").get(f"/api/v1/chains/{chain_data['chain'].pk}/panorama/").json()["nodes"]}
    assert nodes["齿轮"]["strength"] == "broken" and nodes["齿轮"]["strength_derived"] == "weak"
    assert AuditEvent.objects.filter(event_type="chain_node.update", changes__has_key="strength").exists()
    html = client_for("staff").get(f"/chains/{chain_data['chain'].pk}/").content.decode()
    assert "（测算：弱）" in html and "测算：weak" not in html  # issue 12.8: no code shown to a person


@pytest.mark.parametrize(("persona", "status"), [
    ("staff", 200), ("leader", 200), ("deputy", 200), ("handler", 200), ("dept_leader", 200),
    ("outsider", 404),  # 区发改委 is not in this task force
    ("bishan_staff", 404),  # another district
])
def test_who_reads_the_chain(client_for, chain_data, persona, status):
    assert client_for(persona).get(f"/chains/{chain_data['chain'].pk}/").status_code == status
    assert client_for(persona).get(f"/api/v1/chains/{chain_data['chain'].pk}/panorama/").status_code == status


def test_leaders_and_handlers_cannot_write(client_for, chain_data):
    chain = chain_data["chain"]
    for persona in ("leader", "handler", "deputy"):
        resp = client_for(persona).post(f"/chains/{chain.pk}/problems/new/", {"title": "新问题", "kind": "land"})
        assert resp.status_code == 403
    assert chain.problems.count() == 1
    resp = client_for("staff").post(f"/chains/{chain.pk}/problems/new/", {"title": "用地指标紧张", "kind": "land"})
    assert resp.status_code == 302 and chain.problems.count() == 2


def test_node_panel_lists_the_gap_nodes_leads(client_for, chain_data):
    c = chain_data
    resp = client_for("leader").get(f"/chains/{c['chain'].pk}/nodes/{c['cell'].pk}/", HTTP_HX_REQUEST="true")
    html = resp.content.decode()
    assert "某动力电池电芯企业" in html and "链长带队拜访" in html and "本地无电芯配套" in html
    assert "<html" not in html  # a partial for htmx


@pytest.mark.parametrize("url", ["/chains/", "/chains/enterprises/", "/chains/projects/", "/chains/leads/",
                                 "/chains/policies/", "/chains/problems/"])
def test_list_pages_query_count_does_not_grow(client_for, chain_data, url, django_assert_max_num_queries):
    c = client_for("staff")
    chain = chain_data["chain"]
    for i in range(30):
        e, _ = services.enterprise_save(actor=None, values={"name": f"配套企业{i}", "region": chain.region}, nodes=[chain_data["gear"]])
        services.project_save(actor=None, chain=chain, values={"name": f"项目{i}", "owner": e, "node": chain_data["gear"],
                                                                 "total_investment": Decimal("1"), "year": 2025})
        services.lead_save(actor=None, chain=chain, values={"target_company": f"线索{i}", "node": chain_data["cell"]})
    with django_assert_max_num_queries(20):
        resp = c.get(f"{url}?chain={chain.pk}")
    assert resp.status_code == 200


def test_lists_filter_by_chain_and_node(client_for, chain_data):
    c = chain_data
    html = client_for("staff").get(f"/chains/enterprises/?chain={c['chain'].pk}&node={c['gear'].pk}").content.decode()
    assert "乾凤锻造" in html and "千里科技" not in html
    data = client_for("staff").get(f"/api/v1/projects/?node={c['car'].pk}").json()
    assert [p["name"] for p in data["results"]] == ["千里科技智能工厂"]
    leads = client_for("staff").get(f"/api/v1/leads/?chain={c['chain'].pk}").json()
    assert leads["count"] == 1
    assert client_for("outsider").get("/api/v1/enterprises/").json()["count"] == 0


def test_enterprise_file_shows_projects_policies_and_plan(client_for, chain_data, personas):
    c = chain_data
    services.enterprise_save(actor=personas["staff"], enterprise=c["master"], values={"plan": "保障睿蓝量产用工"})
    services.policy_application_record(actor=personas["staff"], policy=c["policy"], enterprise=c["master"], status="granted",
                                       amount=Decimal("50"))
    html = client_for("staff").get(f"/chains/enterprises/{c['master'].pk}/").content.decode()
    assert "千里科技智能工厂" in html and "汽摩产业若干措施" in html and "已兑现" in html and "保障睿蓝量产用工" in html


def test_workbook_sums_match_the_panorama(client_for, api_for, chain_data):
    chain = chain_data["chain"]
    resp = client_for("leader").get(f"/api/v1/chains/{chain.pk}/workbook/")
    assert resp.status_code == 200
    wb = load_workbook(io.BytesIO(resp.content))
    assert wb.sheetnames == ["汇总", "企业清单", "问题清单", "项目清单", "招商清单", "政策清单"]
    pano = api_for("leader").get(f"/api/v1/chains/{chain.pk}/panorama/").json()["totals"]
    projects = wb["项目清单"]
    header = [c.value for c in projects[1]]
    total_col = header.index("总投资（亿元）")
    total = sum(Decimal(str(r[total_col])) for r in projects.iter_rows(min_row=2, values_only=True))
    assert total == Decimal(pano["project_total_investment"])
    summary = {r[0]: r[1] for r in wb["汇总"].iter_rows(min_row=2, values_only=True)}
    assert Decimal(str(summary["项目总投资（亿元）"])) == total
    assert wb["企业清单"].max_row - 1 == pano["enterprises"] == summary["企业数"]
    assert wb["招商清单"].max_row - 1 == pano["leads"]


def test_bad_uscc_is_refused_in_chinese_and_nothing_changes(chain_data, personas):
    from shuanglian.core.errors import BusinessError

    with pytest.raises(BusinessError, match="校验位"):
        services.enterprise_save(actor=personas["staff"], values={"name": "错码企业", "uscc": "91500109000000001X",
                                                                   "region": chain_data["chain"].region})
    from shuanglian.chains.models import Enterprise

    assert not Enterprise.objects.filter(name="错码企业").exists()


def test_enterprise_upsert_by_uscc(chain_data, personas):
    uscc = chain_data["forge"].uscc
    e, created = services.enterprise_save(actor=personas["staff"], values={"name": "重庆市乾凤锻造有限公司", "uscc": uscc.lower(),
                                                                            "employees": 450})
    assert not created and e.pk == chain_data["forge"].pk and e.employees == 450
    assert AuditEvent.objects.filter(event_type="enterprise.update", target_id=str(e.pk)).exists()
