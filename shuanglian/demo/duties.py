"""Deputies at work (代表履职) from the seeds, through the duties services. Runs after cases.

- Seed 001 (璧山区青杠街道): the two activity points on the 智能网联新能源汽车 chain publish their
  public pages and receive on the 15th of each month, 09:00–11:00 (顺延 on rest days). The seven
  demands the cases demo took at their reception days are linked to the reception they were
  taken at (with the roster signed in), and each point held one 集中视察 — so the two walls add
  up to the seed's figures: 17 deputies and grid workers, 2 inspections, 7 demands collected,
  6 solved (suggestions: 0 until suggestions are recorded).
- Seed 004 (黔江区): 企业家接待日 led by the district's officials, collecting 融资、用地、外贸
  demands; held at an invented 黔江区民营企业人大代表联络站.
- 联系包挂 (seed 001: 20+ key enterprises linked to the points' deputies): demo.duties_contacts.

Idempotent: every step looks for what it would create first; a rerun changes nothing.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from shuanglian.cases.models import Case
from shuanglian.core.models import User
from shuanglian.demo import duties_contacts
from shuanglian.deputies import services as registry
from shuanglian.deputies.models import Station
from shuanglian.duties import services
from shuanglian.duties.models import Activity, Reception, ReceptionDemand, ReceptionRule
from shuanglian.duties.selectors import station_deputies
from shuanglian.regions.models import Region

QINGGANG = "500120003"
QIANJIANG = "500114"
NINE, ELEVEN = dt.time(9), dt.time(11)
RULES_TEXT = "\n".join([
    "每月15日（遇节假日顺延）代表到点接待企业，听取意见建议",
    "“码上说 马上办”：扫码反映诉求，24小时不打烊",
    "当场能办理的当场办，当场不能办理的交办督办",
    "代表信息、接待流程、工作制度上墙公示",
    "问题办理与代表履职积分考评挂钩",
])
INSPECTIONS = {
    "比亚迪": ("深入比亚迪璧山园区生产车间集中视察", "比亚迪璧山园区生产车间"),
    "青山": ("深入青山工业传动系统生产车间集中视察", "重庆青山工业有限责任公司生产车间"),
}
QIANJIANG_DAYS = [  # (date, enterprises, answered on the spot, notes)
    (dt.date(2025, 3, 18), ["重庆黔江武陵实业有限公司", "重庆黔江正阳食品有限公司"],
     "新增授信申请流程、政府性融资担保费率", "收集融资诉求3条，当场解答2条"),
    (dt.date(2025, 6, 17), ["重庆黔江舟白建材有限公司", "重庆黔江城东物流有限公司"],
     "产业用地“标准地”供地程序", "收集用地诉求2条，交区规划自然资源局办理"),
    (dt.date(2025, 9, 16), ["重庆黔江濯水丝绸有限公司"],
     "出口退税办理时限、外贸综合服务平台使用", "收集外贸诉求2条，当场解答1条"),
]


def _staff(code: str) -> User | None:
    return User.objects.filter(username=f"demo_staff_{code}").first()


def _qinggang_stations() -> list[Station]:
    return list(Station.objects.filter(region__code=QINGGANG, kind="activity_point").order_by("pk"))


def _publish(actor, station, *, since: dt.date, kind="deputy"):
    page = getattr(station, "public_page", None)
    if page is None or not page.is_public:
        services.station_page_save(station=station, actor=actor, is_public=True, rules=RULES_TEXT)
    if not ReceptionRule.objects.filter(station=station, kind=kind).exists():
        services.reception_rule_create(station=station, actor=actor, day=15, start_time=NINE, end_time=ELEVEN,
                                       valid_from=since, kind=kind)


def _reception(actor, station, day: dt.date, *, kind="deputy", officials="") -> Reception:
    found = Reception.objects.filter(station=station, date=day, kind=kind).first()
    if found is not None:
        return found
    deputies = station_deputies(station) if kind == "deputy" else []
    return services.reception_schedule(station=station, actor=actor, date=day, kind=kind, start_time=NINE,
                                       end_time=ELEVEN, officials=officials, deputies=deputies)


def _sign_in(actor, reception, deputies):
    signed = set(reception.duties.filter(signed_in_at__isnull=False).values_list("deputy_id", flat=True))
    for deputy in deputies:
        if deputy is not None and deputy.pk not in signed:
            services.reception_sign_in(reception=reception, actor=actor, deputy=deputy)
            signed.add(deputy.pk)


def _record(actor, reception, *, enterprises, answered, notes):
    if reception.recorded_at is None:
        services.reception_record(reception=reception, actor=actor, version=reception.version, notes=notes,
                                  answered_on_spot=answered, enterprises=enterprises)


def _qinggang(actor) -> str:
    stations = _qinggang_stations()
    cases = list(Case.objects.filter(station__in=stations, source="reception_day").select_related("collected_by")
                 .order_by("submitted_at", "pk"))
    since = min((timezone.localtime(c.submitted_at).date() for c in cases), default=timezone.localdate())
    linked = inspections = 0
    for station in stations:
        _publish(actor, station, since=since.replace(day=1))
        key = "比亚迪" if "比亚迪" in station.name else "青山"
        title, place = INSPECTIONS[key]
        if not Activity.objects.filter(station=station, kind="inspection").exists():
            deputies = station_deputies(station)
            services.activity_create(actor=actor, kind="inspection", title=title, date=since, region=station.region,
                                     station=station, place=place, organiser="区人大青杠街道工委",
                                     deputies=deputies, members=list(station.members.filter(deputy__isnull=True)))
        inspections += 1
    for case in cases:
        reception = _reception(actor, case.station, timezone.localtime(case.submitted_at).date())
        _sign_in(actor, reception, [case.station.head, case.collected_by])
        if not ReceptionDemand.objects.filter(case=case).exists():
            services.reception_demand_link(reception=reception, case=case, actor=actor)
        _record(actor, reception, enterprises=[case.enterprise_name], answered="园区政策咨询当场解答",
                notes=f"接待企业反映“{case.title}”，已录入诉求闭环交办")
        linked += 1
    return f"青杠 {len(stations)} 个活动点公示，接待日收集诉求 {linked} 条，集中视察 {inspections} 次"


def _qianjiang(actor) -> str:
    qj = Region.objects.filter(code=QIANJIANG).first()
    if qj is None:
        return "黔江：无区域，跳过"
    station = Station.objects.filter(region=qj, name="黔江区民营企业人大代表联络站").first()
    if station is None:
        station = registry.station_create(actor=actor, kind="industry_liaison", name="黔江区民营企业人大代表联络站",
                                          host="黔江区工商联", region=qj, reception_day=None)
    _publish(actor, station, since=dt.date(2025, 1, 1), kind="entrepreneur")
    for day, enterprises, answered, notes in QIANJIANG_DAYS:
        reception = _reception(actor, station, day, kind="entrepreneur",
                               officials="区政府主要领导、分管副区长，区经济信息委、区发展改革委、区规划自然资源局负责人")
        _record(actor, reception, enterprises=enterprises, answered=answered, notes=notes)
    return f"黔江企业家接待日 {len(QIANJIANG_DAYS)} 次"


def build() -> str:
    parts = []
    bishan = _staff("500120")
    parts.append(_qinggang(bishan) if bishan else "璧山：无工作人员账号，跳过")
    parts.append(duties_contacts.build(bishan, _qinggang_stations()))
    qianjiang = _staff(QIANJIANG)
    parts.append(_qianjiang(qianjiang) if qianjiang else "黔江：无工作人员账号，跳过")
    return "；".join(parts)
