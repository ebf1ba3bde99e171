"""The oversight sweep: the body is told when its plan or report is due or late, a task owner when
a task is late, a point's deputy when last month's report is missing — once each, however often
the sweep runs."""

import datetime as dt

import pytest

from shuanglian.cases.models import Notice
from shuanglian.deputies.models import Station
from shuanglian.oversight import services, services_ledgers
from shuanglian.oversight.sweep import oversight_sweep

pytestmark = pytest.mark.django_db
D = dt.date


def test_body_owner_and_point_are_told_once(personas, opinion_factory, regions, departments, client_for, settings):
    staff = personas["staff"]
    op = services.opinion_adopt(opinion=opinion_factory(), actor=staff, adopted_on=D(2026, 6, 24))
    op = services.opinion_transfer(opinion=op, actor=staff, transferred_on=D(2026, 7, 1))  # plan due 10-08
    area = services_ledgers.ledger_area_create(actor=staff, region=regions["beibei"], name="优化发展环境")
    services_ledgers.ledger_task_create(actor=staff, area=area, title="出台扶持政策", owner=departments["fgw"],
                                        starts_on=D(2026, 9, 1), due_on=D(2026, 12, 31))
    Station.objects.create(kind="monitoring_point", name="蔡家岗监测点", region=regions["beibei"],
                           head=personas["deputy_record"])

    # 80 % of the plan clock gone; August's monitoring report missing after the 5th.
    assert oversight_sweep(on=D(2026, 9, 30)) == "监督督办扫描：黄灯提醒 1 条，消息 1 条"
    assert oversight_sweep(on=D(2026, 10, 3)) == "监督督办扫描：没有新的提醒"  # idempotent; before the 5th
    assert oversight_sweep(on=D(2026, 10, 9)) == "监督督办扫描：红灯督办 1 条，消息 1 条"  # plan late; September
    body = Notice.objects.filter(department=departments["jxw"]).order_by("pk")
    assert [n.level for n in body] == ["yellow", "red"]
    assert "报送办理方案时限已超期（截止2026年10月08日，已超1天）" in body.last().text
    assert {n.user for n in Notice.objects.filter(level="info")} == {personas["deputy"]}
    inbox = client_for("handler").get("/cases/inbox/").content.decode()
    assert "报送办理方案时限已超期" in inbox
    oversight_sweep(on=D(2027, 1, 4))  # the task's time is up
    task_notice = Notice.objects.get(department=departments["fgw"], level="red")
    assert "台账任务「出台扶持政策」的完成时限已超期" in task_notice.text
