"""The suggestions' Word documents in the official layout (lib/docx, GB/T 9704-2012): the suggestion
itself, the 征询意见表 the deputy returns with their rating, and the year's 办理情况 table."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from shuanglian.lib import docx as d

from .figures import Figures
from .models import Rating, Suggestion


def _congress(s: Suggestion) -> str:
    """The people's congress the suggestion goes to: the lead deputy's district or city."""
    node = s.region
    while node.parent_id and node.level not in ("district", "city"):
        node = node.parent
    return f"{node.name}人民代表大会"


def _names(qs) -> str:
    return "、".join(x.name for x in qs) or "无"


def suggestion_document(s: Suggestion):
    doc = d.new_document()
    d.masthead(doc, f"{_congress(s)}代表{s.get_kind_display().removeprefix('代表')}")
    d.doc_number(doc, f"第{s.number}号" if s.number else "（未提交）")
    d.title(doc, s.title)
    d.kv_table(doc, [
        ("领衔代表", s.lead_deputy.name), ("联名代表", _names(s.co_signers.all())),
        ("工作单位及职务", s.lead_deputy.employer or "—"), ("类型", s.get_kind_display()),
        ("提出日期", d.cn_date(s.submitted_on) if s.submitted_on else "—"),
        ("主办单位", s.lead_unit.name if s.lead_unit else "—"), ("协办单位", _names(s.co_units.all())),
    ])
    d.heading(doc, "一、情况和问题")
    for line in filter(None, (x.strip() for x in s.reasons.splitlines())):
        d.paragraph(doc, line)
    d.heading(doc, "二、意见和建议")
    for line in filter(None, (x.strip() for x in s.proposals.splitlines())):
        d.paragraph(doc, line)
    d.signature(doc, f"领衔代表：{s.lead_deputy.name}", s.submitted_on or timezone.localdate())
    return doc


def consultation_form(s: Suggestion):
    """代表对建议办理工作的征询意见表: what was answered, the three ratings to tick, the deadline."""
    doc = d.new_document()
    d.title(doc, "代表对建议办理工作的征询意见表")
    d.kv_table(doc, [
        ("建议编号", s.number or "—"), ("建议标题", f"《{s.title}》"), ("领衔代表", s.lead_deputy.name),
        ("主办单位", s.lead_unit.name if s.lead_unit else "—"), ("协办单位", _names(s.co_units.all())),
        ("答复日期", d.cn_date(s.answered_on) if s.answered_on else "—"),
        ("答复类别", s.get_answer_category_display() or "—"),
    ])
    ticks = "　".join(f"{'☑' if s.rating == value else '□'}{label}" for value, label in Rating.choices)
    d.table(doc, [["对办理工作的评价", ticks], ["意见和建议", s.rating_comment or ""]])
    commitments = list(s.commitments.all())
    if commitments:
        d.heading(doc, "承诺事项")
        for k, c in enumerate(commitments, start=1):
            d.paragraph(doc, f"{k}．{c.content}（承诺{d.cn_date(c.due)}前完成）")
    due = f"请于{d.cn_date(s.rating_due)}前反馈" if s.rating_due else "请在收到答复后二十个工作日内反馈"
    d.note(doc, f"{due}；逾期未反馈的，不计入满意率统计。")
    return doc


def yearly_report(*, region_name: str, year: int, suggestions, total: Figures, on: dt.date):
    """The year's 代表建议办理情况 table with its figures."""
    doc = d.new_document()
    d.title(doc, f"{region_name}{year}年代表建议办理情况")
    t = total.as_dict()

    def pct(v):
        return "—" if v is None else f"{v}%"

    d.paragraph(doc, f"截至{d.cn_date(on)}，{year}年交办代表建议{t['assigned']}件，已答复{t['answered']}件；"
                     f"办复率{pct(t['answer_rate'])}，按时办复率{pct(t['on_time_rate'])}，A类答复占"
                     f"{pct(t['a_share'])}，代表满意率{pct(t['satisfaction'])}（逾期未评价的不计入）。")
    rows = [["编号", "建议", "领衔代表", "主办单位", "答复类别", "代表评价", "状态"]]
    for s in suggestions:
        rows.append([s.number, f"《{s.title}》", s.lead_deputy.name, s.lead_unit.name if s.lead_unit else "—",
                     s.answer_category or "—", s.get_rating_display() or "—", s.get_status_display()])
    d.table(doc, rows, header=True, widths_mm=(18, 52, 18, 26, 14, 14, 14))
    return doc
