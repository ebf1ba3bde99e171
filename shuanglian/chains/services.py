"""Every write of the chain module (DESIGN.md §4.1): keyword-only, explicit actor, one
transaction, one audit event. Views, the API, imports and the demo call these."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from shuanglian.core.audit import audit_record, diff_fields
from shuanglian.core.errors import BusinessError
from shuanglian.core.permissions import deny_write, in_region_scope, is_staff_role
from shuanglian.lib.uscc import uscc_normalize

from . import validation
from .models import (
    ApplicationStatus,
    Chain,
    ChainMetric,
    ChainNode,
    ChainProblem,
    Enterprise,
    Lead,
    Policy,
    PolicyApplication,
    Project,
    ProjectInvestment,
    ProjectMilestone,
    ScheduleRule,
    ScheduleSetting,
)


def require_chain_writer(actor, region) -> None:
    """Committee staff of the region (or an admin) maintain its chains; everyone else reads."""
    if actor is None:  # system jobs (demo, background import already authorised)
        return
    if not is_staff_role(actor) or not in_region_scope(actor, region):
        deny_write("只有本区域的人大工作人员可以维护产业链信息。")


def _raise_first(errors):
    if errors:
        field, message = errors[0]
        raise BusinessError(message, code=f"invalid_{field}")


def _save(instance, values: dict, *, actor, event: str, region=None):
    """Create or update `instance` with `values`; audit the changed fields."""
    creating = instance.pk is None
    changes = {k: [None, str(v) if v is not None else None] for k, v in values.items()} if creating else diff_fields(instance, values)
    for key, value in values.items():
        setattr(instance, key, value)
    try:
        instance.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        label = instance._meta.get_field(field).verbose_name if field != "__all__" else ""
        raise BusinessError(f"{label}：{messages[0]}" if label else messages[0], code=f"invalid_{field}") from None
    if creating:
        instance.save()
    elif changes:
        instance.save(update_fields=[*changes.keys()] + (["updated_at"] if hasattr(instance, "updated_at") else []))
    if creating or changes:
        audit_record(
            event_type=f"{event}.{'create' if creating else 'update'}", actor=actor, target=instance,
            changes=changes, region=region,
        )
    return instance


def _set_m2m(instance, field: str, objs, *, actor, event: str, region=None):
    manager = getattr(instance, field)
    old = set(manager.values_list("pk", flat=True))
    new = {o.pk for o in objs}
    if old == new:
        return
    manager.set(objs)
    audit_record(
        event_type=f"{event}.update", actor=actor, target=instance, region=region,
        changes={field: [sorted(old), sorted(new)]},
    )


# --- chains and nodes -----------------------------------------------------------------------

@transaction.atomic
def chain_save(*, actor, chain: Chain | None = None, values: dict, member_departments=None, expert_deputies=None) -> Chain:
    region = values.get("region") or (chain.region if chain else None)
    require_chain_writer(actor, region)
    if not (values.get("name") or (chain and chain.name)):
        raise BusinessError("产业链名称必填", code="invalid_name")
    chain = _save(chain or Chain(), values, actor=actor, event="chain")
    if member_departments is not None:
        _set_m2m(chain, "member_departments", member_departments, actor=actor, event="chain")
    if expert_deputies is not None:
        _set_m2m(chain, "expert_deputies", expert_deputies, actor=actor, event="chain")
    return chain


@transaction.atomic
def node_save(*, actor, chain: Chain, node: ChainNode | None = None, values: dict) -> ChainNode:
    require_chain_writer(actor, chain.region)
    parent = values.get("parent")
    if parent is not None:
        if parent.chain_id != chain.pk:
            raise BusinessError("上级环节必须属于同一条产业链", code="invalid_parent")
        walk = parent
        while walk is not None:
            if node is not None and walk.pk == node.pk:
                raise BusinessError("上级环节不能是它自己或它的下级", code="invalid_parent")
            walk = walk.parent
    return _save(node or ChainNode(chain=chain), values, actor=actor, event="chain_node", region=chain.region)


@transaction.atomic
def node_rate(*, actor, node: ChainNode, strength: str) -> ChainNode:
    """Staff set (or clear, with "") a node's strength rating 强/弱/缺/断."""
    return node_save(actor=actor, chain=node.chain, node=node, values={"strength": strength})


