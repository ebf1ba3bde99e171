"""Setting a campaign up from the office pages: staff create it, form groups of deputies and plan
sites; a site typed with a listed enterprise's name or USCC links to that enterprise; bad input
gets a Chinese message and writes nothing; nobody but the region's staff can set it up."""

import datetime as dt

import pytest

from shuanglian.chains.models import Enterprise
from shuanglian.core.models import AuditEvent
from shuanglian.deputies.models import Deputy
from shuanglian.oversight.models import CampaignGroup, CampaignSite, InspectionCampaign

pytestmark = pytest.mark.django_db


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def campaign(client_for):
    staff = client_for("staff")
    response = staff.post("/oversight/campaigns/new/", {
        "title": "重大产业项目集中视察", "kind": "inspection", "starts_on": "2026-07-01", "ends_on": "2026-07-31",
        "theme": "市镇两级联动"}, follow=True)
    assert "已新建“重大产业项目集中视察”" in response.content.decode()
    return InspectionCampaign.objects.get()


def test_staff_set_a_campaign_up_from_the_pages(client_for, campaign, regions, personas):
    staff = client_for("staff")
    people = [Deputy.objects.create(name=f"代表{k}", level="district", region=regions["beibei"]) for k in range(3)]
    page = staff.get(f"/oversight/campaigns/{campaign.pk}/").content.decode()
    assert "组建视察组" in page and "请先组建视察组" in page
    response = staff.post(f"/oversight/campaigns/{campaign.pk}/setup/group/", {
        "name": "市级第一组", "level": "city", "region": regions["beibei"].pk, "leader": "代表0",
        "members": [p.pk for p in people]}, follow=True)
    assert "已组建视察组“市级第一组”（3 名代表）" in response.content.decode()
    group = CampaignGroup.objects.get()
    firm = Enterprise.objects.create(name="千里科技", uscc="91500109MA5U6HQ58K", region=regions["beibei"])
    response = staff.post(f"/oversight/campaigns/{campaign.pk}/setup/site/", {
        "group": group.pk, "name": "91500109ma5u6hq58k", "planned_on": "2026-07-08"}, follow=True)
    assert "（已关联企业清单）" in response.content.decode()
    site = CampaignSite.objects.get()
    assert site.enterprise == firm and site.name == "千里科技"
    staff.post(f"/oversight/campaigns/{campaign.pk}/setup/site/", {"group": group.pk, "name": "蔡家岗产业园"})
    page = staff.get(f"/oversight/campaigns/{campaign.pk}/").content.decode()
    assert f'href="/chains/enterprises/{firm.pk}/"' in page and "蔡家岗产业园" in page
    # the figures count the records: one group, three deputies, no site visited yet
    api = staff.get(f"/api/v1/campaigns/{campaign.pk}/").json()
    assert api["figures"]["groups"] == 1 and api["figures"]["deputies"] == 3 and api["figures"]["sites"] == 0


@pytest.mark.parametrize("post, message", [
    ({"name": "", "level": "city"}, "组名"),
    ({"name": "一组", "level": "province"}, "层级"),
    ({"name": "一组", "level": "city", "region": "abc"}, "区域"),
    ({"name": "一组", "level": "city", "region": "bishan"}, "区域"),  # another district
    ({"name": "一组", "level": "city", "region": "beibei", "members": ["bishan_deputy"]}, "所选代表"),
])
def test_a_bad_group_is_refused_in_chinese_and_writes_nothing(client_for, campaign, regions, post, message):
    outsider = Deputy.objects.create(name="璧山代表", level="district", region=regions["bishan"])
    post = dict(post)
    if post.get("region") in regions:
        post["region"] = regions[post["region"]].pk
    if "members" in post:
        post["members"] = [outsider.pk]
    before = AuditEvent.objects.filter(event_type__startswith="campaign").count()
    response = client_for("staff").post(f"/oversight/campaigns/{campaign.pk}/setup/group/", post, follow=True)
    assert response.status_code == 200
    assert any(message in m for m in messages_of(response)), messages_of(response)
    assert not CampaignGroup.objects.exists() and AuditEvent.objects.filter(event_type__startswith="campaign").count() == before


