"""北碚区's 智能网联新能源汽摩产业链 (seed 000): 链长 徐永德 (区人大常委会主任), lead department
区经济信息委, the 20 member units; Q1 2025 output 48.46 亿元, +15.4 %, 17.8 % of the district's
industrial output; 千里科技 and 睿蓝 as chain masters, 乾凤锻造 among the suppliers; then its
projects, leads, policies and problems."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from shuanglian.chains import services
from shuanglian.chains.models import Chain, Scale, ScheduleRule, Strength
from shuanglian.core.models import User
from shuanglian.demo.foundation import BEIBEI_DEPARTMENTS, department, region

from . import lists, projects
from .common import BEIBEI_CHAIN, NAME_HEADS, NAME_TAILS, enterprise, make_nodes

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


def build(rng: random.Random, today: dt.date) -> Chain:
    beibei = region("500109")
    chain = services.chain_save(actor=None, values={
        "name": BEIBEI_CHAIN, "region": beibei, "tier": "advantage", "chief_name": "徐永德",
        "chief_post": "区人大常委会主任", "lead_department": department("区经济信息委"),
        "chief_user": User.objects.filter(username="demo_leader").first(),
        "description": "北碚区产业发展的主引擎。链长统筹、部门协同、属地联动、代表参与。",
        "target_description": "补齐电芯、功率半导体等断点，引进固态电池、车规级MCU项目，延伸动力电池回收。",
    }, member_departments=[department(n) for n in BEIBEI_DEPARTMENTS])
    nodes = make_nodes(chain, BEIBEI_NODES)
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
        enterprises.append(enterprise(rng, name, beibei, [nodes[n] for n in node_names], scale=scale, labels=labels,
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
            enterprises.append(enterprise(
                rng, name, home, list(dict.fromkeys(extra_nodes)), scale=Scale.ABOVE if above else Scale.BELOW, labels=labels,
                output=Decimal(rng.randint(210, 1800) if above else rng.randint(5, 190)) / 100,
                employees=rng.randint(80, 900) if above else rng.randint(8, 120),
                specialist=rng.choice(specialists) if above else "",
                cultivate_specialised="is_specialised" not in labels and rng.random() < 0.1,
                cultivate_listing=above and rng.random() < 0.05,
            ))

    projects.build(rng, chain, nodes, enterprises, today)
    lists.leads(rng, chain, nodes, today)
    lists.policies(rng, chain, nodes, enterprises, beibei)
    lists.problems(rng, chain, nodes, today)
    return chain
