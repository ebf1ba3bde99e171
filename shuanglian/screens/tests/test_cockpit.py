"""领导驾驶舱 (/cockpit/): the rates page's figures for the reader's region, lights that open the
case list, and this week's new red items, write-offs and opinions due — only what the reader may read."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from shuanglian.cases.models import Case
from shuanglian.cases.rates import rollup
from shuanglian.screens.cockpit import week_of

pytestmark = pytest.mark.django_db


def figure(html, testid):
    return re.search(rf'data-testid="{testid}">([^<]*)<', html).group(1)


@pytest.fixture
def loop(make_case, walk, personas, regions):
    for i in range(3):
        case = make_case(title=f"已解决诉求{i}")
        rollup.case_changed(None, case)
        walk(case, "closed")
    red = walk(make_case(title="涉密的用地问题", confidential=True), "assigned")
    rollup.case_changed(None, red)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    Case.objects.filter(pk=red.pk).update(due_date=yesterday, warn_date=yesterday - dt.timedelta(days=2))
    old = walk(make_case(title="去年就超期的诉求"), "assigned")
    Case.objects.filter(pk=old.pk).update(due_date=yesterday - dt.timedelta(days=30),
                                          warn_date=yesterday - dt.timedelta(days=32))
    rollup.case_changed(None, old)
    far = make_case(title="璧山的诉求", region=regions["bishan"])
    rollup.case_changed(None, far)
    return red


def test_leader_sees_the_rates_pages_figures(client_for, loop):
    cockpit = client_for("leader").get(reverse("screens:cockpit")).content.decode()
    rates = client_for("leader").get(reverse("dashboard:rates")).content.decode()
    assert figure(cockpit, "c-received") == figure(rates, "kpi-cases") == "5"
    assert figure(cockpit, "c-satisfaction") == figure(rates, "kpi-satisfaction")
    assert figure(cockpit, "c-resolution") == figure(rates, "kpi-resolution")
    assert figure(cockpit, "c-response") == figure(rates, "kpi-response")
    assert figure(cockpit, "c-on-time") == figure(rates, "kpi-on-time")
    assert figure(cockpit, "c-solved") == "3"


def test_lights_open_the_case_list_and_this_week_is_named(client_for, loop):
    html = client_for("leader").get(reverse("screens:cockpit")).content.decode()
    assert figure(html, "c-red") == "2"
    assert f'href="{reverse("cases:list")}?light=red"' in html
    monday, _ = week_of(timezone.localdate())
    new_red = int(figure(html, "c-new-red"))
    assert new_red == (1 if timezone.localdate() - dt.timedelta(days=1) >= monday - dt.timedelta(days=1) else 0)
    assert "去年就超期的诉求" not in html  # red long before this week
    if new_red:
        assert "（涉及商业秘密）" in html and "涉密的用地问题" not in html  # a leader is not a handler of it
        assert reverse("cases:detail", args=[loop.pk]) in html
    assert int(figure(html, "c-closed-week")) == 3
    assert "璧山的诉求" not in html


def test_the_drill_down_list_shows_only_what_the_leader_reads(client_for, loop):
    listing = client_for("leader").get(reverse("cases:list"), {"light": "red"}).content.decode()
    assert "去年就超期的诉求" in listing and "璧山的诉求" not in listing


def test_opinions_due_this_week(client_for, personas, regions, departments, loop):
    from shuanglian.oversight import services
    from shuanglian.oversight.models import Opinion

    op = services.opinion_create(actor=personas["staff"], region=regions["beibei"], title="关于营商环境的审议意见",
                                 body=departments["jxw"])
    services.opinion_item_add(actor=personas["staff"], opinion=op, category="suggestion", group="优化服务", content="压缩审批时限")
    services.opinion_adopt(opinion=op, actor=personas["staff"], adopted_on=timezone.localdate())
    _, sunday = week_of(timezone.localdate())
    Opinion.objects.filter(pk=op.pk).update(due_date=sunday)  # the running deadline falls this week
    html = client_for("leader").get(reverse("screens:cockpit")).content.decode()
    assert figure(html, "c-opinions") == "1" and "关于营商环境的审议意见" in html


@pytest.mark.parametrize("who", ["handler", "deputy"])
def test_only_regional_readers_open_it(client_for, who):
    assert client_for(who).get(reverse("screens:cockpit")).status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("screens:cockpit"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
