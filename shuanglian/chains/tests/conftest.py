"""A small chain in 北碚区 with a gap node, enterprises, projects, leads, a policy and problems."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from shuanglian.lib.uscc import uscc_check_char


def make_uscc(seq: int, region="500109") -> str:
    body = f"91{region}{seq:09d}"
    return body + uscc_check_char(body)


@pytest.fixture
def chain_data(personas, regions, departments):
    from shuanglian.chains import services
    from shuanglian.chains.models import LeadStage, ProjectStage, Scale

    staff = personas["staff"]
    chain = services.chain_save(actor=staff, values={
        "name": "智能网联新能源汽摩产业链", "region": regions["beibei"], "chief_name": "徐永德",
        "chief_post": "区人大常委会主任", "lead_department": departments["jxw"],
    }, member_departments=[departments["jxw"]])
    up = services.node_save(actor=staff, chain=chain, values={"name": "原材料", "stage": "upstream"})
    cell = services.node_save(actor=staff, chain=chain, values={"name": "电芯", "stage": "midstream"})
    gear = services.node_save(actor=staff, chain=chain, values={"name": "齿轮", "stage": "midstream"})
    car = services.node_save(actor=staff, chain=chain, values={"name": "整车", "stage": "downstream"})
    target = services.node_save(actor=staff, chain=chain, values={"name": "固态电池", "stage": "midstream", "is_target": True})
    master, _ = services.enterprise_save(actor=staff, values={
        "name": "重庆千里科技股份有限公司", "uscc": make_uscc(1), "region": regions["beibei"], "scale": Scale.ABOVE,
        "is_chain_master": True, "output": Decimal("68.50")}, nodes=[car])
    forge, _ = services.enterprise_save(actor=staff, values={
        "name": "重庆市乾凤锻造有限公司", "uscc": make_uscc(2), "region": regions["caijia"], "scale": Scale.ABOVE,
        "output": Decimal("3.60")}, nodes=[up, gear])
    outside, _ = services.enterprise_save(actor=staff, values={
        "name": "璧山某齿轮有限公司", "uscc": make_uscc(3, "500120"), "region": regions["bishan"], "scale": Scale.BELOW,
        "output": Decimal("0.40")}, nodes=[gear])
    year = timezone.localdate().year
    p1 = services.project_save(actor=staff, chain=chain, values={
        "name": "千里科技智能工厂", "owner": master, "node": car, "total_investment": Decimal("50.00"), "year": year,
        "annual_plan": Decimal("12.00"), "stage": ProjectStage.BUILDING, "planned_start": dt.date(year - 1, 3, 1)})
    p2 = services.project_save(actor=staff, chain=chain, values={
        "name": "乾凤锻造扩能", "owner": forge, "node": gear, "total_investment": Decimal("5.25"), "year": year,
        "annual_plan": Decimal("2.10"), "stage": ProjectStage.SIGNED, "planned_start": dt.date(year - 1, 1, 1)})
    lead = services.lead_save(actor=staff, chain=chain, values={
        "target_company": "某动力电池电芯企业", "node": cell, "intended_investment": Decimal("60"),
        "stage": LeadStage.NEGOTIATION, "responsible_department": departments["jxw"], "next_step": "链长带队拜访"})
    policy = services.policy_save(actor=staff, region=regions["beibei"], values={
        "title": "汽摩产业若干措施", "issuer": "北碚区人民政府", "doc_number": "北碚府发〔2024〕12号"},
        chains=[chain], nodes=[car])
    problem = services.problem_raise(actor=staff, chain=chain, node=cell, title="本地无电芯配套", kind="break")
    return {"chain": chain, "up": up, "cell": cell, "gear": gear, "car": car, "target": target,
            "master": master, "forge": forge, "outside": outside, "p1": p1, "p2": p2, "lead": lead,
            "policy": policy, "problem": problem}
