"""履职活动: staff record one at a station with who attended; it counts on the wall (inspections);
who sees the list; bad input writes nothing."""

import datetime as dt

from rest_framework.test import APIClient

from shuanglian.duties.models import Activity, ActivityParticipant


def test_staff_record_an_inspection_and_the_wall_counts_it(duty, client_for):
    c = client_for("staff")
    url = f"/duties/stations/{duty['station'].pk}/activities/new/"
    assert c.get(url).status_code == 200
    grid = duty["station"].members.get(kind="grid_worker")
    resp = c.post(url, {"kind": "inspection", "title": "深入车间集中视察", "date": "2026-01-10", "place": "总装车间",
                        "present": [duty["me"].pk, duty["head"].pk], "absent": [duty["other"].pk],
                        "grid_workers": [grid.pk]})
    assert resp.status_code == 302
    activity = Activity.objects.get()
    assert activity.station == duty["station"] and activity.date == dt.date(2026, 1, 10)
    rows = {(p.deputy_id, p.member_id, p.attendance) for p in ActivityParticipant.objects.all()}
    assert rows == {(duty["me"].pk, None, "present"), (duty["head"].pk, None, "present"),
                    (duty["other"].pk, None, "absent"), (None, grid.pk, "present")}
    figures = APIClient().get(f"/api/v1/public/stations/{duty['station'].pk}/").json()["figures"]
    assert figures["inspections"] == 1
    assert "深入车间集中视察" in c.get("/duties/activities/").content.decode()
    assert "深入车间集中视察" in client_for("deputy").get("/duties/activities/").content.decode()
    assert "深入车间集中视察" not in client_for("bishan_staff").get("/duties/activities/").content.decode()


def test_bad_activity_keeps_input_and_writes_nothing(duty, client_for):
    c = client_for("staff")
    url = f"/duties/stations/{duty['station'].pk}/activities/new/"
    resp = c.post(url, {"kind": "inspection", "title": "", "date": "2026-02-30", "place": "我填的地点"})
    assert resp.status_code == 400
    html = resp.content.decode()
    assert "请填写活动主题。" in html and "我填的地点" in html
    resp = c.post(url, {"kind": "visit", "title": "走访", "date": "2026-01-10",
                        "present": [duty["me"].pk], "absent": [duty["me"].pk]})
    assert resp.status_code == 400 and "不能同时记为出席和缺席" in resp.content.decode()
    assert not Activity.objects.exists()


def test_only_staff_of_the_region_record_activities(duty, client_for):
    url = f"/duties/stations/{duty['station'].pk}/activities/new/"
    assert client_for("deputy").get(url).status_code == 403
    assert client_for("bishan_staff").get(url).status_code == 404
    assert client_for("handler").get("/duties/activities/").status_code == 403
