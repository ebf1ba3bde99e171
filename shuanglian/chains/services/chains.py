"""Writes of chains, their node tree, their period figures and the region's schedule rule."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import F

from shuanglian.core.audit import audit_record
from shuanglian.core.errors import BusinessError

from ..models import (
    Chain,
    ChainMetric,
    ChainNode,
    ChainProblem,
    Lead,
    Project,
    ScheduleRule,
    ScheduleSetting,
    Strength,
)
from ..problems import problem_sources
from .base import (
    _conflict,
    _lock_current,
    _save,
    _save_with_m2m,
    require_chain_writer,
)

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
