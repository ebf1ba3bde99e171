"""What the demo's chains share: their names, invented enterprise names and USCCs, and the chain
service calls for a chain's nodes and its enterprises (the system is the actor)."""

from __future__ import annotations

import random

from shuanglian.chains import services
from shuanglian.lib.uscc import ALPHABET, uscc_check_char

BEIBEI_CHAIN = "智能网联新能源汽摩产业链"
BISHAN_CHAIN = "智能网联新能源汽车产业链"

NAME_HEADS = ["渝", "碚", "缙", "嘉", "蔡", "歇", "澄", "童", "水", "天", "北", "云", "凯", "华", "驰", "瑞", "腾",
              "隆", "鑫", "宏", "德", "创", "恒", "博", "精", "锐", "达", "远", "昌", "盛"]
NAME_TAILS = ["精工", "科技", "智能", "动力", "机电", "电子", "新材料", "汽车部件", "传动", "机械", "电气",
              "工业", "智造", "能源", "零部件"]


def uscc(rng: random.Random, region_code: str) -> str:
    body = "91" + region_code[:6] + "".join(rng.choice(ALPHABET) for _ in range(9))
    return body + uscc_check_char(body)


def make_nodes(chain, spec):
    by_name = {}
    for order, (name, stage, parent, strength, is_target, desc) in enumerate(spec):
        by_name[name] = services.node_save(actor=None, chain=chain, values={
            "name": name, "stage": stage, "parent": by_name.get(parent), "order": order,
            "strength": strength, "is_target": is_target, "description": desc,
        })
    return by_name


def enterprise(rng, name, region_obj, nodes, *, scale, labels=(), output=None, employees=None, plan="",
                specialist="", **extra):
    values = {
        "name": name, "uscc": uscc(rng, region_obj.code), "region": region_obj, "scale": scale,
        "output": output, "employees": employees, "plan": plan, "specialist_name": specialist,
        "address": f"{region_obj.name}", **{label: True for label in labels}, **extra,
    }
    return services.enterprise_save(actor=None, values=values, nodes=nodes)[0]
