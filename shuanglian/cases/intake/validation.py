"""Intake validation: every channel's submission is checked here with Chinese messages, all
problems at once (IntakeInvalid.errors: field → message), before anything is written. The ledger
import runs it on every row first to report every error."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from shuanglian.core.errors import BusinessError
from shuanglian.lib.parse import is_ascii_digits
from shuanglian.lib.phones import phone_error, phone_normalize
from shuanglian.lib.uscc import uscc_error, uscc_normalize

from ..models import Category, ProblemKind, Source, Urgency
from .stations import categories

DEDUPE_WINDOW = timedelta(minutes=10)
MAX_ATTACHMENTS = 6
PUBLIC_SOURCES = {Source.QR, Source.DEPUTY_CODE, Source.API, Source.OPEN311}
# Sources where the enterprise itself fills the form, so it must consent on the spot.
CONSENT_REQUIRED_SOURCES = {Source.QR, Source.DEPUTY_CODE, Source.API, Source.OPEN311}

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
class File:
    upload: object
    name: str
    size: int
    content_type: str
    ext: str
    digest: str


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _check_files(attachments, errors: dict, codes: dict) -> list[File]:
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
        checked.append(File(upload, name, size, kind[0], kind[1], digest.hexdigest()))
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
        known = categories()
        found = known.get(("code", raw)) or known.get(("name", raw))
        if found is None and is_ascii_digits(raw):  # '³' passes str.isdigit, then int fails
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


