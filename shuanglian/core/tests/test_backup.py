"""Backups restore (issue 13, PostgreSQL only): `manage.py backup DIR` dumps the database and the
attachment files; `manage.py backup_verify DIR` restores them into a scratch database and folder
and finds every table's row count and every file's content as they were. A backup whose file was
changed, or a database that lost rows, is reported in Chinese — the check can fail."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("备份与恢复检查只支持 PostgreSQL（SQLite 演示库直接复制数据库文件）")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "cases" / "2026").mkdir(parents=True)
    (settings.MEDIA_ROOT / "cases" / "2026" / "现场照片.jpg").write_bytes(b"\xff\xd8\xff" + bytes(range(256)) * 40)
    (settings.MEDIA_ROOT / "cases" / "2026" / "函.pdf").write_bytes(b"%PDF-1.4\n" + b"x" * 5000)
    return settings.MEDIA_ROOT


def test_a_backup_restores_with_every_row_and_file(postgresql, transactional_db, personas, media, tmp_path, capsys):
    call_command("backup", str(tmp_path / "b"))
    manifest = json.loads((tmp_path / "b" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["tables"]["core_user"] == len([p for p in personas.values() if hasattr(p, "username")])
    assert set(manifest["files"]) == {"cases/2026/现场照片.jpg", "cases/2026/函.pdf"}
    call_command("backup_verify", str(tmp_path / "b"))
    assert "恢复检查通过" in capsys.readouterr().out


def test_the_check_reports_a_changed_file_and_a_missing_row(postgresql, transactional_db, personas, media, tmp_path):
    import tarfile

    call_command("backup", str(tmp_path / "b"))
    folder = tmp_path / "b"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["tables"]["core_user"] += 1  # as if a row had been lost on the way
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    (media / "cases" / "2026" / "函.pdf").write_bytes(b"%PDF-1.4\nchanged")
    with tarfile.open(folder / "media.tar.gz", "w:gz") as tar:  # a tampered file set
        tar.add(media / "cases" / "2026" / "函.pdf", arcname="cases/2026/函.pdf")
    with pytest.raises(CommandError) as failed:
        call_command("backup_verify", str(folder))
    message = str(failed.value)
    assert "恢复检查未通过" in message and "表 core_user" in message
    assert "附件文件 cases/2026/函.pdf：内容与备份时不同" in message
    assert "附件文件 cases/2026/现场照片.jpg：缺失" in message


def test_backup_refuses_a_folder_that_is_not_empty(postgresql, db, media, tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "old.dump").write_bytes(b"x")
    with pytest.raises(CommandError, match="不是空的"):
        call_command("backup", str(tmp_path / "b"))
