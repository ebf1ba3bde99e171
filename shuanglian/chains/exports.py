"""Excel out: each list's sheet, and the one-click "一图五单" workbook (summary + five lists).

The workbook's sums are the panorama's: both read the same rows, so what the task-force meeting
sees on paper is what the chain page shows.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from openpyxl import Workbook

from shuanglian.lib.excel import write_sheet

from . import rules
from .contacts import contact_deputies
from .filters import with_completed
from .models import ApplicationStatus, ChainNode, Enterprise, Lead, Policy, Project
from .panorama import build_panorama
from .problems import problem_light, source_rows
from .selectors import (
    enterprise_list,
    lead_list,
    policy_list,
    problem_list,
    project_list,
    schedule_rule_for,
)

EXPORT_BATCH = 1000  # enterprises per contact look-up
ENTERPRISE_HEADERS = ["企业名称", "统一社会信用代码", "所属区域", "规模", "标签", "所属环节", "年产值（亿元）",
                      "从业人数", "地址", "联系包挂代表", "服务专员", "培育名单", "一企一方案"]
PROJECT_HEADERS = ["项目名称", "类别", "业主单位", "环节", "总投资（亿元）", "计划年度", "年度计划投资（亿元）",
                   "本年完成投资（亿元）", "完成比例（%）", "阶段", "计划开工月份", "责任单位", "序时进度"]
LEAD_HEADERS = ["目标企业", "补链环节", "意向投资（亿元）", "到位资金（亿元）", "阶段", "责任单位", "责任人",
                "最近对接", "下一步", "状态"]
POLICY_HEADERS = ["政策名称", "发文单位", "文号", "发布日期", "施行日期", "有效期至", "适用环节", "支持内容摘要",
                  "申报企业数", "兑现企业数"]
PROBLEM_HEADERS = ["来源", "问题", "类别", "环节", "企业", "责任单位", "提出日期", "状态", "灯色"]


def enterprise_rows(qs):
    qs = qs.prefetch_related(
        Prefetch("nodes", queryset=_nodes_qs()),
    ).select_related("region", "specialist_user")
    for chunk in _chunks(qs.iterator(chunk_size=EXPORT_BATCH), EXPORT_BATCH):
        contacts = contact_deputies(e.pk for e in chunk)  # 联系包挂 (the duty chain's links)
        yield from (_enterprise_row(e, contacts[e.pk]) for e in chunk)


def _chunks(items, size):
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _enterprise_row(e, deputies) -> list:
    return [
        e.name, e.uscc or "", e.region.name, e.get_scale_display(), "、".join(e.labels),
        "、".join(n.name for n in e.nodes.all()), e.output, e.employees, e.address,
        "、".join(d.name for d in deputies), e.specialist, "、".join(e.cultivation), e.plan,
    ]


def _nodes_qs():
    return ChainNode.objects.only("id", "name")


def project_rows(qs, *, as_of: dt.date | None = None):
    as_of = as_of or timezone.localdate()
    rule_cache: dict = {}
    for p in with_completed(qs.select_related("chain__region", "node", "owner", "responsible_department")):
        region = p.chain.region
        if region.pk not in rule_cache:
            rule_cache[region.pk] = schedule_rule_for(region)
        completed = p.completed or Decimal("0")
        light = rules.project_light(stage=p.stage, planned_start=p.planned_start, year=p.year, annual_plan=p.annual_plan,
                                    completed=completed, as_of=as_of, rule=rule_cache[region.pk])
        share = (completed / p.annual_plan * 100).quantize(Decimal("0.1")) if p.annual_plan else None
        yield p, light, [
            p.name, p.get_kind_display(), p.owner_label, p.node.name if p.node_id else "", p.total_investment, p.year,
            p.annual_plan, completed, share, p.get_stage_display(),
            p.planned_start.strftime("%Y-%m") if p.planned_start else "",
            p.responsible_department.name if p.responsible_department_id else "", rules.LIGHT_LABELS[light],
        ]


def lead_rows(qs):
    for lead in qs.select_related("node", "responsible_department"):
        yield [
            lead.target_company, lead.node.name if lead.node_id else "", lead.intended_investment, lead.capital_in_place,
            lead.get_stage_display(), lead.responsible_department.name if lead.responsible_department_id else "",
            lead.responsible_person, lead.last_contact, lead.next_step,
            "已终止" if lead.is_closed else ("已投产" if not lead.is_live else "在谈"),
        ]


def policy_rows(qs):
    qs = qs.annotate(
        n_applied=Count("applications", distinct=True),
        n_granted=Count("applications", filter=Q(applications__status=ApplicationStatus.GRANTED), distinct=True),
    ).prefetch_related(Prefetch("nodes", queryset=_nodes_qs()))
    for p in qs:
        yield [
            p.title, p.issuer, p.doc_number, p.issued_on, p.valid_from, p.valid_to,
            "、".join(n.name for n in p.nodes.all()), p.benefit_summary, p.n_applied, p.n_granted,
        ]


def problem_rows(problems_qs, *, as_of: dt.date | None = None, user=None, **source_filters):
    """Chain-level problems and, for `user`, the registered sources' problems (the closed loop's
    cases; chains.problems) filtered by `source_filters`, one list, with their lights."""
    as_of = as_of or timezone.localdate()
    for p in problems_qs.select_related("node", "responsible_department"):
        light = problem_light(p.due_on, p.resolved_on, as_of)
        yield p, light, [
            "产业链问题", p.title, p.get_kind_display(), p.node.name if p.node_id else "", "",
            p.responsible_department.name if p.responsible_department_id else "", p.raised_on,
            f"已解决（{p.resolved_on}）" if p.resolved_on else "未解决", rules.LIGHT_LABELS.get(light, ""),
        ]
    if user is not None:
        yield from source_rows(user, on=as_of, **source_filters)


def chain_workbook(chain, user) -> Workbook:
    pano = build_panorama(chain)
    t = pano["totals"]
    wb = Workbook()
    ws = wb.active
    ws.title = "汇总"
    summary = [
        ["产业链", chain.name], ["所属区域", chain.region.name], ["链长", f"{chain.chief_name} {chain.chief_post}".strip()],
        ["牵头部门", pano["chain"]["lead_department"]], ["统计日期", pano["as_of"]],
    ]
    if pano["metrics"]:
        m = pano["metrics"][0]
        summary += [[f"{m['period']}规上产值（亿元）", Decimal(m["output"])],
                    ["同比增长（%）", Decimal(m["yoy_pct"]) if m["yoy_pct"] else ""],
                    ["占全区工业总产值比重（%）", Decimal(m["share_pct"]) if m["share_pct"] else ""]]
    summary += [
        ["环节数", t["nodes"]], ["断点/缺失环节数", t["gaps"]], ["规划环节数", t["target_nodes"]],
        ["企业数", t["enterprises"]], ["其中本地企业", t["local_enterprises"]], ["规上企业", t["above_scale"]],
        ["链主企业", t["chain_masters"]], ["企业年产值合计（亿元）", Decimal(t["output"])],
        ["项目数", t["projects"]], ["项目总投资（亿元）", Decimal(t["project_total_investment"])],
        ["年度计划投资（亿元）", Decimal(t["project_annual_plan"])], ["本年完成投资（亿元）", Decimal(t["project_completed"])],
        ["项目红灯", t["projects_red"]], ["项目黄灯", t["projects_yellow"]], ["项目绿灯", t["projects_green"]],
        ["招商线索", t["leads"]], ["在谈线索", t["leads_live"]], ["意向投资（亿元）", Decimal(t["lead_intended_investment"])],
        ["签约率（%）", pano["funnel"]["signing_rate"] or ""], ["落地率（%）", pano["funnel"]["landing_rate"] or ""],
        ["开工率（%）", pano["funnel"]["start_rate"] or ""], ["资金到位率（%）", pano["funnel"]["capital_rate"] or ""],
        ["未解决问题", t["problems_open"]], ["已解决问题", t["problems_resolved"]],
        ["政策数", t["policies"]], ["兑现企业（次）", t["policy_granted"]], ["尚无企业申报的政策", t["policies_unreached"]],
    ]
    write_sheet(ws, ["项目", "数值"], summary, widths=[30, 40])
    write_sheet(wb.create_sheet("企业清单"), ENTERPRISE_HEADERS,
                enterprise_rows(enterprise_list(user).filter(pk__in=Enterprise.objects.filter(nodes__chain=chain).values("pk"))))
    write_sheet(wb.create_sheet("问题清单"), PROBLEM_HEADERS,
                (row for _, _, row in problem_rows(problem_list(user).filter(chain=chain), user=user,
                                                   chain_id=chain.pk)))
    write_sheet(wb.create_sheet("项目清单"), PROJECT_HEADERS,
                (row for _, _, row in project_rows(project_list(user).filter(chain=chain))))
    write_sheet(wb.create_sheet("招商清单"), LEAD_HEADERS, lead_rows(lead_list(user).filter(chain=chain)))
    write_sheet(wb.create_sheet("政策清单"), POLICY_HEADERS,
                policy_rows(policy_list(user).filter(pk__in=Policy.objects.filter(chains=chain).values("pk"))))
    return wb


__all__ = ["chain_workbook", "enterprise_rows", "project_rows", "lead_rows", "policy_rows", "problem_rows",
           "Lead", "Project"]
