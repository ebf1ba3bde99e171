"""The columns of the five import templates (企业 / 项目 / 招商 / 政策 / 问题) and the templates themselves."""

from __future__ import annotations

import re

from shuanglian.lib import excel
from shuanglian.lib.excel import Column

from ..models import ImportKind, LeadStage, ProblemKind, ProjectKind, ProjectStage, Scale


def optional(parse):
    """A parser that leaves an empty cell empty (the model default applies)."""

    def wrapped(value):
        return "" if value in (None, "") else parse(value)

    return wrapped


SPLIT = re.compile(r"[、,，;；/]+")

ENTERPRISE_COLUMNS = [
    Column("企业名称", "name", required=True, example="重庆市乾凤锻造有限公司"),
    Column("统一社会信用代码", "uscc", help="18位，按此更新已有企业", example="91500109MA5U3X2K0B"),
    Column("所属区域", "region", help="区县/镇街名称或区划代码；留空为产业链所在区域", example="北碚区"),
    Column("规模", "scale", parse=optional(excel.choice(dict(Scale.choices))), help="规上 / 规下", example="规上"),
    Column("链主", "is_chain_master", parse=optional(excel.yes_no), help="是 / 否", example="否"),
    Column("小链长", "is_sub_chain_leader", parse=optional(excel.yes_no), example="否"),
    Column("专精特新", "is_specialised", parse=optional(excel.yes_no), example="是"),
    Column("小巨人", "is_little_giant", parse=optional(excel.yes_no), example="否"),
    Column("高新技术", "is_high_tech", parse=optional(excel.yes_no), example="是"),
    Column("所属环节", "nodes", help="本产业链的环节名称，多个用“、”分隔", example="传动系统"),
    Column("年产值（亿元）", "output", parse=excel.decimal, example="3.25"),
    Column("从业人数", "employees", parse=excel.integer, example="420"),
    Column("地址", "address", example="北碚区蔡家岗街道"),
    Column("服务专员", "specialist_name", help="一企一专员", example="李明"),
    Column("做大做强", "cultivate_scale_up", parse=optional(excel.yes_no), example="否"),
    Column("专精特新培育", "cultivate_specialised", parse=optional(excel.yes_no), example="是"),
    Column("上市培育", "cultivate_listing", parse=optional(excel.yes_no), example="否"),
    Column("一企一方案", "plan", example="扩产用地保障；天然气接入"),
]
PROJECT_COLUMNS = [
    Column("项目名称", "name", required=True, help="同一产业链内按名称更新", example="乾凤锻造扩能项目"),
    Column("类别", "kind", parse=optional(excel.choice(dict(ProjectKind.choices))), example="产业"),
    Column("业主单位", "owner", help="企业名称或统一社会信用代码", example="重庆市乾凤锻造有限公司"),
    Column("环节", "node", example="传动系统"),
    Column("总投资（亿元）", "total_investment", required=True, parse=excel.decimal, example="5.2"),
    Column("计划年度", "year", required=True, parse=excel.integer, example="2025"),
    Column("年度计划投资（亿元）", "annual_plan", parse=excel.decimal, example="1.8"),
    Column("阶段", "stage", parse=optional(excel.choice(dict(ProjectStage.choices))), help="谋划/洽谈/签约/开工/建设/投产/达产", example="建设"),
    Column("计划开工月份", "planned_start", parse=excel.date, help="如 2025-03-01", example="2025-03-01"),
    Column("责任单位", "responsible_department", example="区经济信息委"),
]
LEAD_COLUMNS = [
    Column("目标企业", "target_company", required=True, help="同一产业链内按名称更新", example="某电芯科技有限公司"),
    Column("补链环节", "node", example="电芯"),
    Column("意向投资（亿元）", "intended_investment", parse=excel.decimal, example="20"),
    Column("到位资金（亿元）", "capital_in_place", parse=excel.decimal, example="0"),
    Column("阶段", "stage", parse=optional(excel.choice(dict(LeadStage.choices))), help="线索/接洽/考察/谈判/签约/注册/拿地/开工/投产", example="接洽"),
    Column("责任单位", "responsible_department", example="区投资促进中心"),
    Column("责任人", "responsible_person", example="张三"),
    Column("最近对接", "last_contact", parse=excel.date, example="2025-04-10"),
    Column("下一步", "next_step", example="组织赴企业考察"),
]
POLICY_COLUMNS = [
    Column("政策名称", "title", required=True, example="北碚区支持汽摩产业高质量发展若干措施"),
    Column("发文单位", "issuer", required=True, example="北碚区人民政府"),
    Column("文号", "doc_number", help="按文号（无文号按名称）更新", example="北碚府发〔2025〕3号"),
    Column("发布日期", "issued_on", parse=excel.date, example="2025-02-01"),
    Column("施行日期", "valid_from", parse=excel.date, example="2025-02-01"),
    Column("有效期至", "valid_to", parse=excel.date, example="2027-12-31"),
    Column("适用环节", "nodes", help="多个用“、”分隔；留空为全链", example="动力电池、电机电控"),
    Column("支持内容摘要", "benefit_summary", example="固定资产投资补助最高1000万元"),
]

