"""Pages keep working under the Content-Security-Policy (issue 13, item 10): Alpine's CSP build,
the data-attribute behaviours that replaced inline handlers, and the ECharts pages. Every page
fixture also fails on any CSP violation printed in the console (e2e/conftest.py)."""

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


def test_pages_carry_a_policy_without_unsafe_inline_scripts(page, personas):
    response = page.goto(f"{page.base}/accounts/login/")
    policy = response.headers["content-security-policy"]
    script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src


def test_alpine_member_form_switches_fields_under_the_policy(page, station):
    login(page, "p_staff", DEMO_PASSWORD)
    page.goto(f"{page.base}/stations/{station.pk}/")
    form = page.locator("form.member-form")
    deputy, grid_name = form.locator("label", has=page.locator("select[name=deputy]")), form.locator("label", has_text="网格员姓名")
    deputy.wait_for(state="visible")
    assert not grid_name.is_visible()
    form.locator("select[name=kind]").select_option("grid_worker")
    # Alpine applies x-show on its next tick: wait for the state rather than sample it.
    grid_name.wait_for(state="visible")
    deputy.wait_for(state="hidden")


def test_confirm_before_removing_a_member_is_asked_and_can_be_declined(page, station):
    login(page, "p_staff", DEMO_PASSWORD)
    page.goto(f"{page.base}/stations/{station.pk}/")
    asked = []
    page.on("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    page.get_by_role("button", name="移除").first.click()
    page.wait_for_timeout(300)
    assert asked and "网格员甲" in asked[0]
    assert station.members.filter(name="网格员甲").exists()

