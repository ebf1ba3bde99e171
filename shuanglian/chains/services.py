"""Every write of the chain module (DESIGN.md §4.1): keyword-only, explicit actor, one
transaction, one audit event. Views, the API, imports and the demo call these."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from shuanglian.core.audit import audit_record, diff_fields
from shuanglian.core.errors import BusinessError, ConcurrentUpdate, TransitionNotAllowed
from shuanglian.core.permissions import deny_write, in_region_scope, is_admin, is_staff_role
from shuanglian.lib.uscc import uscc_normalize

from . import validation
from .models import (
    LEAD_STAGE_ORDER,
    PROJECT_STAGE_ORDER,
    ApplicationStatus,
    Chain,
    ChainMetric,
    ChainNode,
    ChainProblem,
    Enterprise,
    Lead,
    LeadContact,
    LeadStage,
    Policy,
    PolicyApplication,
    Project,
    ProjectInvestment,
    ProjectMilestone,
    ProjectStage,
    ScheduleRule,
    ScheduleSetting,
    Strength,
)
from .problems import problem_sources

# --- optimistic concurrency ----------------------------------------------------------------
# (The panorama cache, shuanglian.chains.cache, follows every save through model signals; the
# services need not tell it.)--

VERSIONED_LABELS = {
    "chain": "产业链", "chainnode": "环节", "chainmetric": "该期指标", "enterprise": "企业信息",
    "project": "项目", "lead": "招商线索", "policy": "政策",
}


def _conflict(instance, expected, current) -> ConcurrentUpdate:
    what = VERSIONED_LABELS.get(instance._meta.model_name, "该记录")
    return ConcurrentUpdate(
        f"{what}已被他人修改（您打开时为第 {expected} 版，现在是第 {current} 版），您的修改未保存。"
        "您填写的内容已保留，请核对最新内容后再次保存。",
        code="concurrent_update",
    )


def _lock_current(instance, expected_version=None):
    """Lock and reload the stored row; refuse when someone saved a newer version since the user
    opened the form (`expected_version`, the version the form was rendered with). New objects
    (no pk) pass through. Services diff against the returned, current row."""
    if instance is None or instance.pk is None:
        return instance
    current = type(instance).objects.select_for_update().get(pk=instance.pk)
    if expected_version not in (None, "") and current.version != int(expected_version):
        raise _conflict(instance, expected_version, current.version)
    return current


def _bump(instance) -> None:
    """Advance the row's version; a conditional UPDATE so that even without row locks (SQLite)
    two writers of the same version cannot both succeed."""
    if not hasattr(instance, "version") or instance.pk is None:
        return
    n = type(instance).objects.filter(pk=instance.pk, version=instance.version).update(version=instance.version + 1)
    if not n:
        current = type(instance).objects.filter(pk=instance.pk).values_list("version", flat=True).first()
        raise _conflict(instance, instance.version, current)
    instance.version += 1



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
        _bump(instance)
        instance.save(update_fields=[*changes.keys()] + (["updated_at"] if hasattr(instance, "updated_at") else []))
    if creating or changes:
        audit_record(
            event_type=f"{event}.{'create' if creating else 'update'}", actor=actor, target=instance,
            changes=changes, region=region,
        )
    return instance


def _set_m2m(instance, field: str, objs, *, actor, event: str, region=None):
    """Set an M2M field; returns whether it changed (audited as `<event>.update`)."""
    manager = getattr(instance, field)
    old = set(manager.values_list("pk", flat=True))
    new = {o.pk for o in objs}
    if old == new:
        return False
    manager.set(objs)
    audit_record(
        event_type=f"{event}.update", actor=actor, target=instance, region=region,
        changes={field: [sorted(old), sorted(new)]},
    )
    return True


def _save_with_m2m(instance, values: dict, m2m: dict, *, actor, event: str, region=None):
    """_save plus M2M fields ({field: objs or None}); the version advances once if anything changed."""
    before = instance.version if instance.pk is not None else None
    instance = _save(instance, values, actor=actor, event=event, region=region)
    changed = [_set_m2m(instance, f, objs, actor=actor, event=event, region=region) for f, objs in m2m.items() if objs is not None]
    if before is not None and any(changed) and instance.version == before:
        _bump(instance)
    return instance


# --- chains and nodes -----------------------------------------------------------------------

@transaction.atomic
def chain_save(*, actor, chain: Chain | None = None, values: dict, member_departments=None, expert_deputies=None,
               expected_version=None) -> Chain:
    """Create or edit a chain (chief, tier, lead department, task force, expert group, target)."""
    region = values.get("region") or (chain.region if chain else None)
    require_chain_writer(actor, region)
    if chain is not None and values.get("region") is not None and values["region"] != chain.region:
        require_chain_writer(actor, chain.region)
    if not (values.get("name") or (chain and chain.name)):
        raise BusinessError("产业链名称必填", code="invalid_name")
    if "name" in values and not str(values["name"]).strip():
        raise BusinessError("产业链名称必填", code="invalid_name")
    chain = _lock_current(chain, expected_version)
    chain = _save_with_m2m(chain or Chain(), values,
                           {"member_departments": member_departments, "expert_deputies": expert_deputies},
                           actor=actor, event="chain")
    return chain


def _descendant_ids(node: ChainNode) -> list[int]:
    pairs = list(ChainNode.objects.filter(chain_id=node.chain_id).values_list("pk", "parent_id"))
    found, frontier = [], [node.pk]
    while frontier:
        kids = [pk for pk, parent in pairs if parent in frontier]
        found += kids
        frontier = kids
    return found


@transaction.atomic
def node_save(*, actor, chain: Chain, node: ChainNode | None = None, values: dict, expected_version=None) -> ChainNode:
    """Add a node or edit/move one. A node under a parent sits in its parent's stage; moving a
    node to another stage moves its descendants with it."""
    require_chain_writer(actor, chain.region)
    values = dict(values)
    if "name" in values and not str(values["name"] or "").strip():
        raise BusinessError("环节名称必填", code="invalid_name")
    node = _lock_current(node, expected_version)
    parent = values.get("parent")
    if parent is not None:
        if parent.chain_id != chain.pk:
            raise BusinessError("上级环节必须属于同一条产业链", code="invalid_parent")
        walk = parent
        while walk is not None:
            if node is not None and walk.pk == node.pk:
                raise BusinessError("上级环节不能是它自己或它的下级", code="invalid_parent")
            walk = walk.parent
        values["stage"] = parent.stage
    old_stage = node.stage if node is not None else None
    node = _save(node or ChainNode(chain=chain), values, actor=actor, event="chain_node", region=chain.region)
    if old_stage is not None and node.stage != old_stage:
        below = _descendant_ids(node)
        if below:
            ChainNode.objects.filter(pk__in=below).update(stage=node.stage, version=F("version") + 1)
            audit_record(event_type="chain_node.move", actor=actor, target=node, region=chain.region,
                         changes={"descendants_stage": [old_stage, node.stage]},
                         note=f"下级环节 {len(below)} 个随之移到“{node.get_stage_display()}”")
    return node


@transaction.atomic
def node_rate(*, actor, node: ChainNode, strength: str, note: str | None = None, expected_version=None) -> ChainNode:
    """Staff set (or clear, with "") a node's strength rating 强/弱/缺/断, with a note."""
    if strength not in ("", *Strength.values):
        raise BusinessError("强弱评估只能是强、弱、缺、断之一（留空则自动测算）", code="invalid_strength")
    values = {"strength": strength}
    if note is not None:
        values["strength_note"] = note.strip()
    return node_save(actor=actor, chain=node.chain, node=node, values=values, expected_version=expected_version)