def test_a_site_outside_the_campaign_dates_is_refused(client_for, campaign, regions):
    staff = client_for("staff")
    staff.post(f"/oversight/campaigns/{campaign.pk}/setup/group/", {"name": "一组", "level": "city",
                                                                   "region": regions["beibei"].pk})
    group = CampaignGroup.objects.get()
    for planned, message in (("2026-08-01", "计划日期应在活动期间（2026-07-01 至 2026-07-31）"),
                             ("2026-07-٣", "请使用半角数字")):
        response = staff.post(f"/oversight/campaigns/{campaign.pk}/setup/site/",
                              {"group": group.pk, "name": "电芯项目", "planned_on": planned}, follow=True)
        assert any(message in m for m in messages_of(response)), messages_of(response)
    assert not CampaignSite.objects.exists()


def test_a_bad_campaign_is_refused_in_chinese(client_for):
    response = client_for("staff").post("/oversight/campaigns/new/", {
        "title": "视察", "kind": "inspection", "starts_on": "2026-07-31", "ends_on": "2026-07-01"}, follow=True)
    assert any("结束日期不能早于开始日期" in m for m in messages_of(response))
    assert not InspectionCampaign.objects.exists()


@pytest.mark.parametrize("persona, status", [("leader", 403), ("deputy", 403), ("bishan_staff", 404),
                                             ("handler", 404)])
def test_only_the_regions_staff_set_a_campaign_up(client_for, campaign, regions, persona, status):
    response = client_for(persona).post(f"/oversight/campaigns/{campaign.pk}/setup/group/", {
        "name": "一组", "level": "city", "region": regions["beibei"].pk})
    assert response.status_code == status
    assert not CampaignGroup.objects.exists()
    assert "新建视察调研活动" not in client_for("leader").get("/oversight/campaigns/").content.decode()


def test_an_unknown_setup_step_is_404(client_for, campaign):
    assert client_for("staff").post(f"/oversight/campaigns/{campaign.pk}/setup/budget/", {}).status_code == 404


def test_a_campaign_created_today_has_no_dates_typed_for_it(client_for):
    """The form carries the dates as typed; nothing is filled in behind the user's back."""
    client_for("staff").post("/oversight/campaigns/new/", {"title": "调研", "kind": "research",
                                                           "starts_on": "2026-03-01", "ends_on": "2026-03-02"})
    c = InspectionCampaign.objects.get()
    assert (c.kind, c.starts_on, c.ends_on) == ("research", dt.date(2026, 3, 1), dt.date(2026, 3, 2))


def test_the_api_sets_a_campaign_up_through_the_same_services(api_for, regions):
    staff = api_for("staff")
    campaign = staff.post("/api/v1/campaigns/", {"title": "专题调研", "kind": "research", "starts_on": "2026-07-01",
                                                 "ends_on": "2026-07-31"}, format="json").json()
    people = [Deputy.objects.create(name=f"代表{k}", level="district", region=regions["caijia"]) for k in range(2)]
    group = staff.post(f"/api/v1/campaigns/{campaign['id']}/groups/", {
        "name": "蔡家岗组", "level": "town", "region": regions["caijia"].pk, "members": [p.pk for p in people]},
        format="json")
    assert group.status_code == 201 and group.json()["members"] == 2
    firm = Enterprise.objects.create(name="千里科技", region=regions["caijia"])
    site = staff.post(f"/api/v1/campaigns/{campaign['id']}/sites/", {
        "group": group.json()["id"], "name": "千里科技", "planned_on": "2026-07-03"}, format="json")
    assert site.status_code == 201 and site.json()["enterprise"] == firm.pk
    assert staff.get(f"/api/v1/campaigns/{campaign['id']}/").json()["figures"]["deputies"] == 2
    # refusals: Chinese, nothing written
    for body, message in (({"name": "二组", "level": "town", "region": regions["bishan"].pk}, "区域"),
                          ({"name": "二组", "level": "town", "region": regions["caijia"].pk, "members": [99999]},
                           "代表"),
                          ({"name": "二组", "level": "county", "region": regions["caijia"].pk}, "")):
        refused = staff.post(f"/api/v1/campaigns/{campaign['id']}/groups/", body, format="json")
        assert refused.status_code == 400 and message in str(refused.json())
    refused = staff.post(f"/api/v1/campaigns/{campaign['id']}/sites/", {"group": 99999, "name": "某地"}, format="json")
    assert refused.status_code == 400 and "视察组不属于该活动" in str(refused.json())
    assert CampaignGroup.objects.count() == 1 and CampaignSite.objects.count() == 1
    assert api_for("leader").post(f"/api/v1/campaigns/{campaign['id']}/groups/", {
        "name": "三组", "level": "town", "region": regions["caijia"].pk}, format="json").status_code == 403
