"""A phone opens a station's QR link, submits a demand with a photo, gets a tracking code and
follows it on the tracking page — no account, on a 390×844 screen."""

import re

import pytest

from shuanglian.cases.tests.test_intake_helpers import make_station, png_bytes

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_phone_submits_through_qr_link_and_tracks(phone_page, regions, personas):
    from shuanglian.cases.models import Case

    station = make_station(regions, personas)
    page = phone_page
    page.goto(f"{page.base}/i/{station.intake_token}/")
    assert page.get_by_test_id("station-name").inner_text() == station.name
    assert "周代表" in page.get_by_test_id("station-deputies").inner_text()
    # fits the phone: no horizontal scrolling
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.fill("input[name=enterprise_name]", "重庆乾凤锻造有限公司")
    page.fill("input[name=contact_name]", "刘经理")
    page.fill("input[name=contact_phone]", "139123")  # a typo first
    page.select_option("select[name=category]", "energy")
    page.fill("textarea[name=description]", "新厂房燃气走线与规划冲突，影响投产，希望协调调整。")
    page.set_input_files("input[name=attachments]", files=[
        {"name": "现场.png", "mimeType": "image/png", "buffer": png_bytes()},
    ])
    page.click("button[type=submit]")
    errors = page.get_by_test_id("form-errors").inner_text()
    assert "有效的手机号" in errors and "个人信息保护告知" in errors
    assert page.input_value("input[name=enterprise_name]") == "重庆乾凤锻造有限公司"  # nothing retyped
    assert Case.objects.count() == 0

    page.fill("input[name=contact_phone]", "13912345678")
    page.set_input_files("input[name=attachments]", files=[
        {"name": "现场.png", "mimeType": "image/png", "buffer": png_bytes()},
    ])
    page.check("input[name=consent]")
    page.click("button[type=submit]")
    code = page.get_by_test_id("tracking-code").inner_text().strip()
    assert re.fullmatch(r"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}", code)
    case = Case.objects.get()
    assert case.tracking_code == code and case.attachments.count() == 1

    page.get_by_test_id("track-link").click()
    page.wait_for_url(f"**/t/{code}/")
    assert page.get_by_test_id("status-label").inner_text() == "已提交，等待受理"
    assert "提交" in page.get_by_test_id("steps").inner_text()
    body = page.inner_text("body")
    assert "13912345678" not in body and "刘经理" not in body
    # the enterprise can open its own photo
    with page.expect_response(re.compile(r"/attachments/\d+/")) as info:
        page.click("text=附件1（图片）")
    assert info.value.status == 200

    # and find it again by typing the code on the lookup page
    page.goto(f"{page.base}/t/")
    page.fill("input[name=code]", code.replace("-", "").lower())
    page.click("button[type=submit]")
    page.wait_for_url(f"**/t/{code}/")
