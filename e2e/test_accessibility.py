"""WCAG 2.1 AA on every page people use (public government sites must meet it): axe-core (npm,
from node_modules) runs in Chromium on each page as staff, a department handler, a deputy and the
public, and the test fails on any violation, naming the rule and the element."""

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from conftest import DEMO_PASSWORD
from e2e.conftest import login
from shuanglian.chains.tests.conftest import chain_data  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db(transaction=True)
AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture
def world(personas, regions, departments, chain_data):  # noqa: F811
    """One of everything a page shows: a station, cases in several states, an opinion, a plan, a
    campaign with a finding, a monitoring report, a ledger."""
    from shuanglian.cases.intake import case_submit, keys
    from shuanglian.cases.models import Category
    from shuanglian.cases.tests.test_intake_helpers import make_station
    from shuanglian.deputies.models import Station
    from shuanglian.oversight import services, services_campaigns, services_ledgers, services_topics
    from shuanglian.suggestions import services as suggestion_services
    from shuanglian.suggestions import services_handling as suggestion_handling

    staff = personas["staff"]
    category = Category.objects.get_or_create(code="energy", defaults={"name": "水电气保障", "order": 3})[0]
    station = make_station(regions, personas)
    case = case_submit(
        actor=staff, source="visit", title="燃气走线需要调整", description="新厂房燃气走线与规划冲突，影响投产。",
        category=category, enterprise_name="重庆乾凤锻造有限公司", contact_name="刘经理",
        contact_phone="13912345678", region=regions["beibei"])
    op = services.opinion_create(actor=staff, region=regions["beibei"], title="关于重大项目建设的审议意见",
                                 body=departments["jxw"])
    services.opinion_item_add(actor=staff, opinion=op, category="suggestion", group="强化要素保障", content="保障用地")
    op = services.opinion_adopt(opinion=op, actor=staff, adopted_on=timezone.localdate() - dt.timedelta(days=3))
    plan = services.plan_create(actor=staff, region=regions["beibei"], year=timezone.localdate().year)
    services.plan_item_create(actor=staff, plan=plan, kind="report", subject="听取营商环境工作报告", planned_month=6)
    campaign = services_campaigns.campaign_create(actor=staff, region=regions["beibei"], title="重大项目集中视察",
                                                  starts_on=timezone.localdate() - dt.timedelta(days=10),
                                                  ends_on=timezone.localdate())
    group = services_campaigns.campaign_group_add(actor=staff, campaign=campaign, name="第一组", level="city",
                                                  region=regions["beibei"])
    site = services_campaigns.campaign_site_add(actor=staff, group=group, name="电芯项目")
    services_campaigns.finding_record(actor=staff, site=site, kind="problem", content="施工用电不足")
    topic = services_topics.topic_create(actor=staff, region=regions["beibei"], year=timezone.localdate().year,
                                         title="全区重大项目建设情况")
    services_topics.topic_material_add(actor=staff, topic=topic, kind="research", title="调研报告",
                                       received_on=timezone.localdate())
    area = services_ledgers.ledger_area_create(actor=staff, region=regions["beibei"], name="优化发展环境")
    keys.integration_key_issue(actor=personas["admin"], name="渝快政", region=regions["beibei"])
    Station.objects.create(kind="monitoring_point", name="蔡家岗监测点", region=regions["beibei"])
    from shuanglian.duties.contacts import contact_link_create

    contact_link_create(actor=staff, deputy=personas["deputy_record"], enterprise=chain_data["forge"])
    # a demand sent to the deputy's 代表码, waiting for the deputy's step (the card with its three forms)
    case_submit(actor=None, source="deputy_code", title="园区电价优惠如何申报", description="不知道如何申报电价优惠。",
                category=category, enterprise_name="重庆乾凤锻造有限公司", contact_name="刘经理",
                contact_phone="13912345678", station=station, collected_by=personas["deputy_record"], consent=True)
    suggestion = suggestion_services.suggestion_create(
        actor=personas["deputy"], title="关于加快“充储泊配”设施建设的建议", reasons="充电设施不足", proposals="统筹建设",
        lead_deputy=personas["deputy_record"])
    suggestion = suggestion_services.suggestion_submit(suggestion=suggestion, actor=personas["deputy"])
    suggestion = suggestion_services.suggestion_assign(suggestion=suggestion, actor=staff,
                                                       lead_unit=departments["jxw"], co_units=[departments["fgw"]])
    suggestion_handling.suggestion_answer(suggestion=suggestion, actor=personas["handler"], category="B",
                                          content="正在推进", commitments=[
                                              {"content": "年底前建成一体站", "due": timezone.localdate() + dt.timedelta(days=60)}])
    from shuanglian.briefs.services import brief_generate

    brief_generate(actor=staff, region=regions["beibei"], month=timezone.localdate())
    return {"station": station, "case": case, "opinion": op, "plan": plan, "campaign": campaign, "area": area, "topic": topic,
            "chain": chain_data["chain"], "forge": chain_data["forge"], "deputy": personas["deputy_record"],
            "suggestion": suggestion}


