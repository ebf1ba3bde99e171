"""The demo has a published quarter of points (issue 7, demo data): 璧山区's last finished quarter
is published (亮分) — its ranking says so and the deputies' public pages show published points;
a rerun publishes nothing twice."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from shuanglian.core.models import User
from shuanglian.demo import points
from shuanglian.points.models import PointPublication
from shuanglian.regions.models import Region


def test_the_last_finished_quarter():
    assert points.last_finished_quarter(dt.date(2026, 12, 1)) == "2026Q3"
    assert points.last_finished_quarter(dt.date(2026, 1, 1)) == "2025Q4"
    assert points.last_finished_quarter(dt.date(2026, 3, 31)) == "2025Q4"


@pytest.mark.django_db
def test_the_demo_publishes_a_quarter_of_bishan():
    # the deputies and the staff are enough to publish (the points were paid by the earlier builders)
    call_command("demo", "--i-know-this-is-a-demo", "--only", "foundation", "chains", "registry", "points",
                 stdout=io.StringIO())
    bishan = Region.objects.get(code="500120")
    publication = PointPublication.objects.get(region=bishan)
    api = APIClient()
    api.force_authenticate(User.objects.get(username="demo_staff_500120"))
    ranking = api.get(f"/api/v1/points/ranking/?region={bishan.pk}&period={publication.period}").json()
    assert ranking["published"] is True and ranking["deputies"] >= 1
    points.build()
    assert PointPublication.objects.filter(region=bishan).count() == 1
