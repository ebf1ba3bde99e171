"""Published oversight in the open-data feed: an opinion staff published is a Paper with its items
and vote results, the government body's plan and report are Papers under it; an opinion not
published — and its reports — is nowhere in the feed; no personal data; paging and
`modified_since` as for the suggestions' papers."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from shuanglian.oversight import services

pytestmark = pytest.mark.django_db
D = dt.date


def _opinion(personas, regions, departments, title, *, publish: bool):
    staff, handler = personas["staff"], personas["handler"]
    op = services.opinion_create(actor=staff, region=regions["beibei"], title=title, body=departments["jxw"])
    services.opinion_item_add(actor=staff, opinion=op, category="suggestion", group="强化要素保障",
                              content="加快重大项目用地报批")
    services.opinion_item_add(actor=staff, opinion=op, category="problem", group="项目推进",
                              content="部分项目开工滞后")
    op = services.opinion_adopt(opinion=op, actor=staff, adopted_on=D(2026, 6, 24))
    op = services.opinion_transfer(opinion=op, actor=staff, transferred_on=D(2026, 7, 1))
    op = services.opinion_submit_plan(opinion=op, actor=handler, received_on=D(2026, 7, 20), content="办理方案：分三步推进")
    services.opinion_item_respond(item=op.items.get(category="suggestion"), actor=handler, status="done",
                                  response="已完成用地报批，联系人王科长，电话13987654321")
    op = services.opinion_report(opinion=op, actor=handler, received_on=D(2026, 9, 30),
                                 content="办理情况报告。联系电话13987654321。")
    services.opinion_vote(opinion=op, actor=staff, held_on=D(2026, 10, 20), members=30, present=27, satisfied=21,
                          basically_satisfied=5, unsatisfied=1)
    if publish:
        services.opinion_publish(opinion=op, actor=staff)
    return op


@pytest.fixture
def world(personas, regions, departments):
    shown = _opinion(personas, regions, departments, "关于全区重大项目建设情况的审议意见", publish=True)
    hidden = _opinion(personas, regions, departments, "关于营商环境工作情况的审议意见", publish=False)
    return {"shown": shown, "hidden": hidden, "body": regions["beibei"]}


def get(url, **params):
    r = Client().get(url, params)
    return r.status_code, (r.json() if r["Content-Type"].startswith("application/json") else r.content.decode())


def opinion_list(world, **params):
    status, body = get(f"/api/v1/oparl/bodies/{world['body'].pk}/")
    assert status == 200
    return get(body["shuanglian:opinionPaper"], **params)


def test_a_published_opinion_its_reports_and_votes_are_papers(world):
    status, page = opinion_list(world)
    assert status == 200 and page["pagination"]["totalElements"] == 3  # the opinion, its plan, its report
    by_type = {p["paperType"]: p for p in page["data"]}
    opinion = by_type["审议意见"]
    assert opinion["name"] == "关于全区重大项目建设情况的审议意见" and opinion["date"] == "2026-06-24"
    items = {i["content"]: i for i in opinion["shuanglian:items"]}  # in the public page's order
    assert set(items) == {"加快重大项目用地报批", "部分项目开工滞后"}
    assert items["加快重大项目用地报批"]["status"] == "已落实" and items["加快重大项目用地报批"]["category"] == "建议"
    assert items["部分项目开工滞后"]["response"] is None
    vote = opinion["shuanglian:votes"][0]
    assert (vote["satisfied"], vote["basicallySatisfied"], vote["unsatisfied"], vote["present"], vote["members"],
            vote["passed"]) == (21, 5, 1, 27, 30, True)
    report = by_type["办理情况报告"]
    assert report["superordinatedPaper"] == [opinion["id"]]
    assert sorted(opinion["subordinatedPaper"]) == sorted([report["id"], by_type["办理方案"]["id"]])
    # every object is its own URL and reads the same there
    assert get(opinion["id"])[1]["shuanglian:votes"] == opinion["shuanglian:votes"]
    assert get(report["id"])[1]["shuanglian:text"].startswith("办理情况报告")


def test_no_personal_data_in_the_opinion_papers(world, personas):
    _, page = opinion_list(world)
    text = json.dumps(page, ensure_ascii=False) + json.dumps(get(page["data"][0]["id"])[1], ensure_ascii=False)
    assert "13987654321" not in text
    for who in ("staff", "handler"):
        assert personas[who].display_name not in text and personas[who].username not in text


def test_an_opinion_not_published_and_its_reports_do_not_leak(world):
    hidden = world["hidden"]
    _, page = opinion_list(world)
    assert all(hidden.title not in p["name"] for p in page["data"])
    assert get(f"/api/v1/oparl/opinions/{hidden.pk}/")[0] == 404
    for s in hidden.submissions.all():
        assert get(f"/api/v1/oparl/opinion-reports/{s.pk}/")[0] == 404
    assert get("/api/v1/oparl/opinions/abc/")[0] == 404
    # the suggestions' paper list is unchanged: opinions are not suggestions
    _, body = get(f"/api/v1/oparl/bodies/{world['body'].pk}/")
    assert get(body["paper"])[1]["pagination"]["totalElements"] == 0


def test_modified_since_lists_what_was_published_or_changed_after(world, personas):
    since = timezone.localtime().isoformat()
    assert opinion_list(world, modified_since=since)[1]["data"] == []
    services.opinion_publish(opinion=world["hidden"], actor=personas["staff"])
    _, page = opinion_list(world, modified_since=since)
    assert {p["name"] for p in page["data"] if p["paperType"] == "审议意见"} == {world["hidden"].title}
    assert page["pagination"]["totalElements"] == 3
    assert opinion_list(world, modified_since="昨天")[0] == 400
    assert opinion_list(world, page=2)[0] == 404  # past the last page
    assert opinion_list(world, page="２")[0] == 400  # a fullwidth digit is no page
