"""Demo chains from the seeds.

- 北碚 智能网联新能源汽摩产业链 (seed 000): 链长 徐永德 (区人大常委会主任), lead department
  区经济信息委, the 20 member units; Q1 2025 output 48.46 亿元, +15.4 %, 17.8 % of the district's
  industrial output; 35 break/bottleneck problems solved; 千里科技 and 睿蓝 as chain masters,
  乾凤锻造 among the suppliers.
- Projects at seed 002's scale: 198 projects, total 1 782.05 亿元, 305.37 亿元 planned for the
  current year (the plan year is the current year so the pro-rata lights mean something today).
- 璧山 智能网联新能源汽车产业链 with its transmission sub-chain led by 青山工业 (小链长,
  cooperating with 81 enterprises, driving 241) (seed 001).

Deterministic (random.Random with a fixed seed), idempotent (a chain that exists is left alone),
and written through the chain services with the system as actor.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from shuanglian.chains import services
from shuanglian.chains.models import (
    ApplicationStatus,
    Chain,
    ChainNode,
    ChainProblem,
    Enterprise,
    LeadStage,
    ProblemKind,
    Project,
    ProjectInvestment,
    ProjectKind,
    ProjectStage,
    Scale,
    ScheduleRule,
    Strength,
)
from shuanglian.chains.rules import elapsed_share
from shuanglian.core.models import User
from shuanglian.lib.uscc import ALPHABET, uscc_check_char

from .foundation import BEIBEI_DEPARTMENTS, BISHAN_DEPARTMENTS, department, region

BEIBEI_CHAIN = "智能网联新能源汽摩产业链"
BISHAN_CHAIN = "智能网联新能源汽车产业链"
PROJECT_COUNT = 198
PROJECT_TOTAL = Decimal("1782.05")
PROJECT_ANNUAL = Decimal("305.37")

# (name, stage, parent, staff rating, is_target, description)
BEIBEI_NODES = [
    ("原材料", "upstream", None, "", False, "钢材、铝镁合金、锂电材料"),
    ("钢材与锻铸件", "upstream", "原材料", "", False, ""),
    ("铝镁合金", "upstream", "原材料", "", False, ""),
    ("锂电材料", "upstream", "原材料", "", False, "正极、负极、电解液、隔膜"),
    ("芯片与电子元器件", "upstream", None, "", False, ""),
    ("功率半导体", "upstream", "芯片与电子元器件", "", False, "IGBT、SiC 模块，本地尚无配套"),
    ("传感器芯片", "upstream", "芯片与电子元器件", "", False, "薄膜铂电阻等敏感芯片"),
    ("车规级MCU", "upstream", "芯片与电子元器件", "", True, "规划引进"),
    ("动力电池", "midstream", None, "", False, ""),
    ("电芯", "midstream", "动力电池", Strength.BROKEN, False, "本地无电芯企业，依赖外地供应"),
    ("电池包(PACK)", "midstream", "动力电池", "", False, ""),
    ("电池管理系统", "midstream", "动力电池", "", False, ""),
    ("固态电池", "midstream", "动力电池", "", True, "目标链：下一代电池"),
    ("电机电控", "midstream", None, "", False, ""),
    ("驱动电机", "midstream", "电机电控", "", False, ""),
    ("电机控制器", "midstream", "电机电控", "", False, ""),
    ("传动系统", "midstream", None, "", False, ""),
    ("变速器", "midstream", "传动系统", "", False, ""),
    ("齿轮与减速器", "midstream", "传动系统", "", False, ""),
    ("汽车电子与传感器", "midstream", None, "", False, "科学城北碚园区传感器产业"),
    ("传感器", "midstream", "汽车电子与传感器", "", False, ""),
    ("线束与连接器", "midstream", "汽车电子与传感器", "", False, ""),
    ("智能座舱", "midstream", None, "", False, ""),
    ("车载显示", "midstream", "智能座舱", "", False, ""),
    ("座椅与内饰", "midstream", "智能座舱", "", False, ""),
    ("车机系统", "midstream", "智能座舱", Strength.WEAK, False, ""),
    ("底盘与车身", "midstream", None, "", False, ""),
    ("冲压焊装件", "midstream", "底盘与车身", "", False, ""),
    ("制动与转向", "midstream", "底盘与车身", "", False, ""),
    ("整车", "downstream", None, "", False, ""),
    ("新能源乘用车", "downstream", "整车", "", False, ""),
    ("专用车", "downstream", "整车", "", False, ""),
    ("摩托车", "downstream", None, "", False, ""),
    ("大排量摩托车", "downstream", "摩托车", "", False, ""),
    ("电动两轮车", "downstream", "摩托车", "", False, ""),
    ("后市场", "downstream", None, "", False, ""),
    ("充换电设施", "downstream", "后市场", "", False, ""),
    ("汽车服务", "downstream", "后市场", "", False, ""),
    ("动力电池回收", "downstream", "后市场", "", True, "目标链：梯次利用与回收"),
]

# Named enterprises: (name, nodes, scale, labels, output 亿元, employees, plan)
NAMED_BEIBEI = [
    ("重庆千里科技股份有限公司", ["新能源乘用车", "大排量摩托车"], Scale.ABOVE, {"is_chain_master", "is_high_tech"},
     Decimal("68.50"), 6200, "链主带动：组织整零协同对接会；保障睿蓝新车型量产用工。"),
    ("睿蓝汽车（重庆）有限公司", ["新能源乘用车"], Scale.ABOVE, {"is_chain_master", "is_high_tech"},
     Decimal("42.30"), 3100, "首款车型量产爬坡；换电站配套布局。"),
    ("重庆市乾凤锻造有限公司", ["钢材与锻铸件", "齿轮与减速器"], Scale.ABOVE, {"is_specialised"},
     Decimal("3.60"), 410, "新设备安装：燃气走线和调压箱位置已由区经济信息委上门确定；扩产用地储备。"),
    ("重庆斯太宝科技有限公司", ["传感器芯片", "传感器"], Scale.ABOVE, {"is_specialised", "is_high_tech", "is_little_giant"},
     Decimal("2.10"), 260, "薄膜铂热敏电阻芯片国产化替代；产能翻倍后的厂房需求。"),
    ("中科光智（重庆）科技有限公司", ["芯片与电子元器件"], Scale.BELOW, {"is_high_tech"},
     Decimal("0.80"), 120, "半导体封装专用设备；3月签约6月投产。"),
]

NAME_HEADS = ["渝", "碚", "缙", "嘉", "蔡", "歇", "澄", "童", "水", "天", "北", "云", "凯", "华", "驰", "瑞", "腾",
              "隆", "鑫", "宏", "德", "创", "恒", "博", "精", "锐", "达", "远", "昌", "盛"]
NAME_TAILS = ["精工", "科技", "智能", "动力", "机电", "电子", "新材料", "汽车部件", "传动", "机械", "电气",
              "工业", "智造", "能源", "零部件"]
NODE_TRADE = {
    "钢材与锻铸件": "锻造", "铝镁合金": "合金", "锂电材料": "新能源材料", "传感器芯片": "微电子",
    "电池包(PACK)": "电池", "电池管理系统": "电子", "驱动电机": "电机", "电机控制器": "电控",
    "变速器": "变速器", "齿轮与减速器": "齿轮", "传感器": "传感", "线束与连接器": "线束",
    "车载显示": "光电", "座椅与内饰": "汽车内饰", "车机系统": "信息技术", "冲压焊装件": "冲压",
    "制动与转向": "制动系统", "新能源乘用车": "汽车", "专用车": "专用汽车", "大排量摩托车": "摩托车",
    "电动两轮车": "电动车", "充换电设施": "充电科技", "汽车服务": "汽车服务",
}
# how many generated firms each node gets (gaps: none)
NODE_FIRMS = {
    "钢材与锻铸件": 28, "铝镁合金": 10, "锂电材料": 4, "传感器芯片": 6, "电池包(PACK)": 8, "电池管理系统": 5,
    "驱动电机": 12, "电机控制器": 7, "变速器": 14, "齿轮与减速器": 26, "传感器": 22, "线束与连接器": 18,
    "车载显示": 6, "座椅与内饰": 16, "车机系统": 3, "冲压焊装件": 34, "制动与转向": 12, "新能源乘用车": 2,
    "专用车": 5, "大排量摩托车": 22, "电动两轮车": 14, "充换电设施": 9, "汽车服务": 17,
}

BISHAN_NODES = [
    ("零部件与材料", "upstream", None, "", False, ""),
    ("铸锻件", "upstream", "零部件与材料", "", False, ""),
    ("传动系统", "midstream", None, "", False, "青山工业任传动系统“小链长”，搭建“1452”整零协同创新体系"),
    ("变速器总成", "midstream", "传动系统", "", False, ""),
    ("齿轮", "midstream", "传动系统", "", False, ""),
    ("壳体", "midstream", "传动系统", "", False, ""),
    ("同步器与离合器", "midstream", "传动系统", "", False, ""),
    ("新能源汽车控制器", "midstream", None, "", False, "打造智能网联新能源汽车控制器百亿级产业基地"),
    ("整车", "downstream", None, "", False, "比亚迪璧山园区"),
    ("充储泊配设施", "downstream", None, Strength.WEAK, False, "代表建议：加快“充储泊配”设施建设"),
]


def _uscc(rng: random.Random, region_code: str) -> str:
    body = "91" + region_code[:6] + "".join(rng.choice(ALPHABET) for _ in range(9))
    return body + uscc_check_char(body)


def _split_exact(total: Decimal, weights: list[float]) -> list[Decimal]:
    """Split `total` (2 decimals) in proportion to weights so the parts add up exactly."""
    cents = int(total * 100)
    s = sum(weights)
    raw = [w / s * cents for w in weights]
    parts = [int(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)
    for i in order[: cents - sum(parts)]:
        parts[i] += 1
    return [Decimal(p) / 100 for p in parts]


def _nodes(chain, spec):
    by_name = {}
    for order, (name, stage, parent, strength, is_target, desc) in enumerate(spec):
        by_name[name] = services.node_save(actor=None, chain=chain, values={
            "name": name, "stage": stage, "parent": by_name.get(parent), "order": order,
            "strength": strength, "is_target": is_target, "description": desc,
        })
    return by_name


def _enterprise(rng, name, region_obj, nodes, *, scale, labels=(), output=None, employees=None, plan="",
                specialist="", **extra):
    values = {
        "name": name, "uscc": _uscc(rng, region_obj.code), "region": region_obj, "scale": scale,
        "output": output, "employees": employees, "plan": plan, "specialist_name": specialist,
        "address": f"{region_obj.name}", **{label: True for label in labels}, **extra,
    }
    return services.enterprise_save(actor=None, values=values, nodes=nodes)[0]


def _build_beibei(rng: random.Random, today: dt.date) -> Chain:
    beibei = region("500109")
    chain = services.chain_save(actor=None, values={
        "name": BEIBEI_CHAIN, "region": beibei, "tier": "advantage", "chief_name": "徐永德",
        "chief_post": "区人大常委会主任", "lead_department": department("区经济信息委"),
        "chief_user": User.objects.filter(username="demo_leader").first(),
        "description": "北碚区产业发展的主引擎。链长统筹、部门协同、属地联动、代表参与。",
        "target_description": "补齐电芯、功率半导体等断点，引进固态电池、车规级MCU项目，延伸动力电池回收。",
    }, member_departments=[department(n) for n in BEIBEI_DEPARTMENTS])
    nodes = _nodes(chain, BEIBEI_NODES)
    services.schedule_setting_set(actor=None, region=beibei, rule=ScheduleRule.GAP)
    services.metric_save(actor=None, chain=chain, period_kind="quarter", year=2025, quarter=1, output=Decimal("48.46"),
                         last_output=Decimal("41.99"), region_output=Decimal("272.25"), above_scale_count=96,
                         note="重庆日报 2025-04-22：规上工业企业产值48.46亿元，同比增长15.4%，占全区工业总产值17.8%")
    services.metric_save(actor=None, chain=chain, period_kind="year", year=2024, quarter=None, output=Decimal("186.20"),
                         last_output=Decimal("168.75"), region_output=Decimal("1052.40"), above_scale_count=92,
                         note="演示数据")

    specialists = ["李明", "陈静", "张建国", "刘洋", "赵敏", "孙磊", "周婷", "吴刚"]
    towns = [region(c) for c in ("500109", "500109007", "500109101", "500109102", "500109006", "500109005")]
    enterprises = []
    for name, node_names, scale, labels, output, employees, plan in NAMED_BEIBEI:
        enterprises.append(_enterprise(rng, name, beibei, [nodes[n] for n in node_names], scale=scale, labels=labels,
                                       output=output, employees=employees, plan=plan, specialist=rng.choice(specialists),
                                       cultivate_scale_up=Scale.ABOVE == scale))
    used = {e.name for e in enterprises}
    for node_name, count in NODE_FIRMS.items():
        trade = NODE_TRADE[node_name]
        for _ in range(count):
            while True:
                name = f"重庆{rng.choice(NAME_HEADS)}{rng.choice(NAME_HEADS)}{trade}{rng.choice(NAME_TAILS)}有限公司"
                if name not in used:
                    used.add(name)
                    break
            above = rng.random() < 0.33
            extra_nodes = [nodes[node_name]]
            if rng.random() < 0.1:
                extra_nodes.append(nodes[rng.choice(list(NODE_FIRMS))])
            labels = set()
            if rng.random() < 0.12:
                labels.add("is_specialised")
            if rng.random() < 0.2:
                labels.add("is_high_tech")
            # about one in ten suppliers is outside the district (外地配套)
            home = region("500120") if rng.random() < 0.08 else rng.choice(towns)
            enterprises.append(_enterprise(
                rng, name, home, list(dict.fromkeys(extra_nodes)), scale=Scale.ABOVE if above else Scale.BELOW, labels=labels,
                output=Decimal(rng.randint(210, 1800) if above else rng.randint(5, 190)) / 100,
                employees=rng.randint(80, 900) if above else rng.randint(8, 120),
                specialist=rng.choice(specialists) if above else "",
                cultivate_specialised="is_specialised" not in labels and rng.random() < 0.1,
                cultivate_listing=above and rng.random() < 0.05,
            ))

    _projects(rng, chain, nodes, enterprises, today)
    _leads(rng, chain, nodes, today)
    _policies(rng, chain, nodes, enterprises, beibei)
    _problems(rng, chain, nodes, today)
    return chain


def _projects(rng, chain, nodes, enterprises, today):
    year = today.year
    weights = [rng.paretovariate(1.3) for _ in range(PROJECT_COUNT)]
    totals = _split_exact(PROJECT_TOTAL, weights)
    # the annual plan: about 17 % of each total, adjusted by cents so the sum is exact
    plans = _split_exact(PROJECT_ANNUAL, [float(t) * rng.uniform(0.6, 1.4) for t in totals])
    plans = [min(p, t) for p, t in zip(plans, totals, strict=True)]
    short = PROJECT_ANNUAL - sum(plans)
    i = 0
    while short > 0:
        room = totals[i] - plans[i]
        add = min(room, short)
        plans[i] += add
        short -= add
        i += 1
    owners = [e for e in enterprises if e.scale == Scale.ABOVE]
    infra = ["园区道路", "标准厂房", "供电扩容", "天然气管网", "污水处理厂", "物流园", "人才公寓", "产业工人子女学校"]
    months_done = today.month - 1  # investment reported to the end of last month
    for k, (total, plan) in enumerate(zip(totals, plans, strict=True), start=1):
        roll = rng.random()
        kind = ProjectKind.INDUSTRIAL if roll < 0.72 else (ProjectKind.INFRASTRUCTURE if roll < 0.9 else ProjectKind.LIVELIHOOD)
        owner = rng.choice(owners) if kind == ProjectKind.INDUSTRIAL else None
        node = owner.nodes.first() if owner else None
        if kind == ProjectKind.INDUSTRIAL:
            name = f"{owner.name.replace('有限公司', '').replace('股份', '').replace('重庆', '')}{rng.choice(['扩能', '技改', '新建生产线', '智能工厂', '研发中心'])}项目（{k:03d}）"
        else:
            name = f"{rng.choice(['蔡家', '童家溪', '水土', '歇马', '科学城北碚园区'])}{rng.choice(infra)}项目（{k:03d}）"
        stage_roll = rng.random()
        if stage_roll < 0.08:
            stage = rng.choice([ProjectStage.PLANNING, ProjectStage.TALKS, ProjectStage.SIGNED])
            planned_start = dt.date(year, max(1, today.month - rng.choice([0, 1, 2, 4, 6])), 1)
        else:
            stage = rng.choice([ProjectStage.STARTED, ProjectStage.BUILDING, ProjectStage.BUILDING, ProjectStage.BUILDING,
                                ProjectStage.PRODUCING, ProjectStage.FULL])
            planned_start = dt.date(year - rng.choice([0, 1, 1, 2]), rng.randint(1, 12), 1)
            if planned_start > today:
                planned_start = dt.date(year, 1, 1)
        project = services.project_save(actor=None, chain=chain, values={
            "name": name, "kind": kind, "owner": owner, "owner_name": "" if owner else "区属国有平台公司",
            "node": node, "total_investment": total, "year": year, "annual_plan": plan, "stage": stage,
            "planned_start": planned_start, "responsible_department": department(
                "区经济信息委" if kind == ProjectKind.INDUSTRIAL else rng.choice(["区发改委", "区住房城乡建委", "区交通运输委"])),
        })
        if stage in (ProjectStage.PLANNING, ProjectStage.TALKS, ProjectStage.SIGNED) or not months_done:
            continue
        # completed so far = plan × elapsed share × pace: most on schedule, some behind (yellow/red)
        pace = rng.choice([1.1, 1.05, 1.0, 1.0, 0.98, 0.95, 0.93, 0.9, 0.85, 0.8, 0.75, 0.6, 0.5])
        done = (plan * elapsed_share(year, today) * Decimal(str(pace))).quantize(Decimal("0.01"))
        monthly = _split_exact(done, [1.0] * months_done) if done > 0 else []
        ProjectInvestment.objects.bulk_create([
            ProjectInvestment(project=project, month=dt.date(year, m + 1, 1), year=year, amount=a) for m, a in enumerate(monthly)
        ])


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


def _leads(rng, chain, nodes, today):
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


def _policies(rng, chain, nodes, enterprises, region_obj):
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


def _problems(rng, chain, nodes, today):
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


def _build_bishan(rng: random.Random, today: dt.date) -> Chain:
    bishan = region("500120")
    qinggang = region("500120003")
    chain = services.chain_save(actor=None, values={
        "name": BISHAN_CHAIN, "region": bishan, "tier": "emerging", "chief_name": "",
        "chief_post": "", "lead_department": department("璧山区经济信息委"),
        "description": "在产业链上建人大代表活动点，站点“建”在链上、代表“聚”在链上、作用“融”在链上。",
        "target_description": "千亿集群、百亿链主、亿元规上、万家创新。",
    }, member_departments=[department(n) for n in BISHAN_DEPARTMENTS])
    nodes = _nodes(chain, BISHAN_NODES)
    services.schedule_setting_set(actor=None, region=bishan, rule=ScheduleRule.RATIO)
    qingshan = _enterprise(rng, "重庆青山工业有限责任公司", qinggang, [nodes["传动系统"], nodes["变速器总成"]], scale=Scale.ABOVE,
                           labels={"is_sub_chain_leader", "is_high_tech"}, output=Decimal("112.00"), employees=5800,
                           plan="“1452”整零协同创新体系；与81家川渝企业深度合作，带动241家骨干及配套企业。",
                           cooperating_count=81, driven_count=241)
    services.node_save(actor=None, chain=chain, node=nodes["传动系统"], values={"sub_chain_leader": qingshan})
    used = set()
    for node_name, trade, count in (("齿轮", "齿轮", 12), ("壳体", "压铸", 8), ("同步器与离合器", "离合器", 6),
                                    ("铸锻件", "铸造", 10), ("新能源汽车控制器", "电控", 9), ("变速器总成", "传动", 3)):
        for _ in range(count):
            while True:
                name = f"重庆{rng.choice(NAME_HEADS)}{rng.choice(NAME_HEADS)}{trade}{rng.choice(NAME_TAILS)}有限公司"
                if name not in used and not Enterprise.objects.filter(name=name).exists():
                    used.add(name)
                    break
            above = rng.random() < 0.4
            _enterprise(rng, name, rng.choice([bishan, qinggang]), [nodes[node_name]],
                        scale=Scale.ABOVE if above else Scale.BELOW,
                        output=Decimal(rng.randint(150, 1500) if above else rng.randint(5, 180)) / 100,
                        employees=rng.randint(30, 600))
    return chain


def build() -> str:
    today = timezone.localdate()
    built = []
    for name, region_code, builder, seed in ((BEIBEI_CHAIN, "500109", _build_beibei, 109),
                                              (BISHAN_CHAIN, "500120", _build_bishan, 120)):
        if Chain.objects.filter(name=name, region__code=region_code).exists():
            continue
        builder(random.Random(seed), today)
        built.append(name)
    beibei = Chain.objects.get(name=BEIBEI_CHAIN, region__code="500109")
    projects = Project.objects.filter(chain=beibei)
    return (
        f"{Chain.objects.count()} 条产业链（本次新建 {len(built)}），{ChainNode.objects.count()} 个环节，"
        f"{Enterprise.objects.count()} 家企业，北碚 {projects.count()} 个项目，"
        f"{ChainProblem.objects.filter(chain=beibei, resolved_on__isnull=False).count()} 个已解决问题"
    )
