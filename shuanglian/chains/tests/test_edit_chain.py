"""Editing a chain and its nodes in the app: staff of the chain's region write through services
(audited); others read, or do not see the chain at all; bad input changes nothing."""

import pytest

from shuanglian.chains import services
from shuanglian.chains.models import Chain, ChainMetric, ChainNode, ProblemKind
from shuanglian.core.models import AuditEvent


def chain_post(chain, **over):
    data = {
        "chief_name": chain.chief_name, "chief_post": chain.chief_post, "chief_user": "", "tier": chain.tier,
        "lead_department": chain.lead_department_id or "", "member_departments": [d.pk for d in chain.member_departments.all()],
        "expert_deputies": [d.pk for d in chain.expert_deputies.all()], "description": chain.description,
        "target_description": chain.target_description, "version": chain.version,
    }
    data.update(over)
    return data


def test_staff_edits_chief_tier_task_force_and_expert_group(client_for, chain_data, personas, departments):
    chain = chain_data["chain"]
    c = client_for("staff")
    assert "编辑产业链" in c.get(f"/chains/{chain.pk}/").content.decode()
    r = c.post(f"/chains/{chain.pk}/edit/", chain_post(
        chain, chief_name="张链长", chief_post="区政府副区长", chief_user=personas["leader"].pk, tier="emerging",
        member_departments=[departments["jxw"].pk, departments["fgw"].pk],
        expert_deputies=[personas["deputy_record"].pk], target_description="补齐电芯、固态电池环节"))
    assert r.status_code == 302
    chain.refresh_from_db()
    assert (chain.chief_name, chain.chief_post, chain.chief_user, chain.tier) == ("张链长", "区政府副区长", personas["leader"], "emerging")
    assert set(chain.member_departments.all()) == {departments["jxw"], departments["fgw"]}
    assert list(chain.expert_deputies.all()) == [personas["deputy_record"]]
    assert chain.version == 2  # one save, one version, however many fields changed
    events = AuditEvent.objects.filter(target_type="chains.chain", target_id=str(chain.pk), event_type="chain.update")
    changed = set().union(*(e.changes.keys() for e in events))
    assert {"chief_name", "tier", "member_departments", "expert_deputies", "target_description"} <= changed
    page = c.get(f"/chains/{chain.pk}/").content.decode()
    assert "张链长" in page and "周代表" in page
    # the expert deputy now reads the chain (expert group), the chief's account too
    assert client_for("deputy").get(f"/chains/{chain.pk}/").status_code == 200


@pytest.mark.parametrize("persona, status", [("leader", 403), ("handler", 403), ("deputy", 403), ("bishan_staff", 404)])
def test_only_staff_of_the_region_may_edit(client_for, chain_data, persona, status):
    chain = chain_data["chain"]
    c = client_for(persona)
    assert c.get(f"/chains/{chain.pk}/edit/").status_code == status
    assert c.post(f"/chains/{chain.pk}/edit/", chain_post(chain, chief_name="篡改")).status_code == status
    node = chain_data["gear"]
    assert c.post(f"/chains/{chain.pk}/nodes/{node.pk}/rate/", {f"n{node.pk}-strength": "broken"}).status_code == status
    assert c.post(f"/chains/{chain.pk}/nodes/{node.pk}/delete/").status_code == status
    chain.refresh_from_db()
    node.refresh_from_db()
    assert chain.chief_name == "徐永德" and node.strength == "" and ChainNode.objects.filter(pk=node.pk).exists()
    if status == 403:  # read-only users still see the panorama, without the edit buttons
        page = c.get(f"/chains/{chain.pk}/").content.decode()
        assert "编辑产业链" not in page


def test_node_add_under_a_parent_takes_its_stage_and_moving_carries_the_subtree(client_for, chain_data):
    chain, up, car = chain_data["chain"], chain_data["up"], chain_data["car"]
    c = client_for("staff")
    r = c.post(f"/chains/{chain.pk}/nodes/new/", {"name": "锂矿", "parent": up.pk, "stage": "downstream", "order": 1})
    assert r.status_code == 302
    lithium = ChainNode.objects.get(chain=chain, name="锂矿")
    assert lithium.parent == up and lithium.stage == "upstream"
    # move 原材料 (with 锂矿 below it) under 整车: both end up downstream
    r = c.post(f"/chains/{chain.pk}/nodes/{up.pk}/edit/", {
        "name": "原材料", "parent": car.pk, "stage": "upstream", "order": 0, "version": up.version})
    assert r.status_code == 302
    up.refresh_from_db()
    lithium.refresh_from_db()
    assert (up.parent, up.stage, lithium.stage) == (car, "downstream", "downstream")
    # a node cannot go under its own descendant
    r = c.post(f"/chains/{chain.pk}/nodes/{car.pk}/edit/", {"name": "整车", "parent": up.pk, "order": 0, "version": car.version})
    assert r.status_code == 200 and "选择一个有效的选项" in r.content.decode()
    car.refresh_from_db()
    assert car.parent is None
    # a name is required, in Chinese
    r = c.post(f"/chains/{chain.pk}/nodes/new/", {"name": "", "stage": "midstream", "order": 0})
    assert "请填写环节名称" in r.content.decode()


