"""Demo cases (诉求闭环) from the seeds, driven through the real services. Runs last.

What it builds (deterministic: random.Random with fixed seeds):
- 北碚 智能网联新能源汽摩产业链 (seed 000): the 35 break/bottleneck problems (断点堵点) raised in the
  "进车间、访企业、助发展" campaign from February 2025 and all closed by April 2025 — "35个难题清零";
  乾凤锻造's gas-line case among them, answered by 区经济信息委 in under a week. No other chain
  case is submitted in 2025, so the rates page for the chain and 2025 shows exactly 35 closed.
- a rolling year of 北碚 cases up to today (about 330, from 2026-01-05 at the earliest) at the
  chain's stations and from visits, reception days and the hotline, in every status and light,
  with extensions, pauses, reopens, merges, rejections and no-response closes.
- 璧山 (seed 001): the two activity points 比亚迪璧山园区 and 青山工业 — 7 demands collected at
  reception days, 6 solved and confirmed ("收集企业诉求7条，推动解决6个"), one still in progress.
- 东莞 (seed 003): cases from the 15 营商环境监测点.
- 黔江区 (seed 004, "投资黔江评黔江"): 200 rated cases in Q1 2025, 191 solved and confirmed,
  199 satisfied or basically satisfied — "解决重大问题191个、满意率达99.5%" (199 / 200).
Then one supervision sweep, so the inboxes hold today's yellow and red notices.

DEMO-ONLY TIME SHIFT: the services stamp every milestone with `timezone.now()` and count
deadlines from `clock.today()` (which reads `timezone.now()` too). To tell a year of history
through those same services, `_at(moment)` temporarily replaces `django.utils.timezone.now` with
a frozen moment while one step runs, so each step happens "on" its own day with all dates
consistent (submitted_at, milestones, clocks, audit times). It is used only here, in a
single-threaded management command, and always restored.

Idempotent: if the first 北碚 case exists, nothing is built again.
"""

from __future__ import annotations

import datetime as dt
import random
from contextlib import contextmanager

from django.db.models import Q
from django.utils import timezone

from shuanglian.cases import clock, services
from shuanglian.cases.intake import case_submit
from shuanglian.cases.models import Case
from shuanglian.chains.models import Chain, Enterprise
from shuanglian.core.models import Role, User
from shuanglian.deputies.models import Deputy, Station, StationKind
from shuanglian.lib.workdays import add_workdays, is_workday
from shuanglian.regions.models import Department, Region

from .foundation import BEIBEI_DEPARTMENTS, department, region

BEIBEI_CHAIN = "智能网联新能源汽摩产业链"
BISHAN_CHAIN = "智能网联新能源汽车产业链"
MARKER_TITLE = "新设备安装需确定燃气走线和调压箱位置"  # the first case built; its presence means "done"
WINDOW_FLOOR = dt.date(2026, 1, 5)  # rolling-year cases start no earlier: 2025 holds only the seed figures
ONE_DAY = dt.timedelta(days=1)


# --- the demo-only clock ------------------------------------------------------------------------

@contextmanager
def _at(moment: dt.datetime):
    """DEMO ONLY: make `timezone.now()` (and so clock.today()) return `moment` inside the block."""
    original = timezone.now
    timezone.now = lambda: moment
    try:
        yield
    finally:
        timezone.now = original


def _moment(day: dt.date, minute: int) -> dt.datetime:
    base = dt.datetime.combine(day, dt.time(8, 40)) + dt.timedelta(minutes=minute)
    return timezone.make_aware(base)


def _workday_on_or_after(day: dt.date) -> dt.date:
    while not is_workday(day):
        day += ONE_DAY
    return day


def _back(day: dt.date, n: int) -> dt.date:
    """The working day n working days before `day` (n=0: the last working day on or before it)."""
    while not is_workday(day):
        day -= ONE_DAY
    while n > 0:
        day -= ONE_DAY
        if is_workday(day):
            n -= 1
    return day


# --- people and places --------------------------------------------------------------------------

