"""Intake: every channel (QR form, public API, Open311, staff entry, ledger import) ends in
`case_submit`, which validates with Chinese messages (validation.py), links the enterprise by
USCC, lets the station pre-fill region, chain and following deputies, stores attachments, and
writes the case and its audit event in one transaction.

Double submits: with a `dedupe_key` (the station token for the QR form and the public API),
the same key and the same content within DEDUPE_WINDOW return the first case (IntakeReceipt).
The write itself is one transaction of single-row INSERTs (case, receipt, following deputies in
one statement, audit event) plus the roll-up's F() updates (rates.rollup.rollup_add).
"""

from __future__ import annotations

import hashlib
import json
import secrets

from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from shuanglian.chains.models import Enterprise
from shuanglian.core.audit import audit_record
from shuanglian.core.errors import BusinessError
from shuanglian.core.models import Role
from shuanglian.core.permissions import deny_write, in_region_scope, is_staff_role

from .. import clock
from ..models import Attachment, Case, ClockKind, DeputyStep, IntakeReceipt, Source
from ..rates.rollup import rollup_add
from .stations import following_deputies
from .validation import DEDUPE_WINDOW, PUBLIC_SOURCES, File, clean_submission


def _check_actor(actor, source, region, station, submitted_at=None):
    if submitted_at is not None and (actor is None or not is_staff_role(actor)):
        # back-dating is for staff entering history (the ledger import), never for a public channel
        deny_write("只有人大工作人员可以补录以往的提交日期。")
    if actor is None:
        if source not in PUBLIC_SOURCES:
            deny_write("请登录后再录入诉求。")
        return
    if not (is_staff_role(actor) or getattr(actor, "role", None) == Role.DEPUTY):
        deny_write("只有人大工作人员和人大代表可以录入诉求。")
    problem = scope_problem(actor, region, station)
    if problem:
        deny_write(problem)


def scope_problem(actor, region, station) -> str:
    """Why `actor` (staff or deputy) may not enter a case for this region or station, or "": the one
    rule the form, the API and the ledger import (a row error there) all answer with."""
    deputy = getattr(actor, "deputy", None) if getattr(actor, "role", None) == Role.DEPUTY else None
    for place in (region, station.region if station is not None else None):
        if place is None or in_region_scope(actor, place):
            continue
        if deputy is not None and place.path.startswith(deputy.region.path):
            continue
        return f"“{place}”不在您的工作区域内，不能为其录入诉求。"
    return ""


def _fingerprint(dedupe_key, cleaned) -> str:
    material = json.dumps([
        str(dedupe_key), cleaned["title"], cleaned["description"], cleaned["category"].code,
        cleaned["enterprise_name"], cleaned["enterprise_uscc"], cleaned["contact_name"],
        cleaned["contact_phone"], sorted(f.digest for f in cleaned["files"]),
    ], ensure_ascii=False)
    return hashlib.sha256(material.encode()).hexdigest()


def _enterprise_for(uscc: str, name: str, region, *, actor, actor_label: str):
    """The chains.Enterprise with this USCC, created (name, uscc, region only) if new."""
    if not uscc:
        return None
    enterprise, created = Enterprise.objects.get_or_create(uscc=uscc, defaults={"name": name, "region": region})
    if created:
        audit_record(
            event_type="enterprise.create", actor=actor, target=enterprise, actor_label=actor_label,
            changes={"name": [None, name], "uscc": [None, uscc], "region": [None, str(region)]},
            note="诉求提交时按统一社会信用代码自动建档", region=region,
        )
    return enterprise



def _store(case, files: list[File], saved: list[str]) -> None:
    for f in files:
        attachment = Attachment(case=case, original_name=f.name, content_type=f.content_type, size=f.size)
        # A random name: nothing of the uploader's file name reaches the disk.
        f.upload.seek(0)
        attachment.file.save(secrets.token_hex(16) + f.ext, f.upload, save=False)
        saved.append(attachment.file.name)
        attachment.save()


def _default_label(actor, source) -> str:
    if actor is not None:
        return ""
    return {"qr": "企业（扫码提交）", "deputy_code": "企业（扫代表码提交）", "api": "企业（接口提交）", "open311": "Open311 接口"}.get(source, "企业")


