"""Excel import of a station's historic 履职活动: staff only, all or nothing, every error as
第N行「列」 with nothing written; a good file records each activity with its participants through
the same service as the page (points paid as for a hand-entered activity)."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import Workbook

from shuanglian.deputies.models import Deputy, Station, StationMember
from shuanglian.duties.models import Activity, ActivityParticipant
from shuanglian.points.models import PointEntry

pytestmark = pytest.mark.django_db
HEADERS = ["活动类型", "活动主题", "活动日期", "地点", "组织单位", "出席代表", "缺席代表", "情况记录"]


@pytest.fixture
def station(personas, regions):
    s = Station.objects.create(kind="activity_point", name="千里科技人大代表活动点", region=regions["beibei"],
                               head=personas["deputy_record"])
    wu = Deputy.objects.create(name="吴代表", level="district", region=regions["beibei"])
    StationMember.objects.create(station=s, kind="deputy", deputy=wu)
    return s


def xlsx(rows, headers=HEADERS):
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "activities.xlsx"
    return buf


def url(station):
    return f"/duties/stations/{station.pk}/activities/import/"


GOOD = ["视察", "集中视察园区充电设施建设", "2025-06-15", "青杠工业园区", "街道人大工委", "周代表、吴代表", "", "发现问题3个"]


def test_a_good_file_records_the_activities_with_their_participants(station, client_for):
    c = client_for("staff")
    assert c.get(url(station) + "?template=1")["Content-Type"].startswith("application/vnd.openxmlformats")
    r = c.post(url(station), {"file": xlsx([GOOD, ["走访", "走访千里科技", "2025-07-01", "", "", "周代表", "吴代表", ""]])},
               follow=True)
    assert "导入成功：登记履职活动 2 次" in r.content.decode()
    inspection = Activity.objects.get(kind="inspection")
    assert (inspection.title, inspection.date, inspection.station, inspection.place) == (
        "集中视察园区充电设施建设", dt.date(2025, 6, 15), station, "青杠工业园区")
    assert ActivityParticipant.objects.filter(activity=inspection, attendance="present").count() == 2
    visit = Activity.objects.get(kind="visit")
    assert ActivityParticipant.objects.get(activity=visit, deputy__name="吴代表").attendance == "absent"
    assert PointEntry.objects.filter(deputy__name="周代表").count() == 2  # paid as for a hand-entered activity
    assert "集中视察园区充电设施建设" in c.get("/duties/activities/").content.decode()


@pytest.mark.parametrize("row, message", [
    (["开会", *GOOD[1:]], "第3行「活动类型」"),
    (["视察", "", *GOOD[2:]], "第3行「活动主题」"),
    (["视察", GOOD[1], "", *GOOD[3:]], "第3行「活动日期」"),
    (["视察", GOOD[1], "2025-02-30", *GOOD[3:]], "第3行「活动日期」"),
    (["视察", GOOD[1], (timezone.localdate() + dt.timedelta(days=2)).isoformat(), *GOOD[3:]], "第3行「活动日期」：不能晚于今天"),
    (["视察", "很" * 121, *GOOD[2:]], "第3行「活动主题」：不能超过120字"),
    ([*GOOD[:5], "周代表、李不存在", "", ""], "第3行「出席代表」：“李不存在”不是本阵地的在任代表"),
    ([*GOOD[:5], "周代表", "周代表", ""], "第3行「缺席代表」：同一代表不能既出席又缺席"),
])
def test_every_bad_row_refuses_the_whole_file(station, client_for, row, message):
    r = client_for("staff").post(url(station), {"file": xlsx([GOOD, row])})
    assert r.status_code == 400 and message in r.content.decode()
    assert not Activity.objects.exists() and not PointEntry.objects.exists()  # the good row 1 is not written either


def test_bad_files_are_refused_in_chinese(station, client_for):
    c = client_for("staff")
    r = c.post(url(station), {"file": xlsx([])})
    assert r.status_code == 400 and "没有数据行" in r.content.decode()
    r = c.post(url(station), {"file": xlsx([GOOD], headers=["类型", "主题"])})
    assert r.status_code == 400 and not Activity.objects.exists()
    not_excel = io.BytesIO(b"not a workbook")
    not_excel.name = "x.xlsx"
    r = c.post(url(station), {"file": not_excel})
    assert r.status_code == 400 and not Activity.objects.exists()
    assert c.post(url(station), {}).status_code == 400


def test_only_staff_of_the_region_import(station, client_for):
    for who, status in (("deputy", 403), ("leader", 403), ("bishan_staff", 404)):
        assert client_for(who).post(url(station), {"file": xlsx([GOOD])}).status_code == status, who
    assert not Activity.objects.exists()
