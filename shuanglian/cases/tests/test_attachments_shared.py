"""Two app hosts with files in the database: an enterprise's photo submitted through host A is shown
to staff on host B (whose own disk is empty), still only through the access-checked view."""

import pytest

from shuanglian.cases.intake import case_submit
from shuanglian.cases.models import Attachment

from .test_intake_helpers import jpeg_bytes, make_station, pdf_bytes, upload


@pytest.fixture
def two_hosts(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "shuanglian.core.storage.DatabaseStorage"}}
    settings.SHUANGLIAN_FILE_STORAGE = "db"
    settings.MEDIA_ROOT = tmp_path / "host-a"

    def host_b():
        settings.MEDIA_ROOT = tmp_path / "host-b"

    return host_b


def test_photo_submitted_on_one_host_is_seen_by_staff_on_the_other(two_hosts, regions, personas, client_for, tmp_path):
    station = make_station(regions, personas)
    photo = jpeg_bytes()
    case = case_submit(
        actor=None, source="qr", station=station, title="", category="energy", description="燃气走线与规划冲突。",
        enterprise_name="重庆乾凤锻造有限公司", contact_name="刘经理", contact_phone="13912345678", consent=True,
        dedupe_key=station.intake_token,
        attachments=[upload("现场照片.jpg", photo), upload("函.pdf", pdf_bytes(), "application/pdf")],
    )
    two_hosts()
    photo_row = case.attachments.get(content_type="image/jpeg")
    resp = client_for("staff").get(f"/attachments/{photo_row.pk}/")
    assert resp.status_code == 200
    assert b"".join(resp.streaming_content) == photo
    assert resp["Content-Type"] == "image/jpeg" and resp["Cache-Control"] == "private, no-store"
    # someone without access to the case does not
    assert client_for("outsider").get(f"/attachments/{photo_row.pk}/").status_code == 404
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


def test_a_failed_submission_leaves_no_file_behind(two_hosts, regions, personas, monkeypatch):
    from shuanglian.cases.intake import services as intake
    from shuanglian.core.models import StoredFile

    station = make_station(regions, personas)
    real = intake.audit_record

    def boom(**kwargs):
        if kwargs["event_type"] == "case.submit":  # after the case and its files are written
            raise RuntimeError("audit store down")
        return real(**kwargs)

    monkeypatch.setattr(intake, "audit_record", boom)
    with pytest.raises(RuntimeError):
        case_submit(
            actor=None, source="qr", station=station, title="", category="energy", description="燃气走线。",
            enterprise_name="重庆乾凤锻造有限公司", contact_name="刘经理", contact_phone="13912345678", consent=True,
            dedupe_key=station.intake_token, attachments=[upload("a.jpg", jpeg_bytes())],
        )
    assert Attachment.objects.count() == 0 and StoredFile.objects.count() == 0
