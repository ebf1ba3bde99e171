"""The project's typed fields (core/api_fields.py, core/form_fields.py): a digit other than 0-9
is refused with a Chinese message before DRF or Django would read it as a number; ASCII input is
read exactly as before; model serializers and model forms generate these fields."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from rest_framework import serializers

from shuanglian.chains.models import Project
from shuanglian.core import api_fields, form_fields
from shuanglian.core.models import AuditEvent

# Each: the field, ASCII text and what it reads as, and the same text with one digit replaced.
CASES = [
    ("IntegerField", {}, "31", 31, "3١"),
    ("DecimalField", {"max_digits": 6, "decimal_places": 2}, "3.50", Decimal("3.50"), "３.50"),
    ("FloatField", {}, "3.5", 3.5, "٣.5"),
    ("DateField", {}, "2025-09-03", dt.date(2025, 9, 3), "2025-09-٣"),
    ("TimeField", {}, "09:30", dt.time(9, 30), "０9:30"),
    ("DurationField", {}, "01:00:00", dt.timedelta(hours=1), "0１:00:00"),
]
FOREIGN = ["٣", "３", "³", "①", "߃", "३"]  # Arabic-Indic, fullwidth, superscript, circled, NKo, Devanagari


@pytest.mark.parametrize(("name", "kwargs", "typed", "value", "foreign"), CASES)
def test_api_fields_read_ascii_and_refuse_other_digits(name, kwargs, typed, value, foreign):
    field = getattr(api_fields, name)(**kwargs)
    assert field.run_validation(typed) == value
    with pytest.raises(serializers.ValidationError) as refused:
        field.run_validation(foreign)
    assert "请使用半角数字（0–9）" in str(refused.value.detail[0]) and refused.value.detail[0].code == "non_ascii_digit"


@pytest.mark.parametrize(("name", "kwargs", "typed", "value", "foreign"), CASES)
def test_form_fields_read_ascii_and_refuse_other_digits(name, kwargs, typed, value, foreign):
    field = getattr(form_fields, name)(**kwargs)
    assert field.clean(typed) == value
    with pytest.raises(ValidationError) as refused:
        field.clean(foreign)
    assert "请使用半角数字（0–9）" in refused.value.messages[0]


@pytest.mark.parametrize("digit", FOREIGN)
def test_every_kind_of_foreign_digit_is_refused(digit):
    with pytest.raises(serializers.ValidationError):
        api_fields.IntegerField().run_validation(digit)
    with pytest.raises(ValidationError):
        form_fields.IntegerField().clean(digit)
    with pytest.raises(serializers.ValidationError):
        api_fields.DateField().run_validation(f"2025-09-0{digit}")
    with pytest.raises(ValidationError):
        form_fields.DateField().clean(f"2025-09-0{digit}")


def test_datetime_fields_refuse_foreign_digits():
    with pytest.raises(serializers.ValidationError, match="半角数字"):
        api_fields.DateTimeField().run_validation("2025-09-03T1٠:00:00+08:00")
    assert api_fields.DateTimeField().run_validation("2025-09-03T10:00:00+08:00").hour == 10
    with pytest.raises(ValidationError, match="半角数字"):
        form_fields.DateTimeField().clean("2025-09-03 1０:00")
    assert form_fields.DateTimeField().clean("2025-09-03 10:00").minute == 0


def test_json_numbers_still_pass():
    # a JSON number is not text: nothing to refuse
    assert api_fields.IntegerField().run_validation(31) == 31
    assert api_fields.DecimalField(max_digits=6, decimal_places=2).run_validation(3.5) == Decimal("3.50")


def test_model_serializers_and_model_forms_generate_the_project_fields():
    class ProjectSerializer(api_fields.ModelSerializer):
        class Meta:
            model = Project
            fields = ["year", "total_investment", "planned_start"]

    class EventSerializer(api_fields.ModelSerializer):
        class Meta:
            model = AuditEvent
            fields = ["id", "at"]

    class ProjectForm(form_fields.ModelForm):
        class Meta:
            model = Project
            fields = ["year", "total_investment", "planned_start", "stage"]

    generated = {**ProjectSerializer().fields, **EventSerializer().fields}
    assert {name: type(f) for name, f in generated.items()} == {
        "year": api_fields.IntegerField, "total_investment": api_fields.DecimalField,
        "planned_start": api_fields.DateField, "id": api_fields.BigIntegerField, "at": api_fields.DateTimeField}
    form = ProjectForm()
    assert type(form.fields["year"]) is form_fields.IntegerField
    assert type(form.fields["total_investment"]) is form_fields.DecimalField
    assert type(form.fields["planned_start"]) is form_fields.DateField
    assert type(form.fields["stage"]).__name__ == "TypedChoiceField"  # a field with choices keeps its choices
    assert ProjectForm.base_fields["total_investment"].decimal_places == 2  # the model's options carry over


@pytest.mark.django_db
def test_the_published_schema_says_nothing_of_the_project_base_classes(api_for, personas):
    # drf-spectacular publishes a serializer's docstring, inherited ones included: the project's
    # ModelSerializer must not lend its (English, internal) one to every serializer without one.
    schema = api_for("staff").get("/api/v1/schema/?format=json").json()
    components = schema["components"]["schemas"]
    assert not [name for name, c in components.items() if "ModelSerializer" in c.get("description", "")]
    # and the filters generated from `filterset_fields` are still documented
    params = {p["name"] for p in schema["paths"]["/api/v1/chain-nodes/"]["get"]["parameters"]}
    assert {"chain", "stage", "is_target", "parent"} <= params
