"""The light rule agrees with itself in Python and SQL at every boundary."""

import datetime as dt

import pytest
from django.db.models import Value

from shuanglian.lib import lights

D = dt.date(2026, 12, 10)


@pytest.mark.parametrize(
    ("due", "warn", "expected"),
    [
        (None, None, ""),
        (D - dt.timedelta(days=1), None, "red"),
        (D, D, "yellow"),
        (D, D - dt.timedelta(days=1), "yellow"),
        (D, D + dt.timedelta(days=1), "green"),
        (D + dt.timedelta(days=1), None, "green"),
        (D + dt.timedelta(days=5), D + dt.timedelta(days=3), "green"),
    ],
)
def test_python_rule_at_the_boundaries(due, warn, expected):
    assert lights.deadline_light(due, warn, D) == expected


@pytest.mark.django_db
def test_sql_filter_and_annotation_agree_with_python():
    # Any table will do: one row with the two dates annotated as typed constants.
    from django.db.models import DateField

    from shuanglian.regions.models import Region

    region = Region.objects.create(name="测试区", code="999999", level="district", path="999999/")
    days = [None, *[D + dt.timedelta(days=k) for k in range(-2, 3)]]
    for due in days:
        for warn in days:
            qs = Region.objects.filter(pk=region.pk).annotate(
                d=Value(due, output_field=DateField()), w=Value(warn, output_field=DateField()))
            expected = lights.deadline_light(due, warn, D)
            got = qs.annotate(light=lights.deadline_light_expression(D, due="d", warn="w")).get().light
            assert got == expected, (due, warn)
            for light in lights.ORDER:
                hit = qs.filter(lights.deadline_light_q(light, D, due="d", warn="w")).exists()
                assert hit == (light == expected), (due, warn, light)


# --- the warning window (issue 12 item 1: a fresh clock is green) -----------------------------------

@pytest.mark.parametrize(("length", "yellow"), [(1, 1), (2, 1), (3, 1), (5, 1), (6, 2), (7, 2), (10, 2),
                                                  (11, 3), (15, 3), (25, 5), (90, 18)])
def test_yellow_for_the_last_fifth_and_at_least_the_last_day(length, yellow):
    start = D
    due = start + dt.timedelta(days=length)
    warn = start + dt.timedelta(days=lights.warn_offset(length))
    assert lights.warn_days(length) == yellow
    seen = [lights.deadline_light(due, warn, start + dt.timedelta(days=k)) for k in range(length + 2)]
    # the day the clock starts is green, the due day yellow, the day after red
    assert seen[0] == "green" and seen[length] == "yellow" and seen[length + 1] == "red"
    assert seen.count("yellow") == yellow
    assert seen[: length + 1] == ["green"] * (length + 1 - yellow) + ["yellow"] * yellow
    # the calendar-day form is the same rule
    assert lights.warn_from(start, due) == warn


@pytest.mark.django_db
def test_sql_agrees_with_python_on_every_day_of_short_and_long_clocks():
    from django.db.models import DateField

    from shuanglian.regions.models import Region

    region = Region.objects.create(name="测试区", code="999998", level="district", path="999998/")
    for length in (1, 2, 5, 6, 7, 15, 25):
        due, warn = D + dt.timedelta(days=length), lights.warn_from(D, D + dt.timedelta(days=length))
        qs = Region.objects.filter(pk=region.pk).annotate(
            d=Value(due, output_field=DateField()), w=Value(warn, output_field=DateField()))
        for k in range(length + 2):
            on = D + dt.timedelta(days=k)
            expected = lights.deadline_light(due, warn, on)
            assert qs.annotate(light=lights.deadline_light_expression(on, due="d", warn="w")).get().light == expected
            assert qs.filter(lights.deadline_light_q(expected, on, due="d", warn="w")).exists()
