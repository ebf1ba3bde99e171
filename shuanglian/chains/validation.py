"""Field rules shared by the forms, the API and the Excel imports, so a row is judged the same
way wherever it comes from. Each validator returns [(field, 中文 message)], empty when valid."""

from __future__ import annotations

from decimal import Decimal

from shuanglian.lib.uscc import uscc_error, uscc_normalize

from .models import LEAD_STAGE_ORDER, LeadStage

MAX_AMOUNT = Decimal("100000")  # 亿元: anything larger is a unit mistake (元 typed as 亿元)


def _amount(errors, values, field, label, *, required=False):
    value = values.get(field)
    if value in (None, ""):
        if required:
            errors.append((field, f"{label}必填"))
        return
    if value < 0:
        errors.append((field, f"{label}不能为负数"))
    elif value > MAX_AMOUNT:
        errors.append((field, f"{label}超过 {MAX_AMOUNT} 亿元，请确认单位是“亿元”"))


def enterprise_errors(values: dict) -> list[tuple[str, str]]:
    errors = []
    if not (values.get("name") or "").strip():
        errors.append(("name", "企业名称必填"))
    uscc = uscc_normalize(values.get("uscc") or "")
    if uscc:
        msg = uscc_error(uscc)
        if msg:
            errors.append(("uscc", msg))
    _amount(errors, values, "output", "年产值")
    employees = values.get("employees")
    if employees is not None and employees < 0:
        errors.append(("employees", "从业人数不能为负数"))
    return errors


def project_errors(values: dict) -> list[tuple[str, str]]:
    errors = []
    if not (values.get("name") or "").strip():
        errors.append(("name", "项目名称必填"))
    _amount(errors, values, "total_investment", "总投资", required=True)
    _amount(errors, values, "annual_plan", "年度计划投资")
    total, plan = values.get("total_investment"), values.get("annual_plan")
    if total is not None and plan is not None and plan > total:
        errors.append(("annual_plan", "年度计划投资不能大于总投资"))
    year = values.get("year")
    if year is None:
        errors.append(("year", "计划年度必填"))
    elif not 2000 <= year <= 2100:
        errors.append(("year", "计划年度应在2000–2100之间"))
    return errors


def lead_errors(values: dict) -> list[tuple[str, str]]:
    errors = []
    if not (values.get("target_company") or "").strip():
        errors.append(("target_company", "目标企业必填"))
    _amount(errors, values, "intended_investment", "意向投资")
    _amount(errors, values, "capital_in_place", "到位资金")
    stage = values.get("stage") or LeadStage.CLUE
    if (values.get("capital_in_place") or 0) > 0 and LEAD_STAGE_ORDER[stage] < LEAD_STAGE_ORDER[LeadStage.SIGNED]:
        errors.append(("capital_in_place", "尚未签约的线索不应有到位资金"))
    return errors


def policy_errors(values: dict) -> list[tuple[str, str]]:
    errors = []
    if not (values.get("title") or "").strip():
        errors.append(("title", "政策名称必填"))
    if not (values.get("issuer") or "").strip():
        errors.append(("issuer", "发文单位必填"))
    start, end = values.get("valid_from"), values.get("valid_to")
    if start and end and end < start:
        errors.append(("valid_to", "有效期至不能早于施行日期"))
    return errors


def problem_errors(values: dict, *, today=None) -> list[tuple[str, str]]:
    """A chain-level problem (问题清单): the page's form, the import and the services agree."""
    errors = []
    if not (values.get("title") or "").strip():
        errors.append(("title", "问题必填"))
    raised, due, resolved = values.get("raised_on"), values.get("due_on"), values.get("resolved_on")
    if raised and due and due < raised:
        errors.append(("due_on", "计划解决日期不能早于提出日期"))
    if today is not None and raised and raised > today:
        errors.append(("raised_on", "提出日期不能晚于今天"))
    if today is not None and resolved and resolved > today:
        errors.append(("resolved_on", "解决日期不能晚于今天"))
    if raised and resolved and resolved < raised:
        errors.append(("resolved_on", "解决日期不能早于提出日期"))
    return errors


def project_owner_errors(values: dict) -> list[tuple[str, str]]:
    """A project names its owner: an enterprise of the list, or the owner's name (the page's form
    and the API; the import leaves the owner as the file says)."""
    if values.get("owner") is None and not (values.get("owner_name") or "").strip():
        return [("owner_name", "请选择业主企业，或填写业主单位名称")]
    return []
