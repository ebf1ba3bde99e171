"""黔江区 (seed 004, "投资黔江评黔江"): 200 rated cases in Q1 2025, 191 solved and confirmed, 199
satisfied or basically satisfied — "解决重大问题191个、满意率达99.5%" (199 / 200)."""

from __future__ import annotations

import datetime as dt

from shuanglian.demo.foundation import QIANJIANG_DEPARTMENTS, region
from shuanglian.lib.workdays import add_workdays
from shuanglian.regions.models import Department

from .life import Life, run, standard_life, workday_on_or_after
from .topics import TOPICS, contact, phone


def build(rng, people, today) -> int:
    """Seed 004: "投资黔江评黔江" — 191 major problems solved, satisfaction 99.5 % (199 of 200)."""
    qj = region("500114")
    depts = [Department.objects.get(name=name, region=qj) for name in QIANJIANG_DEPARTMENTS]
    staff = people.staff_of("500114", "黔江区")
    topics = [t for t in TOPICS if t[0] != "environment"]
    # 200 rated: 191 solved/partly and confirmed, 8 not solvable now but confirmed, 1 unsatisfied.
    plan = (["solved"] * 170 + ["partly_solved"] * 21 + ["not_solvable_now"] * 8 + ["unsatisfied"])
    rng.shuffle(plan)
    start = workday_on_or_after(dt.date(2025, 1, 6))
    for i, kind in enumerate(plan):
        code, pkind, title, desc = topics[i % len(topics)]
        day = add_workdays(start, rng.randint(0, 48))
        life = Life(day, actor=staff, source=rng.choice(("visit", "reception_day")), title=title,
                    description=f"“投资黔江评黔江”座谈会反映：{desc}", category=code,
                    enterprise_name=f"重庆黔江{rng.choice('武陵阿蓬正阳舟白城东濯水')}{rng.choice(('实业', '食品', '建材', '电子', '丝绸', '物流'))}有限公司",
                    contact_name=contact(rng), contact_phone=phone(rng), region=qj)
        if kind == "unsatisfied":
            standard_life(life, rng, staff=staff, dept=depts[i % len(depts)], today=today, late=0.0,
                           result="solved", rating="satisfied")
            # rewrite the tail: the enterprise stays unsatisfied; closed after explanation
            life.steps = [s for s in life.steps if s[1] not in ("revisit", "close")]
            reply_day = next(s[0] for s in life.steps if s[1] == "reply")
            life.then(add_workdays(reply_day, 1), "revisit", staff=staff, rating="unsatisfied", by_phone=True,
                      comment="诉求超出政策范围，企业仍不满意")
            life.then(add_workdays(reply_day, 3), "close", staff=staff, note="已向企业充分说明政策依据，经研究予以销号")
        else:
            rating = "satisfied" if i % 7 else "basically_satisfied"
            standard_life(life, rng, staff=staff, dept=depts[i % len(depts)], today=today, late=0.02,
                           result=kind, rating=rating, by_phone=0.6)
        run(life, people, today)
    return len(plan)
