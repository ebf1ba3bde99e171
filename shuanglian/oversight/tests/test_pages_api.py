"""The opinion and the plan as staff, a government body and an integrator use them: over HTML and
the API, with the same typed input per move, the same Chinese refusals, and nothing typed lost."""

import datetime as dt

import pytest

from shuanglian.oversight import services
from shuanglian.oversight.models import Opinion

pytestmark = pytest.mark.django_db


def _transferred(opinion_factory, staff):
    op = services.opinion_adopt(opinion=opinion_factory(), actor=staff, adopted_on=dt.date(2026, 8, 3))
    return services.opinion_transfer(opinion=op, actor=staff, transferred_on=dt.date(2026, 8, 5))


def test_api_names_integrators_rely_on(api_for, personas, departments):
    api = api_for("staff")
    created = api.post("/api/v1/opinions/", {"title": "关于民营经济发展的审议意见", "body": departments["jxw"].pk},
                       format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    for k in range(3):
        r = api.post(f"/api/v1/opinions/{pk}/items/", {"category": "suggestion", "group": "优化营商环境",
                                                        "content": f"建议{k}"}, format="json")
        assert r.status_code == 201
    body = api.post(f"/api/v1/opinions/{pk}/actions/adopt/", {"adopted_on": "2026-11-25"}, format="json").json()
    for key in ("items", "transfer_due", "report_due", "light", "allowed_actions"):
        assert key in body
    assert body["transfer_due"] == "2026-12-02" and body["allowed_actions"] == ["transfer"]
    assert body["light"] in ("green", "yellow", "red") and len(body["items"]) == 3


def test_vote_answers_passed(api_for, personas, opinion_factory):
    staff = personas["staff"]
    op = _transferred(opinion_factory, staff)
    op = services.opinion_submit_plan(opinion=op, actor=personas["handler"], received_on=dt.date(2026, 8, 20),
                                      content="方案")
    op = services.opinion_report(opinion=op, actor=personas["handler"], received_on=dt.date(2026, 10, 30),
                                 content="报告")
    r = api_for("staff").post(f"/api/v1/opinions/{op.pk}/actions/vote/", {
        "held_on": "2026-11-20", "members": 31, "present": 28, "satisfied": 20, "basically_satisfied": 6,
        "unsatisfied": 2}, format="json")
    assert r.status_code == 200 and r.json()["passed"] is True and r.json()["status"] == "satisfied"


@pytest.mark.parametrize(("payload", "message"), [
    ({"transferred_on": "2026-13-45"}, "日期格式应为 YYYY-MM-DD"),
    ({}, "请填写日期"),
    ({"transferred_on": "2026-08-01"}, "不能早于通过日期"),
])
def test_bad_input_same_chinese_message_on_page_and_api(api_for, client_for, personas, opinion_factory,
                                                        payload, message):
    op = services.opinion_adopt(opinion=opinion_factory(), actor=personas["staff"], adopted_on=dt.date(2026, 8, 3))
    api = api_for("staff").post(f"/api/v1/opinions/{op.pk}/actions/transfer/", payload, format="json")
    page = client_for("staff").post(f"/oversight/opinions/{op.pk}/act/transfer/", payload)
    assert api.status_code == 400 and message in api.json()["detail"]
    assert page.status_code == 400 and message in page.content.decode()
    assert Opinion.objects.get(pk=op.pk).status == "adopted"


def test_a_stale_form_is_refused_and_keeps_what_was_typed(client_for, personas, opinion_factory):
    staff = personas["staff"]
    op = _transferred(opinion_factory, staff)
    stale = op.version
    services.opinion_submit_plan(opinion=op, actor=personas["handler"], received_on=dt.date(2026, 8, 20),
                                 content="部门先报了方案")
    page = client_for("staff").post(f"/oversight/opinions/{op.pk}/act/submit_plan/", {
        "version": stale, "received_on": "2026-08-21", "content": "工作人员代录的方案全文"})
    text = page.content.decode()
    # One wins, the other is told and keeps what they typed; the plan already there stays.
    assert page.status_code == 409 and "已被他人更新" in text
    assert "工作人员代录的方案全文" in text and "您填写的内容保留如下" in text
    assert Opinion.objects.get(pk=op.pk).submissions.get().content == "部门先报了方案"


def test_the_body_answers_items_on_its_page(client_for, personas, opinion_factory):
    op = _transferred(opinion_factory, personas["staff"])
    item = op.items.first()
    c = client_for("handler")
    page = c.get(f"/oversight/opinions/{op.pk}/").content.decode()
    assert "报送办理方案" in page and "保存回复" in page
    c.post(f"/oversight/items/{item.pk}/respond/", {"status": "done", "response": "已协调解决用地指标",
                                                    "version": item.version})
    item.refresh_from_db()
    assert (item.status, item.response) == ("done", "已协调解决用地指标")


def test_plan_board_counts_industry_items_from_chain_links(client_for, personas, regions, departments):
    from shuanglian.chains.models import Chain

    staff = personas["staff"]
    chain = Chain.objects.create(name="智能网联新能源汽摩产业链", region=regions["beibei"])
    plan = services.plan_create(actor=staff, region=regions["beibei"], year=2025)
    for k in range(5):
        services.plan_item_create(actor=staff, plan=plan, kind="report", subject=f"事项{k}", planned_month=3 + k,
                                  chains=[chain] if k < 2 else [])
    page = client_for("leader").get(f"/oversight/plans/{plan.pk}/").content.decode()
    assert "共 <b>5</b> 项监督工作，其中服务产业（关联产业链）<b>2</b> 项" in page
    only = client_for("leader").get(f"/oversight/plans/{plan.pk}/?industry=1").content.decode()
    assert "事项0" in only and "事项4" not in only


def test_word_documents_carry_the_items_and_the_deadlines(client_for, personas, opinion_factory):
    import io

    from docx import Document

    staff = personas["staff"]
    op = _transferred(opinion_factory, staff)
    c = client_for("handler")
    page = c.get(f"/oversight/opinions/{op.pk}/").content.decode()
    assert "交办函（Word）" in page

    def text(url):
        response = c.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        doc = Document(io.BytesIO(response.content))
        return "\n".join(p.text for p in doc.paragraphs)

    opinion = text(f"/oversight/opinions/{op.pk}/opinion.docx")
    assert op.title in opinion and "第1条内容" in opinion and "一、审议意见和建议（一类1条）" in opinion
    assert "二、问题清单（一类1条）" in opinion and "2026年11月5日前" in opinion  # plan due: 3 months on
    letter = text(f"/oversight/opinions/{op.pk}/transfer.docx")
    assert f"关于交办《{op.title}》的函" in letter and "区经济信息委" in letter
    assert c.get(f"/oversight/opinions/{op.pk}/votes/1.docx").status_code == 404  # no vote yet
    assert client_for("outsider").get(f"/oversight/opinions/{op.pk}/opinion.docx").status_code == 404


def test_public_page_shows_published_opinions_only_and_nothing_personal(client, personas, opinion_factory):
    staff = personas["staff"]
    hidden = services.opinion_adopt(opinion=opinion_factory(title="未公开的意见"), actor=staff,
                                    adopted_on=dt.date(2026, 8, 3))
    shown = _transferred(opinion_factory, staff)
    services.opinion_submit_plan(opinion=shown, actor=personas["handler"], received_on=dt.date(2026, 8, 20),
                                 content="办理方案全文")
    services.opinion_publish(opinion=shown, actor=staff)
    listing = client.get("/public/opinions/").content.decode()
    assert shown.title in listing and "未公开的意见" not in listing
    page = client.get(f"/public/opinions/{shown.pk}/").content.decode()
    assert "办理方案全文" in page and "第1条内容" in page
    assert "李经办" not in page and "王工作" not in page  # who recorded it is not published
    assert client.get(f"/public/opinions/{hidden.pk}/").status_code == 404
    assert client.get("/public/opinions/³/").status_code == 404
