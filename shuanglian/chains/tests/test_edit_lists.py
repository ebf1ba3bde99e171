"""The five lists kept up to date in the app: enterprise file, projects, leads, policies and the
region's schedule rule. Every save goes through a service (audited); bad input changes nothing."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from shuanglian.chains import services
from shuanglian.chains.models import Enterprise, Lead, PolicyApplication, Project, ScheduleSetting
from shuanglian.chains.tests.conftest import make_uscc
from shuanglian.core.models import AuditEvent


def enterprise_post(e, **over):
    data = {
        "name": e.name, "uscc": e.uscc or "", "region": e.region_id, "scale": e.scale,
        "nodes": [n.pk for n in e.nodes.all()], "output": e.output or "", "employees": e.employees or "",
        "address": e.address,
        "specialist_user": e.specialist_user_id or "", "specialist_name": e.specialist_name, "plan": e.plan,
        "cooperating_count": "", "driven_count": "", "version": e.version,
    }
    for field in ("is_chain_master", "is_sub_chain_leader", "is_specialised", "is_little_giant", "is_high_tech",
                  "cultivate_scale_up", "cultivate_specialised", "cultivate_listing"):
        if getattr(e, field):
            data[field] = "on"
    data.update(over)
    return data


def test_enterprise_file_is_edited_and_a_bad_uscc_changes_nothing(client_for, chain_data, personas):
    forge, gear, cell = chain_data["forge"], chain_data["gear"], chain_data["cell"]
    c = client_for("staff")
    assert "编辑档案" in c.get(f"/chains/enterprises/{forge.pk}/").content.decode()
    bad = make_uscc(9)[:-1] + ("0" if make_uscc(9)[-1] != "0" else "1")
    r = c.post(f"/chains/enterprises/{forge.pk}/edit/", enterprise_post(forge, uscc=bad, plan="不应保存"))
    assert r.status_code == 200 and "校验位不正确" in r.content.decode()
    forge.refresh_from_db()
    assert forge.plan == "" and forge.uscc == make_uscc(2)

    r = c.post(f"/chains/enterprises/{forge.pk}/edit/", enterprise_post(
        forge, scale="above", is_specialised="on", is_little_giant="on", nodes=[gear.pk, cell.pk], output="4.20",
        employees=420, specialist_user=personas["handler"].pk,
        specialist_name="李专员", cultivate_specialised="on", plan="一企一方案：扩能用地由区规自局牵头保障。"))
    assert r.status_code == 302
    forge.refresh_from_db()
    assert forge.labels == ["专精特新", "小巨人"] and forge.cultivation == ["专精特新培育"]
    assert set(forge.nodes.all()) == {gear, cell} and forge.output == Decimal("4.20") and forge.employees == 420
    assert forge.specialist == "李专员" and forge.specialist_user == personas["handler"]
    page = c.get(f"/chains/enterprises/{forge.pk}/").content.decode()
    assert "扩能用地由区规自局牵头保障" in page
    assert AuditEvent.objects.filter(event_type="enterprise.update", target_id=str(forge.pk), changes__has_key="plan").exists()
    # a USCC already used by another enterprise is refused in Chinese
    r = c.post(f"/chains/enterprises/{forge.pk}/edit/", enterprise_post(forge, uscc=make_uscc(1)))
    assert "已被“重庆千里科技股份有限公司”使用" in r.content.decode()


def test_enterprise_edit_keeps_nodes_of_chains_the_editor_does_not_maintain(client_for, chain_data, regions):
    forge = chain_data["forge"]
    other = services.chain_save(actor=None, values={"name": "璧山汽车链", "region": regions["bishan"]})
    foreign = services.node_save(actor=None, chain=other, values={"name": "壳体", "stage": "midstream"})
    services.enterprise_save(actor=None, enterprise=forge, values={}, nodes=[*forge.nodes.all(), foreign])
    forge.refresh_from_db()
    r = client_for("staff").post(f"/chains/enterprises/{forge.pk}/edit/",
                                 enterprise_post(forge, nodes=[chain_data["gear"].pk]))
    assert r.status_code == 302
    assert set(forge.nodes.all()) == {chain_data["gear"], foreign}


def test_project_investment_updates_the_light_in_place(client_for, chain_data):
    chain = chain_data["chain"]
    last_year = timezone.localdate().year - 1
    project = services.project_save(actor=None, chain=chain, values={
        "name": "电芯项目", "node": chain_data["cell"], "owner_name": "某电池公司", "total_investment": Decimal("20"),
        "year": last_year, "annual_plan": Decimal("8"), "stage": "building"})
    c = client_for("staff")
    page = c.get(f"/chains/projects/{project.pk}/").content.decode()
    assert 'data-light="red"' in page  # last year's plan, nothing completed
    r = c.post(f"/chains/projects/{project.pk}/investment/", {"month": f"{last_year}-12", "amount": "8.00"}, HTTP_HX_REQUEST="true")
    html = r.content.decode()
    assert 'id="project-progress"' in html and 'data-light="green"' in html and "8.00" in html
    # a future month is refused and nothing is recorded
    nxt = timezone.localdate().replace(day=1) + dt.timedelta(days=40)
    r = c.post(f"/chains/projects/{project.pk}/investment/", {"month": f"{nxt:%Y-%m}", "amount": "1"}, HTTP_HX_REQUEST="true")
    assert "不能填报未来月份" in r.content.decode()
    assert project.investments.count() == 1
    assert AuditEvent.objects.filter(event_type="project.record_investment", target_id=str(project.pk)).count() == 1


def test_project_edit_advance_and_milestones(client_for, chain_data):
    p2 = chain_data["p2"]  # 签约, planned start last year → not started
    c = client_for("staff")
    r = c.post(f"/chains/projects/{p2.pk}/advance/", {"version": p2.version}, follow=True)
    assert "已推进到“开工”" in r.content.decode()
    p2.refresh_from_db()
    assert p2.stage == "started" and p2.started_on == timezone.localdate()
    assert AuditEvent.objects.get(event_type="project.advance", target_id=str(p2.pk)).changes["stage"] == ["签约", "开工"]

    r = c.post(f"/chains/projects/{p2.pk}/milestones/", {"name": "主体封顶", "planned_on": "2026-06-30"}, follow=True)
    assert "主体封顶" in r.content.decode()
    r = c.post(f"/chains/projects/{p2.pk}/milestones/", {"name": "设备进场"})
    assert "请填写计划日期" in r.content.decode() and p2.milestones.count() == 1
    m = p2.milestones.get()
    c.post(f"/chains/projects/{p2.pk}/milestones/{m.pk}/done/")
    m.refresh_from_db()
    assert m.done_on == timezone.localdate()

    data = {"name": "乾凤锻造扩能（二期）", "kind": "industrial", "node": chain_data["gear"].pk, "owner": chain_data["forge"].pk,
            "owner_name": "", "total_investment": "5.25", "year": p2.year, "annual_plan": "9.00", "stage": "started",
            "planned_start": "2025-01", "started_on": "", "responsible_department": "", "note": "", "version": p2.version + 1}
    p2.refresh_from_db()
    data["version"] = p2.version
    r = c.post(f"/chains/projects/{p2.pk}/edit/", data)
    assert "年度计划投资不能大于总投资" in r.content.decode()
    p2.refresh_from_db()
    assert p2.name == "乾凤锻造扩能"
    r = c.post(f"/chains/projects/{p2.pk}/edit/", {**data, "annual_plan": "2.00", "started_on": "2026-03-02"})
    assert r.status_code == 302
    p2.refresh_from_db()
    assert (p2.name, p2.annual_plan, p2.planned_start) == ("乾凤锻造扩能（二期）", Decimal("2.00"), dt.date(2025, 1, 1))


def test_new_project_and_lead_from_the_lists(client_for, chain_data):
    chain = chain_data["chain"]
    c = client_for("staff")
    assert "新增项目" in c.get(f"/chains/projects/?chain={chain.pk}").content.decode()
    assert "新增项目" not in client_for("leader").get(f"/chains/projects/?chain={chain.pk}").content.decode()
    r = c.post(f"/chains/{chain.pk}/projects/new/", {"name": "固态电池中试线", "kind": "industrial", "owner_name": "某新能源公司",
                                                    "total_investment": "12", "year": 2026, "annual_plan": "3", "stage": "planning"})
    assert r.status_code == 302 and Project.objects.filter(chain=chain, name="固态电池中试线").exists()
    r = c.post(f"/chains/{chain.pk}/leads/new/", {"target_company": "某固态电池企业", "node": chain_data["target"].pk,
                                                 "intended_investment": "30", "capital_in_place": "0", "stage": "clue"})
    assert r.status_code == 302 and Lead.objects.filter(chain=chain, target_company="某固态电池企业").exists()


def test_lead_advance_and_contact_record(client_for, chain_data):
    lead = chain_data["lead"]  # 谈判
    c = client_for("staff")
    r = c.post(f"/chains/leads/{lead.pk}/advance/", {"version": lead.version}, follow=True)
    assert "已推进到“签约”" in r.content.decode()
    r = c.post(f"/chains/leads/{lead.pk}/contact/", {"on": "2026-11-02", "who": "区经济信息委 张三；对方 王总",
                                                     "what": "对接厂房和电力增容需求", "next_step": "11月底前提供选址方案"}, follow=True)
    html = r.content.decode()
    assert "对接情况已记录" in html and "对接厂房和电力增容需求" in html and "11月底前提供选址方案" in html
    lead.refresh_from_db()
    assert (lead.stage, lead.last_contact, lead.next_step) == ("signed", dt.date(2026, 11, 2), "11月底前提供选址方案")
    # an older contact is recorded but does not move "last contact" back
    c.post(f"/chains/leads/{lead.pk}/contact/", {"on": "2026-10-01", "who": "张三", "what": "首次电话联系"})
    lead.refresh_from_db()
    assert lead.last_contact == dt.date(2026, 11, 2)
    assert AuditEvent.objects.filter(event_type="lead.contact", target_id=str(lead.pk)).count() == 2
    # missing content: Chinese error, nothing recorded
    r = c.post(f"/chains/leads/{lead.pk}/contact/", {"on": "2026-11-03", "who": "张三", "what": ""})
    assert "请填写对接内容" in r.content.decode()
    assert AuditEvent.objects.filter(event_type="lead.contact", target_id=str(lead.pk)).count() == 2
    # read-only users see the history but cannot write
    leader = client_for("leader")
    assert "对接厂房和电力增容需求" in leader.get(f"/chains/leads/{lead.pk}/").content.decode()
    assert leader.post(f"/chains/leads/{lead.pk}/contact/", {"on": "2026-11-03", "who": "x", "what": "y"}).status_code == 403


def test_policy_edit_and_application_grant(client_for, chain_data):
    policy, master = chain_data["policy"], chain_data["master"]
    c = client_for("staff")
    assert "尚无企业申报" in c.get("/chains/policies/").content.decode()
    r = c.post(f"/chains/policies/{policy.pk}/applications/", {"enterprise": "不存在的公司", "status": "applied"})
    assert "企业清单中没有“不存在的公司”" in r.content.decode()
    r = c.post(f"/chains/policies/{policy.pk}/applications/", {"enterprise": master.uscc, "status": "applied", "applied_on": "2026-03-01"})
    assert r.status_code == 302
    r = c.post(f"/chains/policies/{policy.pk}/applications/", {"enterprise": master.name, "status": "granted",
                                                               "granted_on": "2026-05-20", "amount": "120.50"}, follow=True)
    assert "已兑现" in r.content.decode()
    app = PolicyApplication.objects.get(policy=policy, enterprise=master)
    assert (app.status, app.applied_on, app.granted_on, app.amount) == ("granted", dt.date(2026, 3, 1), dt.date(2026, 5, 20), Decimal("120.50"))
    r = c.post(f"/chains/policies/{policy.pk}/edit/", {
        "title": "汽摩产业高质量发展若干措施", "issuer": "北碚区人民政府", "doc_number": policy.doc_number,
        "issued_on": "2024-05-01", "valid_from": "2024-06-01", "valid_to": "2024-01-01",
        "chains": [chain_data["chain"].pk], "nodes": [chain_data["car"].pk], "benefit_summary": "", "version": policy.version})
    assert "有效期至不能早于施行日期" in r.content.decode()
    policy.refresh_from_db()
    assert policy.title == "汽摩产业若干措施"
    r = c.post(f"/chains/policies/{policy.pk}/edit/", {
        "title": "汽摩产业高质量发展若干措施", "issuer": "北碚区人民政府", "doc_number": policy.doc_number,
        "issued_on": "2024-05-01", "valid_from": "2024-06-01", "valid_to": "2027-12-31",
        "chains": [chain_data["chain"].pk], "nodes": [chain_data["car"].pk, chain_data["cell"].pk], "benefit_summary": "电芯配套奖励",
        "version": policy.version})
    assert r.status_code == 302
    policy.refresh_from_db()
    assert policy.title == "汽摩产业高质量发展若干措施" and policy.nodes.count() == 2
    assert "汽摩产业高质量发展若干措施" in c.get("/chains/policies/").content.decode()


def test_region_schedule_rule_page(client_for, chain_data, regions):
    c = client_for("staff")
    html = c.get("/chains/schedule/").content.decode()
    assert "差距百分点" in html and "完成比例" in html
    r = c.post("/chains/schedule/", {"region": regions["beibei"].pk, "rule": "ratio"}, follow=True)
    assert "序时进度规则已设为" in r.content.decode()
    assert ScheduleSetting.objects.get(region=regions["beibei"]).rule == "ratio"
    # outside the staff member's region: not a choice, nothing changes
    r = c.post("/chains/schedule/", {"region": regions["bishan"].pk, "rule": "ratio"})
    assert r.status_code == 200 and not ScheduleSetting.objects.filter(region=regions["bishan"]).exists()
    assert client_for("leader").get("/chains/schedule/").status_code == 403
    assert AuditEvent.objects.filter(event_type="schedule_setting.create").count() == 1


def test_enterprise_created_with_a_valid_uscc(client_for, chain_data, regions):
    c = client_for("staff")
    r = c.post("/chains/enterprises/new/", {"name": "重庆新电芯科技有限公司", "uscc": make_uscc(77).lower(), "region": regions["beibei"].pk,
                                            "scale": "below", "nodes": [chain_data["cell"].pk]})
    assert r.status_code == 302
    e = Enterprise.objects.get(name="重庆新电芯科技有限公司")
    assert e.uscc == make_uscc(77) and list(e.nodes.all()) == [chain_data["cell"]]
