"""Copy every uploaded file from one storage to another and prove each copy (`manage.py files_move`).

Run when a site moves its files from the hosts' disks into the database (or back): each file is
copied, read back from the target and compared by size and SHA-256 with the source. A file already
in the target with the same content is counted, not copied again, so the command can be re-run
after an interruption; a file in the target with *different* content is never overwritten and is
reported. The source is left as it was (the operator removes it after a backup). Finally every
file a record names (attachments, import uploads) must be in the target: a missing one is listed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage
from django.db import models, transaction

from .audit import audit_record
from .storage import DatabaseStorage, sha256_of


@dataclass
class MoveReport:
    found: int = 0
    copied: int = 0
    present: int = 0
    bytes: int = 0
    problems: list[str] = field(default_factory=list)
    referenced: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def _names(storage: Storage) -> list[str]:
    if isinstance(storage, DatabaseStorage):
        return storage.all_names()
    if isinstance(storage, FileSystemStorage):
        root = storage.location
        if not os.path.isdir(root):
            return []
        return sorted(
            os.path.relpath(os.path.join(folder, f), root).replace(os.sep, "/")
            for folder, _dirs, files in os.walk(root) for f in files
        )
    raise ValueError(f"不支持列出 {type(storage).__name__} 中的文件")


def _read(storage: Storage, name: str) -> bytes:
    with storage.open(name, "rb") as handle:
        return handle.read()


def referenced_names() -> set[str]:
    """Every file name a record's FileField holds (whatever the app)."""
    names = set()
    for model in apps.get_models():
        for f in model._meta.get_fields():
            if isinstance(f, models.FileField):
                names.update(n for n in model._default_manager.exclude(**{f.name: ""}).values_list(f.name, flat=True) if n)
    return names


def files_move(*, source: Storage, target: Storage, actor=None) -> MoveReport:
    report = MoveReport()
    for name in _names(source):
        report.found += 1
        data = _read(source, name)
        want, size = sha256_of([data])
        report.bytes += size
        if target.exists(name):
            have, have_size = sha256_of([_read(target, name)])
            if (have, have_size) == (want, size):
                report.present += 1
            else:
                report.problems.append(f"{name}：目标中已有同名但内容不同的文件（未覆盖）")
            continue
        saved = target.save(name, ContentFile(data))
        got, got_size = sha256_of([_read(target, saved)]) if saved == name else ("", -1)
        if (got, got_size) != (want, size):
            report.problems.append(f"{name}：复制后校验不符（大小 {size} → {got_size}）")
            continue
        report.copied += 1
    referenced = referenced_names()
    report.referenced = len(referenced)
    for name in sorted(referenced):
        if not target.exists(name):
            report.problems.append(f"{name}：记录引用了此文件，但目标中没有")
    with transaction.atomic():
        audit_record(
            event_type="storage.files_move", actor=actor,
            note=f"{type(source).__name__} → {type(target).__name__}：共 {report.found} 个文件，"
                 f"复制 {report.copied} 个，已存在 {report.present} 个，问题 {len(report.problems)} 个",
        )
    return report