def node_dependents(node: ChainNode) -> list[str]:
    """What still hangs on a node, as Chinese phrases ("企业 3 家"); empty when it may be removed."""
    counts = [
        ("下级环节", "个", ChainNode.objects.filter(parent=node).count()),
        ("企业", "家", node.enterprises.count()),
        ("项目", "个", Project.objects.filter(node=node).count()),
        ("招商线索", "条", Lead.objects.filter(node=node).count()),
        ("产业链问题", "个", ChainProblem.objects.filter(node=node).count()),
        ("政策", "项", node.policies.count()),
    ]
    counts += [(source.label, source.unit, source.count_on_node(node)) for source in problem_sources()]
    return [f"{label} {n} {unit}" for label, unit, n in counts if n]


@transaction.atomic
def node_delete(*, actor, node: ChainNode) -> None:
    """Remove a node that nothing hangs on; otherwise say what does."""
    require_chain_writer(actor, node.chain.region)
    node = _lock_current(node)
    left = node_dependents(node)
    if left:
        raise BusinessError(
            f"不能删除环节“{node.name}”：它还挂有{'、'.join(left)}。请先把它们移到其他环节或删除后再试。",
            code="node_in_use",
        )
    audit_record(event_type="chain_node.delete", actor=actor, target=node, region=node.chain.region,
                 changes={"name": [node.name, None], "stage": [node.stage, None]})
    node.delete()


