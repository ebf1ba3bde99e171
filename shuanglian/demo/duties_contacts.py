"""联系包挂 in the demo, through the duties services (run by demo.duties after the 青杠 walls).

- Seed 001 (璧山区青杠街道): the deputies of the two activity points keep in touch with the key
  enterprises (链主, 规上, 专精特新) of the 智能网联新能源汽车 chain — 20+ of them, in mixed
  groups; 刘波 and 赵德明 with 青山工业, where 刘波 works. Two 走访 a month ago by each point's
  deputies visited about two thirds of them, so the coverage page shows both lists and the
  sweep reminds the deputies of the rest.
- Seed 000 (北碚区): 周宗成 with 千里科技 (his firm), 何建平 with 睿蓝, 唐晓梅 with 乾凤锻造.

Idempotent: an existing current link is kept (contact_link_create returns it); a 走访 is looked
up by its title first. A rerun changes nothing.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from shuanglian.chains.models import Chain, Enterprise, key_enterprise_q
from shuanglian.core.models import User
from shuanglian.demo.chains import BISHAN_CHAIN
from shuanglian.deputies.models import Deputy, Station
from shuanglian.duties import services
from shuanglian.duties.contacts import contact_link_create
from shuanglian.duties.models import Activity
from shuanglian.duties.selectors import station_deputies
from shuanglian.lib.workdays import months_later

QINGSHAN = "重庆青山工业有限责任公司"
BEIBEI_CONTACTS = [  # (enterprise, deputies) — each deputy with the firm they work in or next to
    ("重庆千里科技股份有限公司", ["周宗成"]),
    ("睿蓝汽车（重庆）有限公司", ["何建平"]),
    ("重庆市乾凤锻造有限公司", ["唐晓梅"]),
]


def _link(actor, deputy, enterprise, since) -> int:
    _, created = contact_link_create(actor=actor, deputy=deputy, enterprise=enterprise, started_on=since)
    return int(created)


def _visit(actor, station, enterprises, day):
    title = f"{station.name}代表走访包挂企业"
    if enterprises and not Activity.objects.filter(station=station, kind="visit", title=title).exists():
        services.activity_create(actor=actor, kind="visit", title=title, date=day, region=station.region,
                                 station=station, organiser="区人大青杠街道工委", deputies=station_deputies(station),
                                 enterprises=enterprises)


def qinggang(actor, stations: list[Station]) -> str:
    chain = Chain.objects.filter(name=BISHAN_CHAIN, region__code="500120").first()
    if chain is None or not stations:
        return "联系包挂：无璧山产业链，跳过"
    today = timezone.localdate()
    since = months_later(today, -6)
    keys = list(Enterprise.objects.filter(key_enterprise_q(), nodes__chain=chain).distinct().order_by("name", "pk"))
    groups = [(s, station_deputies(s)) for s in stations]
    made = linked = 0
    visits: dict[int, list] = {s.pk: [] for s in stations}
    for i, enterprise in enumerate(keys):
        station, deputies = groups[i % len(groups)]
        if enterprise.name == QINGSHAN:
            station, deputies = next(((s, d) for s, d in groups if "青山" in s.name), groups[0])
            chosen = [d for d in deputies if d.name in ("刘波", "赵德明")] or deputies[:1]
        else:  # mixed groups: the head and one posted deputy in turn
            posted = deputies[1:] or deputies
            chosen = [deputies[0], posted[(i // len(groups)) % len(posted)]] if i % 3 == 0 else [posted[i % len(posted)]]
        for deputy in dict.fromkeys(chosen):
            made += _link(actor, deputy, enterprise, since)
        linked += 1
        if i % 3 != 2:
            visits[station.pk].append(enterprise)
    for station in stations:
        _visit(actor, station, visits[station.pk], today - dt.timedelta(days=30))
    return f"青杠联系包挂 {linked} 家重点企业（新登记 {made} 条）"


def beibei(actor) -> str:
    made = 0
    since = months_later(timezone.localdate(), -6)
    for enterprise_name, names in BEIBEI_CONTACTS:
        enterprise = Enterprise.objects.filter(name=enterprise_name).first()
        if enterprise is None:
            continue
        for name in names:
            deputy = Deputy.objects.filter(name=name, region__code__startswith="500109").first()
            if deputy is not None:
                made += _link(actor, deputy, enterprise, since)
    return f"北碚联系包挂新登记 {made} 条"


def build(bishan_staff, stations) -> str:
    parts = [qinggang(bishan_staff, stations) if bishan_staff else "璧山：无工作人员账号，跳过联系包挂"]
    staff = User.objects.filter(username="demo_staff").first()
    parts.append(beibei(staff) if staff else "北碚：无工作人员账号，跳过联系包挂")
    return "；".join(parts)
