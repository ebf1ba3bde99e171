"""Files in the database (SHUANGLIAN_FILE_STORAGE=db): what one host saves every other host reads,
a file never has a public URL, and `manage.py files_move` copies a site's files off the disk and
proves every copy — again and again without harm."""

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import CommandError, call_command

from shuanglian.core.models import AuditEvent, StoredFile
from shuanglian.core.storage import DatabaseStorage

DB_STORAGE = "shuanglian.core.storage.DatabaseStorage"


@pytest.fixture
def db_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "host-a"
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": DB_STORAGE}}
    settings.SHUANGLIAN_FILE_STORAGE = "db"
    return tmp_path


def test_a_saved_file_reads_back_on_another_host_and_never_touches_the_disk(db, db_files, settings):
    photo = b"\xff\xd8\xff" + bytes(range(256)) * 50
    name = default_storage.save("cases/2026/12/现场.jpg", ContentFile(photo))
    settings.MEDIA_ROOT = db_files / "host-b"  # the other host: an empty disk of its own
    assert default_storage.exists(name) and default_storage.size(name) == len(photo)
    with default_storage.open(name) as f:
        assert f.read() == photo
    row = StoredFile.objects.get(name=name)
    assert row.sha256 == hashlib.sha256(photo).hexdigest()
    assert not any(p.is_file() for p in db_files.rglob("*"))


def test_the_same_name_twice_keeps_both_files(db, db_files):
    first = default_storage.save("chain_imports/enterprises.xlsx", ContentFile(b"one"))
    second = default_storage.save("chain_imports/enterprises.xlsx", ContentFile(b"two"))
    assert first != second
    assert default_storage.open(first).read() == b"one" and default_storage.open(second).read() == b"two"
    assert default_storage.listdir("chain_imports") == ([], sorted([first.split("/")[1], second.split("/")[1]]))
    default_storage.delete(first)
    assert not default_storage.exists(first) and default_storage.exists(second)


def test_a_missing_file_is_not_found_and_no_file_has_a_public_url(db, db_files):
    with pytest.raises(FileNotFoundError):
        default_storage.open("cases/none.jpg")
    name = default_storage.save("cases/a.jpg", ContentFile(b"x"))
    with pytest.raises(NotImplementedError, match="没有公开地址"):
        default_storage.url(name)


def _disk_files(root):
    disk = FileSystemStorage(location=root)
    files = {"cases/2026/11/a1.jpg": b"\xff\xd8\xff" + b"a" * 3000, "cases/2026/12/b2.pdf": b"%PDF-1.4\n" + b"b" * 9000,
             "chain_imports/enterprises-20261201.xlsx": b"PK\x03\x04" + b"c" * 500}
    for name, data in files.items():
        disk.save(name, ContentFile(data))
    return files


def test_files_move_copies_verifies_and_can_run_again(db, settings, tmp_path, capsys):
    settings.MEDIA_ROOT = tmp_path / "media"
    files = _disk_files(settings.MEDIA_ROOT)
    call_command("files_move", "--from", "local", "--to", "db")
    out = capsys.readouterr().out
    assert "共 3 个文件" in out and "复制并校验 3 个" in out
    target = DatabaseStorage()
    for name, data in files.items():
        assert target.open(name).read() == data
        assert target.sha256(name) == hashlib.sha256(data).hexdigest()
    # interrupted and re-run: nothing copied twice, every file proven again
    call_command("files_move", "--from", "local", "--to", "db")
    assert "目标中已有相同文件 3 个" in capsys.readouterr().out
    assert StoredFile.objects.count() == 3
    assert AuditEvent.objects.filter(event_type="storage.files_move").count() == 2


def test_files_move_never_overwrites_a_different_file_and_says_which(db, settings, tmp_path, capsys):
    settings.MEDIA_ROOT = tmp_path / "media"
    _disk_files(settings.MEDIA_ROOT)
    DatabaseStorage().save("cases/2026/11/a1.jpg", ContentFile(b"another photo"))
    with pytest.raises(CommandError, match="1 个文件有问题"):
        call_command("files_move")
    assert "cases/2026/11/a1.jpg：目标中已有同名但内容不同的文件（未覆盖）" in capsys.readouterr().err
    assert DatabaseStorage().open("cases/2026/11/a1.jpg").read() == b"another photo"


def test_files_move_back_to_disk(db, settings, tmp_path, capsys):
    settings.MEDIA_ROOT = tmp_path / "media"
    DatabaseStorage().save("cases/2026/12/c3.png", ContentFile(b"\x89PNG" + b"d" * 100))
    call_command("files_move", "--from", "db", "--to", "local")
    assert (tmp_path / "media" / "cases" / "2026" / "12" / "c3.png").read_bytes() == b"\x89PNG" + b"d" * 100
