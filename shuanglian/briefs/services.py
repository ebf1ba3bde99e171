"""Briefs' one write path: generate (and file) a brief, record a download. Each is audited."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from shuanglian.core.audit import audit_record
from shuanglian.core.errors import BusinessError
from shuanglian.lib import docx as d

from .content import brief_content
from .document import brief_document
from .models import Brief
from .selectors import can_generate


def _render(region, month: dt.date, as_of: dt.date | None) -> tuple[bytes, dt.date]:
    content = brief_content(region, month, as_of=as_of)
    return d.docx_bytes(brief_document(content)), content.as_of


def _file(brief: Brief, data: bytes):
    # Through the field, so the name goes through default_storage (a unique name, never overwritten).
    brief.file.save(f"{brief.region.code}-{brief.month:%Y-%m}.docx", ContentFile(data), save=False)
    brief.size = len(data)


def brief_generate(*, actor, region, month: dt.date, as_of: dt.date | None = None) -> Brief:
    """Staff of the region generate a brief for `month` now (kept beside any earlier one)."""
    if not can_generate(actor, region):
        raise BusinessError("只有本区域的人大工作人员可以生成月度简报。", code="forbidden_region")
    month = month.replace(day=1)
    data, as_of = _render(region, month, as_of)
    with transaction.atomic():
        brief = Brief(region=region, month=month, scheduled=False, as_of=as_of, generated_by=actor)
        _file(brief, data)
        brief.save()
        audit_record(event_type="brief.generate", actor=actor, target=brief, region=region,
                     changes={"month": [None, f"{month:%Y-%m}"], "scheduled": [None, False]})
    return brief


def brief_schedule(*, region, month: dt.date, as_of: dt.date | None = None) -> Brief | None:
    """The month's scheduled brief for `region`, once: None when it is already filed (by this
    host's earlier run or another host at the same moment, whose row the unique constraint keeps)."""
    month = month.replace(day=1)
    if Brief.objects.filter(region=region, month=month, scheduled=True).exists():
        return None
    data, as_of = _render(region, month, as_of)
    brief = Brief(region=region, month=month, scheduled=True, as_of=as_of)
    _file(brief, data)
    try:
        with transaction.atomic():
            brief.save()
            audit_record(event_type="brief.generate", actor=None, target=brief, region=region,
                         changes={"month": [None, f"{month:%Y-%m}"], "scheduled": [None, True]})
    except IntegrityError:  # another host filed it first: keep theirs, drop our copy
        brief.file.delete(save=False)
        return None
    return brief


@transaction.atomic
def brief_download(*, brief: Brief, actor) -> Brief:
    """Record that `actor` downloads the brief (who read the committee's figures, and when)."""
    audit_record(event_type="brief.download", actor=actor, target=brief, region=brief.region,
                 changes={"month": [None, f"{brief.month:%Y-%m}"]})
    return brief
