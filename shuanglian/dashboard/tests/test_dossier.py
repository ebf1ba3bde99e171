"""The deputy's yearly 履职档案: the page and the Word document show the same figures (the test
reads the .docx with python-docx), for staff and the deputy only; a bad year is a Chinese 400."""

import datetime as dt
import io
import re

import pytest
from django.utils import timezone
from docx import Document

from shuanglian.chains.models import Enterprise
from shuanglian.deputies.models import Station
from shuanglian.duties.models import (
    Activity,
    ActivityParticipant,
    ContactLink,
    Reception,
    ReceptionDuty,
)
from shuanglian.duties.voter_reports import voter_report_record
from shuanglian.points.services import point_award
from shuanglian.suggestions import services, services_handling

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year
DAY = dt.date(YEAR, 1, 15)


@pytest.fixture
def year_of_work(personas, regions, departments):
    me = personas["deputy_record"]
    station = Station.objects.create(kind="activity_point", name="青杠活动点", region=regions["beibei"], head=me)
    for k in range(2):
        r = Reception.objects.create(station=station, date=DAY + dt.timedelta(days=31 * k), start_time=dt.time(9),
                                     end_time=dt.time(11))
        ReceptionDuty.objects.create(reception=r, deputy=me, signed_in_at=timezone.now())
    for kind, title in (("visit", "走访乾凤锻造"), ("visit", "走访千里科技"), ("training", "履职培训")):
        a = Activity.objects.create(kind=kind, title=title, date=DAY, region=regions["beibei"], station=station)
        ActivityParticipant.objects.create(activity=a, deputy=me)
    enterprise = Enterprise.objects.create(name="重庆乾凤锻造有限公司", region=regions["beibei"])
    ContactLink.objects.create(deputy=me, enterprise=enterprise, started_on=dt.date(YEAR - 1, 6, 1))
    s = services.suggestion_create(actor=personas["deputy"], title="关于加快“充储泊配”设施建设的建议",
                                   reasons="情况", proposals="建议", lead_deputy=me)
    s = services.suggestion_submit(suggestion=s, actor=personas["deputy"], on=DAY)
    s = services.suggestion_assign(suggestion=s, actor=personas["staff"], lead_unit=departments["jxw"], on=DAY)
    s = services_handling.suggestion_answer(suggestion=s, actor=personas["handler"], category="A", content="已采纳。",
                                            on=DAY)
    services_handling.suggestion_rate(suggestion=s, actor=personas["deputy"], rating="satisfied", on=DAY)
    point_award(deputy=me, rule_code="reception_attended", source_key="reception_duty:x", occurred_on=DAY,
                actor=personas["staff"])
    voter_report_record(actor=personas["staff"], deputy=me, date=DAY, place="蔡家岗街道同兴社区会议室", attendees=46,
                        summary="报告一年来履职情况，选民评议满意。")
    return me


def page_figures(html: str) -> dict[str, str]:
    block = html.split('data-testid="dossier-figures"')[1].split("</dl>")[0]
    return dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", block))


def docx_tables(content: bytes) -> list[list[list[str]]]:
    doc = Document(io.BytesIO(content))
    return [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]


@pytest.mark.parametrize("who", ["staff", "deputy"])
def test_the_word_dossier_has_the_figures_of_the_page(year_of_work, client_for, who):
    c = client_for(who)
    html = c.get(f"/deputies/{year_of_work.pk}/").content.decode()
    assert f"/deputies/{year_of_work.pk}/dossier/" in html
    page = c.get(f"/deputies/{year_of_work.pk}/dossier/").content.decode()
    figures = page_figures(page)
    assert figures == {"参加接待日": "2次", "参加履职活动": "3次", "走访企业": "2次", "联系包挂企业": "1家",
                       "领衔提出建议": "1件", "答复为A类": "1件", "向选民述职": "1次",
                       "履职积分": "7分"}  # submitted 3 + answered A 2 + a reception 2
    r = c.get(f"/deputies/{year_of_work.pk}/dossier.docx?year={YEAR}")
    assert r.status_code == 200 and "officedocument.wordprocessingml" in r["Content-Type"]
    tables = docx_tables(r.content)
    in_doc = next(dict(rows[1:]) for rows in tables if rows[0] == ["项目", "数量"])
    assert in_doc == figures
    text = "\n".join(p.text for p in Document(io.BytesIO(r.content)).paragraphs)
    assert f"周代表代表{YEAR}年度履职档案" in text and "已采纳。" in text
    points = next(rows for rows in tables if rows[0] == ["规则", "类别", "次数", "积分"])
    assert {(row[0], row[2], row[3]) for row in points[1:-1]} == {
        ("提交代表建议", "1", "3"), ("建议答复为A类（已解决或采纳）", "1", "2"), ("参加接待日", "1", "2")}
    assert points[-1] == ["合计", "", "", "7"]
    assert any(row[0] == "重庆乾凤锻造有限公司" for rows in tables for row in rows)
    voters = next(rows for rows in tables if rows[0] == ["日期", "地点", "参加选民", "述职及评议情况"])
    assert voters[1][1:] == ["蔡家岗街道同兴社区会议室", "46人", "报告一年来履职情况，选民评议满意。"]
    assert "蔡家岗街道同兴社区会议室，参加选民 46 人" in page


def test_only_staff_leaders_and_the_deputy_read_it_and_bad_years_are_refused(year_of_work, client_for):
    url = f"/deputies/{year_of_work.pk}/dossier/"
    for who in ("bishan_staff", "handler", "outsider"):
        assert client_for(who).get(url).status_code == 404, who
        assert client_for(who).get(url.replace("/dossier/", "/dossier.docx")).status_code == 404, who
    assert client_for("leader").get(url).status_code == 200
    for bad in ("abc", "٢٠٢٦", "1900", "99999"):
        r = client_for("staff").get(url, {"year": bad})
        assert r.status_code == 400 and "年度" in r.content.decode(), bad
    assert client_for("staff").get(url, {"year": str(YEAR - 1)}).status_code == 200
