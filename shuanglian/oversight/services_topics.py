"""Writes of oversight topics (监督议题): a topic of a year, the materials gathered on it, and the link
of an opinion or a campaign to it. Keyword-only, explicit actor, one audit event each."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from shuanglian.core.audit import audit_record
from shuanglian.core.errors import BusinessError
from shuanglian.core.permissions import deny_write, in_region_scope, is_staff_role

from . import material_files
from .checks import clean_text, past_day
from .models import InspectionCampaign, MaterialFile, MaterialKind, Opinion, Topic, TopicMaterial


def _require_staff_in(actor, region):
    if not (is_staff_role(actor) and in_region_scope(actor, region)):
        deny_write("只有本区域的人大工作人员可以维护监督议题。")


@transaction.atomic
def topic_create(*, actor, region, year: int, title: str, plan_item=None, summary: str = "") -> Topic:
    _require_staff_in(actor, region)
    if not isinstance(year, int) or not 2000 <= year <= timezone.localdate().year + 1:
        raise BusinessError(f"年度应在 2000 至 {timezone.localdate().year + 1} 之间。", code="invalid_year")
    if plan_item is not None and plan_item.plan.region_id != region.pk:
        raise BusinessError("来源监督事项不在本区域的监督工作计划中。", code="invalid_plan_item")
    title = clean_text(title, "议题", limit=200)
    try:
        with transaction.atomic():
            topic = Topic.objects.create(region=region, year=year, title=title, plan_item=plan_item,
                                         summary=clean_text(summary, "简要说明", limit=5000, required=False))
    except IntegrityError:
        raise BusinessError(f"{year}年已有议题「{title}」。", code="duplicate") from None
    audit_record(event_type="topic.create", actor=actor, target=topic, region=region,
                 changes={"year": [None, year], "title": [None, title]})
    return topic


@transaction.atomic
def topic_material_add(*, actor, topic: Topic, kind: str, title: str, received_on: dt.date,
                       content: str = "", files=()) -> TopicMaterial:
    """Record a material, with its files (Word, PDF, photos) if any — all checked before anything
    is written."""
    _require_staff_in(actor, topic.region)
    if kind not in MaterialKind.values:
        raise BusinessError("请选择材料类别。", code="invalid_kind")
    title = clean_text(title, "标题", limit=200)
    day = past_day(received_on, "日期")
    content = clean_text(content, "主要内容", limit=20000, required=False)
    checked = material_files.check_files(files)
    material = TopicMaterial.objects.create(topic=topic, kind=kind, title=title, received_on=day, content=content,
                                            recorded_by=actor)
    stored = material_files.store(material, checked, actor)
    changes = {"material": [None, f"{material.get_kind_display()}：{material.title}"]}
    if stored:
        changes["files"] = [None, "、".join(f.original_name for f in stored)]
    audit_record(event_type="topic.material", actor=actor, target=topic, region=topic.region, changes=changes)
    return material


@transaction.atomic
def topic_material_attach(*, actor, material: TopicMaterial, files) -> list[MaterialFile]:
    """Attach files to a material already recorded (the report's Word file arrives later)."""
    material = TopicMaterial.objects.select_for_update().select_related("topic__region").get(pk=material.pk)
    topic = material.topic
    _require_staff_in(actor, topic.region)
    if not [f for f in (files or ()) if f is not None]:
        raise BusinessError("请选择要上传的文件。", code="required")
    stored = material_files.store(material, material_files.check_files(files, already=material.files.count()), actor)
    audit_record(event_type="topic.material_file", actor=actor, target=topic, region=topic.region,
                 changes={"files": [None, "、".join(f.original_name for f in stored)]}, note=material.title)
    return stored


@transaction.atomic
def topic_link(*, actor, topic: Topic | None, opinion: Opinion | None = None,
               campaign: InspectionCampaign | None = None):
    """Put an opinion or a campaign under a topic of its own region (None: take it out)."""
    target = opinion or campaign
    if target is None or (opinion is not None and campaign is not None):
        raise BusinessError("请选择一份审议意见或一次视察调研活动。", code="required")
    _require_staff_in(actor, target.region)
    if topic is not None and topic.region_id != target.region_id:
        raise BusinessError("议题须属于同一区域。", code="invalid_topic")
    old = target.topic
    type(target).objects.filter(pk=target.pk).update(topic=topic)
    target.topic = topic
    audit_record(event_type="topic.link", actor=actor, target=target, region=target.region,
                 changes={"topic": [str(old) if old else None, str(topic) if topic else None]})
    return target
