import io
import re

import segno
from django.conf import settings

from shuanglian.core.models import AuditEvent
from shuanglian.deputies.models import Station, StationMember


def test_list_filters(client_for, registry, regions):
    c = client_for("staff")
    page = c.get("/stations/").content.decode()
    assert "千里科技人大代表活动点" in page and "蔡家岗活动点" in page and "青山工业" not in page
    by_chain = c.get("/stations/", {"chain": registry["chain"].pk}).content.decode()
    assert "千里科技人大代表活动点" in by_chain and "蔡家岗活动点" not in by_chain
    by_region = c.get("/stations/", {"region": regions["caijia"].pk}).content.decode()
    assert "蔡家岗活动点" in by_region and "千里科技人大代表活动点" not in by_region
    assert "蔡家岗活动点" not in c.get("/stations/", {"kind": "monitoring_point"}).content.decode()


def test_list_query_count_is_pinned(client_for, registry, regions, django_assert_max_num_queries):
    for i in range(30):
        s = Station.objects.create(kind="monitoring_point", name=f"监测点{i}", region=regions["beibei"], head=registry["head"])
        StationMember.objects.create(station=s, kind="grid_worker", name="网格员")
    c = client_for("staff")
    with django_assert_max_num_queries(11):
        resp = c.get("/stations/", {"kind": "monitoring_point"})
    assert resp.status_code == 200 and "监测点29" in resp.content.decode()


def test_detail_shows_head_members_notice_and_qr(client_for, registry):
    station = registry["qianli"]
    page = client_for("staff").get(f"/stations/{station.pk}/").content.decode()
    assert "陈点长" in page and "周代表" in page and "网格员甲" in page
    assert "每月15日" in page and "北碚区蔡家岗" in page
    assert "135****2222" in page and "13511112222" not in page
    assert f"{settings.SITE_URL}/i/{station.intake_token}/" in page
    assert f"qr.svg?v={station.intake_token[:8]}" in page


def test_qr_downloads_encode_the_intake_url(client_for, registry):
    station = registry["qianli"]
    c = client_for("staff")
    png = c.get(f"/stations/{station.pk}/qr.png", {"download": "1"})
    assert png["Content-Type"] == "image/png" and png.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert "attachment" in png["Content-Disposition"] and png["Cache-Control"] == "no-store"
    svg = c.get(f"/stations/{station.pk}/qr.svg").content.decode()
    url = f"{settings.SITE_URL}/i/{station.intake_token}/"
    # The served code is exactly the QR code of the intake URL (same path data as segno's own).
    path = re.search(r' d="([^"]+)"', svg).group(1)
    expected = io.BytesIO()
    segno.make(url, error="m", micro=False).save(expected, kind="svg", scale=10, border=4)
    assert f' d="{path}"' in expected.getvalue().decode()
    png_expected = io.BytesIO()
    segno.make(url, error="m", micro=False).save(png_expected, kind="png", scale=10, border=4)
    assert png.content == png_expected.getvalue()


def test_rotate_needs_a_confirm_step_and_the_old_code_stops_working(client_for, registry):
    station = registry["qianli"]
    old = station.intake_token
    c = client_for("staff")
    confirm = c.get(f"/stations/{station.pk}/rotate/")
    assert "旧二维码立即失效" in confirm.content.decode()
    station.refresh_from_db()
    assert station.intake_token == old  # opening the confirm page changes nothing
    after = c.post(f"/stations/{station.pk}/rotate/", {"note": "海报破损"}, follow=True).content.decode()
    station.refresh_from_db()
    assert station.intake_token != old
    assert not Station.objects.filter(intake_token=old).exists()
    assert f"/i/{station.intake_token}/" in after and f"/i/{old}/" not in after
    event = AuditEvent.objects.get(event_type="station.rotate_token", target_id=str(station.pk))
    assert event.note == "海报破损" and old not in str(event.changes)


def test_members_add_and_remove(client_for, registry):
    station = registry["other"]
    c = client_for("staff")
    c.post(f"/stations/{station.pk}/members/", {"kind": "deputy", "deputy": registry["cai"].pk})
    c.post(f"/stations/{station.pk}/members/", {"kind": "grid_worker", "name": "李网格", "phone": "13911112222"})
    names = sorted(str(m) for m in station.members.all())
    assert names == ["李网格", "蔡代表"]
    bad = c.post(f"/stations/{station.pk}/members/", {"kind": "grid_worker", "name": "王网格", "phone": "999"},
                 follow=True).content.decode()
    assert "请输入有效的手机号" in bad and not station.members.filter(name="王网格").exists()
    dup = c.post(f"/stations/{station.pk}/members/", {"kind": "deputy", "deputy": registry["cai"].pk},
                 follow=True).content.decode()
    assert station.members.filter(deputy=registry["cai"]).count() == 1 and "请选择要加入的代表" in dup
    member = station.members.get(name="李网格")
    c.post(f"/stations/{station.pk}/members/{member.pk}/remove/")
    assert not station.members.filter(pk=member.pk).exists()
    assert AuditEvent.objects.filter(event_type="station.member_remove", target_id=str(station.pk)).exists()
    # The deputy now sees this station among theirs.
    assert station.name in client_for("staff").get(f"/deputies/{registry['cai'].pk}/").content.decode()


def test_cannot_add_another_regions_deputy(api_for, registry):
    resp = api_for("staff").post(f"/api/v1/stations/{registry['other'].pk}/members/",
                                 {"kind": "deputy", "deputy": registry["liu"].pk}, format="json")
    assert resp.status_code == 400
    assert not registry["other"].members.exists()


def test_poster_is_printable_and_shows_the_public_notice(client_for, registry):
    station = registry["qianli"]
    page = client_for("staff").get(f"/stations/{station.pk}/poster/").content.decode()
    assert "码上说 马上办" in page and station.name in page
    assert "@page" in page and "A4" in page
    assert "<svg" in page and 'class="qr"' in page
    assert "陈点长" in page and "周代表" in page and "网格员甲" in page and "每月15日" in page
    assert "1351111" not in page and "13812345678" not in page  # no phones on the wall


def test_create_and_edit_station_with_chinese_errors(client_for, registry, regions):
    c = client_for("staff")
    bad = c.post("/stations/new/", {"kind": "", "name": "", "region": "", "reception_day": "40"}).content.decode()
    assert "请选择阵地类型" in bad and "请填写阵地名称" in bad and "1 至 31" in bad
    resp = c.post("/stations/new/", {"kind": "monitoring_point", "name": "新监测点", "region": regions["beibei"].pk,
                                     "head": registry["head"].pk, "reception_day": "15", "is_active": "on"})
    assert resp.status_code == 302
    station = Station.objects.get(name="新监测点")
    assert len(station.intake_token) >= 32
    dup = c.post("/stations/new/", {"kind": "monitoring_point", "name": "新监测点", "region": regions["beibei"].pk,
                                    "is_active": "on"}).content.decode()
    assert "请勿重复登记" in dup
    c.post(f"/stations/{station.pk}/edit/", {"kind": "monitoring_point", "name": "新监测点", "region": regions["beibei"].pk,
                                             "address": "北碚区云汉大道", "reception_day": "20", "is_active": "on"})
    station.refresh_from_db()
    assert station.address == "北碚区云汉大道" and station.reception_day == 20 and station.head is None
