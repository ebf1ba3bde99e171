"""The open-data feed (OParl 1.1-style) and the public suggestion list: the objects link by URL,
lists page and filter by `modified_since`, and nothing private leaks — no phone number, no
employer, no confidential demand's suggestion, no draft, no unpublished points."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from shuanglian.cases.models import Case, Category
from shuanglian.deputies.models import Station
from shuanglian.duties.models import Activity, ActivityParticipant, Reception, ReceptionDuty
from shuanglian.points.services import point_award, point_publish
from shuanglian.suggestions import services, services_handling

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year
DAY = dt.date(YEAR, 1, 15)


@pytest.fixture
def world(personas, regions, departments):
    me = personas["deputy_record"]  # phone 13812345678, employer 千里科技
    station = Station.objects.create(kind="activity_point", name="青杠活动点", region=regions["beibei"], head=me,
                                     address="青杠街道")
    reception = Reception.objects.create(station=station, date=DAY, start_time=dt.time(9), end_time=dt.time(11))
    ReceptionDuty.objects.create(reception=reception, deputy=me, signed_in_at=timezone.now())
    activity = Activity.objects.create(kind="inspection", title="视察园区", date=DAY, region=regions["beibei"],
                                       station=station, notes="内部记录：某企业资金困难")
    ActivityParticipant.objects.create(activity=activity, deputy=me)
    staff, deputy = personas["staff"], personas["deputy"]

    def suggestion(title, **extra):
        s = services.suggestion_create(actor=deputy, title=title, reasons="情况", proposals="建议", lead_deputy=me,
                                       **extra)
        return services.suggestion_submit(suggestion=s, actor=deputy, on=DAY)

    answered = suggestion("关于加快“充储泊配”设施建设的建议")
    answered = services.suggestion_assign(suggestion=answered, actor=staff, lead_unit=departments["jxw"], on=DAY)
    services_handling.suggestion_answer(suggestion=answered, actor=personas["handler"], category="A", on=DAY,
                                        content="已采纳。联系人王科长，电话13987654321，邮箱wang@example.com。")
    secret_case = Case.objects.create(title="某秘密企业扩产", description="涉密", category=Category.objects.first(),
                                      source="visit", enterprise_name="保密科技有限公司", contact_name="刘",
                                      contact_phone="13900000000", region=regions["beibei"], collected_by=me,
                                      confidential=True)
    suggestion("关于保密科技有限公司扩产用地的建议", source_case=secret_case)
    services.suggestion_create(actor=deputy, title="关于草稿事项的建议", reasons="r", proposals="p", lead_deputy=me)
    point_award(deputy=me, rule_code="reception_attended", source_key="r:1", occurred_on=DAY, actor=staff)
    return {"me": me, "body": regions["beibei"], "activity": activity, "reception": reception,
            "answered": answered}


def get(url, **params):
    r = Client().get(url, params)
    return r.status_code, (r.json() if r["Content-Type"].startswith("application/json") else r.content.decode())


def harvest(world):
    """Walk the feed from the System object, as a portal would, and return everything read."""
    status, system = get("/api/v1/oparl/")
    assert status == 200 and system["type"] == "https://schema.oparl.org/1.1/System"
    _, bodies = get(system["body"])
    body = next(b for b in bodies["data"] if b["shortName"] == "北碚区")
    assert body["id"].endswith(f"/api/v1/oparl/bodies/{world['body'].pk}/")
    lists = {name: get(body[name])[1] for name in ("person", "paper", "meeting")}
    person = get(lists["person"]["data"][0]["id"])[1]
    return system, body, lists, person


def test_the_feed_links_system_body_person_paper_meeting_by_url(world):
    _, body, lists, person = harvest(world)
    assert [p["name"] for p in lists["person"]["data"]] == ["周代表"]
    assert person["type"].endswith("/Person") and person["body"] == body["id"]
    record = person["shuanglian:record"]
    assert record["receptions_attended"] == 1 and record["activities"]["视察"] == 1
    papers = {p["name"]: p for p in lists["paper"]["data"]}
    paper = papers["《关于加快“充储泊配”设施建设的建议》"]
    assert paper["originatorPerson"] == [person["id"]] and paper["shuanglian:answerCategory"] == "A"
    assert paper["shuanglian:answer"].startswith("已采纳。") and get(paper["id"])[1]["reference"] == paper["reference"]
    kinds = sorted(m["shuanglian:kind"] for m in lists["meeting"]["data"])
    assert kinds == ["activity", "reception"]
    assert all(m["participant"] == [person["id"]] for m in lists["meeting"]["data"])
    assert get(lists["meeting"]["data"][0]["id"])[0] == 200
    assert lists["paper"]["pagination"] == {"totalElements": 1, "elementsPerPage": 100, "currentPage": 1,
                                            "totalPages": 1}


def test_nothing_private_leaks_from_the_feed_or_the_public_list(world):
    _, _, lists, person = harvest(world)
    text = json.dumps([lists, person], ensure_ascii=False) + get("/public/suggestions/")[1]
    for secret in ("13812345678", "千里科技", "13987654321", "wang@example.com", "保密科技", "13900000000",
                   "草稿事项", "内部记录"):
        assert secret not in text, secret
    assert "〔已隐去〕" in text
    assert person["shuanglian:record"]["points"] == []  # the quarter is not published


def test_points_appear_once_the_quarter_is_published(world, personas):
    point_publish(region=world["body"], period=f"{YEAR}Q1", actor=personas["staff"])
    _, _, _, person = harvest(world)
    # two suggestions submitted (3 each, the confidential one's points count, only its title is kept
    # out) and a reception day (2)
    assert person["shuanglian:record"]["points"] == [{"period": f"{YEAR}年第一季度", "points": "8"}]


def test_modified_since_returns_only_what_changed(world, personas):
    later = (timezone.now() + dt.timedelta(minutes=5)).isoformat()
    _, body, _, _ = harvest(world)
    _, papers = get(body["paper"], modified_since=later)
    assert papers["data"] == []
    _, papers = get(body["paper"], modified_since=f"{YEAR - 1}-12-31")
    assert len(papers["data"]) == 1 and "modified_since" in papers["links"]["first"]


def test_bad_input_gets_a_chinese_400_or_404_never_a_500(world):
    base = f"/api/v1/oparl/bodies/{world['body'].pk}/papers/"
    for params in ({"modified_since": "2025-13-45"}, {"modified_since": "abc"}, {"page": "abc"},
                   {"page": "٣"}, {"page": "0"}):
        status, data = get(base, **params)
        assert status == 400, params
        assert any("\u4e00" <= ch <= "\u9fff" for ch in json.dumps(data, ensure_ascii=False)), params
    assert get(base, page="9")[0] == 404
    assert get(f"/api/v1/oparl/people/{world['me'].pk}/", year="abc")[0] == 400
    for url in ("/api/v1/oparl/bodies/abc/", "/api/v1/oparl/people/³/", "/api/v1/oparl/papers/999999/",
                "/api/v1/oparl/meetings/nothing-1/", "/api/v1/oparl/meetings/activity-x/"):
        assert get(url)[0] == 404, url
    assert Client().get("/public/suggestions/", {"page": "abc"}).status_code in (200, 400, 404)