def test_node_removal_says_what_hangs_on_it(client_for, chain_data):
    chain, gear = chain_data["chain"], chain_data["gear"]
    c = client_for("staff")
    r = c.post(f"/chains/{chain.pk}/nodes/{gear.pk}/delete/", follow=True)
    html = r.content.decode()
    assert "不能删除环节“齿轮”" in html and "企业 2 家" in html and "项目 1 个" in html
    assert ChainNode.objects.filter(pk=gear.pk).exists()
    assert "企业 2 家" in c.get(f"/chains/{chain.pk}/nodes/{gear.pk}/edit/").content.decode()
    # a node nothing hangs on goes, and the removal is in the audit trail
    empty = services.node_save(actor=None, chain=chain, values={"name": "空环节", "stage": "upstream"})
    r = c.post(f"/chains/{chain.pk}/nodes/{empty.pk}/delete/", follow=True)
    assert "已删除环节“空环节”" in r.content.decode()
    assert not ChainNode.objects.filter(pk=empty.pk).exists()
    assert AuditEvent.objects.filter(event_type="chain_node.delete", target_id=str(empty.pk)).exists()


def test_htmx_strength_rating_with_note_swaps_the_row(client_for, api_for, chain_data):
    chain, gear = chain_data["chain"], chain_data["gear"]
    c = client_for("staff")
    page = c.get(f"/chains/{chain.pk}/nodes/").content.decode()
    assert f'id="node-row-{gear.pk}"' in page
    r = c.post(f"/chains/{chain.pk}/nodes/{gear.pk}/rate/",
               {f"n{gear.pk}-strength": "broken", f"n{gear.pk}-strength_note": "唯一齿轮供应商停产", f"n{gear.pk}-version": gear.version},
               HTTP_HX_REQUEST="true")
    row = r.content.decode()
    assert r.status_code == 200 and row.lstrip().startswith("<tr") and "断" in row and "唯一齿轮供应商停产" in row
    gear.refresh_from_db()
    assert (gear.strength, gear.strength_note) == ("broken", "唯一齿轮供应商停产")
    nodes = {n["name"]: n for n in api_for("staff").get(f"/api/v1/chains/{chain.pk}/panorama/").json()["nodes"]}
    assert nodes["齿轮"]["strength"] == "broken" and nodes["齿轮"]["is_gap"]
    ev = AuditEvent.objects.filter(event_type="chain_node.update", target_id=str(gear.pk)).latest("at")
    assert ev.changes["strength"] == ["", "broken"]
    # an invalid rating changes nothing and says so in Chinese
    r = c.post(f"/chains/{chain.pk}/nodes/{gear.pk}/rate/", {f"n{gear.pk}-strength": "great", f"n{gear.pk}-version": gear.version},
               HTTP_HX_REQUEST="true")
    assert "有效" in r.content.decode()
    gear.refresh_from_db()
    assert gear.strength == "broken"


def test_metrics_entry_shows_derived_growth_and_share(client_for, chain_data):
    chain = chain_data["chain"]
    c = client_for("staff")
    r = c.post(f"/chains/{chain.pk}/metrics/", {"period_kind": "quarter", "year": 2025, "quarter": 1, "output": "48.46",
                                                "last_output": "41.99", "region_output": "272.25", "version": 0})
    assert r.status_code == 302
    html = c.get(f"/chains/{chain.pk}/metrics/").content.decode()
    assert "+15.4%" in html and "17.8%" in html
    m = ChainMetric.objects.get(chain=chain)
    # a region output below the chain's output is refused and nothing changes
    r = c.post(f"/chains/{chain.pk}/metrics/", {"period_kind": "quarter", "year": 2025, "quarter": 1, "output": "48.46",
                                                "region_output": "10", "version": m.version})
    assert "全区工业总产值不能小于本产业链产值" in r.content.decode()
    m.refresh_from_db()
    assert m.region_output == 272.25
    # a quarter without its number is refused
    r = c.post(f"/chains/{chain.pk}/metrics/", {"period_kind": "quarter", "year": 2025, "output": "1", "version": 0})
    assert "请选择第几季度" in r.content.decode()
    assert ChainMetric.objects.count() == 1


def test_one_problem_kind_for_chains_and_cases(client_for, chain_data):
    from shuanglian.cases import models as case_models

    assert case_models.ProblemKind is ProblemKind
    assert ProblemKind.OTHER.label == "其他"
    assert case_models.Case._meta.get_field("problem_kind").choices == ProblemKind.choices
    c = client_for("staff")
    chain = chain_data["chain"]
    c.post(f"/chains/{chain.pk}/problems/new/", {"title": "园区道路拥堵", "kind": "other"})
    assert chain.problems.get(title="园区道路拥堵").get_kind_display() == "其他"


def test_chain_save_without_name_is_refused(chain_data, personas):
    from shuanglian.core.errors import BusinessError

    with pytest.raises(BusinessError, match="名称必填"):
        services.chain_save(actor=personas["staff"], chain=chain_data["chain"], values={"name": "  "})
    assert Chain.objects.get(pk=chain_data["chain"].pk).name == "智能网联新能源汽摩产业链"
