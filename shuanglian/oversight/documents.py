"""The opinion's Word documents in the official layout (lib/docx, GB/T 9704-2012): the opinion
itself, the transfer letter to the government body, and a vote's result."""

from __future__ import annotations

from django.utils import timezone

from shuanglian.lib import docx as d

from .models import ItemCategory, Opinion, Vote

CN_NUMBERS = "一二三四五六七八九十"


def _committee(op: Opinion) -> tuple[str, str]:
    """(the issuing committee, its short name for document numbers), from the opinion's district."""
    node = op.region
    while node.parent_id and node.level not in ("district", "city"):
        node = node.parent
    short = node.name[:-1] if len(node.name) > 2 and node.name[-1] in "区县市" else node.name
    return f"{node.name}人民代表大会常务委员会", short


def _cn(n: int) -> str:
    return CN_NUMBERS[n - 1] if 1 <= n <= 10 else str(n)


def _items(doc, op: Opinion, category: str, heading: str):
    items = [i for i in op.items.all() if i.category == category]
    if not items:
        return
    groups = list(dict.fromkeys(i.group for i in items))
    d.heading(doc, f"{heading}（{_cn(len(groups))}类{len(items)}条）")
    for k, group in enumerate(groups, start=1):
        d.heading(doc, f"（{_cn(k)}）{group}", level=2)
        for item in (i for i in items if i.group == group):
            d.paragraph(doc, f"{item.number}．{item.content}")


def _deadlines(op: Opinion) -> str:
    cfg_parts = []
    if op.plan_due:
        cfg_parts.append(f"于{d.cn_date(op.plan_due)}前将研究处理方案报送常委会")
    if op.report_due:
        cfg_parts.append(f"于{d.cn_date(op.report_due)}前书面报告研究处理情况")
    return "，".join(cfg_parts) or f"自收到之日起{op.report_months}个月内书面报告研究处理情况"


def opinion_document(op: Opinion):
    doc = d.new_document()
    issuer, short = _committee(op)
    adopted = op.adopted_on or timezone.localdate()
    d.masthead(doc, issuer)
    d.doc_number(doc, f"{short}人常审〔{adopted.year}〕{op.pk}号")
    d.title(doc, op.title)
    d.addressee(doc, op.body.name)
    if op.summary:
        d.paragraph(doc, op.summary)
    _items(doc, op, ItemCategory.SUGGESTION, "一、审议意见和建议")
    _items(doc, op, ItemCategory.PROBLEM, "二、问题清单")
    d.heading(doc, "三、办理要求")
    d.paragraph(doc, f"请认真研究处理，{_deadlines(op)}。常委会将听取研究处理情况报告并进行满意度测评。")
    d.signature(doc, issuer, adopted)
    return doc


def transfer_letter(op: Opinion):
    doc = d.new_document()
    issuer, short = _committee(op)
    sent = op.transferred_on or timezone.localdate()
    d.masthead(doc, f"{issuer}办公室")
    d.doc_number(doc, f"{short}人常办函〔{sent.year}〕{op.pk}号")
    d.title(doc, f"关于交办《{op.title}》的函")
    d.addressee(doc, op.body.name)
    adopted = f"{d.cn_date(op.adopted_on)}" if op.adopted_on else ""
    d.paragraph(doc, f"{adopted}常委会会议审议通过了《{op.title}》，现予交办。请你单位认真研究处理，{_deadlines(op)}。")
    d.paragraph(doc, "研究处理情况报告应逐条说明落实措施、完成时限和责任单位；未能落实的，应说明原因和下一步打算。")
    d.paragraph(doc, f"附件：{op.title}（共{op.items.count()}条）", indent=True)
    d.signature(doc, f"{issuer}办公室", sent)
    return doc


def vote_result(op: Opinion, vote: Vote):
    doc = d.new_document()
    issuer, _short = _committee(op)
    d.masthead(doc, issuer)
    d.title(doc, f"关于《{op.title}》研究处理情况报告的满意度测评结果")
    d.paragraph(doc, f"{d.cn_date(vote.held_on)}，常委会会议对{op.body.name}关于《{op.title}》研究处理情况的报告"
                     f"进行了第{vote.round}轮满意度测评，结果如下：")
    d.table(doc, [
        ["组成人员", "出席", "满意", "基本满意", "不满意", "未表态"],
        [str(x) for x in (vote.members, vote.present, vote.satisfied, vote.basically_satisfied, vote.unsatisfied,
                          vote.abstained)],
    ], header=True)
    verdict = "满意，测评通过" if vote.passed else "不满意，测评未通过，请承办机关重新研究处理并再次报告"
    d.paragraph(doc, f"测评规则：{vote.rule}。测评结果：{verdict}。")
    d.signature(doc, issuer, vote.held_on)
    return doc
