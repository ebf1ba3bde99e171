"""璧山区 青杠街道 (seed 001): the activity points 比亚迪璧山园区 and 青山工业 — 7 demands collected at
reception days, 6 solved and confirmed ("收集企业诉求7条，推动解决6个"), one still in progress."""

from __future__ import annotations

import datetime as dt

from shuanglian.demo.foundation import region
from shuanglian.deputies.models import StationKind
from shuanglian.regions.models import Department

from .beibei import WINDOW_FLOOR
from .life import Life, back, deputies_of, find_station, run, standard_life, workday_on_or_after
from .topics import contact, phone

# 璧山: the seven demands of seed 001 (title, description, department, solved?)
BISHAN_CASES = [
    ("比亚迪璧山园区", "“星光里”后续问题协调", "星光里小区配套遗留问题影响园区职工生活，请协调后续整改。", "青杠街道办事处", True),
    ("比亚迪璧山园区", "园区上下班交通秩序", "上下班高峰园区周边道路拥堵，需交通秩序劝导和信号优化。", "青杠街道办事处", True),
    ("比亚迪璧山园区", "园区停车资源扩充", "职工车辆增加，园区停车位严重不足。", "璧山区发改委", True),
    ("比亚迪璧山园区", "开设公交直达线路", "职工通勤距离远，希望开设多条公交直达线路。", "璧山区发改委", False),
    ("青山工业", "青山小区滑坡治理", "青山小区后山雨季出现滑坡险情，威胁职工住宅安全。", "青杠街道办事处", True),
    ("青山工业", "更新青山工业历史陈列馆", "厂史陈列馆设施陈旧，希望支持更新改造。", "璧山区经济信息委", True),
    ("青山工业", "产业工人子女入学划片", "产业工人子女入学距离远，建议调整招生划片。", "璧山区经济信息委", True),
]


def build(rng, people, today) -> int:
    """Seed 001: the two activity points collected 7 demands at reception days and solved 6."""
    bishan, qinggang = region("500120"), region("500120003")
    staff = people.staff_of("500120", "璧山区")
    stations = {
        "比亚迪璧山园区": find_station(StationKind.ACTIVITY_POINT, "比亚迪璧山园区人大代表活动点", qinggang),
        "青山工业": find_station(StationKind.ACTIVITY_POINT, "青山工业人大代表活动点", qinggang),
    }
    floor = max(today - dt.timedelta(days=300), WINDOW_FLOOR)
    day = workday_on_or_after(floor.replace(day=15))
    for i, (host, title, desc, dept_name, solved) in enumerate(BISHAN_CASES):
        station = stations[host]
        deputies = deputies_of(station)
        ent_name = "比亚迪汽车工业有限公司璧山分公司" if host.startswith("比亚迪") else "重庆青山工业有限责任公司"
        life = Life(day, actor=staff, source="reception_day", title=title, description=desc, category="other",
                    enterprise_name=ent_name, contact_name=contact(rng), contact_phone=phone(rng), station=station,
                    collected_by=deputies[0] if deputies else None)
        if solved:
            standard_life(life, rng, staff=staff, dept=Department.objects.get(name=dept_name, region=bishan),
                           today=today, late=0.0, unsatisfied=0.0, no_response=0.0,
                           result="solved" if i % 3 else "partly_solved", rating="satisfied")
        else:  # still being handled: accepted, assigned, signed
            life.then(back(today, 4), "accept", staff=staff)
            life.then(back(today, 4), "assign", staff=staff, department=Department.objects.get(name=dept_name, region=bishan))
            life.then(back(today, 3), "sign", by="lead")
        run(life, people, today)
        # the next reception day (15th of the next month), never after today
        nxt = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=15)
        day = min(workday_on_or_after(nxt), back(today, 25))
    return len(BISHAN_CASES)
