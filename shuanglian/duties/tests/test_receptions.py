"""Reception days: the rule with 顺延, the roster, sign-in, the record (one wins when two save),
demands becoming cases through the intake, attendance per year."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from shuanglian.cases.models import Case
from shuanglian.core.errors import BusinessError, ConcurrentUpdate
from shuanglian.duties import services
from shuanglian.duties.models import Reception, ReceptionRule
from shuanglian.duties.schedule import rule_dates
from shuanglian.duties.selectors import attendance

D = dt.date


def _rule(**kw):
    values = {"day": 15, "recurrence": "monthly", "start_time": dt.time(9), "end_time": dt.time(11),
              "valid_from": D(2025, 1, 1), "valid_until": None, "kind": "deputy", "pk": None}
    values.update(kw)
    return ReceptionRule(**{k: v for k, v in values.items() if k != "pk"})


@pytest.mark.django_db
def test_rule_dates_move_off_rest_days():
    dates = {d.date: d.shifted_from for d in rule_dates(_rule(), D(2025, 1, 1), D(2025, 12, 31))}
    assert len(dates) == 12
    assert dates[D(2025, 1, 15)] is None  # a Wednesday
    assert dates[D(2025, 2, 17)] == D(2025, 2, 15)  # Saturday → Monday
    assert dates[D(2025, 3, 17)] == D(2025, 3, 15)
    assert dates[D(2025, 6, 16)] == D(2025, 6, 15)  # Sunday → Monday
    assert dates[D(2025, 11, 17)] == D(2025, 11, 15)


@pytest.mark.django_db
def test_rule_day_in_a_holiday_and_a_short_month():
    # 2026-02-15 is in the Spring Festival holiday (Feb 15–23): the reception moves to Feb 24.
    dates = rule_dates(_rule(), D(2026, 2, 1), D(2026, 2, 28))
    assert [(d.date, d.shifted_from) for d in dates] == [(D(2026, 2, 24), D(2026, 2, 15))]
    # National Day 2025: day 1 of October → Oct 9.
    dates = rule_dates(_rule(day=1), D(2025, 10, 1), D(2025, 10, 31))
    assert [(d.date, d.shifted_from) for d in dates] == [(D(2025, 10, 9), D(2025, 10, 1))]
    # Day 31 in a 30-day month: the month's last day (Sunday 2025-11-30 → Monday Dec 1).
    dates = rule_dates(_rule(day=31), D(2025, 11, 1), D(2025, 12, 1))
    assert [(d.date, d.shifted_from) for d in dates] == [(D(2025, 12, 1), D(2025, 11, 30))]


@pytest.mark.django_db
def test_odd_and_even_months():
    odd = [d.date.month for d in rule_dates(_rule(recurrence="odd_months"), D(2025, 1, 1), D(2025, 12, 31))]
    even = [d.date.month for d in rule_dates(_rule(recurrence="even_months"), D(2025, 1, 1), D(2025, 12, 31))]
    assert odd == [1, 3, 5, 7, 9, 11] and even == [2, 4, 6, 8, 10, 12]


def test_receptions_api_lists_the_period(duty, api_for):
    resp = api_for("staff").get(f"/api/v1/stations/{duty['station'].pk}/receptions/",
                                {"from": "2026-01-01", "to": "2026-03-31"})
    assert resp.status_code == 200
    assert resp.json() == [
        {"date": "2026-01-15", "start": "09:00", "end": "11:00", "kind": "deputy"},
        {"date": "2026-02-24", "start": "09:00", "end": "11:00", "kind": "deputy", "shifted_from": "2026-02-15"},
        {"date": "2026-03-16", "start": "09:00", "end": "11:00", "kind": "deputy", "shifted_from": "2026-03-15"},
    ]


def test_receptions_api_scope_and_bad_input(duty, api_for):
    url = f"/api/v1/stations/{duty['station'].pk}/receptions/"
    ok = {"from": "2026-01-01", "to": "2026-01-31"}
    assert api_for("deputy").get(url, ok).status_code == 200  # posted there
    assert api_for("bishan_staff").get(url, ok).status_code == 404  # another region: as if missing
    assert api_for("handler").get(url, ok).status_code == 404
    bad = api_for("staff").get(url, {"from": "2026-02-01", "to": "2026-01-01"})
    assert bad.status_code == 400 and "早于" in bad.json()["detail"]
    bad = api_for("staff").get(url, {"from": "2026-01-01", "to": "2028-01-01"})
    assert bad.status_code == 400 and "366" in bad.json()["detail"]
    bad = api_for("staff").get(url, {"from": "2026-13-01", "to": "2026-01-01"})
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_date"


def test_schedule_takes_the_rule_and_its_shift(duty):
    r = services.reception_schedule(station=duty["station"], actor=duty["staff"], date=D(2026, 2, 24),
                                    deputies=[duty["me"]])
    assert r.rule_id == duty["rule"].pk and r.shifted_from == D(2026, 2, 15)
    assert r.start_time == dt.time(9) and r.end_time == dt.time(11)
    with pytest.raises(BusinessError, match="已安排"):
        services.reception_schedule(station=duty["station"], actor=duty["staff"], date=D(2026, 2, 24))


def test_schedule_refuses_bad_input_and_writes_nothing(duty, personas, regions):
    from shuanglian.deputies.models import Deputy

    stranger = Deputy.objects.create(name="外点代表", level="town", region=regions["beibei"])
    with pytest.raises(BusinessError, match="不是本阵地的代表"):
        services.reception_schedule(station=duty["station"], actor=duty["staff"], date=D(2026, 3, 16),
                                    deputies=[stranger])
    with pytest.raises(BusinessError, match="结束时间"):
        services.reception_schedule(station=duty["station"], actor=duty["staff"], date=D(2026, 3, 20),
                                    start_time=dt.time(11), end_time=dt.time(9))
    with pytest.raises(PermissionDenied):
        services.reception_schedule(station=duty["station"], actor=personas["bishan_staff"], date=D(2026, 3, 16))
    with pytest.raises(PermissionDenied):
        services.reception_schedule(station=duty["station"], actor=personas["deputy"], date=D(2026, 3, 16))
    assert not Reception.objects.exists()


def test_rule_refuses_bad_day_and_times(duty):
    for kw, words in (({"day": 0}, "1 至 31"), ({"day": 32}, "1 至 31"), ({"recurrence": "weekly"}, "周期"),
                      ({"end_time": dt.time(8)}, "结束时间")):
        values = {"station": duty["station"], "actor": duty["staff"], "day": 10, "start_time": dt.time(9),
                  "end_time": dt.time(11), "valid_from": D(2026, 1, 1)}
        values.update(kw)
        with pytest.raises(BusinessError, match=words):
            services.reception_rule_create(**values)
    assert ReceptionRule.objects.count() == 1


@pytest.fixture
def held(duty, on_day):
    on_day(D(2026, 1, 15))
    return services.reception_schedule(station=duty["station"], actor=duty["staff"], date=D(2026, 1, 15),
                                       deputies=[duty["me"], duty["head"]])


def test_deputy_signs_in_on_the_day_only(held, duty, personas, on_day):
    on_day(D(2026, 1, 14))
    with pytest.raises(BusinessError, match="尚未开始"):
        services.reception_sign_in(reception=held, actor=personas["deputy"])
    on_day(D(2026, 1, 16))
    with pytest.raises(BusinessError, match="仅限接待日当天"):
        services.reception_sign_in(reception=held, actor=personas["deputy"])
    on_day(D(2026, 1, 15))
    duty_row = services.reception_sign_in(reception=held, actor=personas["deputy"])
    assert duty_row.signed_in_at is not None and duty_row.deputy == duty["me"]
    with pytest.raises(BusinessError, match="已于"):
        services.reception_sign_in(reception=held, actor=personas["deputy"])
    with pytest.raises(PermissionDenied, match="只能为自己签到"):
        services.reception_sign_in(reception=held, actor=personas["deputy"], deputy=duty["head"])
    # staff sign the head in afterwards (补签)
    on_day(D(2026, 1, 20))
    services.reception_sign_in(reception=held, actor=duty["staff"], deputy=duty["head"])
    assert attendance([duty["me"].pk, duty["head"].pk, duty["other"].pk], 2026) == {
        duty["me"].pk: 1, duty["head"].pk: 1, duty["other"].pk: 0}


def test_a_station_deputy_not_on_the_roster_joins_it_by_signing_in(held, duty):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username="wu", password="x", role="deputy")
    duty["other"].user = user
    duty["other"].save()
    services.reception_sign_in(reception=held, actor=user)
    assert held.duties.filter(deputy=duty["other"], signed_in_at__isnull=False).exists()


DEMAND = {"title": "园区充电桩不足", "description": "园区职工电动车充电桩不足，希望增设。", "category": "other",
          "enterprise_name": "重庆千里科技股份有限公司", "contact_name": "李经理", "contact_phone": "13912345678"}


def test_demand_taken_becomes_a_case_with_source_and_deputy(held, duty, personas):
    services.reception_sign_in(reception=held, actor=personas["deputy"])
    case = services.reception_demand_take(reception=held, actor=personas["deputy"], **DEMAND)
    assert case.source == "reception_day" and case.collected_by == duty["me"]
    assert case.station == duty["station"] and case.status == "submitted"
    assert list(held.demands.values_list("case_id", flat=True)) == [case.pk]
    assert list(held.visitors.values_list("enterprise_name", flat=True)) == ["重庆千里科技股份有限公司"]


def test_bad_demand_writes_nothing(held, personas):
    with pytest.raises(BusinessError, match="有效的手机号"):
        services.reception_demand_take(reception=held, actor=personas["deputy"], **{**DEMAND, "contact_phone": "123"})
    assert not Case.objects.exists() and not held.demands.exists() and not held.visitors.exists()


def test_demand_by_someone_not_on_duty_is_refused(duty, personas, on_day):
    on_day(D(2026, 1, 15))
    r = services.reception_schedule(station=duty["station"], actor=duty["staff"], date=D(2026, 1, 15),
                                    deputies=[duty["head"]])
    with pytest.raises(PermissionDenied, match="值班名单"):
        services.reception_demand_take(reception=r, actor=personas["deputy"], **DEMAND)
    with pytest.raises(PermissionDenied):
        services.reception_demand_take(reception=r, actor=personas["handler"], **DEMAND)
    assert not Case.objects.exists()


def test_two_staff_saving_one_record_one_wins(held, duty, personas):
    version = held.version
    services.reception_record(reception=held, actor=duty["staff"], version=version, notes="接待企业3家",
                              enterprises=["甲公司", "乙公司"])
    with pytest.raises(ConcurrentUpdate, match="已被他人修改"):
        services.reception_record(reception=held, actor=personas["admin"],
                                  version=version, notes="另一人的记录")
    held.refresh_from_db()
    assert held.notes == "接待企业3家" and held.version == version + 1
    assert sorted(held.visitors.values_list("enterprise_name", flat=True)) == ["乙公司", "甲公司"]


def test_record_api_conflict_is_409_in_chinese(held, api_for):
    url = f"/api/v1/receptions/{held.pk}/record/"
    first = api_for("staff").post(url, {"version": held.version, "notes": "甲", "enterprises": ["甲公司"]}, format="json")
    assert first.status_code == 200 and first.json()["version"] == held.version + 1
    second = api_for("admin").post(url, {"version": held.version, "notes": "乙"}, format="json")
    assert second.status_code == 409 and "已被他人修改" in second.json()["detail"]
    assert api_for("bishan_staff").post(url, {"version": 2}, format="json").status_code == 404
    assert api_for("staff").post(url, {"notes": "x"}, format="json").status_code == 400


def test_sign_in_and_demand_over_the_api(held, api_for, duty):
    api = api_for("deputy")
    resp = api.post(f"/api/v1/receptions/{held.pk}/sign-in/", {}, format="json")
    assert resp.status_code == 200
    assert {"deputy": duty["me"].pk, "name": "周代表", "signed_in": True} in resp.json()["duties"]
    resp = api.post(f"/api/v1/receptions/{held.pk}/demands/", DEMAND, format="json")
    assert resp.status_code == 201 and resp.json()["number"].startswith("SQ")
    bad = api.post(f"/api/v1/receptions/{held.pk}/demands/", {**DEMAND, "description": ""}, format="json")
    assert bad.status_code == 400 and "诉求内容" in bad.json()["detail"]


def test_ending_a_rule_stops_its_dates(duty, client_for, on_day):
    on_day(D(2026, 3, 1))
    url = f"/duties/stations/{duty['station'].pk}/rules/{duty['rule'].pk}/end/"
    assert client_for("leader").post(url).status_code == 403
    assert client_for("staff").post(url).status_code == 302
    duty["rule"].refresh_from_db()
    assert duty["rule"].valid_until == D(2026, 3, 1)
    assert [d.date for d in rule_dates(duty["rule"], D(2026, 1, 1), D(2026, 12, 31))] == [D(2026, 1, 15), D(2026, 2, 24)]
    with pytest.raises(BusinessError, match="已于2026-03-01停用"):
        services.reception_rule_end(rule=duty["rule"], actor=duty["staff"], valid_until=D(2026, 4, 1))
