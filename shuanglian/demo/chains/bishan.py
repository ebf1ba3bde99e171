"""璧山区's 智能网联新能源汽车产业链 (seed 001) with its transmission sub-chain led by 青山工业 (小链长,
cooperating with 81 enterprises, driving 241)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from shuanglian.chains import services
from shuanglian.chains.models import Chain, Enterprise, Scale, ScheduleRule, Strength
from shuanglian.demo.foundation import BISHAN_DEPARTMENTS, department, region

from .common import BISHAN_CHAIN, NAME_HEADS, NAME_TAILS, enterprise, make_nodes

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


def build(rng: random.Random, today: dt.date) -> Chain:
    bishan = region("500120")
    qinggang = region("500120003")
    chain = services.chain_save(actor=None, values={
        "name": BISHAN_CHAIN, "region": bishan, "tier": "emerging", "chief_name": "",
        "chief_post": "", "lead_department": department("璧山区经济信息委"),
        "description": "在产业链上建人大代表活动点，站点“建”在链上、代表“聚”在链上、作用“融”在链上。",
        "target_description": "千亿集群、百亿链主、亿元规上、万家创新。",
    }, member_departments=[department(n) for n in BISHAN_DEPARTMENTS])
    nodes = make_nodes(chain, BISHAN_NODES)
    services.schedule_setting_set(actor=None, region=bishan, rule=ScheduleRule.RATIO)
    qingshan = enterprise(rng, "重庆青山工业有限责任公司", qinggang, [nodes["传动系统"], nodes["变速器总成"]], scale=Scale.ABOVE,
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
            enterprise(rng, name, rng.choice([bishan, qinggang]), [nodes[node_name]],
                        scale=Scale.ABOVE if above else Scale.BELOW,
                        output=Decimal(rng.randint(150, 1500) if above else rng.randint(5, 180)) / 100,
                        employees=rng.randint(30, 600))
    return chain
