"""Writes of 智能分办: staff's lexicon, duties and threshold; the suggestion recorded at intake and
staff's final choice next to it; the similarity index. Retraining is training.routing_retrain."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from shuanglian.core.audit import audit_record
from shuanglian.core.errors import BusinessError

from .index import index_case
from .models import CategoryLexicon, DepartmentDuty, RoutingConfig, RoutingSuggestion
from .selectors import routing_suggest, text_error
from .textmodel import split_keywords

KEYWORDS_MAX = 2000


def _keywords(text: str) -> str:
    text = (text or "").strip()
    if len(text) > KEYWORDS_MAX:
        raise BusinessError(f"关键词过长，最多{KEYWORDS_MAX}字。", code="keywords_too_long")
    return " ".join(dict.fromkeys(split_keywords(text)))


def lexicon_update(*, category, keywords: str, actor) -> CategoryLexicon:
    """Staff's keywords for a category (replacing the shipped ones)."""
    words = _keywords(keywords)
    if not words:
        raise BusinessError("请至少填写一个关键词。", code="keywords_required")
    with transaction.atomic():
        row = CategoryLexicon.objects.select_for_update().filter(category=category).first()
        old = row.keywords if row else ""
        if row is None:
            row = CategoryLexicon(category=category)
        row.keywords, row.updated_by = words, actor
        row.save()
        audit_record(event_type="category_lexicon.update", actor=actor, target=row, region=None,
                     changes={"keywords": [old, words]})
    return row


def duty_update(*, department, duties: str, keywords: str, actor) -> DepartmentDuty:
    """Staff's text of a department's duties and keywords (replacing the shipped ones)."""
    duties = (duties or "").strip()
    if len(duties) > 5000:
        raise BusinessError("部门职责过长，最多5000字。", code="duties_too_long")
    words = _keywords(keywords)
    if not duties and not words:
        raise BusinessError("请填写部门职责或关键词。", code="duties_required")
    with transaction.atomic():
        row = DepartmentDuty.objects.select_for_update().filter(department=department).first()
        old = (row.duties, row.keywords) if row else ("", "")
        if row is None:
            row = DepartmentDuty(department=department)
        row.duties, row.keywords, row.updated_by = duties, words, actor
        row.save()
        audit_record(event_type="department_duty.update", actor=actor, target=row, region=department.region,
                     changes={"duties": [old[0], duties], "keywords": [old[1], words]})
    return row


def threshold_update(*, region, duplicate_threshold: float, actor) -> RoutingConfig:
    if not 0.2 <= duplicate_threshold <= 1:
        raise BusinessError("疑似重复阈值应在 0.2～1 之间。", code="bad_threshold")
    with transaction.atomic():
        row = RoutingConfig.objects.select_for_update().filter(region=region).first()
        old = row.duplicate_threshold if row else None
        row = row or RoutingConfig(region=region)
        row.duplicate_threshold = duplicate_threshold
        row.save()
        audit_record(event_type="routing_config.update", actor=actor, target=row, region=region,
                     changes={"duplicate_threshold": [old, duplicate_threshold]})
    return row


def suggestion_record(*, case, result: dict | None = None) -> RoutingSuggestion | None:
    """What was suggested for the case when staff first saw it (the case page's panel passes the
    suggestion it shows), or at its first assignment if nobody looked; once per case. Not at intake:
    scoring is most of a public submission's CPU, and the public intake must hold 400/s. A text that
    cannot be scored records nothing."""
    if text_error(case.title, case.description) or RoutingSuggestion.objects.filter(case=case).exists():
        return None
    if result is None:
        result = routing_suggest(None, region=case.region, title=case.title, description=case.description,
                                 with_similar=False)
    row, _ = RoutingSuggestion.objects.get_or_create(case=case, defaults={
        "model_kind": result["model"]["kind"], "model_version": result["model"]["version"],
        "categories": [c["code"] for c in result["categories"]],
        "departments": [d["id"] for d in result["departments"]],
        "chosen_category_id": case.category_id})
    return row


def suggestion_choice_record(*, case) -> int:
    """Staff's final choice at the first assignment, next to what was suggested (recorded now if
    the case was assigned without anyone opening its page, e.g. through the API)."""
    suggestion_record(case=case)
    return RoutingSuggestion.objects.filter(case_id=case.pk, chosen_department__isnull=True).update(
        chosen_department_id=case.lead_department_id, chosen_category_id=case.category_id,
        chosen_at=timezone.now())


def case_index(*, case) -> int:
    """The case's rows in the similarity index (at intake; again if its text changes)."""
    return index_case(case)
