"""The monthly brief: a Word document whose figures are the rates API's, with real chart images,
filed in storage, generated once on the first working day of a month, downloads audited, and read
only within the reader's region."""

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from shuanglian.briefs.models import Brief
from shuanglian.briefs.schedule import briefs_sweep, first_workday
from shuanglian.briefs.services import brief_generate
from shuanglian.cases.models import Case
from shuanglian.cases.rates import rollup
from shuanglian.core.models import AuditEvent

pytestmark = pytest.mark.django_db
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def month_of_work(make_case, walk, regions):
    """This month: three demands written off (rated satisfied), one overdue, one in another district;
    last month: one demand, for the month-on-month change."""
    for i in range(3):
        case = make_case(title=f"已解决诉求{i}")
        rollup.case_changed(None, case)
        walk(case, "closed")
    red = walk(make_case(title="用地手续迟迟未办", enterprise_name="重庆乾凤锻造有限公司"), "assigned")
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    Case.objects.filter(pk=red.pk).update(due_date=yesterday - dt.timedelta(days=10),
                                          warn_date=yesterday - dt.timedelta(days=12))
    rollup.case_changed(None, red)
    rollup.case_changed(None, make_case(title="璧山的诉求", region=regions["bishan"]))
    first = timezone.localdate().replace(day=1)
    last_month = timezone.make_aware(dt.datetime.combine(first - dt.timedelta(days=3), dt.time(10)))
    rollup.case_changed(None, make_case(title="上月的诉求", submitted_at=last_month))
    return first


def _docx(brief) -> Document:
    with brief.file.open("rb") as f:
        return Document(io.BytesIO(f.read()))


def _headline_rows(doc) -> dict[str, list[str]]:
    table = doc.tables[0]
    return {row.cells[0].text: [c.text for c in row.cells[1:]] for row in table.rows[1:]}


def _text(doc) -> str:
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_the_briefs_figures_are_the_rates_apis(personas, regions, api_for, month_of_work):
    brief = brief_generate(actor=personas["staff"], region=regions["beibei"], month=month_of_work)
    rows = _headline_rows(_docx(brief))
    api = api_for("staff").get("/api/v1/rates/", {"period": f"{month_of_work:%Y-%m}",
                                                  "region": regions["beibei"].pk}).json()["totals"]
    assert rows["受理诉求"][0] == f"{api['counts']['cases']}件" == "4件"
    assert rows["办结销号"][0] == f"{api['counts']['closed']}件" == "3件"
    for label, key in (("响应率", "response_rate"), ("解决率", "resolution_rate"), ("满意率", "satisfaction_rate"),
                       ("按时办结率", "on_time_rate")):
        expected = api[key]["percent"]
        assert rows[label][0] == (f"{expected}%" if expected is not None else "—"), label
    last = api_for("staff").get("/api/v1/rates/", {"period": f"{month_of_work - dt.timedelta(days=1):%Y-%m}",
                                                   "region": regions["beibei"].pk}).json()["totals"]
    assert rows["受理诉求"][1] == f"{last['counts']['cases']}件" == "1件"
    assert rows["受理诉求"][2] == "+3件（+300.0%）"


def test_the_briefs_figures_are_the_rates_pages(personas, regions, client_for, month_of_work):
    brief = brief_generate(actor=personas["staff"], region=regions["beibei"], month=month_of_work)
    rows = _headline_rows(_docx(brief))
    page = client_for("leader").get(reverse("dashboard:rates"), {"period": f"{month_of_work:%Y-%m}"}).content.decode()
    assert rows["受理诉求"][0] == re.search(r'data-testid="kpi-cases">([^<]*)<', page).group(1) + "件"
    assert rows["满意率"][0] == re.search(r'data-testid="kpi-satisfaction">([^<]*)<', page).group(1)


def test_the_brief_has_real_chart_images_and_names_what_is_overdue(personas, regions, month_of_work):
    brief = brief_generate(actor=personas["staff"], region=regions["beibei"], month=month_of_work)
    doc = _docx(brief)
    assert len(doc.inline_shapes) >= 1
    images = [p for p in doc.part.package.parts if p.content_type == "image/png"]
    assert images and all(p.blob.startswith(PNG_MAGIC) and len(p.blob) > 5000 for p in images)
    text = _text(doc)
    assert "用地手续迟迟未办" in text and "重庆**有限公司" in text  # the enterprise masked
    assert "乾凤" not in text and "璧山的诉求" not in text
    assert "北碚区" in doc.paragraphs[2].text or "北碚区" in text


