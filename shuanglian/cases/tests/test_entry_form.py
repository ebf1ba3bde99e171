"""Issue 12.17: the staff entry form takes attachments, looks up the registry's enterprises by name
or USCC, records the visit date (staff), and keeps an editable title."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from shuanglian.cases.models import Attachment, Case
from shuanglian.chains.models import Enterprise

from .test_intake_helpers import jpeg_bytes


def _entry(**extra):
    values = {"source": "visit", "title": "燃气走线调整", "description": "新厂房燃气走线与规划冲突，影响投产。",
              "category": "", "urgency": "normal", "enterprise_name": "重庆乾凤锻造有限公司",
              "contact_name": "刘经理", "contact_phone": "13912345678"}
    values.update(extra)
    return values


def test_entry_with_photo_and_visit_date(client_for, regions, category, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    staff = client_for("staff")
    form = staff.get("/cases/new/").content.decode()
    assert 'enctype="multipart/form-data"' in form and 'name="attachments"' in form and 'name="visited_on"' in form
    assert form.count('id="enterprise-hits"') == 1  # the look-up's matches appear under the name
    visited = timezone.localdate() - dt.timedelta(days=3)
    resp = staff.post("/cases/new/", _entry(category=category.pk, region=regions["beibei"].pk, visited_on=visited.isoformat(),
                                             title="我改过的标题",
                                             attachments=SimpleUploadedFile("现场.jpg", jpeg_bytes(), "image/jpeg")))
    assert resp.status_code == 302, resp.content.decode()[-1500:]
    case = Case.objects.get()
    assert case.title == "我改过的标题"
    assert timezone.localtime(case.submitted_at).date() == visited
    assert Attachment.objects.filter(case=case).count() == 1


def test_future_visit_date_refused_and_nothing_written(client_for, regions, category):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    resp = client_for("staff").post("/cases/new/", _entry(category=category.pk, region=regions["beibei"].pk,
                                                          visited_on=tomorrow.isoformat()))
    assert resp.status_code == 400 and "走访日期不能晚于今天" in resp.content.decode()
    assert not Case.objects.exists()


def test_deputies_are_not_offered_back_dating(client_for):
    assert 'name="visited_on"' not in client_for("deputy").get("/cases/new/").content.decode()


def test_registry_lookup_by_name_or_uscc_within_scope(client_for, regions):
    Enterprise.objects.create(name="重庆市乾凤锻造有限公司", uscc="91500109MA5U000001", region=regions["beibei"])
    Enterprise.objects.create(name="璧山乾凤配件有限公司", region=regions["bishan"])
    staff = client_for("staff")
    hits = staff.get("/cases/new/enterprises/", {"enterprise_name": "乾凤"}).content.decode()
    assert 'data-name="重庆市乾凤锻造有限公司"' in hits and 'data-uscc="91500109MA5U000001"' in hits
    assert "璧山乾凤" not in hits  # another district's registry
    by_code = staff.get("/cases/new/enterprises/", {"enterprise_name": "91500109MA5U000001"}).content.decode()
    assert "重庆市乾凤锻造有限公司" in by_code
    assert "没有匹配" in staff.get("/cases/new/enterprises/", {"enterprise_name": "不存在的企业"}).content.decode()
    assert client_for("handler").get("/cases/new/enterprises/", {"enterprise_name": "乾凤"}).status_code == 403