@transaction.atomic
def metric_save(*, actor, chain: Chain, period_kind: str, year: int, quarter: int | None, output: Decimal,
                last_output: Decimal | None = None, region_output: Decimal | None = None,
                above_scale_count: int | None = None, note: str = "", expected_version=None) -> ChainMetric:
    """Enter (or correct) one period's figures. `expected_version` 0 means "I am entering a new
    period": if someone has entered it meanwhile, nothing is overwritten."""
    require_chain_writer(actor, chain.region)
    if period_kind not in ("quarter", "year"):
        raise BusinessError("周期只能是季度或年度", code="invalid_period_kind")
    if not year or not 2000 <= int(year) <= 2100:
        raise BusinessError("年份应在2000–2100之间", code="invalid_year")
    if period_kind == "quarter" and quarter not in (1, 2, 3, 4):
        raise BusinessError("季度数据须填写第1–4季度", code="invalid_quarter")
    if period_kind == "year":
        quarter = None
    if output is None or output < 0:
        raise BusinessError("产值必须为非负数", code="invalid_output")
    if last_output is not None and last_output < 0:
        raise BusinessError("上年同期产值不能为负数", code="invalid_last_output")
    if region_output is not None and region_output < output:
        raise BusinessError("全区工业总产值不能小于本产业链产值", code="invalid_region_output")
    metric = (ChainMetric.objects.select_for_update()
              .filter(chain=chain, period_kind=period_kind, year=year, quarter=quarter).first())
    if metric is not None and expected_version not in (None, "") and metric.version != int(expected_version):
        raise _conflict(metric, expected_version, metric.version)
    values = {"output": output, "last_output": last_output, "region_output": region_output,
              "above_scale_count": above_scale_count, "note": note}
    metric = _save(metric or ChainMetric(chain=chain, period_kind=period_kind, year=year, quarter=quarter),
                   values, actor=actor, event="chain_metric", region=chain.region)
    return metric


@transaction.atomic
def schedule_setting_set(*, actor, region, rule: str) -> ScheduleSetting:
    require_chain_writer(actor, region)
    if rule not in ScheduleRule.values:
        raise BusinessError("序时进度规则只能是“差距百分点”或“完成比例”", code="invalid_rule")
    setting = ScheduleSetting.objects.filter(region=region).first() or ScheduleSetting(region=region)
    setting = _save(setting, {"rule": rule}, actor=actor, event="schedule_setting", region=region)
    return setting


# --- enterprises ----------------------------------------------------------------------------

