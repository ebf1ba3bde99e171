"""北碚区's cases on the 智能网联新能源汽摩产业链 (seed 000): the 35 break/bottleneck problems of
February–April 2025, then a rolling year up to today with every status and every light."""

from __future__ import annotations

import datetime as dt

from shuanglian.cases import clock
from shuanglian.demo.foundation import BEIBEI_DEPARTMENTS, department, region
from shuanglian.lib.workdays import add_workdays
from shuanglian.regions.models import Region

from .life import Life, back, deputies_of, reply_text, run, standard_life, workday_on_or_after
from .topics import CHAIN_PROBLEMS, TOPIC_DEPTS, TOPICS, contact, phone

WINDOW_FLOOR = dt.date(2026, 1, 5)  # rolling-year cases start no earlier: 2025 holds only the seed figures


def build_2025(rng, people, chain, enterprises, today) -> int:
    """Seed 000: 35 break/bottleneck problems of the chain, all closed by April 2025."""
    staff = people.staff["500109"]
    qianfeng = next((e for e in enterprises if "乾凤锻造" in e.name), enterprises[0])
    start = workday_on_or_after(dt.date(2025, 2, 10))
    n = 0
    for k in range(35):
        code, kind, title, desc, dept_name = CHAIN_PROBLEMS[k % len(CHAIN_PROBLEMS)]
        if k >= len(CHAIN_PROBLEMS):
            topic = rng.choice([t for t in TOPICS if t[1] in ("break", "bottleneck")] + [None])
            if topic is None:
                title, desc = f"{title}（第{k // len(CHAIN_PROBLEMS) + 1}批）", desc
            else:
                code, kind, title, desc = topic[0], topic[1], topic[2], topic[3]
                dept_name = rng.choice(TOPIC_DEPTS[code])
            kind = rng.choice(("break", "bottleneck")) if kind not in ("break", "bottleneck") else kind
        ent = qianfeng if k == 0 else rng.choice(enterprises)
        day = start if k == 0 else add_workdays(start, rng.randint(0, 30))
        life = Life(day, actor=staff, source="visit", title=title, description=desc, category=code,
                    enterprise_name=ent.name, enterprise_uscc=ent.uscc or "", contact_name="王跃" if k == 0 else contact(rng),
                    contact_phone=phone(rng), region=_home(ent), chain=chain, chain_node=_node(ent, chain, rng),
                    problem_kind=kind)
        standard_life(life, rng, staff=staff, dept=department(dept_name), today=today, late=0.0,
                       unsatisfied=0.0, no_response=0.0, result="solved", rating="satisfied" if k == 0 else None,
                       reply_days=4 if k == 0 else 7)
        case = run(life, people, today)
        assert case.status == "closed", case
        n += 1
    return n


def _home(ent) -> Region:
    return ent.region if ent.region.path.startswith("500000/500109/") else region("500109")


def _node(ent, chain, rng):
    nodes = [n for n in ent.nodes.all() if n.chain_id == chain.pk]
    return rng.choice(nodes) if nodes else None