def test_generated_on_the_first_working_day_only_and_once(settings, regions, month_of_work):
    settings.SHUANGLIAN_BRIEF_REGION_LEVELS = ["district"]
    assert first_workday(dt.date(2026, 10, 1)) == dt.date(2026, 10, 8)  # after National Day
    for day in range(1, 8):
        briefs_sweep(on=dt.date(2026, 10, day))
    assert not Brief.objects.exists()
    briefs_sweep(on=dt.date(2026, 10, 8))
    made = list(Brief.objects.values_list("region__name", "month", "scheduled", "generated_by"))
    assert sorted(made) == [("北碚区", dt.date(2026, 9, 1), True, None), ("璧山区", dt.date(2026, 9, 1), True, None)]
    briefs_sweep(on=dt.date(2026, 10, 8))  # run twice (or on a second host)
    briefs_sweep(on=dt.date(2026, 10, 9))
    assert Brief.objects.count() == 2
    assert AuditEvent.objects.filter(event_type="brief.generate").count() == 2
    assert all(b.file.storage.exists(b.file.name) for b in Brief.objects.all())


def test_staff_generate_from_the_page_and_every_download_is_audited(personas, regions, client_for, month_of_work):
    staff = client_for("staff")
    page = staff.get(reverse("briefs:list")).content.decode()
    assert "生成本月简报" in page
    response = staff.post(reverse("briefs:generate"), {"region": regions["beibei"].pk,
                                                       "month": f"{month_of_work:%Y-%m}"})
    assert response.status_code == 302
    brief = Brief.objects.get()
    assert brief.generated_by == personas["staff"] and not brief.scheduled
    listing = client_for("leader").get(reverse("briefs:list")).content.decode()
    assert reverse("briefs:download", args=[brief.pk]) in listing
    download = client_for("leader").get(reverse("briefs:download", args=[brief.pk]))
    assert download.status_code == 200
    body = b"".join(download.streaming_content)
    assert body.startswith(b"PK") and Document(io.BytesIO(body)).tables
    assert "attachment" in download["Content-Disposition"]
    event = AuditEvent.objects.get(event_type="brief.download")
    assert event.actor == personas["leader"] and event.target_id == str(brief.pk)


def test_a_brief_is_read_only_within_its_region(personas, regions, client_for, month_of_work):
    district = brief_generate(actor=personas["staff"], region=regions["beibei"], month=month_of_work)
    town = brief_generate(actor=personas["town_staff"], region=regions["caijia"], month=month_of_work)
    url = reverse("briefs:download", args=[district.pk])
    assert client_for("bishan_staff").get(url).status_code == 404
    assert client_for("town_staff").get(url).status_code == 404  # a town does not read its district's
    assert client_for("staff").get(reverse("briefs:download", args=[town.pk])).status_code == 200
    assert client_for("handler").get(reverse("briefs:list")).status_code == 403
    assert client_for("deputy").get(url).status_code == 403
    bishan_list = client_for("bishan_staff").get(reverse("briefs:list")).content.decode()
    assert url not in bishan_list
    assert not AuditEvent.objects.filter(event_type="brief.download", actor=personas["bishan_staff"]).exists()


def test_only_staff_of_the_region_generate(personas, regions, client_for, month_of_work):
    response = client_for("leader").post(reverse("briefs:generate"), {"region": regions["beibei"].pk,
                                                                      "month": f"{month_of_work:%Y-%m}"})
    assert response.status_code == 403
    response = client_for("bishan_staff").post(reverse("briefs:generate"), {"region": regions["beibei"].pk,
                                                                            "month": f"{month_of_work:%Y-%m}"})
    assert response.status_code == 302 and not Brief.objects.exists()  # not their region: refused, nothing filed
    response = client_for("staff").post(reverse("briefs:generate"), {"region": regions["beibei"].pk, "month": "２０２６-01"},
                                        follow=True)
    assert "月份" in response.content.decode() and not Brief.objects.exists()
