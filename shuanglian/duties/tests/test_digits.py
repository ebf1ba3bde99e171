"""Non-ASCII digits on the station's reception forms (issue 13): a day of the month, a time or a
date typed with '٣' (Arabic-Indic) or '３' (fullwidth) was read as 3 by int()/strptime. Each is
refused with a Chinese message and no rule or reception is written."""

import pytest

from shuanglian.duties.models import Reception, ReceptionRule

pytestmark = pytest.mark.django_db

RULE = {"kind": "entrepreneur", "recurrence": "odd_months", "day": "15", "start_time": "14:00",
        "end_time": "16:00", "valid_from": "2026-01-01"}


@pytest.mark.parametrize(("field", "typed", "message"), [
    ("day", "１５", "请使用半角数字（0–9）填写整数"),
    ("start_time", "1٤:00", "请使用半角数字（0–9）填写时间"),
    ("valid_from", "٢٠٢٦-01-01", "请使用半角数字（0–9）填写日期"),
])
def test_the_rule_form_refuses_foreign_digits(duty, client_for, field, typed, message):
    page = client_for("staff")
    r = page.post(f"/duties/stations/{duty['station'].pk}/rules/", {**RULE, field: typed})
    assert r.status_code == 400 and message in r.content.decode()
    assert not ReceptionRule.objects.filter(station=duty["station"], kind="entrepreneur").exists()


def test_the_schedule_form_refuses_a_date_in_fullwidth_digits(duty, client_for):
    r = client_for("staff").post(f"/duties/stations/{duty['station'].pk}/schedule/",
                                 {"date": "2026-03-１６", "kind": "deputy", "deputies": [duty["me"].pk]})
    assert r.status_code == 400 and "请使用半角数字（0–9）填写日期" in r.content.decode()
    assert not Reception.objects.exists()
