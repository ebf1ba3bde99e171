"""Intake: every channel (QR form, public API, Open311, staff entry, ledger import) ends in
`case_submit`, which validates with Chinese messages, links the enterprise by USCC, lets the
station pre-fill region, chain and following deputies, stores attachments, and writes the case
and its audit event in one transaction.

Double submits: with a `dedupe_key` (the station token for the QR form and the public API),
the same key and the same content within DEDUPE_WINDOW return the first case (IntakeReceipt).

Throughput (issue 3): the public channels look the station up with `station_for_token`, which keeps
the station with its pre-fill (region, chain, following deputies) in a per-process memo for a
short time (and the categories likewise), checked on every request against a generation number in
the shared cache that every save or delete of a station, station member, deputy, region, chain or
category bumps (at once and again at commit), so an edited station, a rotated token or a deactivated station takes effect on the next
request in every process. The write itself is one transaction of single-row INSERTs (case,
receipt, following deputies in one statement, audit event) plus the roll-up's F() updates.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import secrets
import time
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone

from shuanglian.core.audit import audit_record
from shuanglian.core.errors import BusinessError
from shuanglian.core.models import Role
from shuanglian.core.permissions import deny_write, in_region_scope, is_staff_role
from shuanglian.lib.phones import phone_error, phone_normalize
from shuanglian.lib.uscc import uscc_error, uscc_normalize

from .models import (
    Attachment,
    Case,
    Category,
    IntakeReceipt,
    ProblemKind,
    Source,
    Urgency,
)

DEDUPE_WINDOW = timedelta(minutes=10)
MAX_ATTACHMENTS = 6
PUBLIC_SOURCES = {Source.QR, Source.API, Source.OPEN311}
# Sources where the enterprise itself fills the form, so it must consent on the spot.
CONSENT_REQUIRED_SOURCES = {Source.QR, Source.API, Source.OPEN311}

LIMITS = {
    "title": 120,
    "description": 5000,
    "enterprise_name": 120,
    "contact_name": 50,
}
LABELS = {
    "title": "诉求标题",
    "description": "诉求内容",
    "category": "诉求类别",
    "enterprise_name": "企业名称",
    "enterprise_uscc": "统一社会信用代码",
    "contact_name": "联系人",
    "contact_phone": "联系电话",
    "source": "来源",
    "region": "所属区域",
    "station": "履职阵地",
    "chain": "产业链",
    "chain_node": "产业链环节",
    "collected_by": "收集代表",
    "urgency": "紧急程度",
    "problem_kind": "问题类型",
    "consent": "个人信息授权",
    "attachments": "附件",
    "submitted_at": "提交时间",
}
EARLIEST_SUBMISSION_YEAR = 2000  # an older date in a ledger is a typing error

CONSENT_NOTICE = (
    "根据《中华人民共和国个人信息保护法》，我们收集您填写的联系人姓名和联系电话，仅用于受理、办理、"
    "答复和回访本条诉求，由人大常委会工作人员和承办部门在办理期间使用；不向无关第三方提供，"
    "不在任何公开页面展示（查询页只显示办理进度和部门答复）。诉求办结后按档案管理规定保存。"
    "您可以通过所在履职阵地查询、更正或要求删除您的个人信息。"
)

# Magic bytes → (content type, extension). The file's name and the browser's content type
# are never trusted.
ALLOWED_TYPES_LABEL = "照片（JPG、PNG、WebP）或 PDF"


def sniff_type(head: bytes) -> tuple[str, str] | None:
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg", ".jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png", ".png"
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp", ".webp"
    if head.startswith(b"%PDF-"):
        return "application/pdf", ".pdf"
    return None


class IntakeInvalid(BusinessError):
    """Bad input: `errors` maps each field to its Chinese message (all of them, not just the first)."""

    def __init__(self, errors: dict[str, str], *, codes: dict[str, str] | None = None):
        self.errors = dict(errors)
        self.codes = dict(codes or {})
        first = next(iter(self.errors))
        code = self.codes.get(first, f"invalid_{first}") if len(self.errors) == 1 else "invalid"
        super().__init__("；".join(self.errors.values()), code=code)


@dataclass
class _File:
    upload: object
    name: str
    size: int
    content_type: str
    ext: str
    digest: str


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _check_files(attachments, errors: dict, codes: dict) -> list[_File]:
    files = [f for f in (attachments or ()) if f is not None]
    if not files:
        return []
    if len(files) > MAX_ATTACHMENTS:
        errors["attachments"] = f"最多上传{MAX_ATTACHMENTS}个附件，当前为{len(files)}个。"
        codes["attachments"] = "too_many_files"
        return []
    limit = settings.UPLOAD_MAX_BYTES
    checked = []
    for upload in files:
        name = os.path.basename(_text(getattr(upload, "name", "")) or "附件")[:200]
        size = getattr(upload, "size", None)
        if size is None:
            upload.seek(0, os.SEEK_END)
            size = upload.tell()
        if size > limit:
            errors["attachments"] = f"附件“{name}”超过大小上限 {limit / 1024 / 1024:.0f}MB。"
            codes["attachments"] = "file_too_large"
            return []
        if size == 0:
            errors["attachments"] = f"附件“{name}”是空文件。"
            codes["attachments"] = "file_empty"
            return []
        upload.seek(0)
        head = upload.read(16)
        kind = sniff_type(head)
        if kind is None:
            errors["attachments"] = f"附件“{name}”不是允许的文件类型，只能上传{ALLOWED_TYPES_LABEL}。"
            codes["attachments"] = "file_type"
            return []
        digest = hashlib.sha256(head)
        for chunk in iter(lambda u=upload: u.read(1024 * 1024), b""):
            digest.update(chunk)
        upload.seek(0)
        checked.append(_File(upload, name, size, kind[0], kind[1], digest.hexdigest()))
    return checked


def _resolve_category(category, errors, codes):
    if isinstance(category, Category):
        found = category
    elif category in (None, ""):
        errors["category"] = "请选择诉求类别。"
        codes["category"] = "required"
        return None
    else:
        raw = _text(category)
        known = _categories()
        found = known.get(("code", raw)) or known.get(("name", raw))
        if found is None and raw.isdigit():
            found = known.get(("pk", int(raw)))
    if found is None or not found.is_active:
        errors["category"] = f"诉求类别“{_text(category)}”不存在或已停用。"
        codes["category"] = "invalid_category"
        return None
    return found


def clean_submission(
    *, source, title, description, category, enterprise_name, contact_name, contact_phone,
    enterprise_uscc="", station=None, region=None, chain=None, chain_node=None, urgency="normal",
    problem_kind="", consent=False, attachments=(), actor=None, submitted_at=None, **_ignored,
) -> dict:
    """Validate one submission without writing anything. Returns the cleaned values or raises
    IntakeInvalid with every problem found (field → Chinese message). Used by case_submit and
    by the ledger import to report every row before writing any."""
    errors: dict[str, str] = {}
    codes: dict[str, str] = {}
    cleaned: dict = {}

    source = _text(source)
    if source not in Source.values:
        errors["source"] = f"来源“{source}”无效。"
    cleaned["source"] = source

    description = _text(description)
    title = _text(title)
    if not description:
        errors["description"] = "请填写诉求内容：遇到了什么问题，希望怎样解决。"
        codes["description"] = "required"
    elif len(description) > LIMITS["description"]:
        errors["description"] = f"诉求内容不能超过{LIMITS['description']}字（当前{len(description)}字）。"
    if not title and description:
        first_line = description.splitlines()[0].strip()
        title = first_line[:30] + ("…" if len(first_line) > 30 else "")
    if len(title) > LIMITS["title"]:
        errors["title"] = f"诉求标题不能超过{LIMITS['title']}字（当前{len(title)}字）。"
    cleaned["title"] = title
    cleaned["description"] = description

    cleaned["category"] = _resolve_category(category, errors, codes)

    for field, raw in (("enterprise_name", enterprise_name), ("contact_name", contact_name)):
        value = _text(raw)
        if not value:
            errors[field] = f"请填写{LABELS[field]}。"
            codes[field] = "required"
        elif len(value) > LIMITS[field]:
            errors[field] = f"{LABELS[field]}不能超过{LIMITS[field]}字。"
        cleaned[field] = value

    phone = phone_normalize(_text(contact_phone))
    if not phone:
        errors["contact_phone"] = "请填写联系电话。"
        codes["contact_phone"] = "required"
    elif message := phone_error(phone):
        errors["contact_phone"] = message
        codes["contact_phone"] = "invalid_phone"
    cleaned["contact_phone"] = phone

    uscc = uscc_normalize(_text(enterprise_uscc))
    if uscc and (message := uscc_error(uscc)):
        errors["enterprise_uscc"] = message
        codes["enterprise_uscc"] = "invalid_uscc"
    cleaned["enterprise_uscc"] = uscc

    urgency = _text(urgency) or Urgency.NORMAL
    if urgency not in Urgency.values:
        errors["urgency"] = f"紧急程度“{urgency}”无效（可选：{'、'.join(Urgency.labels)}）。"
    cleaned["urgency"] = urgency
    problem_kind = _text(problem_kind)
    if problem_kind and problem_kind not in ProblemKind.values:
        errors["problem_kind"] = f"问题类型“{problem_kind}”无效。"
    cleaned["problem_kind"] = problem_kind

    if station is not None and not station.is_active:
        errors["station"] = "该履职阵地已停用，不能再接收诉求。"
        codes["station"] = "station_inactive"
    region = region or (station.region if station is not None else None)
    if region is None:
        errors["region"] = "请选择诉求所属区域。"
        codes["region"] = "required"
    cleaned["region"] = region
    chain = chain or (station.chain if station is not None else None)
    if chain_node is not None and chain is not None and chain_node.chain_id != chain.pk:
        errors["chain_node"] = f"环节“{chain_node}”不属于产业链“{chain}”。"
    if chain_node is not None and chain is None:
        chain = chain_node.chain
    cleaned["chain"] = chain
    cleaned["chain_node"] = chain_node
    cleaned["station"] = station

    consent = consent is True or _text(consent).lower() in {"1", "true", "on", "yes", "是"}
    if not consent and actor is None and source in CONSENT_REQUIRED_SOURCES:
        errors["consent"] = "请阅读并勾选同意《个人信息保护告知》后再提交。"
        codes["consent"] = "consent_required"
    cleaned["consent"] = consent

    cleaned["files"] = _check_files(attachments, errors, codes)
    cleaned["submitted_at"] = _submission_time(submitted_at, errors, codes)

    if errors:
        raise IntakeInvalid(errors, codes=codes)
    return cleaned


def _submission_time(value, errors, codes):
    """An earlier submission time (a ledger's 提交日期): a date means 09:00 that day (or now, if
    that is later today); never in the future, never before 2000. None: now."""
    if value is None or value == "":
        return None
    now = timezone.now()
    if isinstance(value, dt.datetime):
        moment = value if timezone.is_aware(value) else timezone.make_aware(value)
    elif isinstance(value, dt.date):
        moment = min(timezone.make_aware(dt.datetime.combine(value, dt.time(9, 0))), now) \
            if value <= timezone.localdate(now) else timezone.make_aware(dt.datetime.combine(value, dt.time(0, 0)))
    else:
        errors["submitted_at"] = "提交时间不是有效的日期。"
        codes["submitted_at"] = "invalid_submitted_at"
        return None
    if moment > now:
        errors["submitted_at"] = "提交日期不能晚于今天。"
        codes["submitted_at"] = "submitted_at_future"
    elif timezone.localtime(moment).year < EARLIEST_SUBMISSION_YEAR:
        errors["submitted_at"] = f"提交日期不能早于{EARLIEST_SUBMISSION_YEAR}年。"
        codes["submitted_at"] = "submitted_at_too_early"
    return moment


def _check_actor(actor, source, region, station, submitted_at=None):
    if submitted_at is not None and (actor is None or not is_staff_role(actor)):
        # back-dating is for staff entering history (the ledger import), never for a public channel
        deny_write("只有人大工作人员可以补录以往的提交日期。")
    if actor is None:
        if source not in PUBLIC_SOURCES:
            deny_write("请登录后再录入诉求。")
        return
    is_deputy = getattr(actor, "role", None) == Role.DEPUTY
    if not (is_staff_role(actor) or is_deputy):
        deny_write("只有人大工作人员和人大代表可以录入诉求。")
    for place in (region, station.region if station is not None else None):
        if place is None:
            continue
        if in_region_scope(actor, place):
            continue
        deputy = getattr(actor, "deputy", None) if is_deputy else None
        if deputy is not None and place.path.startswith(deputy.region.path):
            continue
        deny_write(f"“{place}”不在您的工作区域内，不能为其录入诉求。")


def _fingerprint(dedupe_key, cleaned) -> str:
    material = json.dumps([
        str(dedupe_key), cleaned["title"], cleaned["description"], cleaned["category"].code,
        cleaned["enterprise_name"], cleaned["enterprise_uscc"], cleaned["contact_name"],
        cleaned["contact_phone"], sorted(f.digest for f in cleaned["files"]),
    ], ensure_ascii=False)
    return hashlib.sha256(material.encode()).hexdigest()


def _enterprise_for(uscc: str, name: str, region, *, actor, actor_label: str):
    """The chains.Enterprise with this USCC, created (name, uscc, region only) if new."""
    from shuanglian.chains.models import Enterprise

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


def _following_deputies(station):
    if station is None:
        return []
    people = {}
    if station.head_id and station.head.is_active:
        people[station.head_id] = station.head
    for member in station.members.select_related("deputy").filter(deputy__isnull=False, deputy__is_active=True):
        people[member.deputy_id] = member.deputy
    return list(people.values())


# --- the station behind a QR token, memoized -------------------------------------------------------

GENERATION_KEY = "intake:station-generation"
MEMO_SECONDS = 60  # a backstop only: changes made through the models take effect at once
_memo: dict = {}  # token or ("categories",) → (generation, expires, value)


_pinned: ContextVar[str | None] = ContextVar("intake_generation", default=None)


def _generation() -> str:
    pinned = _pinned.get()
    if pinned is not None:
        return pinned
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = secrets.token_hex(8)
        if not cache.add(GENERATION_KEY, generation, None):
            generation = cache.get(GENERATION_KEY) or generation
    return generation


@contextmanager
def one_lookup():
    """Within this block (one public request) the generation is read once: the station and the
    categories are checked against the same reading."""
    token = _pinned.set(_generation())
    try:
        yield
    finally:
        _pinned.reset(token)


def stations_changed(**_kwargs) -> None:
    """Forget every memoized station and category in every process: now (for this transaction's own reads)
    and again at commit (for requests that read the old rows in between)."""
    def bump():
        cache.set(GENERATION_KEY, secrets.token_hex(8), None)

    bump()
    transaction.on_commit(bump)


def _categories() -> dict:
    """Every category by code, name and id; read once per process and generation (a category
    saved or deleted anywhere bumps the generation, like a station)."""
    generation = _generation()
    hit = _memo.get(("categories",))
    now = time.monotonic()
    if hit is not None and hit[0] == generation and hit[1] > now:
        return hit[2]
    known = {}
    for cat in Category.objects.order_by("-pk"):  # on a clash of names, the oldest wins
        known[("code", cat.code)] = known[("name", cat.name)] = known[("pk", cat.pk)] = cat
    _memo[("categories",)] = (generation, now + MEMO_SECONDS, known)
    return known


def station_for_token(token: str):
    """The active station whose QR code carries `token`, with region, chain and head loaded and
    its following deputies (`station.following`: [(id, name)]) — or None (unknown token,
    rotated token, inactive station). Read once per process and generation."""
    token = str(token or "")
    if not token or len(token) > 64:
        return None
    generation = _generation()
    hit = _memo.get(token)
    now = time.monotonic()
    if hit is not None and hit[0] == generation and hit[1] > now:
        return hit[2]
    from shuanglian.deputies.models import Station

    station = Station.objects.select_related("region", "chain", "head").filter(intake_token=token).first()
    if station is not None and not station.is_active:
        station = None
    if station is not None:
        station.following = [(d.pk, d.name) for d in _following_deputies(station)]
    if len(_memo) > 5000:
        _memo.clear()
    _memo[token] = (generation, now + MEMO_SECONDS, station)
    return station


def _connect_invalidation() -> None:
    from django.db.models.signals import post_delete, post_save

    from shuanglian.chains.models import Chain
    from shuanglian.deputies.models import Deputy, Station, StationMember
    from shuanglian.regions.models import Region

    for model in (Station, StationMember, Deputy, Region, Chain, Category):
        for signal in (post_save, post_delete):
            signal.connect(stations_changed, sender=model, weak=False,
                           dispatch_uid=f"intake-stations-{model.__name__}-{signal is post_save}")


_connect_invalidation()


def _store(case, files: list[_File], saved: list[str]) -> None:
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
    return {"qr": "企业（扫码提交）", "api": "企业（接口提交）", "open311": "Open311 接口"}.get(source, "企业")


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
    case = Case.objects.create(
        title=cleaned["title"], description=cleaned["description"], category=cleaned["category"],
        urgency=cleaned["urgency"], problem_kind=cleaned["problem_kind"], source=cleaned["source"],
        confidential=bool(confidential), enterprise=enterprise, enterprise_name=cleaned["enterprise_name"],
        enterprise_uscc=cleaned["enterprise_uscc"], contact_name=cleaned["contact_name"],
        contact_phone=cleaned["contact_phone"], consent_at=timezone.now() if cleaned["consent"] else None,
        region=region, station=station, chain=cleaned["chain"], chain_node=cleaned["chain_node"],
        collected_by=collected_by, created_by=actor if getattr(actor, "pk", None) else None,
        submitted_at=cleaned["submitted_at"] or timezone.now(),
    )
    if fingerprint:
        IntakeReceipt.objects.create(fingerprint=fingerprint, case=case)
    following = getattr(station, "following", None) if station is not None else None
    if following is None:
        following = [(d.pk, d.name) for d in _following_deputies(station)]
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
    _rollup_add(case)  # the three rates' roll-up, in the same transaction
    return case


def _rollup_add(case) -> None:
    """`stats.case_changed(None, case)` for a new case in one statement: the four grouping-set
    rows (exact, chain only, category only, neither) get the same counts, so one UPDATE … SET
    x = x + n over the four rows, RETURNING which rows existed; rows not there yet go through
    stats' own create-then-update path. On PostgreSQL the rows are locked in stats' order
    (ascending chain, then category — the order of repr-sorted keys) so a submit and a workflow
    step touching the same rows cannot deadlock."""
    from django.db import connection

    from . import stats
    from .models_stats import CaseStat

    part = stats.contribution(case)
    if part is None:
        return
    key, counts = part
    grains = stats.grain_keys(key)
    month, region_id, department_key, chain_key, category_key = key
    qn = connection.ops.quote_name
    meta = CaseStat._meta
    column = {name: qn(meta.get_field(name).column) for name in (*stats.KEY_FIELDS, *counts)}
    table = qn(meta.db_table)
    where = (f"{column['month']} = %s AND {column['region_id']} = %s AND {column['department_key']} = %s "
             f"AND {column['chain_key']} IN (%s, %s) AND {column['category_key']} IN (%s, %s)")
    params_where = [connection.ops.adapt_datefield_value(month), region_id, department_key,
                    chain_key, stats.ALL, category_key, stats.ALL]
    if connection.vendor == "postgresql":
        where = (f"{qn(meta.pk.column)} IN (SELECT {qn(meta.pk.column)} FROM {table} WHERE {where} "
                 f"ORDER BY {column['chain_key']}, {column['category_key']} FOR UPDATE)")
    assignments = ", ".join(f"{column[name]} = {column[name]} + %s" for name in counts)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {assignments} WHERE {where} RETURNING {column['chain_key']}, {column['category_key']}",
            [*counts.values(), *params_where],
        )
        updated = {tuple(row) for row in cursor.fetchall()}
    for grain in grains:
        if (grain[3], grain[4]) not in updated:
            stats._apply(grain, dict(counts))


def _discard(names: list[str]) -> None:
    from django.core.files.storage import default_storage

    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            pass
