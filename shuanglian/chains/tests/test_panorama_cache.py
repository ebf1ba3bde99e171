"""The panorama is cached per chain in the shared cache and must never show old figures after a
change: every write path (services, the Excel import's bulk writes) invalidates it on commit.

These tests commit for real (transaction=True), as the web processes and the import worker do.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from shuanglian.chains import services
from shuanglian.chains.panorama import build_panorama

pytestmark = pytest.mark.django_db(transaction=True)


def panorama(api, chain):
    resp = api.get(f"/api/v1/chains/{chain.pk}/panorama/")
    assert resp.status_code == 200
    return resp.json()


def node(data, name):
    return next(n for n in data["nodes"] if n["name"] == name)


def test_a_cached_panorama_is_the_computed_one_and_costs_few_queries(api_for, chain_data, django_assert_max_num_queries):
    chain = chain_data["chain"]
    api = api_for("staff")
    first = panorama(api, chain)
    with django_assert_max_num_queries(8):  # session, user, chain, one cache read, the cases
        second = panorama(api, chain)
    assert second == first
    fresh = build_panorama(chain, use_cache=False)
    assert {k: v for k, v in second.items() if k != "nodes"} == {k: v for k, v in fresh.items() if k != "nodes"}
    assert second["nodes"] == fresh["nodes"]


def test_service_writes_show_at_once(api_for, chain_data, personas, regions):
    c, staff = chain_data, personas["staff"]
    api = api_for("leader")
    before = panorama(api, c["chain"])
    assert node(before, "电芯")["strength"] == "missing"

    # a local above-scale firm joins the gap node: no longer a gap, one more enterprise
    services.enterprise_save(actor=staff, values={"name": "本地电芯有限公司", "region": regions["beibei"],
                                                  "scale": "above", "output": Decimal("2.00")}, nodes=[c["cell"]])
    after = panorama(api, c["chain"])
    assert node(after, "电芯")["strength"] == "weak" and not node(after, "电芯")["is_gap"]
    assert after["totals"]["enterprises"] == before["totals"]["enterprises"] + 1

    # the staff rating, a project's investment, a lead and a problem
    services.node_rate(actor=staff, node=c["gear"], strength="broken")
    services.project_record_investment(actor=staff, project=c["p1"], month=timezone.localdate().replace(day=1),
                                       amount=Decimal("3.00"))
    services.lead_save(actor=staff, chain=c["chain"], lead=c["lead"], values={"is_closed": True})
    services.problem_resolve(actor=staff, problem=c["problem"], resolution="已引进电芯企业")
    after = panorama(api, c["chain"])
    assert node(after, "齿轮")["strength"] == "broken"
    assert Decimal(after["totals"]["project_completed"]) == Decimal(before["totals"]["project_completed"]) + 3
    assert node(after, "电芯")["leads_live"] == 0 and node(after, "电芯")["problems_open"] == 0
    assert after["totals"]["problems_resolved"] == before["totals"]["problems_resolved"] + 1

    # a policy granted to a firm
    services.policy_application_record(actor=staff, policy=c["policy"], enterprise=c["master"], status="granted")
    assert panorama(api, c["chain"])["totals"]["policy_granted"] == before["totals"]["policy_granted"] + 1


def test_a_firm_serving_two_chains_updates_both(api_for, chain_data, personas, regions):
    c, staff = chain_data, personas["staff"]
    other = services.chain_save(actor=staff, values={"name": "齿轮传动产业链", "region": regions["beibei"]})
    other_gear = services.node_save(actor=staff, chain=other, values={"name": "齿轮", "stage": "midstream"})
    forge = c["forge"]
    services.enterprise_save(actor=staff, enterprise=forge, values={}, nodes=[*forge.nodes.all(), other_gear])
    api = api_for("staff")
    assert node(panorama(api, c["chain"]), "齿轮")["output"] == "4.00"  # 3.60 + 0.40
    assert node(panorama(api, other), "齿轮")["output"] == "3.60"
    services.enterprise_save(actor=staff, enterprise=forge, values={"output": Decimal("5.10")})
    assert node(panorama(api, c["chain"]), "齿轮")["output"] == "5.50"
    assert node(panorama(api, other), "齿轮")["output"] == "5.10"
    # leaving a chain's node updates the chain it left
    services.enterprise_save(actor=staff, enterprise=forge, values={}, nodes=[other_gear])
    assert node(panorama(api, c["chain"]), "齿轮")["enterprises"] == 1


def test_the_regions_schedule_rule_applies_at_once(api_for, chain_data, personas, regions):
    c, staff = chain_data, personas["staff"]
    last_year = timezone.localdate().year - 1
    # last year's plan 10, 6.5 completed: 35 points behind (gap rule: red) = 65 % of schedule (ratio rule: yellow)
    p = services.project_save(actor=staff, chain=c["chain"], values={
        "name": "原材料基地", "node": c["up"], "total_investment": Decimal("20"), "year": last_year,
        "annual_plan": Decimal("10"), "stage": "building"})
    services.project_record_investment(actor=staff, project=p, month=dt.date(last_year, 6, 1), amount=Decimal("6.50"))
    api = api_for("staff")
    before = node(panorama(api, c["chain"]), "原材料")
    assert (before["projects_lagging"], before["projects_red"]) == (1, 1)
    services.schedule_setting_set(actor=staff, region=regions["beibei"], rule="ratio")
    data = panorama(api, c["chain"])
    assert data["schedule_rule"] == "ratio"
    after = node(data, "原材料")
    assert (after["projects_lagging"], after["projects_red"]) == (1, 0)


def test_the_chain_heading_is_never_stale(client_for, chain_data, personas):
    chain = chain_data["chain"]
    client = client_for("staff")
    assert "徐永德" in client.get(f"/chains/{chain.pk}/").content.decode()
    services.chain_save(actor=personas["staff"], chain=chain, values={"chief_name": "王链长"})
    assert "王链长" in client.get(f"/chains/{chain.pk}/").content.decode()
