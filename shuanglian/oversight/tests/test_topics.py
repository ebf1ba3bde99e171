"""Oversight topics (监督议题): a topic gathers materials, campaigns and the opinions it produced, and
its figures are counted from those links; staff of the region write, leaders and deputies read,
departments and another region's staff see nothing; bad input changes nothing."""

import datetime as dt

import pytest

from shuanglian.core.errors import BusinessError
from shuanglian.oversight import services, services_campaigns, services_topics
from shuanglian.oversight.models import Topic, TopicMaterial
from shuanglian.oversight.selectors_topics import topic_list, topic_totals

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic(personas, regions):
    return services_topics.topic_create(actor=personas["staff"], region=regions["beibei"], year=2025,
                                        title="全区重大项目建设情况")


def test_a_topic_gathers_what_it_produced_and_counts_it(personas, regions, departments, topic, client_for):
    staff = personas["staff"]
    services_topics.topic_material_add(actor=staff, topic=topic, kind="research", title="重大项目建设情况调研报告",
                                       received_on=dt.date(2025, 7, 20), content="梳理出六类21条建议。")
    campaign = services_campaigns.campaign_create(actor=staff, region=regions["beibei"], title="重大项目集中视察",
                                                  starts_on=dt.date(2025, 7, 1), ends_on=dt.date(2025, 7, 31))
    services_topics.topic_link(actor=staff, topic=topic, campaign=campaign)
    services.opinion_create(actor=staff, region=regions["beibei"], title="关于全区重大项目建设情况的审议意见",
                            body=departments["jxw"], topic=topic)
    other = services_topics.topic_create(actor=staff, region=regions["beibei"], year=2025, title="科技创新工作")
    assert topic_totals(Topic.objects.all()) == {"topics": 2, "with_opinion": 1, "opinions": 1}
    page = client_for("staff").get(f"/oversight/topics/{topic.pk}/").content.decode()
    assert "重大项目建设情况调研报告" in page and "重大项目集中视察" in page and "关于全区重大项目建设情况的审议意见" in page
    listing = client_for("leader").get("/oversight/topics/?year=2025").content.decode()
    assert "全区重大项目建设情况" in listing and other.title in listing and "新建监督议题" not in listing


def test_staff_open_a_topic_and_record_from_the_pages(client_for, personas, topic):
    staff = client_for("staff")
    response = staff.post("/oversight/topics/", {"year": "2026", "title": "营商环境", "summary": ""}, follow=True)
    assert "已新建议题“营商环境”" in response.content.decode()
    response = staff.post(f"/oversight/topics/{topic.pk}/add/material/", {
        "kind": "work_report", "title": "区政府关于重大项目建设情况的报告", "received_on": "2025-08-20"}, follow=True)
    assert "材料已登记" in response.content.decode()
    draft = staff.get(f"/oversight/opinions/new/?topic={topic.pk}").content.decode()
    assert f'<option value="{topic.pk}" selected>' in draft


@pytest.mark.parametrize("post, message", [
    ({"year": "2026", "title": ""}, "「议题」"),
    ({"year": "２０２６", "title": "营商环境"}, "「年度」"),
    ({"year": "1999", "title": "营商环境"}, "「年度」"),
    ({"year": "2025", "title": "全区重大项目建设情况"}, "2025年已有议题"),
])
def test_a_bad_topic_is_refused_in_chinese(client_for, topic, post, message):
    response = client_for("staff").post("/oversight/topics/", post, follow=True)
    assert any(message in str(m) for m in response.context["messages"]), list(response.context["messages"])
    assert Topic.objects.count() == 1


def test_a_bad_material_writes_nothing(client_for, topic):
    for post in ({"kind": "gossip", "title": "某", "received_on": "2025-08-01"},
                 {"kind": "research", "title": "某", "received_on": "2999-01-01"},
                 {"kind": "research", "title": "某", "received_on": "2025-08-٣"}):
        client_for("staff").post(f"/oversight/topics/{topic.pk}/add/material/", post)
    assert not TopicMaterial.objects.exists()


def test_an_opinion_cannot_join_another_regions_topic(personas, regions, departments, topic):
    bishan = services_topics.topic_create(actor=personas["bishan_staff"], region=regions["bishan"], year=2025,
                                          title="璧山议题")
    with pytest.raises(BusinessError, match="监督议题须属于本区域"):
        services.opinion_create(actor=personas["staff"], region=regions["beibei"], title="关于某事的审议意见",
                                body=departments["jxw"], topic=bishan)


@pytest.mark.parametrize("persona, read, write", [
    ("staff", 200, 302), ("leader", 200, 403), ("deputy", 200, 403), ("handler", 404, 404),
    ("bishan_staff", 404, 404),
])
def test_who_reads_and_writes_topics(client_for, topic, persona, read, write):
    client = client_for(persona)
    assert client.get(f"/oversight/topics/{topic.pk}/").status_code == read
    response = client.post(f"/oversight/topics/{topic.pk}/add/material/",
                           {"kind": "research", "title": "调研报告", "received_on": "2025-08-01"})
    assert response.status_code == write
    assert TopicMaterial.objects.count() == (1 if write == 302 else 0)


def test_departments_see_no_topics(personas, topic):
    assert not topic_list(personas["handler"]).exists() and topic_list(personas["leader"]).count() == 1


def test_the_api_creates_an_opinion_under_a_topic(api_for, departments, topic):
    response = api_for("staff").post("/api/v1/opinions/", {"title": "关于全区重大项目建设情况的审议意见",
                                                           "body": departments["jxw"].pk, "topic": topic.pk},
                                     format="json")
    assert response.status_code == 201 and topic.opinions.count() == 1


def test_the_topics_api(api_for, personas, topic):
    staff = api_for("staff")
    listed = staff.get("/api/v1/topics/").json()
    assert listed["results"][0]["title"] == "全区重大项目建设情况" and listed["results"][0]["opinions"] == 0
    made = staff.post("/api/v1/topics/", {"year": 2026, "title": "营商环境"}, format="json")
    assert made.status_code == 201 and made.json()["region"] == personas["staff"].region_id
    material = staff.post(f"/api/v1/topics/{topic.pk}/materials/", {
        "kind": "inquiry", "title": "专题询问记录", "received_on": "2025-09-01"}, format="json")
    assert material.status_code == 201 and material.json()["kind_display"] == "专题询问记录"
    refused = staff.post(f"/api/v1/topics/{topic.pk}/materials/", {
        "kind": "inquiry", "title": "专题询问记录", "received_on": "2025-09-31"}, format="json")
    assert refused.status_code == 400 and "日期格式" in str(refused.json())
    refused = staff.post(f"/api/v1/topics/{topic.pk}/materials/", {
        "kind": "inquiry", "title": "专题询问记录", "received_on": "2025-09-٣"}, format="json")
    assert refused.status_code == 400 and "半角数字" in str(refused.json())
    assert topic.materials.count() == 1
    assert api_for("bishan_staff").get(f"/api/v1/topics/{topic.pk}/").status_code == 404
    assert api_for("leader").post("/api/v1/topics/", {"year": 2026, "title": "某"}, format="json").status_code == 403
