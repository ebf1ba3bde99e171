"""Demo cases (诉求闭环) from the seeds, driven through the real services. Runs last.

What it builds (deterministic: random.Random with fixed seeds), one module per area:
- beibei: 北碚 智能网联新能源汽摩产业链 (seed 000): the 35 break/bottleneck problems (断点堵点) raised
  in the "进车间、访企业、助发展" campaign from February 2025 and all closed by April 2025 — "35个难题清零";
  乾凤锻造's gas-line case among them, answered by 区经济信息委 in under a week. No other chain case
  is submitted in 2025, so the rates page for the chain and 2025 shows exactly 35 closed. Then a
  rolling year of 北碚 cases up to today (about 330, from 2026-01-05 at the earliest) at the chain's
  stations and from visits, reception days and the hotline, in every status and light, with
  extensions, pauses, reopens, merges, rejections and no-response closes.
- bishan: 璧山 (seed 001), the two activity points' 7 demands, 6 solved.
- dongguan: 东莞 (seed 003), cases from the 15 营商环境监测点.
- qianjiang: 黔江区 (seed 004), 200 rated cases, "解决重大问题191个、满意率达99.5%".
Then one supervision sweep, so the inboxes hold today's yellow and red notices.

Every step goes through the case services on its own (travelled-to) day: see life.py.
Idempotent: if the first 北碚 case exists, nothing is built again.
"""

from __future__ import annotations

import random

from shuanglian.cases import clock
from shuanglian.cases.models import Case
from shuanglian.cases.supervision import supervision_sweep
from shuanglian.chains.models import Chain, Enterprise
from shuanglian.demo.chains import BEIBEI_CHAIN
from shuanglian.demo.foundation import region
from shuanglian.deputies.models import StationKind

from . import beibei, bishan, dongguan, qianjiang
from .life import People, find_station
from .topics import MARKER_TITLE


def build() -> str:
    if Case.objects.filter(title=MARKER_TITLE).exists():
        return f"已存在，未重复创建（共 {Case.objects.count()} 件诉求）"
    today = clock.today()
    people = People()
    beibei_chain = Chain.objects.get(name=BEIBEI_CHAIN, region__code="500109")
    enterprises = list(
        Enterprise.objects.filter(nodes__chain=beibei_chain, uscc__isnull=False).distinct()
        .select_related("region").prefetch_related("nodes").order_by("pk")
    )
    caijia, tongjia = region("500109007"), region("500109101")
    stations = [
        find_station(StationKind.ACTIVITY_POINT, "千里科技人大代表活动点", caijia),
        find_station(StationKind.ACTIVITY_POINT, "睿蓝汽车人大代表活动点", caijia),
        find_station(StationKind.INDUSTRY_LIAISON, "汽摩产业人大代表联络站", tongjia),
    ]
    n35 = beibei.build_2025(random.Random(2025), people, beibei_chain, enterprises, today)
    year = beibei.build_year(random.Random(109), people, beibei_chain, enterprises, stations, today)
    n_bishan = bishan.build(random.Random(120), people, today)
    n_dongguan = dongguan.build(random.Random(441900), people, today)
    n_qianjiang = qianjiang.build(random.Random(500114), people, today)
    sweep = supervision_sweep(on=today)
    return (f"北碚 2025年断点堵点诉求 {n35} 件（全部销号），近一年诉求 {year} 件；璧山活动点 {n_bishan} 件；"
            f"东莞监测点 {n_dongguan} 件；黔江 {n_qianjiang} 件；督办通知 {sweep.total} 条")
