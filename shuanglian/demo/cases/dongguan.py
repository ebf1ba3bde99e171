"""东莞市 (seed 003): cases raised at the 15 营商环境监测点 since they were set up."""

from __future__ import annotations

import datetime as dt

from shuanglian.demo.foundation import region
from shuanglian.demo.registry import DONGGUAN_POINTS
from shuanglian.deputies.models import StationKind
from shuanglian.regions.models import Department

from .beibei import WINDOW_FLOOR
from .life import Life, back, find_station, run, standard_life, workday_on_or_after
from .topics import contact, phone

DONGGUAN_TOPICS = [
    ("policy", "惠企政策宣传不到位", "企业对新出台的降本增效政策不了解，希望上门宣讲。", "东莞市工业和信息化局"),
    ("approval", "技改项目备案审批慢", "技改项目备案材料多次退回，希望一次性告知。", "东莞市工业和信息化局"),
    ("environment", "行政执法检查频次过高", "同一月内多部门重复检查，影响生产。", "东莞市市场监管局"),
    ("finance", "机器人企业融资难", "机器人企业“缺资金”，希望对接产业基金。", "东莞市工业和信息化局"),
    ("labour", "AI产品经理人才短缺", "缺少高水平AI产品经理，希望纳入紧缺人才目录。", "东莞市工业和信息化局"),
    ("market", "应用场景开放不足", "机器人产品缺少示范应用场景，希望政府开放场景。", "东莞市商务局"),
    ("approval", "涉企服务效率", "营业执照变更需多次往返，希望网上办理。", "东莞市市场监管局"),
]


def build(rng, people, today) -> int:
    dongguan = region("441900")
    staff = people.staff_of("441900", "东莞市")
    floor = max(today - dt.timedelta(days=150), WINDOW_FLOOR)  # the points were set up in June
    span = (today - floor).days
    n = 0
    for key, code in DONGGUAN_POINTS:
        point = find_station(StationKind.MONITORING_POINT, f"{key}营商环境监测点", region(code))
        for _ in range(rng.randint(2, 4)):
            cat, title, desc, dept_name = rng.choice(DONGGUAN_TOPICS)
            day = workday_on_or_after(floor + dt.timedelta(days=rng.randint(0, span)))
            if day > today:
                day = back(today, 0)
            life = Life(day, actor=staff, source="monitoring_point", title=title, description=desc, category=cat,
                        enterprise_name=f"东莞市{key}科技有限公司", contact_name=contact(rng), contact_phone=phone(rng),
                        station=point)
            standard_life(life, rng, staff=staff, dept=Department.objects.get(name=dept_name, region=dongguan), today=today)
            run(life, people, today)
            n += 1
    return n
