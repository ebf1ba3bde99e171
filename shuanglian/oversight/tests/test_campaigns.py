"""Inspection campaigns: every figure counted from the records (a deputy in two groups counts
once, a site counts once visited, a problem counts solved only when the enterprise confirmed
it), a problem found goes into the closed loop in one step, an opinion into a draft opinion."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from shuanglian.cases.tests.conftest import category, walk  # noqa: F401  (fixtures)
from shuanglian.core.errors import BusinessError
from shuanglian.deputies.models import Deputy
from shuanglian.oversight import services_campaigns as cs
from shuanglian.oversight.selectors_campaigns import campaign_figures

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(personas, regions):
    staff = personas["staff"]
    c = cs.campaign_create(actor=staff, region=regions["beibei"], title="重大产业项目集中视察",
                           starts_on=D(2026, 7, 1), ends_on=D(2026, 7, 31))
    people = [Deputy.objects.create(name=f"代表{k}", level="district", region=regions["beibei"]) for k in range(5)]
    city = cs.campaign_group_add(actor=staff, campaign=c, name="市级第一组", level="city", region=regions["beibei"],
                                 members=people[:3])
    town = cs.campaign_group_add(actor=staff, campaign=c, name="蔡家岗组", level="town", region=regions["caijia"],
                                 members=people[2:], leader="代表2")
    sites = [cs.campaign_site_add(actor=staff, group=g, name=n) for g, n in
             ((city, "睿蓝汽车二期"), (city, "电芯项目"), (town, "蔡家岗产业园"))]
    cs.campaign_site_visit(actor=staff, site=sites[0], visited_on=D(2026, 7, 8))
    cs.campaign_site_visit(actor=staff, site=sites[2], visited_on=D(2026, 7, 9))
    cs.campaign_site_visit(actor=staff, site=sites[2], visited_on=D(2026, 7, 10))  # corrected date: still one site
    return {"campaign": c, "groups": (city, town), "sites": sites, "people": people}


def test_figures_count_the_records(personas, campaign, category, walk):  # noqa: F811
    staff = personas["staff"]
    site = campaign["sites"][0]
    problems = [cs.finding_record(actor=staff, site=site, kind="problem", content=f"施工用电容量不足{k}")
                for k in range(2)]
    cs.finding_record(actor=staff, site=site, kind="opinion", content="建议建立项目用电保障专班")
    case = cs.finding_to_case(actor=staff, finding=problems[0], category=category, contact_name="刘经理",
                              contact_phone="13912345678")
    assert case.source == "inspection" and case.region == campaign["groups"][0].region
    figures = campaign_figures(campaign["campaign"])
    assert figures.as_dict() == {"groups": 2, "deputies": 5, "sites": 2, "problems": 2, "opinions": 1,
                                 "problems_solved": 0}
    assert figures.groups_label == "1+1"
    walk(case, "revisited")  # replied solved, and the enterprise confirmed it satisfied
    assert campaign_figures(campaign["campaign"]).problems_solved == 1


def test_a_problem_goes_into_the_loop_once(personas, campaign, category):  # noqa: F811
    staff = personas["staff"]
    finding = cs.finding_record(actor=staff, site=campaign["sites"][0], kind="problem", content="道路未通")
    cs.finding_to_case(actor=staff, finding=finding, category=category, contact_name="王工",
                       contact_phone="13912345678")
    with pytest.raises(BusinessError, match="已转为诉求"):
        cs.finding_to_case(actor=staff, finding=finding, category=category, contact_name="王工",
                           contact_phone="13912345678")
    opinion = cs.finding_record(actor=staff, site=campaign["sites"][0], kind="opinion", content="加快配套道路")
    with pytest.raises(BusinessError, match="只有“发现问题”"):
        cs.finding_to_case(actor=staff, finding=opinion, category=category, contact_name="王工",
                           contact_phone="13912345678")


def test_bad_contact_is_refused_and_writes_nothing(personas, campaign, category):  # noqa: F811
    from shuanglian.cases.models import Case

    finding = cs.finding_record(actor=personas["staff"], site=campaign["sites"][0], kind="problem", content="x问题")
    with pytest.raises(BusinessError):
        cs.finding_to_case(actor=personas["staff"], finding=finding, category=category, contact_name="王工",
                           contact_phone="123")
    finding.refresh_from_db()
    assert finding.case_id is None and not Case.objects.exists()


def test_an_opinion_joins_a_draft_opinion(personas, campaign, opinion_factory):
    staff = personas["staff"]
    finding = cs.finding_record(actor=staff, site=campaign["sites"][1], kind="opinion", content="建议加快电芯项目审批")
    op = opinion_factory(items=0)
    item = cs.finding_to_opinion_item(actor=staff, finding=finding, opinion=op, group="加快项目落地")
    assert item.content == "建议加快电芯项目审批" and item.category == "suggestion"
    finding.refresh_from_db()
    assert finding.opinion_item == item


def test_a_group_member_records_on_site_others_cannot(personas, campaign, regions):
    campaign["groups"][0].members.add(personas["deputy_record"])  # 周代表 joins the city group
    site = campaign["sites"][0]
    cs.finding_record(actor=personas["deputy"], site=site, kind="opinion", content="代表现场建议")
    with pytest.raises(PermissionDenied):  # not in the town group
        cs.finding_record(actor=personas["deputy"], site=campaign["sites"][2], kind="opinion", content="越组记录")
    with pytest.raises(PermissionDenied):
        cs.campaign_site_visit(actor=personas["leader"], site=site, visited_on=D(2026, 7, 2))


def test_group_region_must_be_inside_the_campaign(personas, campaign, regions):
    with pytest.raises(BusinessError, match="范围内"):
        cs.campaign_group_add(actor=personas["staff"], campaign=campaign["campaign"], name="璧山组", level="town",
                              region=regions["bishan"])


def test_campaign_api_and_page_show_the_same_figures(personas, campaign, api_for, client_for):
    staff = personas["staff"]
    cs.finding_record(actor=staff, site=campaign["sites"][0], kind="problem", content="配套道路未通")
    body = api_for("leader").get(f"/api/v1/campaigns/{campaign['campaign'].pk}/").json()
    assert body["figures"] == {"groups": 2, "deputies": 5, "sites": 2, "problems": 1, "opinions": 0,
                               "problems_solved": 0}
    page = client_for("leader").get(f"/oversight/campaigns/{campaign['campaign'].pk}/").content.decode()
    assert '<b data-figure="groups">1+1</b>' in page and '<b data-figure="deputies">5</b>' in page
    assert "记录视察发现" not in page  # a leader reads only
    listed = api_for("leader").get("/api/v1/campaigns/").json()["results"]
    assert [row["figures"] for row in listed] == [body["figures"]]


@pytest.mark.parametrize(("role", "read", "record"), [
    ("staff", 200, 201), ("leader", 200, 403), ("deputy", 200, 403), ("handler", 404, 404),
    ("outsider", 404, 404), ("bishan_staff", 404, 404), ("town_staff", 404, 404), ("admin", 200, 201),
])
def test_campaign_permissions(role, read, record, campaign, api_for):
    api = api_for(role)
    pk = campaign["campaign"].pk
    assert api.get(f"/api/v1/campaigns/{pk}/").status_code == read
    r = api.post(f"/api/v1/campaigns/{pk}/findings/", {"site": campaign["sites"][0].pk, "kind": "opinion",
                                                       "content": "建议"}, format="json")
    assert r.status_code == record


def test_staff_sends_a_problem_into_the_loop_from_the_page(personas, campaign, client_for, category):  # noqa: F811
    c = client_for("staff")
    pk = campaign["campaign"].pk
    c.post(f"/oversight/campaigns/{pk}/finding/", {"site": campaign["sites"][0].pk, "kind": "problem",
                                                   "content": "项目施工用电容量不足，影响进度"})
    finding = campaign["sites"][0].findings.get()
    r = c.post(f"/oversight/campaigns/{pk}/findings/to-case/", {"finding": finding.pk, "category": category.pk, "contact_name": "刘经理",
                                                             "contact_phone": "13912345678"})
    assert r.status_code == 302
    finding.refresh_from_db()
    page = c.get(f"/oversight/campaigns/{pk}/").content.decode()
    assert f"诉求 {finding.case.number}" in page and finding.case.description == "项目施工用电容量不足，影响进度"