def _user(username, *, role, display_name, region=None, department=None) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, role=role, display_name=display_name, region=region, department=department)
        user.set_unusable_password()  # a demo actor, not a login account
        user.save()
    return user


class People:
    """Who acts: staff per region, one handler per department (the foundation's accounts where
    they exist, otherwise a demo-only actor without a password)."""

    def __init__(self):
        self.staff = {
            "500109": User.objects.get(username="demo_staff"),
        }
        self._handlers: dict[int, User] = {}

    def staff_of(self, region_code: str, name: str) -> User:
        if region_code not in self.staff:
            self.staff[region_code] = _user(f"demo_staff_{region_code}", role=Role.STAFF,
                                            display_name=f"{name}人大常委会工作人员", region=region(region_code))
        return self.staff[region_code]

    def handler(self, dept: Department) -> User:
        if dept.pk not in self._handlers:
            user = (User.objects.filter(department=dept, role=Role.HANDLER, is_active=True).order_by("pk").first()
                    or _user(f"demo_handler_{dept.pk}", role=Role.HANDLER, display_name=f"{dept.name}经办人",
                             region=dept.region, department=dept))
            self._handlers[dept.pk] = user
        return self._handlers[dept.pk]


def _station(kind, name, host, region_obj, chain, *, key: str) -> Station:
    """The registry's station for `key` if the registry demo made one, else a minimal one."""
    found = (Station.objects.filter(kind=kind, region__path__startswith=region_obj.path)
             .filter(Q(name__contains=key) | Q(host__contains=key)).order_by("pk").first())
    if found is None:
        found = Station.objects.create(kind=kind, name=name, host=host, region=region_obj, chain=chain)
    return found


def _deputies_of(station: Station) -> list[Deputy]:
    people = []
    if station.head_id:
        people.append(station.head)
    people += [m.deputy for m in station.members.select_related("deputy").filter(deputy__isnull=False)]
    return [d for d in people if d.is_active]


# --- one case's life ----------------------------------------------------------------------------

class Life:
    """A case's story: submission values and dated steps, run in order through the services."""

    def __init__(self, day: dt.date, **values):
        self.day = day
        self.values = values
        self.steps: list[tuple[dt.date, str, dict]] = []

    def then(self, day: dt.date, action: str, **kwargs) -> Life:
        self.steps.append((day, action, kwargs))
        return self


def _run(life: Life, people: People, today: dt.date) -> Case:
    values = dict(life.values)
    actor = values.pop("actor", None)
    minute = 0
    with _at(_moment(life.day, minute)):
        case = case_submit(actor=actor, consent=True, **values)
    for day, action, kwargs in life.steps:
        if day > today:
            break
        minute += 37
        kwargs = dict(kwargs)
        who = kwargs.pop("by", "staff")
        staff = kwargs.pop("staff", None)
        if who == "staff":
            who = staff
            assert who is not None, f"{action}: no staff actor"
        elif who == "lead":
            who = people.handler(case.lead_department)
        elif who == "enterprise":
            who = None
        with _at(_moment(day, minute)):
            case = getattr(services, f"case_{action}")(case=case, actor=who, **kwargs)
    return case


