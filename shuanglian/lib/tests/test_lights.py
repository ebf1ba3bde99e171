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
