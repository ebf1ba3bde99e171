"""Where uploaded files live: on this host's disk ("local", the embedded default) or in the
database ("db"), chosen by SHUANGLIAN_FILE_STORAGE (docs/operations.md, "Files on several hosts").

`DatabaseStorage` keeps each file's bytes in one row of core's `StoredFile`. Every app host and
worker then reads the same file, and a file is replicated, backed up and restored together with
the row that names it (an attachment whose row is restored has its photo too). It is a Django
storage like any other: the code reads and writes files only through `FieldFile` /
`default_storage`, never a path on disk, so either backend works everywhere.

Files are never served by URL: `url()` refuses, and the views that check access stream them.
"""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage
from django.db import DEFAULT_DB_ALIAS, IntegrityError, transaction
from django.utils.deconstruct import deconstructible

from .models import StoredFile

# Always the primary: a photo uploaded a second ago must be readable, whatever the read router
# would choose for the page around it.
DB = DEFAULT_DB_ALIAS


def sha256_of(chunks) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    for chunk in chunks:
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


@deconstructible(path="shuanglian.core.storage.DatabaseStorage")
class DatabaseStorage(Storage):
    def _rows(self):
        return StoredFile.objects.using(DB)

    def _open(self, name, mode="rb"):
        if "w" in mode or "a" in mode or "+" in mode:
            raise ValueError("数据库中的文件只能整体保存，不能改写")
        content = self._rows().filter(name=name).values_list("content", flat=True).first()
        if content is None:
            raise FileNotFoundError(name)
        return ContentFile(bytes(content), name=name)

    def _save(self, name, content):
        if hasattr(content, "seek"):
            content.seek(0)
        data = b"".join(content.chunks()) if hasattr(content, "chunks") else content.read()
        digest, size = sha256_of([data])
        for _attempt in range(5):
            try:
                # A savepoint: a name taken by another host at the same moment must not break the
                # caller's transaction; the next free name is tried instead.
                with transaction.atomic(using=DB):
                    self._rows().create(name=name, content=data, size=size, sha256=digest)
                return name
            except IntegrityError:
                name = self.get_available_name(name)
        raise IntegrityError(f"无法为文件 {name} 找到未被占用的名称")

    def delete(self, name):
        self._rows().filter(name=name).delete()

    def exists(self, name):
        return self._rows().filter(name=name).exists()

    def size(self, name):
        size = self._rows().filter(name=name).values_list("size", flat=True).first()
        if size is None:
            raise FileNotFoundError(name)
        return size

    def sha256(self, name) -> str | None:
        return self._rows().filter(name=name).values_list("sha256", flat=True).first()

    def listdir(self, path):
        prefix = path.strip("/") + "/" if path.strip("/") else ""
        dirs, files = set(), []
        for name in self._rows().filter(name__startswith=prefix).values_list("name", flat=True):
            rest = name[len(prefix):]
            if "/" in rest:
                dirs.add(rest.split("/", 1)[0])
            else:
                files.append(rest)
        return sorted(dirs), sorted(files)

    def all_names(self) -> list[str]:
        return list(self._rows().order_by("name").values_list("name", flat=True))

    def _created(self, name):
        at = self._rows().filter(name=name).values_list("created_at", flat=True).first()
        if at is None:
            raise FileNotFoundError(name)
        return at

    def get_created_time(self, name):
        return self._created(name)

    def get_modified_time(self, name):
        return self._created(name)

    def get_accessed_time(self, name):
        return self._created(name)

    def url(self, name):
        raise NotImplementedError("附件只能经由检查权限的页面读取，没有公开地址")


def storage_named(kind: str) -> Storage:
    """A fresh storage of the kind named in SHUANGLIAN_FILE_STORAGE ("local": MEDIA_ROOT)."""
    if kind == "db":
        return DatabaseStorage()
    if kind == "local":
        return FileSystemStorage()
    raise ValueError(f"未知的文件存储“{kind}”：应为 local 或 db")
