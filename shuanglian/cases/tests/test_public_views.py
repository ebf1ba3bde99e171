"""The QR form, the success page, the tracking page with its rating form, and attachment access —
through HTTP as the enterprise (no login), staff and department handlers would use them."""

import re

import pytest
from django.urls import reverse

from shuanglian.cases import services
from shuanglian.cases.models import Attachment, Case, IntakeReceipt
from shuanglian.core.models import AuditEvent

from .test_intake_helpers import exe_bytes, form_values, jpeg_bytes, make_station, upload


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def station(regions, personas):
    return make_station(regions, personas)


@pytest.fixture
def anon():
    from django.test import Client

    return Client()


def rates(settings, **rates):
    rf = dict(settings.REST_FRAMEWORK)
    rf["DEFAULT_THROTTLE_RATES"] = {**rf["DEFAULT_THROTTLE_RATES"], **rates}
    settings.REST_FRAMEWORK = rf


def post_form(client, station, ip="10.0.0.1", **overrides):
    return client.post(reverse("cases:intake", kwargs={"token": station.intake_token}), form_values(**overrides),
                       REMOTE_ADDR=ip)


def written():
    return (Case.objects.count(), Attachment.objects.count(), IntakeReceipt.objects.count(),
            AuditEvent.objects.filter(event_type="case.submit").count())


def to_replied(case, personas, departments):
    services.case_accept(case=case, actor=personas["staff"])
    services.case_assign(case=case, department=departments["jxw"], actor=personas["staff"])
    services.case_sign(case=case, actor=personas["handler"])
    return services.case_reply(case=case, actor=personas["handler"], result="solved",
                               content="已协调燃气公司调整走线，本周施工。")


# --- the form ------------------------------------------------------------------------------------

