"""Backups of the database and the attachment files, as one set, and a restore check.

`backup_create(out)` writes into the folder `out`:
- `database.dump`: `pg_dump -Fc`, taken in the snapshot in which every table was counted;
- `media.tar.gz`: every file under MEDIA_ROOT (attachments), taken after the dump (a file newer
  than the dump is harmless, a row without its file is a broken download: docs/operations.md §7);
- `manifest.json`: rows per table at the dump's snapshot, SHA-256 of every media file.

`backup_verify(folder)` restores the dump into a scratch database (never the live one), counts
every table there, unpacks the files into a scratch folder, hashes them, and returns the
differences from the manifest (none: the backup restores). The scratch database is dropped after.
PostgreSQL only: SQLite demos copy the file (docs/operations.md)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import tarfile
import tempfile
from pathlib import Path

import psycopg
from django.conf import settings
from django.db import connection


class BackupError(Exception):
    pass


def _conninfo(name: str | None = None) -> dict:
    s = connection.settings_dict
    return {"host": s["HOST"] or "127.0.0.1", "port": str(s["PORT"] or 5432), "user": s["USER"],
            "password": s["PASSWORD"] or "", "dbname": name or s["NAME"]}


def _env(info: dict) -> dict:
    return {**os.environ, "PGHOST": info["host"], "PGPORT": info["port"], "PGUSER": info["user"],
            "PGPASSWORD": info["password"]}


def _run(args: list[str], info: dict) -> None:
    done = subprocess.run(args, env=_env(info), capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{args[0]} 失败：{done.stderr.strip()[:500]}")


def _count_tables(cur) -> dict[str, int]:
    cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    tables = [t for (t,) in cur.fetchall()]
    counts = {}
    for table in tables:
        cur.execute(f'SELECT count(*) FROM "{table}"')  # names from the catalogue, quoted
        counts[table] = cur.fetchone()[0]
    return counts


def _hash_tree(root: Path) -> dict[str, str]:
    hashes = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        hashes[path.relative_to(root).as_posix()] = digest.hexdigest()
    return hashes


def _require_postgresql():
    if connection.vendor != "postgresql":
        raise BackupError("备份命令只支持 PostgreSQL；SQLite 演示库请停站后复制数据库文件。")


def backup_create(out: Path) -> dict:
    """Dump, files and manifest into `out` (created; must be empty). Returns the manifest."""
    _require_postgresql()
    out.mkdir(parents=True, exist_ok=True)
    if any(out.iterdir()):
        raise BackupError(f"备份目录 {out} 不是空的。")
    info = _conninfo()
    # One snapshot for the counts and the dump: the manifest describes exactly what was dumped.
    with psycopg.connect(**info) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        with conn.transaction(), conn.cursor() as cur:
            cur.execute("SELECT pg_export_snapshot()")
            snapshot = cur.fetchone()[0]
            counts = _count_tables(cur)
            _run(["pg_dump", "-Fc", "--no-owner", f"--snapshot={snapshot}", "-f", str(out / "database.dump"),
                  info["dbname"]], info)
    media = Path(settings.MEDIA_ROOT)
    hashes = _hash_tree(media) if media.exists() else {}
    with tarfile.open(out / "media.tar.gz", "w:gz") as tar:
        for name in hashes:
            tar.add(media / name, arcname=name)
    manifest = {"database": info["dbname"], "tables": counts, "files": hashes}
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


def backup_verify(folder: Path, *, scratch: str | None = None) -> list[str]:
    """Restore `folder` into a scratch database and folder; the differences from its manifest."""
    _require_postgresql()
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    info = _conninfo()
    scratch = scratch or f"{info['dbname']}_restore_check"
    if scratch == info["dbname"]:
        raise BackupError("恢复检查不能恢复到正在使用的数据库。")
    problems = []
    _run(["dropdb", "--if-exists", scratch], info)
    _run(["createdb", scratch], info)
    try:
        _run(["pg_restore", "--no-owner", "--exit-on-error", "-d", scratch, str(folder / "database.dump")], info)
        with psycopg.connect(**_conninfo(scratch)) as conn, conn.cursor() as cur:
            restored = _count_tables(cur)
    finally:
        _run(["dropdb", "--if-exists", scratch], info)
    for table in sorted(set(manifest["tables"]) | set(restored)):
        want, got = manifest["tables"].get(table), restored.get(table)
        if want != got:
            problems.append(f"表 {table}：备份时 {want} 行，恢复后 {got} 行")
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(folder / "media.tar.gz") as tar:
            tar.extractall(tmp, filter="data")
        files = _hash_tree(Path(tmp))
    for name in sorted(set(manifest["files"]) | set(files)):
        if manifest["files"].get(name) != files.get(name):
            problems.append(f"附件文件 {name}：" + ("缺失" if name not in files else "内容与备份时不同"))
    return problems