def _standard_life(life: Life, rng: random.Random, *, staff: User, dept: Department, today: dt.date,
                   reply_days: int = 7, late: float = 0.1, unsatisfied: float = 0.03, no_response: float = 0.03,
                   result_weights=(0.82, 0.13, 0.05), by_phone: float = 0.3, rating=None, result=None) -> Life:
    """accept → assign → sign → reply → revisit → close, dated like practice; steps after
    today are left out by _run, so recent cases stop in an open status."""
    s = life.day
    accept = add_workdays(s, rng.choice((0, 0, 1)))
    life.then(accept, "accept", staff=staff)
    assign = add_workdays(accept, rng.choice((0, 0, 1)))
    life.then(assign, "assign", staff=staff, department=dept)
    sign = add_workdays(assign, 3 if rng.random() < 0.06 else rng.choice((0, 1)))
    life.then(sign, "sign", by="lead")
    if rng.random() < late:
        used = reply_days + rng.randint(1, 6)
    else:
        used = rng.randint(max(1, reply_days // 3), reply_days)
    reply = max(add_workdays(assign, used), sign)
    result = result or rng.choices(["solved", "partly_solved", "not_solvable_now"], weights=result_weights)[0]
    extra = {}
    if result != "solved":
        extra = {"commitment": "纳入下一阶段工作计划，按季度向企业通报进展", "commitment_due": reply + dt.timedelta(days=90)}
    life.then(reply, "reply", by="lead", result=result, content=_reply_text(result), **extra)
    if rating is None and rng.random() < no_response:
        life.then(add_workdays(reply, 6), "close", staff=staff, note="企业逾期未评价，按未回复销号")
        return life
    rating = rating or ("unsatisfied" if rng.random() < unsatisfied else
                        rng.choices(["satisfied", "basically_satisfied"], weights=(85, 15))[0])
    visit = add_workdays(reply, rng.choice((1, 1, 2, 3)))
    phone = rng.random() < by_phone
    if phone:
        life.then(visit, "revisit", staff=staff, rating=rating, by_phone=True, comment="电话回访")
    else:
        life.then(visit, "revisit", by="enterprise", rating=rating, comment=_rating_text(rating))
    if rating == "unsatisfied" and result == "not_solvable_now":  # explained, closed as it stands
        life.then(add_workdays(visit, 2), "close", staff=staff, note="已向企业说明政策依据和替代方案，予以销号")
        return life
    if rating == "unsatisfied":
        again = add_workdays(visit, 1)
        life.then(again, "reopen", staff=staff, note="企业不满意，交原承办部门重办")
        life.then(add_workdays(again, 1), "sign", by="lead")
        second = add_workdays(again, rng.randint(3, 6))
        life.then(second, "reply", by="lead", result="solved", content="重办：已现场协调，问题解决。")
        life.then(add_workdays(second, 1), "revisit", staff=staff, rating="satisfied", by_phone=True,
                  comment="重办后满意")
        life.then(add_workdays(second, 2), "close", staff=staff)
        return life
    life.then(add_workdays(visit, rng.choice((0, 1, 2))), "close", staff=staff)
    return life


def _reply_text(result: str) -> str:
    return {
        "solved": "经现场对接协调，已按企业诉求办理完毕，并与企业确认。",
        "partly_solved": "已解决主要问题，剩余事项已明确时间表。",
        "not_solvable_now": "受政策和规划条件限制，暂不具备解决条件，已向企业说明并提出替代方案。",
    }[result]


def _rating_text(rating: str) -> str:
    return {"satisfied": "办理及时，非常满意", "basically_satisfied": "基本解决，希望继续跟进",
            "unsatisfied": "问题没有实质解决"}[rating]


# --- content ------------------------------------------------------------------------------------

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
POSTS = ["经理", "主任", "总监", "部长", "厂长", "副总"]

# (category code, problem kind, title, description)
TOPICS = [
    ("land", "land", "扩产用地指标落实", "企业订单增长，计划新建生产线，需落实约30亩扩产用地指标。"),
    ("land", "land", "标准厂房租赁对接", "新项目急需5000平方米标准厂房，希望协调园区平台公司对接。"),
    ("energy", "energy", "厂区电力增容", "新增冲压设备后用电负荷不足，申请专线增容。"),
    ("energy", "energy", "天然气接入", "新建热处理车间需接入天然气，走线与规划道路冲突。"),
    ("finance", "finance", "流动资金贷款对接", "原材料涨价导致资金周转紧张，希望对接银行续贷和担保。"),
    ("finance", "finance", "技改补贴申报", "智能化改造项目已完工，补贴申报材料需要指导。"),
    ("labour", "labour", "一线技工招聘", "旺季缺少焊工、数控操作工约60人，希望协调招聘会。"),
    ("labour", "labour", "人才公寓申请", "引进的研发人员住房困难，申请人才公寓。"),
    ("approval", "approval", "新建项目环评审批", "二期项目环评报告已报送，希望加快审批进度。"),
    ("approval", "approval", "消防验收", "新厂房已完工，消防验收排期较晚，影响投产。"),
    ("logistics", "logistics", "园区道路货车通行", "园区道路限行时段影响原材料进场，希望调整。"),
    ("logistics", "logistics", "公交线路延伸", "职工上下班通勤不便，希望公交线路延伸到厂区门口。"),
    ("policy", "other", "稳岗补贴兑现", "去年稳岗补贴已公示但尚未到账。"),
    ("market", "bottleneck", "本地配套对接", "希望对接本地整车企业，进入其二级供应商名录。"),
    ("market", "break", "关键零部件本地无配套", "所需功率模块本地无供应商，依赖外地采购，交付周期长。"),
    ("environment", "other", "安全生产指导", "新上喷涂线，希望安监部门上门指导安全生产标准化。"),
]
TOPIC_DEPTS = {
    "land": ["区规划自然资源局", "区经济信息委"], "energy": ["区供电公司", "区经济信息委", "区城市管理局"],
    "finance": ["区金融发展中心", "区财政局"], "labour": ["区人力社保局"], "approval": ["区生态环境局", "区住房城乡建委", "区政务服务办"],
    "logistics": ["区交通运输委"], "policy": ["区人力社保局", "区财政局", "区税务局"], "market": ["区经济信息委", "区商务委", "区投资促进中心"],
    "environment": ["区应急管理局", "区生态环境局"],
}

# The 35 break / bottleneck problems of seed 000 (Feb–Apr 2025).
CHAIN_PROBLEMS = [
    ("energy", "bottleneck", MARKER_TITLE, "新购锻压设备即将到厂，燃气走线和调压箱位置未确定，影响安装投产。", "区经济信息委"),
    ("land", "bottleneck", "扩产用地报批卡在规划调整", "扩产项目用地涉及控规调整，报批停滞两个月。", "区规划自然资源局"),
    ("approval", "bottleneck", "项目包装与申报指导", "技改项目缺少专业包装，申报市级重点项目困难。", "区发改委"),
    ("market", "break", "电芯本地无配套", "整车企业电芯全部外购，物流成本高，希望引进电芯项目。", "区投资促进中心"),
    ("market", "break", "功率半导体依赖外地", "IGBT模块依赖外地供应，交付周期长达16周。", "区经济信息委"),
    ("energy", "bottleneck", "试制车间电力增容", "新车型试制车间用电负荷不足。", "区供电公司"),
    ("logistics", "bottleneck", "零部件入厂物流通道", "供应商车辆入厂排队时间长，需打通园区物流通道。", "区交通运输委"),
    ("labour", "bottleneck", "量产爬坡用工缺口", "首款车型量产爬坡，短期用工缺口约300人。", "区人力社保局"),
    ("finance", "bottleneck", "供应链融资", "二级供应商回款周期长，希望开展供应链金融。", "区金融发展中心"),
    ("approval", "bottleneck", "新建产线环评审批", "新建电驱产线环评审批进度慢。", "区生态环境局"),
    ("market", "break", "车规级芯片封测本地空白", "传感器芯片需送外地封测，希望补链。", "区投资促进中心"),
    ("energy", "bottleneck", "天然气压力不足", "热处理炉天然气压力不稳，影响良品率。", "区城市管理局"),
]


def _phone(rng) -> str:
    return rng.choice(("138", "139", "136", "158", "186", "177")) + f"{rng.randint(0, 99_999_999):08d}"


def _contact(rng) -> str:
    return rng.choice(SURNAMES) + rng.choice(POSTS)


# --- the parts ----------------------------------------------------------------------------------

def _beibei_2025(rng, people, chain, enterprises, today) -> int:
    """Seed 000: 35 break/bottleneck problems of the chain, all closed by April 2025."""
    staff = people.staff["500109"]
    qianfeng = next((e for e in enterprises if "乾凤锻造" in e.name), enterprises[0])
    start = _workday_on_or_after(dt.date(2025, 2, 10))
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
                    enterprise_name=ent.name, enterprise_uscc=ent.uscc or "", contact_name="王跃" if k == 0 else _contact(rng),
                    contact_phone=_phone(rng), region=_home(ent), chain=chain, chain_node=_node(ent, chain, rng),
                    problem_kind=kind)
        _standard_life(life, rng, staff=staff, dept=department(dept_name), today=today, late=0.0,
                       unsatisfied=0.0, no_response=0.0, result="solved", rating="satisfied" if k == 0 else None,
                       reply_days=4 if k == 0 else 7)
        case = _run(life, people, today)
        assert case.status == "closed", case
        n += 1
    return n


def _home(ent) -> Region:
    return ent.region if ent.region.path.startswith("500000/500109/") else region("500109")


def _node(ent, chain, rng):
    nodes = [n for n in ent.nodes.all() if n.chain_id == chain.pk]
    return rng.choice(nodes) if nodes else None


def _beibei_year(rng, people, chain, enterprises, stations, today) -> int:
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
        deputies = _deputies_of(station) if station is not None else []
        v = dict(source=source, title=f"{title}", description=f"{ent.name}：{desc}", category=code,
                 enterprise_name=ent.name, enterprise_uscc=ent.uscc or "", contact_name=_contact(rng),
                 contact_phone=_phone(rng), region=_home(ent) if station is None else None,
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
        day = _workday_on_or_after(floor + dt.timedelta(days=rng.randint(0, span)))
        if day > today:
            day = _back(today, 0)
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
            _standard_life(life, rng, staff=staff, dept=dept, today=today, unsatisfied=0.05,
                           reply_days=clock.limits()["reply"][v["urgency"]])
        _run(life, people, today)
        n += 1

    # Anchored to today, so every status and every light is present whatever the date.
    def fresh(days_ago, **kw):
        day = _back(today, days_ago)
        v, code = values(day, **kw)
        v["urgency"] = "normal"  # the 7-working-day limit the lights below are dated for
        return Life(day, **v), depts[rng.choice(TOPIC_DEPTS[code])], day

    life, dept, day = fresh(0, source="qr")  # 待受理
    _run(life, people, today)
    life, dept, day = fresh(1, source="hotline")  # 已受理待交办
    _run(life.then(day, "accept", staff=staff), people, today)
    for ago in (0, 3):  # 已交办待签收: yellow today, red three days on
        life, dept, day = fresh(ago, source="visit")
        _run(life.then(day, "accept", staff=staff).then(day, "assign", staff=staff, department=dept), people, today)
    for ago in (1, 5, 12):  # 办理中: green, yellow, red
        life, dept, day = fresh(ago, source="visit")
        life.then(day, "accept", staff=staff).then(day, "assign", staff=staff, department=dept)
        _run(life.then(day, "sign", by="lead"), people, today)
    for ago in (0, 1, 6):  # 已答复待回访: green, yellow, red (the revisit clock is staff's)
        life, dept, day = fresh(ago + 4, source="visit")
        life.then(day, "accept", staff=staff).then(day, "assign", staff=staff, department=dept)
        life.then(day, "sign", by="lead")
        _run(life.then(_back(today, ago), "reply", by="lead", result="solved", content=_reply_text("solved")), people, today)
    life, dept, day = fresh(6, source="visit")  # 已回访待销号
    life.then(day, "accept", staff=staff).then(day, "assign", staff=staff, department=dept).then(day, "sign", by="lead")
    life.then(_back(today, 2), "reply", by="lead", result="solved", content=_reply_text("solved"))
    _run(life.then(_back(today, 1), "revisit", by="enterprise", rating="basically_satisfied", comment="基本满意"), people, today)
    # An extension approved (办理中, deadline moved), a pending request, a paused clock.
    life, dept, day = fresh(5, source="visit")
    life.then(day, "accept", staff=staff).then(day, "assign", staff=staff, department=dept).then(day, "sign", by="lead")
    life.then(_back(today, 3), "request_extension", by="lead", days=5, note="需等待市级部门批复，申请延期5个工作日")
    _run(life.then(_back(today, 2), "decide_extension", staff=staff, approve=True, note="同意延期"), people, today)
    life, dept, day = fresh(4, source="visit")
    life.then(day, "accept", staff=staff).then(day, "assign", staff=staff, department=dept).then(day, "sign", by="lead")
    _run(life.then(_back(today, 1), "request_extension", by="lead", days=3, note="需企业补充材料"), people, today)
    life, dept, day = fresh(8, source="visit")
    life.then(day, "accept", staff=staff).then(day, "assign", staff=staff, department=dept).then(day, "sign", by="lead")
    _run(life.then(_back(today, 2), "pause", by="lead", note="等待企业补充土地权属材料"), people, today)
    # A reopen in progress: unsatisfied → 重办 → signed again.
    life, dept, day = fresh(12, source="visit")
    life.then(day, "accept", staff=staff).then(day, "assign", staff=staff, department=dept).then(day, "sign", by="lead")
    life.then(_back(today, 6), "reply", by="lead", result="solved", content=_reply_text("solved"))
    life.then(_back(today, 5), "revisit", by="enterprise", rating="unsatisfied", comment="问题没有实质解决")
    life.then(_back(today, 4), "reopen", staff=staff, note="企业不满意，交原承办部门重办")
    _run(life.then(_back(today, 3), "sign", by="lead"), people, today)
    # A duplicate merged into its master (并案) and a rejection.
    life, dept, day = fresh(3, source="hotline")
    master = _run(life.then(day, "accept", staff=staff).then(day, "assign", staff=staff, department=dept), people, today)
    dup = Life(_back(today, 2), actor=staff, source="hotline", title=master.title, description=master.description,
               category=master.category, enterprise_name=master.enterprise_name, contact_name=_contact(rng),
               contact_phone=_phone(rng), region=master.region, chain=master.chain)
    _run(dup.then(_back(today, 2), "merge", staff=staff, into=master, note="与已交办诉求重复，并案办理"), people, today)
    life, dept, day = fresh(2, source="hotline")
    _run(life.then(day, "reject", staff=staff, note="属于劳动争议，已引导至劳动仲裁渠道"), people, today)
    return n + 17


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


def _bishan(rng, people, chain, today) -> int:
    bishan, qinggang = region("500120"), region("500120003")
    staff = people.staff_of("500120", "璧山区")
    stations = {
        "比亚迪璧山园区": _station(StationKind.ACTIVITY_POINT, "比亚迪璧山园区人大代表活动点", "比亚迪璧山园区", qinggang, chain, key="比亚迪"),
        "青山工业": _station(StationKind.ACTIVITY_POINT, "青山工业人大代表活动点", "重庆青山工业有限责任公司", qinggang, chain, key="青山"),
    }
    floor = max(today - dt.timedelta(days=300), WINDOW_FLOOR)
    day = _workday_on_or_after(floor.replace(day=15))
    for i, (host, title, desc, dept_name, solved) in enumerate(BISHAN_CASES):
        station = stations[host]
        deputies = _deputies_of(station)
        ent_name = "比亚迪汽车工业有限公司璧山分公司" if host.startswith("比亚迪") else "重庆青山工业有限责任公司"
        life = Life(day, actor=staff, source="reception_day", title=title, description=desc, category="other",
                    enterprise_name=ent_name, contact_name=_contact(rng), contact_phone=_phone(rng), station=station,
                    collected_by=deputies[0] if deputies else None)
        if solved:
            _standard_life(life, rng, staff=staff, dept=Department.objects.get(name=dept_name, region=bishan),
                           today=today, late=0.0, unsatisfied=0.0, no_response=0.0,
                           result="solved" if i % 3 else "partly_solved", rating="satisfied")
        else:  # still being handled: accepted, assigned, signed
            life.then(_back(today, 4), "accept", staff=staff)
            life.then(_back(today, 4), "assign", staff=staff, department=Department.objects.get(name=dept_name, region=bishan))
            life.then(_back(today, 3), "sign", by="lead")
        _run(life, people, today)
        # the next reception day (15th of the next month), never after today
        nxt = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=15)
        day = min(_workday_on_or_after(nxt), _back(today, 25))
    return len(BISHAN_CASES)


DONGGUAN_POINTS = [
    ("拓斯达", "441900101"), ("大朗毛织", "441900101"), ("虎门服装", "441900102"), ("长安模具", "441900103"),
    ("松山湖机器人", "441900104"), ("长安电子", "441900103"), ("虎门食品", "441900102"), ("大朗智能装备", "441900101"),
    ("松山湖新材料", "441900104"), ("长安五金", "441900103"), ("虎门物流", "441900102"), ("松山湖生物医药", "441900104"),
    ("大朗电商", "441900101"), ("长安精密", "441900103"), ("松山湖集成电路", "441900104"),
]
DONGGUAN_TOPICS = [
    ("policy", "惠企政策宣传不到位", "企业对新出台的降本增效政策不了解，希望上门宣讲。", "东莞市工业和信息化局"),
    ("approval", "技改项目备案审批慢", "技改项目备案材料多次退回，希望一次性告知。", "东莞市工业和信息化局"),
    ("environment", "行政执法检查频次过高", "同一月内多部门重复检查，影响生产。", "东莞市市场监管局"),
    ("finance", "机器人企业融资难", "机器人企业“缺资金”，希望对接产业基金。", "东莞市工业和信息化局"),
    ("labour", "AI产品经理人才短缺", "缺少高水平AI产品经理，希望纳入紧缺人才目录。", "东莞市工业和信息化局"),
    ("market", "应用场景开放不足", "机器人产品缺少示范应用场景，希望政府开放场景。", "东莞市商务局"),
    ("approval", "涉企服务效率", "营业执照变更需多次往返，希望网上办理。", "东莞市市场监管局"),
]


def _dongguan(rng, people, today) -> int:
    dongguan = region("441900")
    staff = people.staff_of("441900", "东莞市")
    floor = max(today - dt.timedelta(days=150), WINDOW_FLOOR)  # the points were set up in June
    span = (today - floor).days
    n = 0
    for key, code in DONGGUAN_POINTS:
        station = _station(StationKind.MONITORING_POINT, f"{key}营商环境监测点", f"{key}企业", region(code), None, key=key)
        for _ in range(rng.randint(2, 4)):
            cat, title, desc, dept_name = rng.choice(DONGGUAN_TOPICS)
            day = _workday_on_or_after(floor + dt.timedelta(days=rng.randint(0, span)))
            if day > today:
                day = _back(today, 0)
            life = Life(day, actor=staff, source="monitoring_point", title=title, description=desc, category=cat,
                        enterprise_name=f"东莞市{key}科技有限公司", contact_name=_contact(rng), contact_phone=_phone(rng),
                        station=station)
            _standard_life(life, rng, staff=staff, dept=Department.objects.get(name=dept_name, region=dongguan), today=today)
            _run(life, people, today)
            n += 1
    return n


QIANJIANG_DEPARTMENTS = ["黔江区经济信息委", "黔江区发展改革委", "黔江区招商投资促进局", "黔江区规划自然资源局",
                         "黔江区市场监管局", "黔江区人力社保局"]


def _qianjiang(rng, people, today) -> int:
    """Seed 004: "投资黔江评黔江" — 191 major problems solved, satisfaction 99.5 % (199 of 200)."""
    city = region("500000")
    qj = Region.objects.filter(code="500114").first()
    if qj is None:
        qj = Region(code="500114", name="黔江区", level="district", parent=city)
        qj.path = qj.compute_path()
        qj.save()
    depts = [Department.objects.get_or_create(name=name, region=qj)[0] for name in QIANJIANG_DEPARTMENTS]
    staff = people.staff_of("500114", "黔江区")
    topics = [t for t in TOPICS if t[0] != "environment"]
    # 200 rated: 191 solved/partly and confirmed, 8 not solvable now but confirmed, 1 unsatisfied.
    plan = (["solved"] * 170 + ["partly_solved"] * 21 + ["not_solvable_now"] * 8 + ["unsatisfied"])
    rng.shuffle(plan)
    start = _workday_on_or_after(dt.date(2025, 1, 6))
    for i, kind in enumerate(plan):
        code, pkind, title, desc = topics[i % len(topics)]
        day = add_workdays(start, rng.randint(0, 48))
        life = Life(day, actor=staff, source=rng.choice(("visit", "reception_day")), title=title,
                    description=f"“投资黔江评黔江”座谈会反映：{desc}", category=code,
                    enterprise_name=f"重庆黔江{rng.choice('武陵阿蓬正阳舟白城东濯水')}{rng.choice(('实业', '食品', '建材', '电子', '丝绸', '物流'))}有限公司",
                    contact_name=_contact(rng), contact_phone=_phone(rng), region=qj)
        if kind == "unsatisfied":
            _standard_life(life, rng, staff=staff, dept=depts[i % len(depts)], today=today, late=0.0,
                           result="solved", rating="satisfied")
            # rewrite the tail: the enterprise stays unsatisfied; closed after explanation
            life.steps = [s for s in life.steps if s[1] not in ("revisit", "close")]
            reply_day = next(s[0] for s in life.steps if s[1] == "reply")
            life.then(add_workdays(reply_day, 1), "revisit", staff=staff, rating="unsatisfied", by_phone=True,
                      comment="诉求超出政策范围，企业仍不满意")
            life.then(add_workdays(reply_day, 3), "close", staff=staff, note="已向企业充分说明政策依据，经研究予以销号")
        else:
            rating = "satisfied" if i % 7 else "basically_satisfied"
            _standard_life(life, rng, staff=staff, dept=depts[i % len(depts)], today=today, late=0.02,
                           result=kind, rating=rating, by_phone=0.6)
        _run(life, people, today)
    return len(plan)


def build() -> str:
    if Case.objects.filter(title=MARKER_TITLE).exists():
        return f"已存在，未重复创建（共 {Case.objects.count()} 件诉求）"
    today = clock.today()
    people = People()
    beibei_chain = Chain.objects.get(name=BEIBEI_CHAIN, region__code="500109")
    bishan_chain = Chain.objects.filter(name=BISHAN_CHAIN, region__code="500120").first()
    enterprises = list(
        Enterprise.objects.filter(nodes__chain=beibei_chain, uscc__isnull=False).distinct()
        .select_related("region").prefetch_related("nodes").order_by("pk")
    )
    caijia, tongjia = region("500109007"), region("500109101")
    stations = [
        _station(StationKind.ACTIVITY_POINT, "千里科技人大代表活动点", "重庆千里科技股份有限公司", caijia, beibei_chain, key="千里"),
        _station(StationKind.ACTIVITY_POINT, "睿蓝汽车人大代表活动点", "睿蓝汽车（重庆）有限公司", caijia, beibei_chain, key="睿蓝"),
        _station(StationKind.INDUSTRY_LIAISON, "汽摩产业人大代表联络站", "童家溪镇汽摩产业园", tongjia, beibei_chain, key="汽摩"),
    ]
    n35 = _beibei_2025(random.Random(2025), people, beibei_chain, enterprises, today)
    year = _beibei_year(random.Random(109), people, beibei_chain, enterprises, stations, today)
    bishan = _bishan(random.Random(120), people, bishan_chain, today)
    dongguan = _dongguan(random.Random(441900), people, today)
    qianjiang = _qianjiang(random.Random(500114), people, today)

    from shuanglian.cases.supervision import supervision_sweep

    sweep = supervision_sweep(on=today)
    return (f"北碚 2025年断点堵点诉求 {n35} 件（全部销号），近一年诉求 {year} 件；璧山活动点 {bishan} 件；"
            f"东莞监测点 {dongguan} 件；黔江 {qianjiang} 件；督办通知 {sweep.total} 条")
