"""Deputies' suggestions from the seeds, through the suggestions services. Runs after duties.

- Seed 001 (璧山区青杠街道): 8 suggestions of the two activity points' deputies; the seed names
  three — 刘波《关于支持璧山区打造智能网联新能源汽车控制器百亿级产业基地的建议》, 饶静《关于加快
  “充储泊配”设施建设的建议》《关于推进渝西片区交通互联互通一体化发展的建议》; the other five titles
  are invented for the demo, on the same chain. Each comes from its point's 集中视察 (the duties
  demo's activity) and is followed through assignment, answer (B and C with commitments), rating,
  one 重办, one closed unrated — so every light and figure has something to show.
- Seed 003 (东莞): the liaison stations' suggestions that went to the city, “加快‘链主’企业政策
  兑现” and “优化惠企平台”; the seed names no deputy, so two are invented (marked 演示).

Dates are back-dated through the services' `on=` (the step's day); answers and ratings are
recorded by staff from the paper letters and 征询意见表, as many offices do. Idempotent: a
suggestion with the same title and lead deputy is left alone.
"""

from __future__ import annotations

import datetime as dt

from shuanglian.deputies import services as registry
from shuanglian.deputies.models import Deputy
from shuanglian.duties.models import Activity
from shuanglian.regions.models import Department, Region
from shuanglian.suggestions import services, services_handling
from shuanglian.suggestions.models import Suggestion

from .cases.life import People
from .foundation import region

D = dt.date
# (lead deputy, co-signers, title, units (lead, co…), complex, timeline)
# timeline steps: ("submit", day) ("assign", day) ("answer", day, category, commitments) ("rate", day, rating)
#                 ("deliver", day) ("close", day)
QINGGANG = [
    ("刘波", ["赵德明"], "关于支持璧山区打造智能网联新能源汽车控制器百亿级产业基地的建议",
     ["璧山区经济信息委", "璧山区发改委"], False,
     [("submit", D(2026, 1, 20)), ("assign", D(2026, 1, 23)), ("answer", D(2026, 4, 10), "A", []),
      ("rate", D(2026, 4, 20), "satisfied")]),
    ("饶静", ["陈一鸣", "王蓉"], "关于加快“充储泊配”设施建设的建议", ["璧山区发改委", "青杠街道办事处"], False,
     [("submit", D(2026, 1, 28)), ("assign", D(2026, 2, 3)),
      ("answer", D(2026, 4, 28), "B", [("2026年底前在青杠片区建成充储泊配一体站10座", D(2026, 12, 31))]),
      ("rate", D(2026, 5, 8), "basically_satisfied")]),
    ("饶静", ["李春华"], "关于推进渝西片区交通互联互通一体化发展的建议", ["璧山区发改委"], True,
     [("submit", D(2026, 1, 28)), ("assign", D(2026, 2, 3)),
      ("answer", D(2026, 7, 20), "C", [("将璧山至铜梁快速通道纳入2027年渝西交通一体化项目库", D(2027, 6, 30))]),
      ("rate", D(2026, 7, 30), "unsatisfied"),
      ("answer", D(2026, 9, 25), "C", [("2027年上半年完成璧山至铜梁快速通道工程可行性研究", D(2027, 6, 30))]),
      ("rate", D(2026, 10, 12), "basically_satisfied")]),
    ("陈一鸣", [], "关于加大新能源汽车控制器企业研发投入补助力度的建议", ["璧山区经济信息委"], False,
     [("submit", D(2026, 2, 26)), ("assign", D(2026, 3, 2)), ("answer", D(2026, 5, 20), "A", []),
      ("rate", D(2026, 6, 1), "satisfied")]),
    ("王蓉", ["杨秀英"], "关于完善青杠片区动力电池回收利用体系的建议", ["璧山区经济信息委"], False,
     [("submit", D(2026, 3, 16)), ("assign", D(2026, 3, 19)),
      ("answer", D(2026, 6, 12), "B", [("2026年10月底前建成青杠片区动力电池回收网点", D(2026, 10, 31))]),
      ("rate", D(2026, 6, 22), "satisfied"), ("deliver", D(2026, 10, 28))]),
    ("李春华", [], "关于加强汽车线束产业技能人才培养的建议", ["璧山区经济信息委"], False,
     [("submit", D(2026, 4, 15)), ("assign", D(2026, 4, 20)), ("answer", D(2026, 7, 10), "D", []),
      ("close", D(2026, 9, 1))]),
    ("赵德明", ["张宏"], "关于优化青杠工业园区货车通行管理的建议", ["青杠街道办事处"], False,
     [("submit", D(2026, 10, 12)), ("assign", D(2026, 10, 15))]),
    ("杨秀英", [], "关于支持模具企业数字化改造的建议", [], False, [("submit", D(2026, 11, 27))]),
]
DONGGUAN = [  # (invented deputy, region code, station trade, title, unit, timeline)
    ("叶志强", "441900101", "毛织", "关于加快“链主”企业政策兑现的建议", "东莞市工业和信息化局",
     [("submit", D(2026, 3, 10)), ("assign", D(2026, 3, 13)), ("answer", D(2026, 6, 5), "A", []),
      ("rate", D(2026, 6, 15), "satisfied")]),
    ("陈丽萍", "441900102", "服装", "关于优化惠企平台的建议", "东莞市商务局",
     [("submit", D(2026, 3, 10)), ("assign", D(2026, 3, 13)),
      ("answer", D(2026, 6, 10), "B", [("2026年底前惠企平台实现政策“免申即享”", D(2026, 12, 31))]),
      ("rate", D(2026, 6, 20), "basically_satisfied")]),
]