def case_submit(
    *, actor, source, title, description, category, enterprise_name, contact_name, contact_phone,
    enterprise_uscc="", station=None, collected_by=None, region=None, chain=None, chain_node=None,
    urgency="normal", problem_kind="", confidential=False, consent=False, attachments=(),
    dedupe_key=None, actor_label="", submitted_at=None,
) -> Case:
    """Validate and create one case (status submitted). Bad input raises IntakeInvalid
    (a BusinessError) and writes nothing. With `dedupe_key`, a repeat of the same content
    within DEDUPE_WINDOW returns the first case instead of creating another. `submitted_at`
    (staff only: the ledger import) records an earlier submission; the roll-up counts the case
    in that month."""
    cleaned = clean_submission(
        actor=actor, source=source, title=title, description=description, category=category,
        enterprise_name=enterprise_name, contact_name=contact_name, contact_phone=contact_phone,
        enterprise_uscc=enterprise_uscc, station=station, region=region, chain=chain,
        chain_node=chain_node, urgency=urgency, problem_kind=problem_kind, consent=consent,
        attachments=attachments, submitted_at=submitted_at,
    )
    _check_actor(actor, cleaned["source"], cleaned["region"], station, cleaned["submitted_at"])
    actor_label = actor_label or _default_label(actor, cleaned["source"])

    fingerprint = _fingerprint(dedupe_key, cleaned) if dedupe_key else None
    # No look-up first: the receipt's unique fingerprint decides. A repeat (or a simultaneous
    # twin) fails on it, everything of ours rolls back, and the first case is the answer.
    for _attempt in range(3):
        saved: list[str] = []
        try:
            with transaction.atomic():
                return _create(cleaned, actor=actor, actor_label=actor_label, collected_by=collected_by,
                               confidential=confidential, fingerprint=fingerprint, saved=saved)
        except IntegrityError:
            _discard(saved)
            if not fingerprint:
                raise
            receipt = IntakeReceipt.objects.filter(fingerprint=fingerprint).values_list("case_id", "created_at").first()
            if receipt is None:  # not the receipt that clashed
                raise
            if receipt[1] >= timezone.now() - DEDUPE_WINDOW:
                return Case.objects.get(pk=receipt[0])
            # An expired receipt for the same content gives way to the new case.
            IntakeReceipt.objects.filter(fingerprint=fingerprint, created_at__lte=receipt[1]).delete()
        except BaseException:
            _discard(saved)
            raise
    raise BusinessError("提交未能完成，请稍后重试。", code="intake_retry")


def _create(cleaned, *, actor, actor_label, collected_by, confidential, fingerprint, saved) -> Case:
    region = cleaned["region"]
    station = cleaned["station"]
    enterprise = _enterprise_for(cleaned["enterprise_uscc"], cleaned["enterprise_name"], region,
                                 actor=actor, actor_label=actor_label)
    case = Case(
        title=cleaned["title"], description=cleaned["description"], category=cleaned["category"],
        urgency=cleaned["urgency"], problem_kind=cleaned["problem_kind"], source=cleaned["source"],
        confidential=bool(confidential), enterprise=enterprise, enterprise_name=cleaned["enterprise_name"],
        enterprise_uscc=cleaned["enterprise_uscc"], contact_name=cleaned["contact_name"],
        contact_phone=cleaned["contact_phone"], consent_at=timezone.now() if cleaned["consent"] else None,
        region=region, station=station, chain=cleaned["chain"], chain_node=cleaned["chain_node"],
        collected_by=collected_by, created_by=actor if getattr(actor, "pk", None) else None,
        # 代表码: the demand reaches the deputy it was sent to first (services.deputy_code)
        deputy_step=DeputyStep.PENDING if cleaned["source"] == Source.DEPUTY_CODE and collected_by else "",
        submitted_at=cleaned["submitted_at"] or timezone.now(),
    )
    # the staff's first clock: take it in within the accept limit, counted from the submission day
    clock.start_clock(case, ClockKind.ACCEPT, start=timezone.localdate(case.submitted_at))
    case.save(force_insert=True)
    if fingerprint:
        IntakeReceipt.objects.create(fingerprint=fingerprint, case=case)
    following = getattr(station, "following", None) if station is not None else None
    if following is None:
        following = [(d.pk, d.name) for d in following_deputies(station)]
    deputy_ids = [pk for pk, _ in following]
    if collected_by is not None and collected_by.pk not in deputy_ids:
        deputy_ids.append(collected_by.pk)
    if deputy_ids:
        through = Case.following_deputies.through
        through.objects.bulk_create([through(case_id=case.pk, deputy_id=pk) for pk in deputy_ids])
    _store(case, cleaned["files"], saved)
    audit_record(
        event_type="case.submit", actor=actor, target=case, actor_label=actor_label, region=region,
        changes={
            "status": [None, case.status],
            "source": [None, case.source],
            "title": [None, case.title],
            "category": [None, case.category.code],
            "enterprise_name": [None, case.enterprise_name],
            "station": [None, str(station) if station else None],
            "attachments": [None, len(cleaned["files"])],
            **({"submitted_at": [None, case.submitted_at.isoformat()]} if cleaned["submitted_at"] else {}),
        },
    )
    rollup_add(case)  # the three rates' roll-up, in the same transaction
    return case



def _discard(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            pass