@transaction.atomic
def enterprise_save(*, actor, values: dict, enterprise: Enterprise | None = None, nodes=None,
                    contact_deputies=None, expected_version=None) -> tuple[Enterprise, bool]:
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
    enterprise = _lock_current(enterprise, expected_version)
    if actor is not None:
        old_nodes = set(enterprise.nodes.values_list("pk", "chain_id")) if enterprise is not None else set()
        # Whoever maintains a chain may attach firms from elsewhere to it (外地配套企业) and edit
        # their file; only the maintainers of a chain change which of its nodes a firm serves.
        new_nodes = {(n.pk, n.chain_id) for n in nodes} if nodes is not None else old_nodes
        touched = {chain_id for _, chain_id in old_nodes ^ new_nodes}
        serving = {chain_id for _, chain_id in new_nodes}
        regions = dict(Chain.objects.filter(pk__in=touched | serving).select_related("region")
                       .values_list("pk", "region__path"))
        def may(path):
            return is_staff_role(actor) and (is_admin(actor) or (actor.region is not None and path.startswith(actor.region.path)))
        if any(not may(regions[c]) for c in touched):
            deny_write("只有本区域的人大工作人员可以调整企业在本区域产业链中的环节。")
        if not (may(region.path) or any(may(regions[c]) for c in serving)):
            deny_write("只有本区域的人大工作人员可以维护企业信息。")
    enterprise = _save_with_m2m(enterprise or Enterprise(), values,
                                {"nodes": nodes, "contact_deputies": contact_deputies},
                                actor=actor, event="enterprise")
    return enterprise, created


# --- projects -------------------------------------------------------------------------------

def _month(value: dt.date | None) -> dt.date | None:
    return value.replace(day=1) if value else None


@transaction.atomic
def project_save(*, actor, chain: Chain, values: dict, project: Project | None = None, expected_version=None) -> Project:
    require_chain_writer(actor, chain.region)
    project = _lock_current(project, expected_version)
    merged = {**({f: getattr(project, f) for f in ("name", "total_investment", "annual_plan", "year")} if project else {}), **values}
    _raise_first(validation.project_errors(merged))
    node = values.get("node")
    if node is not None and node.chain_id != chain.pk:
        raise BusinessError("环节必须属于本产业链", code="invalid_node")
    if "stage" in values and values["stage"] not in ProjectStage.values:
        raise BusinessError("项目阶段无效", code="invalid_stage")
    if "planned_start" in values:
        values = {**values, "planned_start": _month(values["planned_start"])}
    project = _save(project or Project(chain=chain), values, actor=actor, event="project", region=chain.region)
    return project


@transaction.atomic
def project_advance(*, actor, project: Project, expected_version=None, on: dt.date | None = None) -> Project:
    """Move a project to its next stage (谋划 → 洽谈 → 签约 → 开工 → 建设 → 投产 → 达产). Reaching
    开工 records the start date (today unless given)."""
    require_chain_writer(actor, project.chain.region)
    project = _lock_current(project, expected_version)
    order = PROJECT_STAGE_ORDER[project.stage]
    if order + 1 >= len(ProjectStage.values):
        raise TransitionNotAllowed("项目已达产，没有下一阶段", code="last_stage")
    new = ProjectStage.values[order + 1]
    changes = {"stage": [project.get_stage_display(), ProjectStage(new).label]}
    project.stage = new
    fields = ["stage"]
    if new == ProjectStage.STARTED and project.started_on is None:
        project.started_on = on or timezone.localdate()
        changes["started_on"] = [None, str(project.started_on)]
        fields.append("started_on")
    _bump(project)
    project.save(update_fields=fields)
    audit_record(event_type="project.advance", actor=actor, target=project, region=project.chain.region, changes=changes)
    return project


