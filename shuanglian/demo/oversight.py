"""The committee's oversight in 北碚区 (seeds 000 and 002), written through the oversight services
with the district's demo staff as actor:

- the 2025 work plan: 29 oversight items, 10 of them linked to the 智能网联新能源汽摩产业链 — the
  board counts "10 for industry" from those links, nobody types it;
- 19 deliberation opinions over 2023–2025, among them the special deliberation on major projects
  (8月22日 2023) with 六类21条建议 and 四类26条问题清单, its plan and report, a passed vote and a
  回头看; the others in every state, the open ones on live clocks relative to today;
- 26 oversight topics over 2023–2025 (seed 000: "三年来开展监督议题26个，形成审议意见19份"): each
  opinion under the topic it came from, seven topics closed with a report or an inquiry only.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from shuanglian.chains.models import Chain
from shuanglian.core.models import User
from shuanglian.oversight import services, services_topics
from shuanglian.oversight.models import Opinion, Topic, WorkPlan
from shuanglian.regions import services as region_services
from shuanglian.regions.models import Department, Region

# (kind, subject, lead office, month, linked to the chain)
PLAN_2025 = [
    ("other", "创新“人大+”监督方式，完善闭环落实机制，确保企业诉求建议闭环管理、逐一销号、跟踪问效", "代表工委", 2, True),
    ("report", "听取全区现代制造业发展情况报告，助力推进“产业强区”", "财经委", 4, True),
    ("inspection", "监督推动深化营商环境创新试点", "财经委", 5, True),
    ("report", "听取审议智能网联新能源汽摩产业链“链长制”工作推进情况报告", "财经委", 6, True),
    ("research", "专题调研民营经济综合改革示范试点推进情况", "财经委", 3, True),
    ("report", "听取审议“招商突破年”专项行动推进情况报告", "财经委", 7, True),
    ("inspection", "专题视察重大项目建设和产业升级行动情况", "城环建委", 8, True),
    ("research", "专题调研科技创新和成果转化工作", "教科文卫工委", 9, True),
    ("inquiry", "专题询问涉企服务和要素保障工作", "财经委", 10, True),
    ("satisfaction", "对涉企部门开展优化营商环境满意度测评", "财经委", 11, True),
    ("report", "听取审议2024年决算和2025年上半年预算执行情况报告", "预算工委", 6, False),
    ("report", "听取审议2024年度审计工作报告和审计查出问题整改情况报告", "预算工委", 8, False),
    ("report", "听取审议国有资产管理情况综合报告", "预算工委", 10, False),
    ("report", "听取审议国民经济和社会发展计划执行情况报告", "财经委", 8, False),
    ("law_enforcement", "开展《中华人民共和国安全生产法》执法检查", "监察司法工委", 5, False),
    ("law_enforcement", "开展《重庆市优化营商环境条例》执法检查", "监察司法工委", 9, False),
    ("report", "听取审议区法院优化法治化营商环境专项工作报告", "监察司法工委", 6, False),
    ("report", "听取审议区检察院公益诉讼工作情况报告", "监察司法工委", 9, False),
    ("report", "听取审议缙云山综合提升工作情况报告", "城环建委", 4, False),
    ("inspection", "专题视察嘉陵江流域生态环境保护工作", "城环建委", 7, False),
    ("report", "听取审议城市更新工作情况报告", "城环建委", 10, False),
    ("report", "听取审议养老服务体系建设情况报告", "社会建设工委", 5, False),
    ("research", "专题调研义务教育优质均衡发展工作", "教科文卫工委", 4, False),
    ("report", "听取审议基层医疗卫生服务能力建设情况报告", "教科文卫工委", 11, False),
    ("inspection", "专题视察农村人居环境整治工作", "农业农村工委", 6, False),
    ("report", "听取审议乡村振兴重点工作推进情况报告", "农业农村工委", 9, False),
    ("research", "专题调研区镇两级人大代表履职工作", "代表工委", 3, False),
    ("satisfaction", "对区政府组成部门开展工作评议", "代表工委", 12, False),
    ("report", "听取审议民生实事项目实施情况报告", "社会建设工委", 12, False),
]

SUGGESTION_CLASSES = [  # 六类21条
    ("强化项目谋划储备", ["围绕汽摩产业链缺失环节谋划一批补链项目", "建立重大项目储备库动态更新机制",
                  "提前开展前期工作，提高项目成熟度", "加强与市级部门对接争取政策和资金支持"]),
    ("加快项目落地建设", ["实行重大项目“一项目一专班”推进", "压缩签约到开工的时限",
                  "对停缓建项目逐一会诊，分类处置", "按月通报项目进度，落后项目挂牌督办"]),
    ("强化要素保障", ["优先保障重点项目用地指标", "拓宽项目融资渠道，发挥政府产业基金作用",
                "加强产业工人招引和技能培训", "保障重点企业用电用气需求"]),
    ("优化营商环境", ["推行重大项目审批“容缺受理”和并联审批", "落实惠企政策“免申即享”",
                "建立涉企问题闭环办理机制"]),
    ("推动产业转型升级", ["支持传统汽摩企业智能化改造和数字化转型", "培育专精特新企业梯队",
                  "推动链主企业带动本地配套"]),
    ("健全工作推进机制", ["完善重大项目考核评价办法", "发挥人大代表在项目监督中的作用",
                  "定期向区人大常委会报告项目推进情况"]),
]
PROBLEM_CLASSES = [  # 四类26条
    ("项目谋划储备不足", 7), ("项目推进不够快", 7), ("要素保障不够有力", 6), ("产业结构不够优", 6),
]
PROBLEM_TEXT = {
    "项目谋划储备不足": "储备项目中产业类项目占比偏低，部分项目前期工作深度不够",
    "项目推进不够快": "部分签约项目未能按期开工，个别项目建设进度滞后于计划",
    "要素保障不够有力": "工业用地供应与项目需求不匹配，融资难融资贵问题仍然存在",
    "产业结构不够优": "传统燃油汽摩零部件占比高，新能源核心零部件本地配套不足",
}

# 18 more opinions (title, body, adopted, how far it has gone). With the major projects one: 19.
OTHERS = [
    ("关于全区现代制造业发展情况的审议意见", "区人民政府", dt.date(2025, 4, 24), "satisfied"),
    ("关于区法院优化法治化营商环境工作情况的审议意见", "区人民法院", dt.date(2025, 6, 26), "satisfied"),
    ("关于智能网联新能源汽摩产业链“链长制”工作的审议意见", "区人民政府", dt.date(2025, 6, 26), "satisfied"),
    ("关于“招商突破年”专项行动推进情况的审议意见", "区人民政府", dt.date(2025, 7, 30), "satisfied"),
    ("关于2024年度审计查出问题整改情况的审议意见", "区人民政府", dt.date(2025, 8, 28), "satisfied"),
    ("关于国有资产管理情况的审议意见", "区人民政府", dt.date(2025, 10, 30), "satisfied"),
    ("关于缙云山综合提升工作情况的审议意见", "区人民政府", dt.date(2025, 4, 24), "satisfied"),
    ("关于养老服务体系建设情况的审议意见", "区人民政府", dt.date(2024, 5, 30), "satisfied"),
    ("关于民营经济发展情况的审议意见", "区人民政府", dt.date(2024, 6, 27), "satisfied"),
    ("关于科技创新工作情况的审议意见", "区人民政府", dt.date(2024, 9, 26), "satisfied"),
    ("关于优化营商环境工作情况的审议意见", "区人民政府", dt.date(2024, 10, 31), "satisfied"),
    ("关于城市更新工作情况的审议意见", "区人民政府", dt.date(2023, 10, 26), "satisfied"),
    ("关于乡村振兴重点工作推进情况的审议意见", "区人民政府", dt.date(2023, 9, 21), "satisfied"),
    ("关于基层医疗卫生服务能力建设情况的审议意见", "区人民政府", None, "rereport"),
    ("关于义务教育优质均衡发展工作的审议意见", "区人民政府", None, "reported"),
    ("关于区检察院公益诉讼工作情况的审议意见", "区人民检察院", None, "planned"),
    ("关于涉企服务和要素保障工作的审议意见", "区人民政府", None, "transferred"),
    ("关于民生实事项目实施情况的审议意见", "区人民政府", None, "adopted"),
]
MAJOR = "关于加快重大项目建设实施产业升级行动情况的审议意见"
# Topics that ended with a report heard or an inquiry, no opinion (year, title, material kind).
TOPICS_WITHOUT_OPINION = [
    (2023, "全区“十四五”规划纲要实施中期评估", "work_report"),
    (2023, "专题询问：企业用地保障", "inquiry"),
    (2024, "民营企业融资难融资贵问题专题调研", "research"),
    (2024, "专题询问：涉企行政检查", "inquiry"),
    (2025, "智能网联新能源汽车产业链补链强链专题调研", "research"),
    (2025, "重点产业项目“回头看”专题视察", "inspection"),
    (2025, "专题询问：政务服务“一件事一次办”", "inquiry"),
]


def _department(actor, region, name):
    found = Department.objects.filter(region=region, name=name).first()
    return found or region_services.department_create(actor=actor, name=name, region=region)


def _plan(actor, region, chain):
    if WorkPlan.objects.filter(region=region, year=2025).exists():
        return
    plan = services.plan_create(actor=actor, region=region, year=2025, title="北碚区人大常委会2025年监督工作计划")
    today = timezone.localdate()
    for kind, subject, office, month, industry in PLAN_2025:
        item = services.plan_item_create(actor=actor, plan=plan, kind=kind, subject=subject, lead_office=office,
                                         planned_month=month, chains=[chain] if industry and chain else [])
        done = dt.date(2025, month, 28) < today
        if done:
            services.plan_item_update(actor=actor, item=item, status="done")


def _votes(members, passed):
    present = members - 3
    if passed:
        return {"members": members, "present": present, "satisfied": members // 2 + 4,
                "basically_satisfied": present - members // 2 - 5, "unsatisfied": 1}
    return {"members": members, "present": present, "satisfied": members // 2 - 3,
            "basically_satisfied": 8, "unsatisfied": present - members // 2 + 3 - 8}


def _follow(op, actor, adopted, until):
    """Take an opinion from draft to `until`, step by step through the services."""
    steps = ["adopted", "transferred", "planned", "reported", "rereport", "satisfied"]
    stop = steps.index(until)
    op = services.opinion_adopt(opinion=op, actor=actor, adopted_on=adopted)
    if stop >= 1:
        op = services.opinion_transfer(opinion=op, actor=actor, transferred_on=adopted + dt.timedelta(days=5))
    if stop >= 2:
        op = services.opinion_submit_plan(opinion=op, actor=actor, received_on=adopted + dt.timedelta(days=40),
                                          content=f"{op.body.name}关于{op.title[2:-5]}的办理方案（已按条目明确责任单位和完成时限）。")
    if stop >= 2:
        for item in op.items.order_by("category", "number"):
            services.opinion_item_respond(item=item, actor=actor, status="done" if item.number % 5 else "in_progress",
                                          response="已按办理方案落实，明确了责任单位和完成时限。")
    if stop >= 3:
        op = services.opinion_report(opinion=op, actor=actor, received_on=adopted + dt.timedelta(days=80),
                                     content=f"{op.body.name}关于{op.title[2:-5]}办理情况的报告。")
    if stop == 4:
        services.opinion_vote(opinion=op, actor=actor, held_on=adopted + dt.timedelta(days=85), **_votes(31, False))
    if stop == 5:
        services.opinion_vote(opinion=op, actor=actor, held_on=adopted + dt.timedelta(days=85), **_votes(31, True))


def _major(actor, region, gov):
    op = services.opinion_create(
        actor=actor, region=region, title=MAJOR, body=gov, report_months=3,
        summary="区十九届人大专题审议会议（2023年8月22日）听取和审议了区政府关于加快重大项目建设实施产业升级行动情况的报告，"
                "针对项目推进、产业转型等环节，梳理出六类21条建议，列出四类26条问题清单。",
    )
    for group, texts in SUGGESTION_CLASSES:
        for text in texts:
            services.opinion_item_add(actor=actor, opinion=op, category="suggestion", group=group, content=text)
    for group, count in PROBLEM_CLASSES:
        for k in range(count):
            services.opinion_item_add(actor=actor, opinion=op, category="problem", group=group,
                                      content=f"{PROBLEM_TEXT[group]}（第{k + 1}项）")
    _follow(op, actor, dt.date(2023, 8, 25), "satisfied")
    op.refresh_from_db()
    items = list(op.items.order_by("category", "number"))
    services.review_record(
        opinion=op, actor=actor, held_on=dt.date(2024, 5, 16), summary="重点整改回头看：多数问题整改到位，用地和融资问题仍需持续推动。",
        findings=[{"item": i, "holds": i.status == "done", "note": "" if i.status == "done" else "仍在推进"}
                  for i in items if i.category == "problem"],
    )


def _topics(actor, region):
    """Every opinion under its topic (the year it was taken up), and the topics that produced none."""
    for op in Opinion.objects.filter(region=region).order_by("pk"):
        year = min(op.adopted_on.year, 2025) if op.adopted_on else 2025
        topic = services_topics.topic_create(actor=actor, region=region, year=year, title=op.title[2:-5])
        services_topics.topic_link(actor=actor, topic=topic, opinion=op)
    for year, title, kind in TOPICS_WITHOUT_OPINION:
        topic = services_topics.topic_create(actor=actor, region=region, year=year, title=title)
        services_topics.topic_material_add(actor=actor, topic=topic, kind=kind, title=f"{title}情况报告",
                                           received_on=dt.date(year, 11, 20))


def build() -> str:
    region = Region.objects.get(code="500109")
    actor = User.objects.get(username="demo_staff")
    admin = User.objects.get(username="demo_admin")
    chain = Chain.objects.filter(region=region, name__contains="汽摩").first()
    _plan(actor, region, chain)
    if not Opinion.objects.filter(region=region, title=MAJOR).exists():
        bodies = {name: _department(admin, region, name) for name in ("区人民政府", "区人民法院", "区人民检察院")}
        _major(actor, region, bodies["区人民政府"])
        today = timezone.localdate()
        for k, (title, body, adopted, until) in enumerate(OTHERS):
            op = services.opinion_create(actor=actor, region=region, title=title, body=bodies[body])
            for n in range(3 + k % 4):
                services.opinion_item_add(actor=actor, opinion=op, category="suggestion" if n % 3 else "problem",
                                          group="工作建议" if n % 3 else "存在问题", content=f"{title[2:-5]}：第{n + 1}条")
            # The open ones run on live clocks: adopted so that some are green, some yellow, one red.
            start = adopted or today - dt.timedelta(days={"rereport": 150, "reported": 100, "planned": 95,
                                                         "transferred": 60, "adopted": 9}[until])
            _follow(op, actor, start, until)
        for op in Opinion.objects.filter(region=region, status="satisfied"):
            services.opinion_publish(opinion=op, actor=actor)  # public once the vote closed them
    if not Topic.objects.filter(region=region).exists():
        _topics(actor, region)
    plan = WorkPlan.objects.get(region=region, year=2025)
    industry = plan.items.filter(chains__isnull=False).distinct().count()
    return (f"2025年监督工作计划 {plan.items.count()} 项（服务产业 {industry} 项），"
            f"监督议题 {Topic.objects.filter(region=region).count()} 个，"
            f"审议意见 {Opinion.objects.filter(region=region).count()} 份")
