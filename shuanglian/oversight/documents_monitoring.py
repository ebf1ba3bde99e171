"""The monthly monitoring brief to the 主任会议 (.docx): counts, the dimensions with their trend,
the weakest indicators, the points that did not report, new and solved problems (by the department
handling them)."""

from shuanglian.lib import docx as d


def _points(value) -> str:
    return "—" if value is None else f"{value:.1f}"


def monthly_brief(figures, user):
    doc = d.new_document()
    scope = user.region.name if getattr(user, "region", None) else "全市（区）"
    month = figures.month
    d.title(doc, f"{scope}营商环境监测月报（{month.year}年{month.month}月）")
    d.heading(doc, "一、报送情况")
    d.paragraph(doc, f"本月应报送监测点 {figures.points} 个，已报送 {figures.reports} 个"
                     + (f"，未报送 {len(figures.missing)} 个：{'、'.join(p.name for p in figures.missing)}。"
                        if figures.missing else "，全部按时报送。"))
    d.heading(doc, "二、各维度得分（百分制）")
    d.table(doc, [["维度", "本月", "上月", "变化"]] + [
        [r["name"], _points(r["points"]), _points(r["previous"]),
         "—" if r["change"] is None else f"{r['change']:+.1f}"] for r in figures.dimensions], header=True)
    d.heading(doc, "三、得分最低的指标")
    worst = figures.indicators[:3]
    if worst:
        for k, r in enumerate(worst, start=1):
            d.paragraph(doc, f"{k}．{r['dimension']}·{r['name']}：{_points(r['points'])} 分"
                             + (f"（上月 {_points(r['previous'])} 分）" if r["previous"] is not None else ""))
    else:
        d.paragraph(doc, "本月暂无评分。")
    d.heading(doc, "四、问题发现和解决")
    d.paragraph(doc, f"本月监测点反映问题 {figures.new_problems} 个，其中已解决并经企业确认 {figures.problems_solved} 个。"
                     "问题已按“企业诉求—代表收集—部门办理—人大督办”闭环机制转交办理。")
    if figures.departments:
        d.table(doc, [["承办部门", "转为诉求的问题", "已解决（企业确认）"]]
                + [[r["name"], str(r["problems"]), str(r["solved"])] for r in figures.departments], header=True)
    return doc