def test_form_shows_station_deputies_and_consent_but_no_phones(anon, station):
    response = anon.get(reverse("cases:intake", kwargs={"token": station.intake_token}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "码上说 马上办" in html
    assert station.name in html and "行业人大代表联络站" in html
    assert "周代表" in html and "吴代表" in html
    assert "13812345678" not in html and "13700001111" not in html and "13600002222" not in html
    assert "个人信息保护法" in html and 'name="consent"' in html


@pytest.mark.parametrize("deactivate", [True, False])
def test_inactive_station_or_rotated_token_is_invalid(anon, station, deactivate):
    old_token = station.intake_token
    if deactivate:
        station.is_active = False
        station.save()
    else:
        station.intake_token = "rotated-" + old_token[:20]
        station.save()
    for method in (anon.get, anon.post):
        response = method(reverse("cases:intake", kwargs={"token": old_token}))
        assert response.status_code == 404
        assert "二维码已失效" in response.content.decode()
    assert Case.objects.count() == 0


def test_submit_shows_tracking_code_and_link(anon, station):
    response = post_form(anon, station, attachments=[upload("现场.jpg", jpeg_bytes())])
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.source == "qr" and case.station == station and case.attachments.count() == 1
    done = anon.get(response["Location"])
    html = done.content.decode()
    assert case.tracking_code in html
    assert reverse("cases:track", kwargs={"code": case.tracking_code}) in html


@pytest.mark.parametrize("overrides,message", [
    ({"enterprise_name": ""}, "请填写企业名称"),
    ({"contact_name": ""}, "请填写联系人"),
    ({"contact_phone": "1381234"}, "有效的手机号"),
    ({"enterprise_uscc": "ABC"}, "应为18位"),
    ({"description": ""}, "请填写诉求内容"),
    ({"category": "nope"}, "不存在或已停用"),
    ({"consent": ""}, "个人信息保护告知"),
])
def test_form_errors_shown_in_chinese_and_nothing_written(anon, station, overrides, message):
    response = post_form(anon, station, **overrides)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "重庆乾凤锻造有限公司" in html or overrides.get("enterprise_name") == ""  # input kept
    assert written() == (0, 0, 0, 0)


def test_exe_renamed_jpg_refused(anon, station):
    response = post_form(anon, station, attachments=[upload("photo.jpg", exe_bytes(), "image/jpeg")])
    assert response.status_code == 400
    assert "不是允许的文件类型" in response.content.decode()
    assert written() == (0, 0, 0, 0)


def test_double_submit_is_one_case(anon, station):
    first = post_form(anon, station)
    second = post_form(anon, station)
    assert first["Location"] == second["Location"]
    assert Case.objects.count() == 1


def test_flood_from_one_address_refused_with_nothing_written(anon, station, settings):
    rates(settings, intake_ip="2/min")
    for i in range(2):
        assert post_form(anon, station, description=f"第{i}件事：需要协调解决。").status_code == 302
    response = post_form(anon, station, description="第三件事：需要协调解决。")
    assert response.status_code == 429
    assert "提交过于频繁" in response.content.decode()
    assert Case.objects.count() == 2
    # another address is not affected
    assert post_form(anon, station, ip="10.0.0.2", description="别处的事：需要协调解决。").status_code == 302


def test_flood_on_one_station_refused_across_addresses(anon, station, settings):
    rates(settings, intake_station="2/min")
    for i in range(2):
        post_form(anon, station, ip=f"10.0.1.{i}", description=f"第{i}件事：需要协调解决。")
    response = post_form(anon, station, ip="10.0.1.9", description="又一件事：需要协调解决。")
    assert response.status_code == 429
    assert Case.objects.count() == 2


# --- tracking ------------------------------------------------------------------------------------

def test_tracking_page_shows_progress_and_no_personal_data(anon, station, make_case, personas, departments):
    post_form(anon, station)
    case = Case.objects.get()
    other = make_case(title="另一家企业的秘密诉求", contact_name="孙总", contact_phone="13500009999")
    to_replied(case, personas, departments)
    html = anon.get(reverse("cases:track", kwargs={"code": case.tracking_code})).content.decode()
    assert "承办部门已答复，请您评价" in html
    for step in ["提交", "受理", "交办", "办理", "答复", "回访", "销号"]:
        assert step in html
    assert "区经济信息委" in html and "已协调燃气公司调整走线" in html
    assert 'name="rating"' in html
    # no personal data, no staff names, nothing of another case
    for secret in ["13912345678", "139****5678", "刘经理", "李经办", "王工作", "周代表", "吴代表",
                   other.title, other.tracking_code, "孙总"]:
        assert secret not in html


def test_rating_on_tracking_page(anon, station, personas, departments):
    post_form(anon, station)
    case = to_replied(Case.objects.get(), personas, departments)
    url = reverse("cases:track", kwargs={"code": case.tracking_code})
    bad = anon.post(url, {"rating": "great"})
    assert bad.status_code == 400 and "请选择评价" in bad.content.decode()
    response = anon.post(url, {"rating": "basically_satisfied", "comment": "速度可以再快些"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "revisited" and case.rating == "basically_satisfied"
    page = anon.get(response["Location"]).content.decode()
    assert "感谢您的评价" in page and "基本满意" in page and 'name="rating"' not in page
    event = AuditEvent.objects.get(event_type="case.revisit", target_id=str(case.pk))
    assert event.actor is None


def test_rating_refused_before_reply(anon, station):
    post_form(anon, station)
    case = Case.objects.get()
    response = anon.post(reverse("cases:track", kwargs={"code": case.tracking_code}), {"rating": "satisfied"})
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.status == "submitted" and case.rating == ""


def test_lookup_form_normalises_codes(anon, station):
    post_form(anon, station)
    code = Case.objects.get().tracking_code
    response = anon.get(reverse("cases:track_lookup"), {"code": code.replace("-", " ").lower()})
    assert response.status_code == 302 and code in response["Location"]
    missing = anon.get(reverse("cases:track_lookup"), {"code": "AAAA-BBBB-CCCC"})
    assert missing.status_code == 404 and "未找到该查询码" in missing.content.decode()
    assert anon.get(reverse("cases:track", kwargs={"code": "AAAA-BBBB-CCCC"})).status_code == 404


def test_code_guessing_is_rate_limited(anon, settings, db, rate_window):
    rates(settings, track_ip="3/min")
    for _ in range(3):
        anon.get(reverse("cases:track_lookup"), {"code": "AAAA-BBBB-CCCC"}, REMOTE_ADDR="10.9.9.9")
    response = anon.get(reverse("cases:track", kwargs={"code": "AAAA-BBBB-CCCD"}), REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 429 and "查询过于频繁" in response.content.decode()


# --- attachments ---------------------------------------------------------------------------------

def test_attachment_reachable_only_with_access(anon, station, client_for, personas, departments, make_case):
    post_form(anon, station, attachments=[upload("现场.jpg", jpeg_bytes())])
    case = Case.objects.get()
    attachment = case.attachments.get()
    other = make_case()
    own = reverse("cases:track_attachment", kwargs={"code": case.tracking_code, "pk": attachment.pk})
    response = anon.get(own)
    assert response.status_code == 200 and b"".join(response.streaming_content) == jpeg_bytes()
    assert response["Content-Type"] == "image/jpeg"
    # another case's code does not open this file; the media path is not served
    assert anon.get(reverse("cases:track_attachment", kwargs={"code": other.tracking_code, "pk": attachment.pk})).status_code == 404
    assert anon.get("/media/" + attachment.file.name).status_code == 404
    staff_url = reverse("cases:attachment", kwargs={"pk": attachment.pk})
    assert anon.get(staff_url).status_code == 302  # to login
    assert client_for("staff").get(staff_url).status_code == 200
    assert client_for("bishan_staff").get(staff_url).status_code == 404
    services.case_accept(case=case, actor=personas["staff"])
    services.case_assign(case=case, department=departments["jxw"], actor=personas["staff"])
    assert client_for("handler").get(staff_url).status_code == 200
    assert client_for("outsider").get(staff_url).status_code == 404


def test_confidential_attachment_hidden_from_deputy(station, client_for, personas):
    from shuanglian.cases.intake import case_submit

    case = case_submit(
        actor=personas["staff"], source="visit", title="技术改造", description="涉及工艺参数。", category="other",
        enterprise_name="某公司", contact_name="张三", contact_phone="13912345678", station=station,
        collected_by=personas["deputy_record"], confidential=True, attachments=[upload("a.pdf", b"%PDF-1.4 x", "application/pdf")],
    )
    url = reverse("cases:attachment", kwargs={"pk": case.attachments.get().pk})
    assert client_for("deputy").get(url).status_code == 404
    assert client_for("staff").get(url).status_code == 200


def test_track_page_lists_own_attachments_without_names(anon, station):
    post_form(anon, station, attachments=[upload("刘经理身份证.jpg", jpeg_bytes())])
    case = Case.objects.get()
    html = anon.get(reverse("cases:track", kwargs={"code": case.tracking_code})).content.decode()
    assert "附件1（图片）" in html and "身份证" not in html
    assert re.search(r"/t/[^/]+/attachments/\d+/", html)
