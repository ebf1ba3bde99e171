"""The files of a topic's materials, handled as the cases' attachments are (cases.intake): the type
read from the content (the name and the browser's word are never trusted), the same size limit
(settings.UPLOAD_MAX_BYTES), a random name on disk under MEDIA_ROOT, every refusal in Chinese and
before anything is written; served only through the app, after the topic's access check, with the
same headers (no caching, sandboxed, no sniffing). Topics also take Word documents — what the
research and inspection reports are written in — which the public intake does not."""

from __future__ import annotations

import os
import secrets
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.http import FileResponse, Http404
from django.utils.http import content_disposition_header

from shuanglian.cases.intake.validation import sniff_type
from shuanglian.core.errors import BusinessError

from .models import MaterialFile

MAX_FILES = 10  # a material's files, all uploads together
ALLOWED_LABEL = "Word 文档（.docx、.doc）、PDF 或照片（JPG、PNG、WebP）"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOC = "application/msword"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound-file header of .doc (and .xls, .ppt …)
WORD_STREAM = "WordDocument".encode("utf-16-le")  # the stream only a Word .doc holds


@dataclass
class Checked:
    upload: object
    name: str
    size: int
    content_type: str
    ext: str


def _read_all(upload) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def sniff_material(upload) -> tuple[str, str] | None:
    """(content type, extension) of an upload by its content, or None for a type topics refuse."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = sniff_type(head)
    if kind is not None:
        return kind
    if head.startswith(OLE):
        return (DOC, ".doc") if WORD_STREAM in _read_all(upload) else None
    if head.startswith(b"PK\x03\x04"):  # .docx is a zip holding word/document.xml (an .xlsx is not one)
        try:
            with zipfile.ZipFile(upload) as archive:
                is_word = "word/document.xml" in archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            is_word = False
        upload.seek(0)
        return (DOCX, ".docx") if is_word else None
    return None


def check_files(files, *, already: int = 0) -> list[Checked]:
    """Every upload checked before anything is stored; the first refusal as a Chinese BusinessError."""
    files = [f for f in (files or ()) if f is not None]
    if already + len(files) > MAX_FILES:
        raise BusinessError(f"每份材料最多{MAX_FILES}个附件（已有{already}个，本次{len(files)}个）。", code="too_many_files")
    limit = settings.UPLOAD_MAX_BYTES
    checked = []
    for upload in files:
        name = os.path.basename(str(getattr(upload, "name", "") or "").strip() or "附件")[:200]
        size = getattr(upload, "size", None)
        if size is None:
            upload.seek(0, os.SEEK_END)
            size = upload.tell()
        if size > limit:
            raise BusinessError(f"附件“{name}”超过大小上限 {limit / 1024 / 1024:.0f}MB。", code="file_too_large")
        if size == 0:
            raise BusinessError(f"附件“{name}”是空文件。", code="file_empty")
        kind = sniff_material(upload)
        if kind is None:
            raise BusinessError(f"附件“{name}”不是允许的文件类型，只能上传{ALLOWED_LABEL}。", code="file_type")
        checked.append(Checked(upload, name, size, *kind))
    return checked


def store(material, checked: list[Checked], actor) -> list[MaterialFile]:
    """Save the checked files (the caller's transaction holds the rows); a failure part-way removes
    the files already written, so a refused request leaves nothing on disk."""
    saved, rows = [], []
    try:
        for f in checked:
            row = MaterialFile(material=material, original_name=f.name, content_type=f.content_type, size=f.size,
                               uploaded_by=actor)
            f.upload.seek(0)
            # A random name: nothing of the uploader's file name reaches the disk.
            row.file.save(secrets.token_hex(16) + f.ext, f.upload, save=False)
            saved.append(row.file)
            row.save()
            rows.append(row)
    except Exception:
        for stored in saved:
            stored.delete(save=False)
        raise
    return rows


def serve(row: MaterialFile):
    """The file as a download (photos inline), with the cases' attachment headers. The caller has
    checked the reader's access to the topic."""
    try:
        handle = row.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(handle, content_type=row.content_type)
    # The name staff gave the file (escaped for the header, RFC 6266): these are the office's own reports.
    response["Content-Disposition"] = content_disposition_header(not row.content_type.startswith("image/"),
                                                                 row.original_name)
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
