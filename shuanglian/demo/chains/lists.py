"""北碚's lists besides projects: investment leads (招商线索), policies with their applications, and
the chain's problems — seed 000's 35 solved break/bottleneck problems and a few still open."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from shuanglian.chains import services
from shuanglian.chains.models import ApplicationStatus, LeadStage, ProblemKind
from shuanglian.demo.foundation import BEIBEI_DEPARTMENTS, department

LEAD_COMPANIES = [
    ("电芯", "某头部动力电池企业西南基地", Decimal("60"), LeadStage.NEGOTIATION),
    ("电芯", "某磷酸铁锂电芯制造商", Decimal("25"), LeadStage.VISIT),
    ("电芯", "某储能电芯企业", Decimal("12"), LeadStage.CONTACT),
    ("功率半导体", "某碳化硅功率模块企业", Decimal("18"), LeadStage.SIGNED),
    ("功率半导体", "某IGBT封测企业", Decimal("8.5"), LeadStage.CLUE),
    ("车规级MCU", "某车规级芯片设计公司", Decimal("5"), LeadStage.CONTACT),
    ("固态电池", "某固态电池研发企业", Decimal("30"), LeadStage.VISIT),
    ("动力电池回收", "某电池回收利用企业", Decimal("6"), LeadStage.NEGOTIATION),
    ("车机系统", "某智能座舱软件企业", Decimal("3"), LeadStage.REGISTERED),
    ("车机系统", "某车载操作系统企业", Decimal("2.5"), LeadStage.CLUE),
    ("驱动电机", "某扁线电机企业", Decimal("9"), LeadStage.LAND),
    ("传感器", "中南高科·北碚科技智慧港入驻企业", Decimal("4"), LeadStage.STARTED),
    ("传感器芯片", "某MEMS传感器企业", Decimal("3.2"), LeadStage.PRODUCING),
    ("充换电设施", "某换电站运营商", Decimal("2"), LeadStage.SIGNED),
    ("锂电材料", "某电解液企业", Decimal("7"), LeadStage.CONTACT),
]


def leads(rng, chain, nodes, today):
    invest = department("区投资促进中心")
    for k, (node_name, company, amount, stage) in enumerate(LEAD_COMPANIES):
        signed = stage in (LeadStage.SIGNED, LeadStage.REGISTERED, LeadStage.LAND, LeadStage.STARTED, LeadStage.PRODUCING)
        services.lead_save(actor=None, chain=chain, values={
            "target_company": company, "node": nodes[node_name], "intended_investment": amount, "stage": stage,
            "capital_in_place": (amount * Decimal(str(rng.choice([0.1, 0.3, 0.5, 0.8])))).quantize(Decimal("0.01")) if signed else Decimal(0),
            "responsible_department": invest if k % 3 else department("区经济信息委"),
            "responsible_person": rng.choice(["刘洋", "赵敏", "孙磊"]),
            "last_contact": today - dt.timedelta(days=rng.randint(2, 60)),
            "next_step": rng.choice(["组织赴企业总部考察", "链长带队拜访", "提供用地和能耗方案", "对接基金参与投资", "协调签约仪式"]),
        })
    for k in range(25):  # older leads, some closed
        node = rng.choice([n for n in nodes.values() if n.parent_id])
        services.lead_save(actor=None, chain=chain, values={
            "target_company": f"汽摩配套招商线索{k + 1:02d}号企业", "node": node,
            "intended_investment": Decimal(rng.randint(50, 1500)) / 100, "stage": rng.choice(LeadStage.values[:6]),
            "responsible_department": invest, "last_contact": today - dt.timedelta(days=rng.randint(10, 200)),
            "next_step": "持续跟进", "is_closed": rng.random() < 0.25,
        })


POLICIES = [
    ("北碚区支持智能网联新能源汽摩产业高质量发展若干措施", "北碚区人民政府", "北碚府发〔2024〕12号",
     ["整车", "动力电池", "电机电控"], "对新落地项目按设备投资给予最高10%补助；链主企业本地配套奖励。", 30),
    ("北碚区专精特新企业培育扶持办法", "区经济信息委", "北碚经信发〔2024〕35号", ["传感器", "齿轮与减速器"],
     "认定为市级专精特新企业的一次性奖励20万元。", 18),
    ("北碚区稳岗扩就业补贴实施细则", "区人力社保局", "北碚人社发〔2025〕8号", [], "吸纳产业工人给予社保补贴。", 40),
    ("北碚区重点项目用地保障工作机制", "区规划自然资源局", "北碚规资发〔2025〕2号", [], "扩产用地“标准地”供应，拿地即开工。", 6),
    ("北碚区汽摩企业技术改造贷款贴息办法", "区金融发展中心", "北碚金发〔2025〕1号", ["底盘与车身", "摩托车"],
     "技改贷款按LPR的50%贴息，最长3年。", 12),
    ("北碚区充换电基础设施建设补助办法", "区发改委", "北碚发改发〔2025〕15号", ["充换电设施"], "公共充电桩按功率给予建设补助。", 0),
]


def policies(rng, chain, nodes, enterprises, region_obj):
    for title, issuer, number, node_names, summary, n_apps in POLICIES:
        policy = services.policy_save(actor=None, region=region_obj, values={
            "title": title, "issuer": issuer, "doc_number": number, "issued_on": dt.date(2024 + ("2025" in number), 3, 1),
            "valid_from": dt.date(2024 + ("2025" in number), 3, 1), "valid_to": dt.date(2027, 12, 31),
            "benefit_summary": summary,
        }, chains=[chain], nodes=[nodes[n] for n in node_names])
        for e in rng.sample(enterprises, n_apps):
            granted = rng.random() < 0.6
            services.policy_application_record(
                actor=None, policy=policy, enterprise=e,
                status=ApplicationStatus.GRANTED if granted else ApplicationStatus.APPLIED,
                applied_on=dt.date(2025, rng.randint(1, 6), rng.randint(1, 28)),
                granted_on=dt.date(2025, rng.randint(7, 10), rng.randint(1, 28)) if granted else None,
                amount=Decimal(rng.randint(5, 200)) if granted else None,
            )


SOLVED = ["扩产用地", "项目包装", "天然气接入", "电力增容", "环评审批", "厂房租赁", "融资对接", "用工招聘",
          "道路通行", "物流配送", "消防验收", "规划调整", "人才公寓"]
OPEN_PROBLEMS = [
    ("本地无动力电池电芯配套，整车企业电芯全部外购", ProblemKind.BREAK, "电芯", 20),
    ("功率半导体依赖外地供应，交付周期长", ProblemKind.BREAK, "功率半导体", -5),
    ("汽车电子研发人才短缺", ProblemKind.LABOUR, "汽车电子与传感器", 40),
    ("蔡家组团工业用地指标紧张", ProblemKind.LAND, None, 3),
    ("摩托车出口物流成本高", ProblemKind.LOGISTICS, "摩托车", 60),
]


def problems(rng, chain, nodes, today):
    for k in range(35):  # seed 000: 35 break/bottleneck problems solved
        topic = SOLVED[k % len(SOLVED)]
        kind = {"扩产用地": ProblemKind.LAND, "融资对接": ProblemKind.FINANCE, "用工招聘": ProblemKind.LABOUR,
                "天然气接入": ProblemKind.ENERGY, "电力增容": ProblemKind.ENERGY, "环评审批": ProblemKind.APPROVAL,
                "物流配送": ProblemKind.LOGISTICS}.get(topic, ProblemKind.BOTTLENECK)
        raised = dt.date(2025, 2, 1) + dt.timedelta(days=rng.randint(0, 60))
        problem = services.problem_raise(actor=None, chain=chain, title=f"{topic}问题（第{k + 1}项）", kind=kind,
                                         node=rng.choice([n for n in nodes.values() if n.parent_id and not n.is_target]),
                                         raised_on=raised, due_on=raised + dt.timedelta(days=30),
                                         responsible_department=department(rng.choice(BEIBEI_DEPARTMENTS[:12])))
        services.problem_resolve(actor=None, problem=problem, resolution="已协调解决，企业确认。",
                                 resolved_on=raised + dt.timedelta(days=rng.randint(3, 28)))
    for title, kind, node_name, due_in in OPEN_PROBLEMS:
        services.problem_raise(actor=None, chain=chain, title=title, kind=kind, node=nodes.get(node_name),
                               raised_on=today - dt.timedelta(days=30), due_on=today + dt.timedelta(days=due_in),
                               responsible_department=department("区经济信息委"))
