"""Issue 12 item 7: money is printed for a person — two decimals, through one filter — and sums
read back exactly on SQLite too (the cause of "0.740000000000000": Django's SQLite backend
returns any decimal expression other than a plain column as the float's 15 digits)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.template import Context, Template
from django.urls import reverse

from shuanglian.chains import services
from shuanglian.chains.models import Project, ProjectInvestment
from shuanglian.lib.money import money_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("value", "text"), [
    (Decimal("0.740000000000000"), "0.74"), (Decimal("1782.05000000000"), "1782.05"), (Decimal("48.455"), "48.46"),
    (Decimal("3"), "3.00"), (0, "0.00"), (None, "—"), ("", "—"), ("abc", "—"), (1.5, "1.50"),
])
def test_an_amount_reads_with_two_decimals(value, text):
    assert money_text(value) == text
    assert Template("{{ v|money }}").render(Context({"v": value})) == text  # a builtin: no {% load %}


@pytest.fixture
def projects(chain_data, personas):
    chain, staff = chain_data["chain"], personas["staff"]
    Project.objects.filter(chain=chain).delete()
    made = [services.project_save(actor=staff, chain=chain, values={
        "name": f"项目{i}", "node": chain_data["gear"], "total_investment": Decimal(total), "year": 2026,
        "annual_plan": Decimal("0.37"), "stage": "building"}) for i, total in enumerate(["1000.02", "782.03", "0.37"])]
    for p in made:
        ProjectInvestment.objects.create(project=p, month=dt.date(2026, 2, 1), year=2026, amount=Decimal("0.37"))
    return made


def test_sums_read_back_exactly(projects):
    sums = Project.objects.filter(pk__in=[p.pk for p in projects]).aggregate(
        total=Sum("total_investment"), plan=Sum("annual_plan"))
    assert (str(sums["total"]), str(sums["plan"])) == ("1782.42", "1.11")
    done = Project.objects.filter(pk=projects[0].pk).annotate(done=Sum("investments__amount")).get().done
    assert str(done) == "0.37"


def test_the_project_list_prints_amounts_for_a_person(projects, client_for, chain_data):
    html = client_for("staff").get(reverse("chains:project_list") + f"?chain={chain_data['chain'].pk}").content.decode()
    assert '<b data-testid="project-total">1782.42</b>' in html
    assert '<b data-testid="project-plan">1.11</b>' in html
    assert "0.370000" not in html and "1782.4200" not in html