@transaction.atomic
def metric_save(*, actor, chain: Chain, period_kind: str, year: int, quarter: int | None, output: Decimal,
                last_output: Decimal | None = None, region_output: Decimal | None = None,
                above_scale_count: int | None = None, note: str = "") -> ChainMetric:
    require_chain_writer(actor, chain.region)
    if period_kind == "quarter" and quarter not in (1, 2, 3, 4):
        raise BusinessError("季度数据须填写第1–4季度", code="invalid_quarter")
    if period_kind == "year":
        quarter = None
    if output is None or output < 0:
        raise BusinessError("产值必须为非负数", code="invalid_output")
    if region_output is not None and region_output < output:
        raise BusinessError("全区工业总产值不能小于本产业链产值", code="invalid_region_output")
    metric = ChainMetric.objects.filter(chain=chain, period_kind=period_kind, year=year, quarter=quarter).first()
    values = {"output": output, "last_output": last_output, "region_output": region_output,
              "above_scale_count": above_scale_count, "note": note}
    return _save(metric or ChainMetric(chain=chain, period_kind=period_kind, year=year, quarter=quarter),
                 values, actor=actor, event="chain_metric", region=chain.region)


@transaction.atomic
def schedule_setting_set(*, actor, region, rule: str) -> ScheduleSetting:
    require_chain_writer(actor, region)
    if rule not in ScheduleRule.values:
        raise BusinessError("序时进度规则只能是“差距百分点”或“完成比例”", code="invalid_rule")
    setting = ScheduleSetting.objects.filter(region=region).first() or ScheduleSetting(region=region)
    return _save(setting, {"rule": rule}, actor=actor, event="schedule_setting", region=region)


# --- enterprises ----------------------------------------------------------------------------

@transaction.atomic
def enterprise_save(*, actor, values: dict, enterprise: Enterprise | None = None, nodes=None,
                    contact_deputies=None) -> tuple[Enterprise, bool]:
    """Create or update an enterprise; without `enterprise`, an existing one with the same USCC
    is updated (upsert). Returns (enterprise, created)."""
    values = dict(values)
    if "uscc" in values:
        values["uscc"] = uscc_normalize(values["uscc"]) or None
    _raise_first(validation.enterprise_errors({**({"name": enterprise.name} if enterprise else {}), **values}))
    if enterprise is None and values.get("uscc"):
        enterprise = Enterprise.objects.select_for_update().filter(uscc=values["uscc"]).first()
    elif enterprise is not None and values.get("uscc"):
        clash = Enterprise.objects.filter(uscc=values["uscc"]).exclude(pk=enterprise.pk).first()
        if clash:
            raise BusinessError(f"统一社会信用代码已被“{clash.name}”使用", code="duplicate_uscc")
    created = enterprise is None
    region = values.get("region") or (enterprise.region if enterprise else None)
    if region is None:
        raise BusinessError("企业所属区域必填", code="invalid_region")
    if nodes:
        # whoever maintains a chain may attach firms from elsewhere to it (外地配套企业)
        require_chain_writer(actor, nodes[0].chain.region)
    else:
        require_chain_writer(actor, region)
    enterprise = _save(enterprise or Enterprise(), values, actor=actor, event="enterprise")
    if nodes is not None:
        _set_m2m(enterprise, "nodes", nodes, actor=actor, event="enterprise")
    if contact_deputies is not None:
        _set_m2m(enterprise, "contact_deputies", contact_deputies, actor=actor, event="enterprise")
    return enterprise, created


# --- projects -------------------------------------------------------------------------------

def _month(value: dt.date | None) -> dt.date | None:
    return value.replace(day=1) if value else None


@transaction.atomic
def project_save(*, actor, chain: Chain, values: dict, project: Project | None = None) -> Project:
    require_chain_writer(actor, chain.region)
    merged = {**({f: getattr(project, f) for f in ("name", "total_investment", "annual_plan", "year")} if project else {}), **values}
    _raise_first(validation.project_errors(merged))
    node = values.get("node")
    if node is not None and node.chain_id != chain.pk:
        raise BusinessError("环节必须属于本产业链", code="invalid_node")
    if "planned_start" in values:
        values = {**values, "planned_start": _month(values["planned_start"])}
    return _save(project or Project(chain=chain), values, actor=actor, event="project", region=chain.region)


@transaction.atomic
def project_record_investment(*, actor, project: Project, month: dt.date, amount: Decimal) -> ProjectInvestment:
    """Record (or correct) the investment completed in one month."""
    require_chain_writer(actor, project.chain.region)
    if amount is None or amount < 0:
        raise BusinessError("完成投资必须为非负数", code="invalid_amount")
    month = _month(month)
    if month > _month(timezone.localdate()):
        raise BusinessError("不能填报未来月份的完成投资", code="future_month")
    row = ProjectInvestment.objects.filter(project=project, month=month).first()
    old = row.amount if row else None
    row = row or ProjectInvestment(project=project, month=month, amount=amount)
    row.amount = amount
    row.save()
    audit_record(event_type="project.record_investment", actor=actor, target=project, region=project.chain.region,
                 changes={f"investment_{month:%Y-%m}": [str(old) if old is not None else None, str(amount)]})
    return row