def build_year(rng, people, chain, enterprises, stations, today) -> int:
    """A rolling year of 北碚 cases: about 330, every status and light relative to today."""
    staff = people.staff["500109"]
    floor = max(today - dt.timedelta(days=365), WINDOW_FLOOR)
    span = (today - floor).days
    n = 0
    depts = {name: department(name) for name in BEIBEI_DEPARTMENTS}

    def values(day, *, source=None, station=None):
        code, kind, title, desc = rng.choice(TOPICS)
        ent = rng.choice(enterprises)
        on_chain = rng.random() < 0.7
        source = source or rng.choices(["qr", "reception_day", "visit", "hotline", "inspection"], weights=(30, 20, 30, 12, 8))[0]
        if source in ("qr", "reception_day") and station is None:
            station = rng.choice(stations)
        deputies = deputies_of(station) if station is not None else []
        v = dict(source=source, title=f"{title}", description=f"{ent.name}：{desc}", category=code,
                 enterprise_name=ent.name, enterprise_uscc=ent.uscc or "", contact_name=contact(rng),
                 contact_phone=phone(rng), region=_home(ent) if station is None else None,
                 chain=chain if (on_chain or station is not None) else None,
                 chain_node=_node(ent, chain, rng) if on_chain else None,
                 problem_kind=kind if kind not in ("break", "bottleneck") else "other", station=station,
                 urgency=rng.choices(["normal", "urgent", "complex"], weights=(85, 8, 7))[0],
                 confidential=rng.random() < 0.04)
        if station is not None and station.chain_id != chain.pk:
            v["chain_node"] = None
        v["actor"] = None if source == "qr" else staff
        if deputies and source in ("reception_day", "visit"):
            v["collected_by"] = rng.choice(deputies)
        return v, code

    # The bulk: submission days spread over the window, the story cut at today.
    for _ in range(300):
        day = workday_on_or_after(floor + dt.timedelta(days=rng.randint(0, span)))
        if day > today:
            day = back(today, 0)
        v, code = values(day)
        dept = depts[rng.choice(TOPIC_DEPTS[code])]
        life = Life(day, **v)
        roll = rng.random()
        if roll < 0.03:
            life.then(add_workdays(day, 1), "reject", staff=staff, note="不属于企业诉求受理范围，已告知企业通过信访渠道反映")
        elif roll < 0.10 and v["source"] == "reception_day":
            life.then(day, "resolve_on_spot", staff=staff, content="接待日现场协调，相关部门当场答复解决。")
            life.then(add_workdays(day, 1), "revisit", by="enterprise", rating="satisfied", comment="当场解决，非常满意")
            life.then(add_workdays(day, 2), "close", staff=staff)
        else:
            standard_life(life, rng, staff=staff, dept=dept, today=today, unsatisfied=0.05,
                           reply_days=clock.limits()["reply"][v["urgency"]])
        run(life, people, today)
        n += 1

    # Anchored to today, so every status and every light is present whatever the date.
    def fresh(days_ago, **kw):
        day = back(today, days_ago)
        v, code = values(day, **kw)
        v["urgency"] = "normal"  # the 7-working-day limit the lights below are dated for
        return Life(day, **v), depts[rng.choice(TOPIC_DEPTS[code])], day

    life, dept, day = fresh(0, source="qr")  # 待受理
    run(life, people, today)
    life, dept, day = fresh(1, source="hotline")  # 已受理待交办
    run(life.then(day, "accept", staff=staff), people, today)
    # The lights follow the warning window (lib.lights: the last fifth of a clock, at least its
    # last day): a 1-day sign clock is yellow on its sign day, a 7-day reply clock on days 6–7,
    # a 3-day revisit clock on day 3.
    for ago in (0, 1, 3):  # 已交办待签收: green (assigned today), yellow (due today), red
        life, dept, day = fresh(ago, source="visit")
        run(life.then(day, "accept", staff=staff).then(day, "assign", staff=staff, department=dept), people, today)
    for ago in (1, 6, 12):  # 办理中: green, yellow, red
        life, dept, day = fresh(ago, source="visit")
        life.then(day, "accept", staff=staff).then(day, "assign", staff=staff, department=dept)
        run(life.then(day, "sign", by="lead"), people, today)
    for ago in (0, 3, 6):  # 已答复待回访: green, yellow, red (the revisit clock is staff's)
        life, dept, day = fresh(ago + 4, source="visit")
        life.then(day, "accept", staff=staff).then(day, "assign", staff=staff, department=dept)
        life.then(day, "sign", by="lead")
        run(life.then(back(today, ago), "reply", by="lead", result="solved", content=reply_text("solved")), people, today)
    life, dept, day = fresh(6, source="visit")  # 已回访待销号
    life.then(day, "accept", staff=staff).then(day, "assign", staff=staff, department=dept).then(day, "sign", by="lead")
    life.then(back(today, 2), "reply", by="lead", result="solved", content=reply_text("solved"))
    run(life.then(back(today, 1), "revisit", by="enterprise", rating="basically_satisfied", comment="基本满意"), people, today)
    # An extension approved (办理中, deadline moved), a pending request, a paused clock.
    life, dept, day = fresh(5, source="visit")
    life.then(day, "accept", staff=staff).then(day, "assign", staff=staff, department=dept).then(day, "sign", by="lead")
    life.then(back(today, 3), "request_extension", by="lead", days=5, note="需等待市级部门批复，申请延期5个工作日")
    run(life.then(back(today, 2), "decide_extension", staff=staff, approve=True, note="同意延期"), people, today)
    life, dept, day = fresh(4, source="visit")
    life.then(day, "accept", staff=staff).then(day, "assign", staff=staff, department=dept).then(day, "sign", by="lead")
    run(life.then(back(today, 1), "request_extension", by="lead", days=3, note="需企业补充材料"), people, today)
    life, dept, day = fresh(8, source="visit")
    life.then(day, "accept", staff=staff).then(day, "assign", staff=staff, department=dept).then(day, "sign", by="lead")
    run(life.then(back(today, 2), "pause", by="lead", note="等待企业补充土地权属材料"), people, today)
    # A reopen in progress: unsatisfied → 重办 → signed again.
    life, dept, day = fresh(12, source="visit")
    life.then(day, "accept", staff=staff).then(day, "assign", staff=staff, department=dept).then(day, "sign", by="lead")
    life.then(back(today, 6), "reply", by="lead", result="solved", content=reply_text("solved"))
    life.then(back(today, 5), "revisit", by="enterprise", rating="unsatisfied", comment="问题没有实质解决")
    life.then(back(today, 4), "reopen", staff=staff, note="企业不满意，交原承办部门重办")
    run(life.then(back(today, 3), "sign", by="lead"), people, today)
    # A duplicate merged into its master (并案) and a rejection.
    life, dept, day = fresh(3, source="hotline")
    master = run(life.then(day, "accept", staff=staff).then(day, "assign", staff=staff, department=dept), people, today)
    dup = Life(back(today, 2), actor=staff, source="hotline", title=master.title, description=master.description,
               category=master.category, enterprise_name=master.enterprise_name, contact_name=contact(rng),
               contact_phone=phone(rng), region=master.region, chain=master.chain)
    run(dup.then(back(today, 2), "merge", staff=staff, into=master, note="与已交办诉求重复，并案办理"), people, today)
    life, dept, day = fresh(2, source="hotline")
    run(life.then(day, "reject", staff=staff, note="属于劳动争议，已引导至劳动仲裁渠道"), people, today)
    return n + 17