PROBLEM_OWN_SOURCE = "产业链问题"  # what the export writes in 来源 for the chain's own problems
OPEN, RESOLVED = "未解决", "已解决"
_RESOLVED_ON = re.compile(r"^已解决[（(]\s*(.+?)\s*[）)]$")


PROBLEM_KIND = excel.choice(dict(ProblemKind.choices))


def problem_status(value):
    """“未解决”, “已解决” or the export's “已解决（2025-06-30）” → (resolved?, resolution date or None)."""
    raw = excel.text(value)
    if raw == OPEN:
        return (False, None)
    if raw == RESOLVED:
        return (True, None)
    match = _RESOLVED_ON.match(raw)
    if match:
        return (True, excel.date(match.group(1)))
    raise excel.CellError(f"“{raw}”应填“未解决”“已解决”或“已解决（2025-06-30）”")


# The export's columns (exports.PROBLEM_HEADERS) come first, so an exported file imports as it is:
# 企业 and 灯色 are ignored (a chain-level problem has no enterprise; the light is computed), and
# rows of the closed loop's demands (来源 “企业诉求”) are left to the closed loop.
PROBLEM_COLUMNS = [
    Column("来源", "source", help=f"留空或“{PROBLEM_OWN_SOURCE}”；导出文件中来源为“企业诉求”等的行属于诉求闭环，导入时跳过",
           example=PROBLEM_OWN_SOURCE),
    Column("问题", "title", required=True, help="同一产业链内按问题名称更新", example="本地无电芯配套企业"),
    # 类别 and 状态 are read as text and parsed by imports.problems once the row is known to be the
    # chain's own (a demand's row carries the closed loop's statuses, e.g. 已受理)
    Column("类别", "kind",
           help="、".join(ProblemKind.labels), example="断点"),
    Column("环节", "node", help="本产业链的环节名称；留空为全链", example="电芯"),
    Column("责任单位", "responsible_department", example="区经济信息委"),
    Column("提出日期", "raised_on", parse=excel.date, help="留空为导入当天", example="2025-04-01"),
    Column("状态", "status",
           help="未解决 / 已解决 / 已解决（2025-06-30）；已解决的问题不会改回未解决", example=OPEN),
    Column("计划解决日期", "due_on", parse=excel.date, example="2025-12-31"),
    Column("详细说明", "description", example="整车企业电芯全部外购，运输成本高"),
    Column("解决情况", "resolution", help="把未解决的问题标为已解决时必填", example=""),
]
COLUMNS = {
    ImportKind.ENTERPRISES: ENTERPRISE_COLUMNS, ImportKind.PROJECTS: PROJECT_COLUMNS,
    ImportKind.LEADS: LEAD_COLUMNS, ImportKind.POLICIES: POLICY_COLUMNS, ImportKind.PROBLEMS: PROBLEM_COLUMNS,
}


def template(kind: str):
    return excel.template_workbook(
        COLUMNS[kind], title=ImportKind(kind).label,
        notes=["导入为“全部成功或全部不导入”：任何一行有错误，整个文件都不会导入，请按提示修改后重新上传。"],
    )
