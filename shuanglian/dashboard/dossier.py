"""A deputy's yearly 履职档案 (issue 7 item 5): one builder for the page staff and the deputy read
and for the Word document (GB/T 9704 layout, lib/docx), so the two show the same figures. Basic
data; reception days attended; activities attended by kind (meetings, inspections, research,
training, visits …); the enterprises linked (联系包挂); the suggestions led and their answers;
reports to voters (向选民述职); points by rule. Built from the same selectors as the public record (duties.records,
suggestions.selectors, points.selectors) — with what only staff and the deputy may read."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from shuanglian.deputies.models import Deputy
from shuanglian.duties import records
from shuanglian.duties.voter_reports import voter_reports_in
from shuanglian.lib import docx as d
from shuanglian.points.periods import year_quarters
from shuanglian.points.selectors import entry_list
from shuanglian.points.services import fmt
from shuanglian.suggestions.models import AnswerCategory
from shuanglian.suggestions.selectors import standing_suggestions

from .deputy_record import public_stations


@dataclass
class Dossier:
    deputy: Deputy
    year: int
    stations: list
    receptions: list
    activities: list
    activity_counts: list[dict]
    links: list
    suggestions: list
    voter_reports: list = field(default_factory=list)
    points_by_rule: list[dict] = field(default_factory=list)

    @property
    def visits(self) -> int:
        return next(c["count"] for c in self.activity_counts if c["kind"] == "visit")

    @property
    def answered_a(self) -> int:
        return sum(1 for s in self.suggestions if s.answer_category == AnswerCategory.A)

    @property
    def points_total(self) -> str:
        return fmt(sum((Decimal(r["raw"]) for r in self.points_by_rule), Decimal(0)))

    def figures(self) -> list[tuple[str, str]]:
        """The year's figures, in the order the page and the document show them."""
        return [("参加接待日", f"{len(self.receptions)}次"), ("参加履职活动", f"{len(self.activities)}次"),
                ("走访企业", f"{self.visits}次"), ("联系包挂企业", f"{len(self.links)}家"),
                ("领衔提出建议", f"{len(self.suggestions)}件"), ("答复为A类", f"{self.answered_a}件"),
                ("向选民述职", f"{len(self.voter_reports)}次"), ("履职积分", f"{self.points_total}分")]


def _points_by_rule(deputy, year: int) -> list[dict]:
    rows: OrderedDict[str, dict] = OrderedDict()
    for e in sorted(entry_list(deputy, year_quarters(year)), key=lambda e: (e.rule.pk, e.pk)):
        row = rows.setdefault(e.rule.code, {"rule": e.rule.name, "category": e.rule.get_category_display(),
                                            "count": 0, "raw": Decimal(0)})
        row["count"] += 1
        row["raw"] += e.points
    for row in rows.values():
        row["points"] = fmt(row["raw"])
    return list(rows.values())


def dossier(deputy: Deputy, year: int) -> Dossier:
    suggestions = (standing_suggestions().filter(lead_deputy=deputy, submitted_on__year=year)
                   .select_related("lead_unit").order_by("submitted_on", "pk"))
    return Dossier(
        deputy=deputy, year=year, stations=public_stations(deputy),
        receptions=list(records.receptions_attended(deputy, year)),
        activities=list(records.activities_attended(deputy, year)),
        activity_counts=records.activity_counts(deputy, year),
        links=list(records.contact_links_in(deputy, year)),
        suggestions=list(suggestions), voter_reports=list(voter_reports_in(deputy, year)),
        points_by_rule=_points_by_rule(deputy, year),
    )


def dossier_document(x: Dossier):
    deputy = x.deputy
    doc = d.new_document()
    d.title(doc, f"{deputy.name}代表{x.year}年度履职档案")
    d.heading(doc, "一、基本情况")
    d.kv_table(doc, [
        ("姓名", deputy.name), ("层级", f"{deputy.get_level_display()}级人大代表"), ("选区所属区域", deputy.region.name),
        ("界别", deputy.sector or "—"), ("工作单位及职务", deputy.employer or "—"),
        ("所在履职阵地", "、".join(s.name for s in x.stations) or "—"),
    ])
    d.heading(doc, "二、年度履职概况")
    d.table(doc, [["项目", "数量"], *[[k, v] for k, v in x.figures()]], header=True, widths_mm=(80, 76))
    d.heading(doc, "三、参加接待日")
    d.table(doc, [["日期", "阵地", "类型"], *[[d.cn_date(r.date), r.station.name, r.get_kind_display()]
                                          for r in x.receptions]] if x.receptions else [["本年度未参加接待日"]],
            header=bool(x.receptions))
    d.heading(doc, "四、参加履职活动")
    d.paragraph(doc, "；".join(f"{c['label']}{c['count']}次" for c in x.activity_counts if c["count"]) or "本年度无记录。")
    if x.activities:
        d.table(doc, [["日期", "类型", "主题"], *[[d.cn_date(a.date), a.get_kind_display(), a.title] for a in x.activities]],
                header=True, widths_mm=(36, 24, 96))
    d.heading(doc, "五、联系包挂企业")
    if x.links:
        d.table(doc, [["企业", "包挂起始", "包挂结束"], *[[k.enterprise.name, d.cn_date(k.started_on),
                                                   d.cn_date(k.ended_on) if k.ended_on else "至今"] for k in x.links]],
                header=True, widths_mm=(80, 38, 38))
    else:
        d.paragraph(doc, "本年度无联系包挂企业。")
    d.heading(doc, "六、提出建议及办理结果")
    if x.suggestions:
        d.table(doc, [["编号", "建议", "状态", "答复类别", "代表评价"], *[
            [s.number, s.display_title, s.get_status_display(), s.answer_category or "—", s.get_rating_display() or "—"]
            for s in x.suggestions]], header=True, widths_mm=(22, 70, 28, 18, 18))
        for s in x.suggestions:
            if s.answer_content:
                d.paragraph(doc, s.answer_content, bold_lead=f"{s.display_title}的答复（{s.answer_category}类）：")
    else:
        d.paragraph(doc, "本年度未领衔提出建议。")
    d.heading(doc, "七、向选民述职")
    if x.voter_reports:
        d.table(doc, [["日期", "地点", "参加选民", "述职及评议情况"], *[
            [d.cn_date(r.date), r.place, f"{r.attendees}人", r.summary] for r in x.voter_reports]],
            header=True, widths_mm=(30, 36, 22, 68))
    else:
        d.paragraph(doc, "本年度未向选民述职。")
    d.heading(doc, "八、履职积分")
    if x.points_by_rule:
        d.table(doc, [["规则", "类别", "次数", "积分"], *[[r["rule"], r["category"], str(r["count"]), r["points"]]
                                                    for r in x.points_by_rule], ["合计", "", "", x.points_total]],
                header=True, widths_mm=(76, 24, 24, 32))
    else:
        d.paragraph(doc, "本年度无积分记录。")
    d.note(doc, f"本档案由系统根据履职记录自动生成，生成日期：{d.cn_date(timezone.localdate())}。")
    return doc