@transaction.atomic
def project_record_investment(*, actor, project: Project, month: dt.date, amount: Decimal) -> ProjectInvestment:
    """Record (or correct) the investment completed in one month."""
    require_chain_writer(actor, project.chain.region)
    if month is None:
        raise BusinessError("请选择月份", code="invalid_month")
    if amount is None or amount < 0:
        raise BusinessError("完成投资必须为非负数", code="invalid_amount")
    if amount > validation.MAX_AMOUNT:
        raise BusinessError(f"完成投资超过 {validation.MAX_AMOUNT} 亿元，请确认单位是“亿元”", code="invalid_amount")
    month = _month(month)
    if month > _month(timezone.localdate()):
        raise BusinessError("不能填报未来月份的完成投资", code="future_month")
    row = ProjectInvestment.objects.select_for_update().filter(project=project, month=month).first()
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
    if not (name or "").strip():
        raise BusinessError("里程碑名称必填", code="invalid_name")
    if planned_on is None:
        raise BusinessError("请填写里程碑的计划日期", code="invalid_planned_on")
    if done_on is not None and done_on > timezone.localdate():
        raise BusinessError("完成日期不能晚于今天", code="invalid_done_on")
    if milestone is not None and milestone.project_id != project.pk:
        raise BusinessError("该里程碑不属于这个项目", code="invalid_milestone")
    values = {"name": name.strip(), "planned_on": planned_on, "done_on": done_on}
    milestone = _save(milestone or ProjectMilestone(project=project), values, actor=actor, event="project_milestone",
                      region=project.chain.region)
    return milestone


# --- leads ----------------------------------------------------------------------------------

@transaction.atomic
def lead_save(*, actor, chain: Chain, values: dict, lead: Lead | None = None, expected_version=None) -> Lead:
    require_chain_writer(actor, chain.region)
    lead = _lock_current(lead, expected_version)
    merged = {**({"target_company": lead.target_company, "stage": lead.stage, "capital_in_place": lead.capital_in_place} if lead else {}), **values}
    _raise_first(validation.lead_errors(merged))
    node = values.get("node")
    if node is not None and node.chain_id != chain.pk:
        raise BusinessError("补链环节必须属于本产业链", code="invalid_node")
    lead = _save(lead or Lead(chain=chain), values, actor=actor, event="lead", region=chain.region)
    return lead


@transaction.atomic
def lead_advance(*, actor, lead: Lead, expected_version=None) -> Lead:
    """Move a lead one step along 线索 → 接洽 → … → 投产."""
    require_chain_writer(actor, lead.chain.region)
    lead = _lock_current(lead, expected_version)
    if lead.is_closed:
        raise TransitionNotAllowed("该线索已终止，不能推进", code="lead_closed")
    order = LEAD_STAGE_ORDER[lead.stage]
    if order + 1 >= len(LeadStage.values):
        raise TransitionNotAllowed("该线索已投产，没有下一阶段", code="last_stage")
    new = LeadStage.values[order + 1]
    changes = {"stage": [lead.get_stage_display(), LeadStage(new).label]}
    lead.stage = new
    _bump(lead)
    lead.save(update_fields=["stage"])
    audit_record(event_type="lead.advance", actor=actor, target=lead, region=lead.chain.region, changes=changes)
    return lead


@transaction.atomic
def lead_record_contact(*, actor, lead: Lead, on: dt.date, who: str, what: str, next_step: str = "") -> Lead:
    """Record one contact with the target company (date, who, what) as a LeadContact, the lead's
    contact history. The lead's last contact becomes the latest contact date and its next step the
    one given; the audit trail records that the contact was entered (`lead.contact`)."""
    require_chain_writer(actor, lead.chain.region)
    if on is None:
        raise BusinessError("请填写对接日期", code="invalid_on")
    if on > timezone.localdate():
        raise BusinessError("对接日期不能晚于今天", code="invalid_on")
    if not (who or "").strip():
        raise BusinessError("请填写对接人", code="invalid_who")
    if len(who.strip()) > 200:
        raise BusinessError("对接人不能超过200字", code="invalid_who")
    if not (what or "").strip():
        raise BusinessError("请填写对接内容", code="invalid_what")
    if len(next_step or "") > 200:
        raise BusinessError("下一步不能超过200字", code="invalid_next_step")
    lead = _lock_current(lead)
    if lead.is_closed:
        raise TransitionNotAllowed("该线索已终止，不能再记录对接", code="lead_closed")
    values = {}
    if lead.last_contact is None or on >= lead.last_contact:
        values["last_contact"] = on
    if next_step.strip():
        values["next_step"] = next_step.strip()
    changes = diff_fields(lead, values)
    for key, value in values.items():
        setattr(lead, key, value)
    if changes:
        _bump(lead)
        lead.save(update_fields=list(changes))
    LeadContact.objects.create(lead=lead, contacted_on=on, who=who.strip(), summary=what.strip(),
                               next_step=next_step.strip(), recorded_by=actor)
    audit_record(event_type="lead.contact", actor=actor, target=lead, region=lead.chain.region, changes=changes,
                 note=f"{on:%Y-%m-%d} {who.strip()}：{what.strip()}")
    return lead