@transaction.atomic
def milestone_save(*, actor, project: Project, name: str, planned_on: dt.date, done_on: dt.date | None = None,
                   milestone: ProjectMilestone | None = None) -> ProjectMilestone:
    require_chain_writer(actor, project.chain.region)
    if not name.strip():
        raise BusinessError("里程碑名称必填", code="invalid_name")
    values = {"name": name.strip(), "planned_on": planned_on, "done_on": done_on}
    return _save(milestone or ProjectMilestone(project=project), values, actor=actor, event="project_milestone",
                 region=project.chain.region)


# --- leads ----------------------------------------------------------------------------------

@transaction.atomic
def lead_save(*, actor, chain: Chain, values: dict, lead: Lead | None = None) -> Lead:
    require_chain_writer(actor, chain.region)
    merged = {**({"target_company": lead.target_company, "stage": lead.stage, "capital_in_place": lead.capital_in_place} if lead else {}), **values}
    _raise_first(validation.lead_errors(merged))
    node = values.get("node")
    if node is not None and node.chain_id != chain.pk:
        raise BusinessError("补链环节必须属于本产业链", code="invalid_node")
    return _save(lead or Lead(chain=chain), values, actor=actor, event="lead", region=chain.region)


# --- policies -------------------------------------------------------------------------------

@transaction.atomic
def policy_save(*, actor, region, values: dict, policy: Policy | None = None, chains=None, nodes=None) -> Policy:
    require_chain_writer(actor, region)
    merged = {**({"title": policy.title, "issuer": policy.issuer} if policy else {}), **values}
    _raise_first(validation.policy_errors(merged))
    policy = _save(policy or Policy(region=region), values, actor=actor, event="policy", region=region)
    if chains is not None:
        _set_m2m(policy, "chains", chains, actor=actor, event="policy", region=region)
    if nodes is not None:
        _set_m2m(policy, "nodes", nodes, actor=actor, event="policy", region=region)
    return policy


@transaction.atomic
def policy_application_record(*, actor, policy: Policy, enterprise: Enterprise, status: str,
                              applied_on: dt.date | None = None, granted_on: dt.date | None = None,
                              amount: Decimal | None = None) -> PolicyApplication:
    """An enterprise applied for a policy, or was granted it (兑现)."""
    require_chain_writer(actor, policy.region)
    if status not in ApplicationStatus.values:
        raise BusinessError("申报状态无效", code="invalid_status")
    if status == ApplicationStatus.GRANTED and granted_on is None:
        granted_on = timezone.localdate()
    app = PolicyApplication.objects.filter(policy=policy, enterprise=enterprise).first()
    values = {"status": status, "applied_on": applied_on or (app.applied_on if app else None) or timezone.localdate(),
              "granted_on": granted_on, "amount": amount}
    return _save(app or PolicyApplication(policy=policy, enterprise=enterprise), values, actor=actor,
                 event="policy_application", region=policy.region)


# --- chain-level problems -------------------------------------------------------------------

@transaction.atomic
def problem_raise(*, actor, chain: Chain, title: str, kind: str, node: ChainNode | None = None, description: str = "",
                  responsible_department=None, due_on: dt.date | None = None, raised_on: dt.date | None = None) -> ChainProblem:
    require_chain_writer(actor, chain.region)
    if not title.strip():
        raise BusinessError("问题描述必填", code="invalid_title")
    if node is not None and node.chain_id != chain.pk:
        raise BusinessError("环节必须属于本产业链", code="invalid_node")
    values = {"title": title.strip(), "kind": kind, "node": node, "description": description,
              "responsible_department": responsible_department, "due_on": due_on,
              "raised_on": raised_on or timezone.localdate()}
    return _save(ChainProblem(chain=chain), values, actor=actor, event="chain_problem", region=chain.region)


@transaction.atomic
def problem_resolve(*, actor, problem: ChainProblem, resolution: str, resolved_on: dt.date | None = None) -> ChainProblem:
    require_chain_writer(actor, problem.chain.region)
    problem = ChainProblem.objects.select_for_update().get(pk=problem.pk)
    if problem.resolved_on is not None:
        raise BusinessError("该问题已解决销号", code="already_resolved")
    if not resolution.strip():
        raise BusinessError("请填写解决情况", code="invalid_resolution")
    values = {"resolution": resolution.strip(), "resolved_on": resolved_on or timezone.localdate()}
    return _save(problem, values, actor=actor, event="chain_problem", region=problem.chain.region)
