"""Files of a topic's materials (Word, PDF, photos): staff upload them with a material or later;
the type is read from the content and a wrong type, an empty or too large file, or too many files
is refused in Chinese with nothing written (no row, no file on disk); the files are served only
through the app to those who may read the topic — never from a public URL."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shuanglian.cases.tests.test_intake_helpers import exe_bytes, jpeg_bytes, pdf_bytes
from shuanglian.oversight import services_topics
from shuanglian.oversight.models import MaterialFile, TopicMaterial

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, text in (("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>")):
            z.writestr(zipfile.ZipInfo(name, date_time=(2026, 5, 10, 9, 0, 0)), text)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    return out.getvalue()


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def doc_bytes() -> bytes:  # a compound file holding a WordDocument stream
    return OLE + b"\x00" * 100 + "WordDocument".encode("utf-16-le") + b"\x00" * 100


def up(name, content, ctype="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=ctype)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media"


@pytest.fixture
def topic(personas, regions):
    return services_topics.topic_create(actor=personas["staff"], region=regions["beibei"], year=2026,
                                        title="全区重大项目建设情况")


def _files_on_disk(media):
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def test_staff_upload_word_pdf_and_photos_with_a_material_and_later(client_for, topic, media):
    staff = client_for("staff")
    response = staff.post(f"/oversight/topics/{topic.pk}/add/material/", {
        "kind": "research", "title": "调研报告", "received_on": "2026-05-10", "content": "",
        "files": [up("重大项目调研报告.docx", docx_bytes()), up("附表.pdf", pdf_bytes())]}, follow=True)
    assert "材料已登记（附件 2 个）" in response.content.decode()
    material = TopicMaterial.objects.get()
    stored = {f.original_name: f for f in material.files.all()}
    assert {n: f.content_type for n, f in stored.items()} == {"重大项目调研报告.docx": DOCX, "附表.pdf": "application/pdf"}
    for f in stored.values():  # random names on disk, nothing of the uploader's name
        assert "调研" not in f.file.name and (media / f.file.name).exists()
    response = staff.post(f"/oversight/topics/{topic.pk}/materials/{material.pk}/files/",
                          {"files": [up("现场.jpg", jpeg_bytes()), up("旧版.doc", doc_bytes())]}, follow=True)
    page = response.content.decode()
    assert "已为“调研报告”上传附件 2 个" in page and "重大项目调研报告.docx" in page and "现场.jpg" in page
    word = stored["重大项目调研报告.docx"]
    download = staff.get(f"/oversight/topics/files/{word.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == docx_bytes()
    assert download["Content-Type"] == DOCX and download["Content-Disposition"].startswith("attachment")
    assert download["Cache-Control"] == "private, no-store" and "sandbox" in download["Content-Security-Policy"]
    assert MaterialFile.objects.filter(material=material).count() == 4


@pytest.mark.parametrize("name, content, message", [
    ("报告.docx", exe_bytes(), "不是允许的文件类型，只能上传Word 文档（.docx、.doc）、PDF 或照片"),  # an .exe renamed
    ("表格.docx", xlsx_bytes(), "不是允许的文件类型"),  # a spreadsheet is a zip too, but not a Word document
    ("表格.xls", OLE + b"\x00" * 200, "不是允许的文件类型"),  # a compound file without a Word stream
    ("页面.pdf", b"<html><script>alert(1)</script></html>", "不是允许的文件类型"),
    ("空.pdf", b"", "是空文件"),
])
def test_a_wrong_or_empty_file_is_refused_in_chinese_and_nothing_is_written(client_for, topic, media, name, content,
                                                                               message):
    response = client_for("staff").post(f"/oversight/topics/{topic.pk}/add/material/", {
        "kind": "research", "title": "调研报告", "received_on": "2026-05-10",
        "files": [up("好的.pdf", pdf_bytes()), up(name, content)]}, follow=True)
    assert message in response.content.decode()
    assert not TopicMaterial.objects.exists() and not MaterialFile.objects.exists() and not _files_on_disk(media)


def test_too_large_and_too_many_files_are_refused(client_for, personas, topic, media, settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    staff = client_for("staff")
    material = services_topics.topic_material_add(actor=personas["staff"], topic=topic, kind="other", title="会议记录",
                                                  received_on=dt.date(2026, 5, 10))
    url = f"/oversight/topics/{topic.pk}/materials/{material.pk}/files/"
    big = up("大文件.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024))
    assert "附件“大文件.pdf”超过大小上限 1MB" in staff.post(url, {"files": [big]}, follow=True).content.decode()
    many = [up(f"照片{k}.jpg", jpeg_bytes()) for k in range(11)]
    assert "每份材料最多10个附件（已有0个，本次11个）" in staff.post(url, {"files": many}, follow=True).content.decode()
    assert "请选择要上传的文件" in staff.post(url, {}, follow=True).content.decode()
    assert not MaterialFile.objects.exists() and not _files_on_disk(media)


def test_files_reach_only_readers_of_the_topic(client, client_for, personas, topic, media):
    material = services_topics.topic_material_add(
        actor=personas["staff"], topic=topic, kind="research", title="调研报告",
        received_on=dt.date(2026, 5, 10), files=[up("报告.pdf", pdf_bytes())])
    f = material.files.get()
    url = f"/oversight/topics/files/{f.pk}/"
    assert client.get(url).status_code == 302  # to the login page
    for who in ("staff", "leader", "deputy", "admin"):
        assert client_for(who).get(url).status_code == 200, who
    for who in ("bishan_staff", "handler", "outsider"):  # another district, the departments: as if missing
        assert client_for(who).get(url).status_code == 404, who
    assert client_for("staff").get("/oversight/topics/files/999999/").status_code == 404
    assert client.get("/media/" + f.file.name).status_code == 404  # no public URL
    # reading is not writing: a leader and a deputy cannot upload, another district cannot see the topic
    attach = f"/oversight/topics/{topic.pk}/materials/{material.pk}/files/"
    assert client_for("leader").post(attach, {"files": [up("x.pdf", pdf_bytes())]}).status_code == 403
    assert client_for("deputy").post(attach, {"files": [up("x.pdf", pdf_bytes())]}).status_code == 403
    assert client_for("bishan_staff").post(attach, {"files": [up("x.pdf", pdf_bytes())]}).status_code == 404
    assert material.files.count() == 1