# --- policies -------------------------------------------------------------------------------

@transaction.atomic
def policy_save(*, actor, region, values: dict, policy: Policy | None = None, chains=None, nodes=None,
                expected_version=None) -> Policy:
    require_chain_writer(actor, region)
    policy = _lock_current(policy, expected_version)
    merged = {**({"title": policy.title, "issuer": policy.issuer} if policy else {}), **values}
    _raise_first(validation.policy_errors(merged))
    if nodes and chains is not None:
        allowed = {c.pk for c in chains}
        stray = [n.name for n in nodes if n.chain_id not in allowed]
        if stray:
            raise BusinessError(f"适用环节“{stray[0]}”不属于所选的适用产业链", code="invalid_nodes")
    policy = _save_with_m2m(policy or Policy(region=region), values, {"chains": chains, "nodes": nodes},
                            actor=actor, event="policy", region=region)
    return policy


@transaction.atomic
def policy_application_record(*, actor, policy: Policy, enterprise: Enterprise, status: str,
                              applied_on: dt.date | None = None, granted_on: dt.date | None = None,
                              amount: Decimal | None = None) -> PolicyApplication:
    """An enterprise applied for a policy, or was granted it (兑现)."""
    require_chain_writer(actor, policy.region)
    if status not in ApplicationStatus.values:
        raise BusinessError("申报状态无效", code="invalid_status")
    if amount is not None and amount < 0:
        raise BusinessError("兑现金额不能为负数", code="invalid_amount")
    today = timezone.localdate()
    if (applied_on and applied_on > today) or (granted_on and granted_on > today):
        raise BusinessError("申报和兑现日期不能晚于今天", code="invalid_date")
    if status == ApplicationStatus.GRANTED and granted_on is None:
        granted_on = today
    if status != ApplicationStatus.GRANTED and granted_on is not None:
        raise BusinessError("只有“已兑现”的申报才有兑现日期", code="invalid_granted_on")
    app = PolicyApplication.objects.select_for_update().filter(policy=policy, enterprise=enterprise).first()
    applied_on = applied_on or (app.applied_on if app else None) or today
    if granted_on is not None and granted_on < applied_on:
        raise BusinessError("兑现日期不能早于申报日期", code="invalid_granted_on")
    values = {"status": status, "applied_on": applied_on, "granted_on": granted_on, "amount": amount}
    app = _save(app or PolicyApplication(policy=policy, enterprise=enterprise), values, actor=actor,
                event="policy_application", region=policy.region)
    return app


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
    problem = _save(ChainProblem(chain=chain), values, actor=actor, event="chain_problem", region=chain.region)
    return problem


@transaction.atomic
def problem_resolve(*, actor, problem: ChainProblem, resolution: str, resolved_on: dt.date | None = None) -> ChainProblem:
    require_chain_writer(actor, problem.chain.region)
    problem = ChainProblem.objects.select_for_update().get(pk=problem.pk)
    if problem.resolved_on is not None:
        raise BusinessError("该问题已解决销号", code="already_resolved")
    if not resolution.strip():
        raise BusinessError("请填写解决情况", code="invalid_resolution")
    values = {"resolution": resolution.strip(), "resolved_on": resolved_on or timezone.localdate()}
    problem = _save(problem, values, actor=actor, event="chain_problem", region=problem.chain.region)
    return problem
