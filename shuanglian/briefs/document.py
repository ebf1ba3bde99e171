"""The brief as a Word document in the official layout (lib/docx, GB/T 9704-2012, like the
opinions' documents), its charts drawn on the server as PNG images (lib/charts)."""

from __future__ import annotations

import io

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from shuanglian.lib import charts
from shuanglian.lib import docx as d

from .content import BriefContent

CN_NUMBERS = "一二三四五六七八九十"
CHART_WIDTH = Mm(150)  # the type area is 156 mm wide


def issuer(region) -> str:
    """The issuing office: a city's or district's standing committee, a town's congress."""
    if region.level in ("city", "district"):
        return f"{region.name}人民代表大会常务委员会办公室"
    return f"{region.name}人民代表大会"


def _pct(value) -> float | None:
    return None if value is None else float(value)


def trend_png(content: BriefContent) -> bytes:
    t = content.trend
    return charts.trend_chart(
        title=f"近{len(t)}个月企业诉求受理、办结与三率（按提交月份）",
        labels=[m["label"] for m in t],
        bars={"受理诉求": [m["cases"] for m in t], "办结销号": [m["closed"] for m in t]},
        lines={"响应率": [_pct(m["response"]) for m in t], "解决率": [_pct(m["resolution"]) for m in t],
               "满意率": [_pct(m["satisfaction"]) for m in t]},
    )


def ranking_png(content: BriefContent) -> bytes:
    return charts.hbar_chart(
        title=f"{content.label}部门按时办结率（样本不少于{content.min_cases}件）",
        labels=[r.name for r in content.ranking], values=[_pct(r.rate.percent) for r in content.ranking],
    )


def _figure(doc, png: bytes, caption: str):
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.line_spacing = 1.0  # a fixed 28 pt line would crop the picture
    p.add_run().add_picture(io.BytesIO(png), width=CHART_WIDTH)
    d.paragraph(doc, caption, indent=False, font=d.BODY_FONT, align=WD_ALIGN_PARAGRAPH.CENTER)


def _section(doc, number: int, text: str):
    d.heading(doc, f"{CN_NUMBERS[number - 1]}、{text}")


def _summary(content: BriefContent) -> str:
    h = {x.key: x for x in content.headlines}
    parts = [f"{content.label}，全{content.region.name}受理企业诉求{h['cases'].this_display}"
             f"（环比{h['cases'].change_display}），办结销号{h['closed'].this_display}"]
    for key in ("response_rate", "resolution_rate", "satisfaction_rate", "on_time_rate"):
        if h[key].this is not None:
            parts.append(f"{h[key].label}{h[key].this_display}（环比{h[key].change_display}）")
    return "，".join(parts) + "。"


def _headlines(doc, content: BriefContent):
    _section(doc, 1, "主要数据")
    d.paragraph(doc, _summary(content))
    d.table(doc, [["指标", content.label, "上月", "环比"]]
            + [[h.label, h.this_display, h.last_display, h.change_display] for h in content.headlines],
            header=True)
    d.note(doc, "口径：按诉求提交月份统计，与“三率统计”页面和接口 /api/v1/rates/ 相同；"
                "响应率=按时签收/已签收，解决率=回访确认解决/已评价，满意率=满意（含基本满意按设置）/已评价，"
                "按时办结率=按时答复/已答复。")
    _figure(doc, trend_png(content), "图1　近12个月企业诉求受理、办结与三率")


def _ranking(doc, content: BriefContent):
    _section(doc, 2, "部门按时办结率排名")
    if not content.ranking:
        d.paragraph(doc, f"本月没有部门的按时办结样本达到{content.min_cases}件，不作排名。")
        return
    d.paragraph(doc, f"按95%威尔逊置信区间下限排名，只列样本不少于{content.min_cases}件的部门"
                     + (f"（另有{content.below_minimum}个部门样本不足，未参与排名）" if content.below_minimum else "")
                     + "。")
    d.table(doc, [["名次", "部门", "按时办结率", "诉求件数", "满意率"]] + [
        [str(r.position), r.name, f"{r.rate.display}（{r.rate.num}/{r.rate.den}）", str(r.rates.counts["cases"]),
         r.rates.satisfaction.display] for r in content.ranking], header=True)
    _figure(doc, ranking_png(content), "图2　部门按时办结率")


def _overdue(doc, content: BriefContent):
    _section(doc, 3, "超期未办结诉求")
    if not content.overdue:
        d.paragraph(doc, f"截至{d.cn_date(content.as_of)}，没有超期未办结的诉求。")
        return
    d.paragraph(doc, f"截至{d.cn_date(content.as_of)}，超期未办结（红灯）诉求{content.red_total}件，"
                     f"超期最久的{len(content.overdue)}件如下：")
    d.table(doc, [["编号", "诉求", "企业", "主办部门", "超期（工作日）"]] + [
        [r["number"], r["title"], r["enterprise"], r["department"], str(r["overdue_workdays"])]
        for r in content.overdue], header=True)


def _common(doc, content: BriefContent):
    _section(doc, 4, "本月共性诉求")
    if not content.common:
        d.paragraph(doc, "本月没有两家以上企业反映的同类问题。")
        return
    for k, c in enumerate(content.common, start=1):
        d.paragraph(doc, f"{k}．{c.label}：{len(c.cases)}件，涉及{c.enterprises}家企业、{c.towns}个镇街，"
                         f"已解决{c.solved_share}%；承办部门：{'、'.join(c.departments) or '尚未交办'}。")


def _chains(doc, content: BriefContent):
    _section(doc, 5, "产业链断点")
    if not content.chains:
        d.paragraph(doc, "本区域尚未建立产业链图谱。")
        return
    for c in content.chains:
        gaps = "、".join(c["gaps"]) if c["gaps"] else "无断点"
        d.paragraph(doc, f"{c['name']}（{c['nodes']}个环节）：{gaps}。")


def _due(doc, content: BriefContent):
    _section(doc, 6, "近期到期的审议意见和代表建议")
    d.heading(doc, "（一）审议意见", level=2)
    if content.opinions:
        d.table(doc, [["审议意见", "承办机关", "状态", "期限"]] + [
            [op.title, op.body.name, op.get_status_display(), d.cn_date(op.due_date)] for op in content.opinions],
            header=True)
    else:
        d.paragraph(doc, "下月底前没有到期的审议意见。")
    d.heading(doc, "（二）代表建议", level=2)
    if content.suggestions:
        d.table(doc, [["代表建议", "主办单位", "状态", "期限"]] + [
            [s.title, s.lead_unit.name if s.lead_unit_id else "尚未交办", s.get_status_display(),
             d.cn_date(s.due_date)] for s in content.suggestions], header=True)
    else:
        d.paragraph(doc, "下月底前没有到期的代表建议。")


def brief_document(content: BriefContent):
    doc = d.new_document()
    d.masthead(doc, "月度简报")
    d.doc_number(doc, f"{issuer(content.region)}　　{d.cn_date(content.as_of)}")
    d.title(doc, f"{content.region.name}{content.label}企业诉求办理和监督工作情况")
    _headlines(doc, content)
    _ranking(doc, content)
    _overdue(doc, content)
    _common(doc, content)
    _chains(doc, content)
    _due(doc, content)
    d.note(doc, f"本简报由平台根据{d.cn_date(content.as_of)}的数据自动生成，企业名称已脱敏，"
                "涉及商业秘密的诉求不显示标题。")
    return doc