def _violations(page, url):
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.evaluate(AXE.read_text(encoding="utf-8"))  # evaluated by the driver, not a page script
    result = page.evaluate(f"async () => await axe.run(document, {{runOnly: {TAGS}}})")
    return [f"{url} · {v['id']} ({v['impact']}): {v['help']} — {v['nodes'][0]['target']}"
            for v in result["violations"]]


def _pages(world):
    w = world
    staff = ["/", "/cases/", "/cases/queue/", "/cases/new/", "/cases/rates/", "/cases/inbox/",
             f"/chains/{w['chain'].pk}/", "/chains/", "/chains/enterprises/", "/chains/projects/", "/chains/leads/",
             "/cases/common/topics/",
             "/chains/policies/", "/chains/problems/", "/deputies/", "/deputies/new/", "/stations/",
             f"/stations/{w['station'].pk}/", "/regions/", "/departments/", "/calendar/", "/audit/",
             "/oversight/opinions/", f"/oversight/opinions/{w['opinion'].pk}/", "/oversight/opinions/new/",
             f"/oversight/plans/{w['plan'].pk}/", "/oversight/campaigns/", f"/oversight/campaigns/{w['campaign'].pk}/",
             "/oversight/monitoring/", "/oversight/monitoring/reports/new/", "/oversight/ledgers/",
             f"/oversight/ledgers/{w['area'].pk}/", f"/cases/{w['case'].pk}/", "/oversight/topics/",
             f"/oversight/topics/{w['topic'].pk}/",
             "/duties/contacts/", f"/duties/stations/{w['station'].pk}/contacts/",
             f"/duties/stations/{w['station'].pk}/contacts/import/",
             f"/chains/enterprises/{w['forge'].pk}/", f"/deputies/{w['deputy'].pk}/",
             "/suggestions/", f"/suggestions/{w['suggestion'].pk}/", "/suggestions/new/",
             "/points/", "/points/rules/", "/points/objections/", f"/points/deputies/{w['deputy'].pk}/",
             "/cases/common/", "/cases/routing/settings/", f"/deputies/{w['deputy'].pk}/dossier/",
             "/briefs/", f"/chains/{w['chain'].pk}/metrics/",
             f"/duties/deputies/{w['deputy'].pk}/voter-reports/", f"/duties/stations/{w['station'].pk}/activities/import/"]
    public = ["/accounts/login/", f"/i/{w['station'].intake_token}/", "/t/", "/public/opinions/",
              f"/d/{w['deputy'].code_token}/", "/public/suggestions/", f"/public/deputies/{w['deputy'].pk}/"]
    return staff, public


def test_no_axe_violation_on_any_page(browser, live_server, world):
    assert AXE.exists(), "npm ci installs axe-core (devDependencies)"
    staff_pages, public_pages = _pages(world)
    found = []
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.base = live_server.url
    for url in public_pages:
        found += _violations(page, live_server.url + url)
    login(page, "p_staff", DEMO_PASSWORD)
    for url in staff_pages:
        found += _violations(page, live_server.url + url)
    context.close()
    phone = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True)
    page = phone.new_page()
    page.base = live_server.url
    login(page, "p_handler", DEMO_PASSWORD)
    for url in ["/", "/cases/queue/", f"/oversight/opinions/{world['opinion'].pk}/", "/suggestions/inbox/",
                f"/suggestions/{world['suggestion'].pk}/"]:
        found += _violations(page, live_server.url + url)
    phone.close()
    # a deputy on a phone: their suggestions, the form, and the rating form of an answered one
    phone = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True)
    page = phone.new_page()
    page.base = live_server.url
    login(page, "p_deputy", DEMO_PASSWORD)
    for url in ["/suggestions/mine/", "/suggestions/new/", f"/suggestions/{world['suggestion'].pk}/"]:
        found += _violations(page, live_server.url + url)
    phone.close()
    admin = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = admin.new_page()
    page.base = live_server.url
    login(page, "p_admin", DEMO_PASSWORD)
    for url in ["/open311/keys/"]:
        found += _violations(page, live_server.url + url)
    admin.close()
    deputy = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True)
    page = deputy.new_page()
    page.base = live_server.url
    login(page, "p_deputy", DEMO_PASSWORD)
    for url in ["/points/me/", f"/deputies/{world['deputy'].pk}/", "/duties/me/code-demands/", "/duties/me/"]:
        found += _violations(page, live_server.url + url)
    deputy.close()
    assert not found, "\n".join(found)
