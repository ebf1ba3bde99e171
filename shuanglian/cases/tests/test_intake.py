"""case_submit: the one intake path. Bad input changes nothing; a double submit is one case;
the station pre-fills region, chain and following deputies; files are checked by content."""

import pytest

from shuanglian.cases.intake import IntakeInvalid, case_submit
from shuanglian.cases.models import Attachment, Case, IntakeReceipt
from shuanglian.chains.models import Enterprise
from shuanglian.core.models import AuditEvent

from .test_intake_helpers import (
    exe_bytes,
    jpeg_bytes,
    make_station,
    pdf_bytes,
    png_bytes,
    upload,
    valid_uscc,
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def station(regions, personas):
    return make_station(regions, personas)


def submit(station, **overrides):
    values = dict(
        actor=None, source="qr", station=station, title="", category="energy",
        description="新厂房燃气走线与规划冲突，影响投产。", enterprise_name="重庆乾凤锻造有限公司",
        contact_name="刘经理", contact_phone="139 1234 5678", consent=True, dedupe_key=station.intake_token,
    )
    values.update(overrides)
    return case_submit(**values)


def counts():
    return (Case.objects.count(), Attachment.objects.count(), IntakeReceipt.objects.count(),
            Enterprise.objects.count(), AuditEvent.objects.filter(event_type="case.submit").count())


def test_station_prefills_region_chain_and_deputies(station, personas):
    case = submit(station)
    assert case.status == "submitted"
    assert case.region == station.region
    assert case.source == "qr"
    assert case.contact_phone == "13912345678"
    assert case.consent_at is not None
    assert case.title.startswith("新厂房燃气走线")
    assert sorted(d.name for d in case.following_deputies.all()) == ["吴代表", "周代表"]
    event = AuditEvent.objects.get(event_type="case.submit", target_id=str(case.pk))
    assert event.actor is None and "扫码" in event.actor_label


def test_enterprise_linked_by_uscc_and_reused(station):
    uscc = valid_uscc()
    first = submit(station, enterprise_uscc=uscc.lower())
    second = submit(station, enterprise_uscc=uscc, description="另一件事：用工招聘困难。")
    assert first.enterprise_id == second.enterprise_id
    enterprise = Enterprise.objects.get(uscc=uscc)
    assert enterprise.name == "重庆乾凤锻造有限公司" and enterprise.region == station.region
    no_uscc = submit(station, description="第三件事：道路拥堵。")
    assert no_uscc.enterprise_id is None


@pytest.mark.parametrize("field,value,message", [
    ("enterprise_name", "", "请填写企业名称"),
    ("contact_name", "", "请填写联系人"),
    ("contact_phone", "12345", "有效的手机号"),
    ("contact_phone", "", "请填写联系电话"),
    ("enterprise_uscc", "91500109MA5U5X8X10", "统一社会信用代码"),
    ("enterprise_uscc", "123", "应为18位"),
    ("description", "", "请填写诉求内容"),
    ("description", "长" * 5001, "不能超过5000字"),
    ("title", "题" * 121, "不能超过120字"),
    ("category", "", "请选择诉求类别"),
    ("category", "nonsense", "不存在或已停用"),
    ("consent", False, "个人信息保护告知"),
    ("enterprise_name", "企" * 121, "不能超过120字"),
])
def test_every_invalid_field_is_refused_in_chinese_and_changes_nothing(station, field, value, message):
    if field == "enterprise_uscc" and value.startswith("915"):
        good = valid_uscc()
        value = good[:17] + ("0" if good[17] != "0" else "1")
    before = counts()
    with pytest.raises(IntakeInvalid) as exc:
        submit(station, **{field: value})
    assert message in exc.value.errors[field]
    assert counts() == before


def test_all_errors_reported_at_once(station):
    with pytest.raises(IntakeInvalid) as exc:
        submit(station, enterprise_name="", contact_phone="x", description="")
    assert set(exc.value.errors) == {"enterprise_name", "contact_phone", "description"}


def test_inactive_station_refused(regions, personas):
    station = make_station(regions, personas, active=False)
    before = counts()
    with pytest.raises(IntakeInvalid) as exc:
        submit(station)
    assert "停用" in exc.value.errors["station"]
    assert counts() == before


def test_double_submit_within_window_is_one_case(station):
    first = submit(station, attachments=[upload("a.png", png_bytes(), "image/png")])
    second = submit(station, attachments=[upload("a.png", png_bytes(), "image/png")])
    assert first.pk == second.pk
    assert Case.objects.count() == 1 and Attachment.objects.count() == 1
    # different content is a different case
    third = submit(station, description="另一件事：用工招聘困难。")
    assert third.pk != first.pk


def test_same_content_after_window_is_a_new_case(station):
    from datetime import timedelta

    first = submit(station)
    IntakeReceipt.objects.update(created_at=first.submitted_at - timedelta(minutes=11))
    second = submit(station)
    assert second.pk != first.pk
    assert IntakeReceipt.objects.get().case_id == second.pk


def test_attachments_checked_by_content_and_stored_with_random_names(station, media):
    case = submit(station, attachments=[
        upload("现场照片.jpg", jpeg_bytes()), upload("x.png", png_bytes(), "image/png"),
        upload("说明.pdf", pdf_bytes(), "application/pdf"),
        upload("photo.webp", b"RIFF\x20\x00\x00\x00WEBPVP8 " + b"\x00" * 20, "image/webp"),
    ])
    kinds = sorted(a.content_type for a in case.attachments.all())
    assert kinds == ["application/pdf", "image/jpeg", "image/png", "image/webp"]
    for a in case.attachments.all():
        assert "现场照片" not in a.file.name and "说明" not in a.file.name
        assert (media / a.file.name).exists()


@pytest.mark.parametrize("name,content,ctype", [
    ("photo.jpg", exe_bytes(), "image/jpeg"),  # an .exe renamed .jpg
    ("doc.pdf", b"<html><script>alert(1)</script></html>", "application/pdf"),
    ("pic.png", b"GIF89a\x01\x00\x01\x00", "image/png"),
])
def test_fake_extension_refused(station, name, content, ctype, media):
    before = counts()
    with pytest.raises(IntakeInvalid) as exc:
        submit(station, attachments=[upload(name, content, ctype)])
    assert "不是允许的文件类型" in exc.value.errors["attachments"]
    assert counts() == before
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_too_many_and_too_large_files_refused(station, settings):
    before = counts()
    with pytest.raises(IntakeInvalid) as exc:
        submit(station, attachments=[upload(f"{i}.jpg", jpeg_bytes()) for i in range(7)])
    assert "最多上传6个" in exc.value.errors["attachments"]
    settings.UPLOAD_MAX_BYTES = 50
    with pytest.raises(IntakeInvalid) as exc:
        submit(station, attachments=[upload("big.jpg", jpeg_bytes())])
    assert "超过大小上限" in exc.value.errors["attachments"]
    assert counts() == before


def test_failure_after_files_written_leaves_nothing(station, media, monkeypatch):
    from shuanglian.cases.intake import services as intake

    real = intake.audit_record

    def boom(**kwargs):
        if kwargs["event_type"] == "case.submit":  # after the enterprise, case and files are written
            raise RuntimeError("audit store down")
        return real(**kwargs)

    monkeypatch.setattr(intake, "audit_record", boom)
    before = counts()
    with pytest.raises(RuntimeError):
        submit(station, enterprise_uscc=valid_uscc(), attachments=[upload("a.jpg", jpeg_bytes())])
    assert counts() == before
    assert not any(p.is_file() for p in media.rglob("*"))


def test_staff_entry_records_collector_and_needs_scope(personas, regions):
    deputy = personas["deputy_record"]
    case = case_submit(
        actor=personas["staff"], source="visit", title="融资难", description="流动资金贷款审批慢。",
        category="finance", enterprise_name="重庆某公司", contact_name="张三", contact_phone="023-68123456",
        region=regions["caijia"], collected_by=deputy,
    )
    assert case.created_by == personas["staff"] and case.collected_by == deputy
    assert list(case.following_deputies.all()) == [deputy]
    assert case.consent_at is None
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        case_submit(
            actor=personas["bishan_staff"], source="visit", title="融资难", description="流动资金贷款审批慢。",
            category="finance", enterprise_name="重庆某公司", contact_name="张三", contact_phone="023-68123456",
            region=regions["caijia"],
        )
    with pytest.raises(PermissionDenied):
        case_submit(
            actor=personas["handler"], source="visit", title="融资难", description="流动资金贷款审批慢。",
            category="finance", enterprise_name="重庆某公司", contact_name="张三", contact_phone="023-68123456",
            region=regions["beibei"],
        )


@pytest.mark.django_db(transaction=True)
def test_simultaneous_double_submit_is_one_case(regions, personas, settings):
    """Two submits of the same content at the same moment (a double tap on a slow network):
    one case, both get its tracking code, no orphan rows."""
    import threading

    from django.db import connection, connections

    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers (IMMEDIATE transactions); the race needs PostgreSQL")
    station = make_station(regions, personas)
    barrier = threading.Barrier(2)
    results, failures = [], []

    def worker():
        try:
            barrier.wait(timeout=10)
            results.append(submit(station).tracking_code)
        except Exception as exc:  # pragma: no cover - reported below
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not failures
    assert len(results) == 2 and results[0] == results[1]
    assert Case.objects.count() == 1 and IntakeReceipt.objects.count() == 1
    assert AuditEvent.objects.filter(event_type="case.submit").count() == 1


def test_staff_may_record_an_earlier_submission_time_within_bounds(station, personas):
    import datetime as dt

    from django.core.exceptions import PermissionDenied
    from django.utils import timezone

    staff = dict(actor=personas["staff"], source="visit", dedupe_key=None)
    case = submit(station, submitted_at=dt.date(2025, 4, 22), **staff)
    assert timezone.localtime(case.submitted_at).date() == dt.date(2025, 4, 22)
    assert case.number.startswith("SQ2025-")
    before = counts()
    for bad, message in ((timezone.localdate() + dt.timedelta(days=1), "提交日期不能晚于今天。"),
                         (dt.date(1999, 12, 31), "提交日期不能早于2000年。")):
        with pytest.raises(IntakeInvalid) as exc:
            submit(station, submitted_at=bad, **staff)
        assert exc.value.errors["submitted_at"] == message
    with pytest.raises(PermissionDenied):  # a public channel never back-dates
        submit(station, submitted_at=dt.date(2025, 4, 22))
    assert counts() == before
