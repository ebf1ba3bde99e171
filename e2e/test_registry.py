"""Staff on a phone: station list → station → QR code → rotate the token → a new QR URL."""

import pytest

from conftest import DEMO_PASSWORD
from e2e.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def station(personas, regions):
    from shuanglian.deputies.models import Station, StationMember

    s = Station.objects.create(kind="activity_point", name="千里科技人大代表活动点", host="千里科技",
                               region=regions["beibei"], head=personas["deputy_record"])
    StationMember.objects.create(station=s, kind="grid_worker", name="网格员甲", phone="13511112222")
    return s


def test_staff_rotates_a_station_qr_on_a_phone(phone_page, station):
    page = phone_page
    login(page, "p_staff", DEMO_PASSWORD)
    page.goto(f"{page.base}/stations/")
    page.get_by_role("link", name="千里科技人大代表活动点").click()
    page.wait_for_load_state()
    assert "网格员甲" in page.inner_text("main")

    qr = page.locator("[data-testid=qr]")
    qr.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=qr.element_handle())
    assert qr.is_visible()
    old_url = page.inner_text("[data-testid=intake-url]")
    assert old_url.endswith(f"/i/{station.intake_token}/")
    old_src = qr.get_attribute("src")

    page.get_by_role("link", name="更换二维码").click()
    page.wait_for_load_state()
    assert "旧二维码立即失效" in page.inner_text("main")
    page.click("[data-testid=confirm-rotate]")
    page.wait_for_load_state()

    assert "已更换二维码" in page.inner_text("main")
    new_url = page.inner_text("[data-testid=intake-url]")
    assert new_url != old_url and "/i/" in new_url
    qr = page.locator("[data-testid=qr]")
    assert qr.get_attribute("src") != old_src
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=qr.element_handle())
    station.refresh_from_db()
    assert new_url.endswith(f"/i/{station.intake_token}/")
