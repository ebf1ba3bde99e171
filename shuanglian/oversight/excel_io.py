"""Excel import of a work plan's items and of an opinion's items (all or nothing, every problem
reported as 第N行「列」, through lib.excel.import_rows and the same services as the pages)."""

from __future__ import annotations

from openpyxl import Workbook

from shuanglian.chains.selectors import chain_list
from shuanglian.core.audit import audit_record
from shuanglian.core.errors import BusinessError
from shuanglian.lib import excel
from shuanglian.lib.excel import CellError, Column, ImportRefused, RowError, import_rows
from shuanglian.regions.selectors import department_list

from . import services
from .models import ItemCategory, PlanItemKind

RULE = "导入规则：全部行校验通过才会导入；任何一行有错，整批不导入，并逐行列出错误。"


def _month(value):
    month = excel.integer(value)
    if month is None or not 1 <= month <= 12:
        raise CellError("应为 1 至 12 的月份")
    return month


def _number(value):
    number = excel.integer(value)
    if number is not None and number < 1:
        raise CellError("序号应为正整数")
    return number


def _names(value) -> list[str]:
    return [n.strip() for n in excel.text(value).replace(",", "、").replace("，", "、").split("、") if n.strip()]


PLAN_COLUMNS = [
    Column("序号", "number", parse=_number, default=None, help="留空则接续编号", example=1),
    Column("监督方式", "kind", required=True, parse=excel.choice(dict(PlanItemKind.choices)),
           help="、".join(PlanItemKind.labels), example="听取审议专项工作报告"),
    Column("监督事项", "subject", required=True, example="听取审议全区现代制造业发展情况报告"),
    Column("牵头工委", "lead_office", example="财经委"),
    Column("计划月份", "planned_month", required=True, parse=_month, help="1 至 12", example=4),
    Column("责任单位", "departments", parse=_names, default=(), help="部门名称，多个用顿号分隔；须已登记", example="区经济信息委"),
    Column("关联产业链", "chains", parse=_names, default=(), help="产业链名称，多个用顿号分隔；关联了产业链的事项计为服务产业",
           example=""),
]
ITEM_COLUMNS = [
    Column("类别", "category", required=True, parse=excel.choice(dict(ItemCategory.choices)), help="建议 或 问题",
           example="建议"),
    Column("分类", "group", required=True, help="如：强化要素保障", example="强化要素保障"),
    Column("内容", "content", required=True, example="优先保障重点项目用地指标"),
    Column("序号", "number", parse=_number, default=None, help="同一类别内的序号；留空则接续编号", example=""),
]


def _lookup(items, names, what, row, column, errors):
    found = []
    for name in names:
        match = [x for x in items if x.name == name]
        if len(match) != 1:
            errors.append(RowError(row, column, f"找不到{what}“{name}”，或不在您的工作范围内" if not match
                                   else f"有多个名为“{name}”的{what}"))
        else:
            found.append(match[0])
    return found


def _write_each(prepared, call):
    """Write row by row through the service; a refusal names its row and undoes the file."""
    for number, values in prepared:
        try:
            call(values)
        except BusinessError as exc:
            raise ImportRefused([RowError(number, "", exc.message)]) from None
    return len(prepared), 0


def plan_items_import(*, file, actor, plan) -> tuple[int, list[RowError]]:
    departments = list(department_list(actor))
    chains = list(chain_list(actor))

    def check(number, values, errors):
        before = len(errors)
        values["departments"] = _lookup(departments, values.get("departments") or [], "部门", number, "责任单位",
                                        errors)
        values["chains"] = _lookup(chains, values.get("chains") or [], "产业链", number, "关联产业链", errors)
        return None if len(errors) > before else (number, values)

    outcome = import_rows(file, PLAN_COLUMNS, check=check, write=lambda rows: _write_each(
        rows, lambda v: services.plan_item_create(actor=actor, plan=plan, **v)))
    if not outcome.errors:
        audit_record(event_type="plan.import", actor=actor, target=plan, region=plan.region,
                     note=f"从 Excel 导入监督事项 {outcome.created} 项")
    return outcome.created, outcome.errors


def opinion_items_import(*, file, actor, opinion) -> tuple[int, list[RowError]]:
    outcome = import_rows(file, ITEM_COLUMNS, check=lambda number, values, errors: (number, values),
                          write=lambda rows: _write_each(
                              rows, lambda v: services.opinion_item_add(actor=actor, opinion=opinion, **v)))
    if not outcome.errors:
        audit_record(event_type="opinion.import", actor=actor, target=opinion, region=opinion.region,
                     note=f"从 Excel 导入条目 {outcome.created} 条")
    return outcome.created, outcome.errors


def plan_template() -> Workbook:
    return excel.template_workbook(PLAN_COLUMNS, title="监督事项", notes=[RULE])


def items_template() -> Workbook:
    return excel.template_workbook(ITEM_COLUMNS, title="审议意见条目", notes=[
        RULE, "按“几类几条”统计：同一“分类”下的条目为一类。"])