def _follow(s, staff, steps, units, complex_=False):
    for step in steps:
        name, day = step[0], step[1]
        if name == "submit":
            s = services.suggestion_submit(suggestion=s, actor=staff, on=day)
        elif name == "assign":
            s = services.suggestion_assign(suggestion=s, actor=staff, lead_unit=units[0], co_units=units[1:],
                                           complex=complex_, on=day)
        elif name == "answer":
            s = services_handling.suggestion_answer(
                suggestion=s, actor=staff, category=step[2], on=day,
                content=f"{s.lead_unit.name}答复：已认真研究，{dict(A='所提建议已采纳并落实', B='正在推进解决', C='已列入计划逐步解决', D='受条件限制暂留作参考')[step[2]]}。",
                commitments=[{"content": text, "due": due} for text, due in step[3]])
        elif name == "rate":
            s = services_handling.suggestion_rate(suggestion=s, actor=staff, rating=step[2], on=day)
        elif name == "deliver":
            for c in s.commitments.filter(status="open"):
                services_handling.commitment_deliver(commitment=c, actor=staff, note="已按承诺完成。", on=day)
        elif name == "close":
            s = services_handling.suggestion_close(suggestion=s, actor=staff, on=day)
    return s


def _source(deputy) -> Activity | None:
    """The 集中视察 of the point the deputy belongs to (the duties demo's)."""
    return (Activity.objects.filter(kind="inspection", station__members__deputy=deputy).first()
            or Activity.objects.filter(kind="inspection", station__head=deputy).first())


def _qinggang(people) -> int:
    staff = people.staff_of("500120", "璧山区")
    bishan = Region.objects.get(code="500120")
    made = 0
    for lead_name, co_names, title, unit_names, complex_, steps in QINGGANG:
        lead = Deputy.objects.get(name=lead_name, region__path__startswith=bishan.path)
        if Suggestion.objects.filter(title=title, lead_deputy=lead).exists():
            continue
        co = list(Deputy.objects.filter(name__in=co_names, region__path__startswith=bishan.path))
        s = services.suggestion_create(actor=staff, title=title, lead_deputy=lead, co_signers=co,
                                       reasons=f"{lead.employer}等企业反映：{title[2:-3]}方面存在短板，制约产业链发展。",
                                       proposals=f"建议区级相关部门研究出台{title[2:-3]}的具体措施，明确责任和时限。",
                                       source_activity=_source(lead))
        units = [Department.objects.get(name=n, region__code="500120") for n in unit_names]
        _follow(s, staff, steps, units, complex_)
        made += 1
    return made


def _dongguan(people) -> int:
    staff = people.staff_of("441900", "东莞市")
    made = 0
    for name, code, trade, title, unit_name, steps in DONGGUAN:
        place = region(code)
        lead = (Deputy.objects.filter(name=name, region=place).first()
                or registry.deputy_create(actor=staff, name=name, level="city", region=place, sector="企业界",
                                          employer=f"东莞{trade}行业企业（演示）"))
        if Suggestion.objects.filter(title=title, lead_deputy=lead).exists():
            continue
        s = services.suggestion_create(actor=staff, title=title, lead_deputy=lead,
                                       reasons=f"{trade}行业人大代表联络站收集企业意见：{title[2:-3]}。",
                                       proposals="建议市级部门简化流程、压缩时限，并定期公开进度。")
        _follow(s, staff, steps, [Department.objects.get(name=unit_name, region__code="441900")])
        made += 1
    return made


def build() -> str:
    people = People()
    qinggang = _qinggang(people)
    dongguan = _dongguan(people)
    return f"青杠代表建议 {qinggang} 件，东莞联络站建议 {dongguan} 件（已有的不重复创建）"
