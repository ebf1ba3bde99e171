"""List filters (django-filter) that read numbers, dates and ids as typed.

django-filter's NumberFilter (`Decimal()`), DateFilter (`strptime`) and ModelChoiceFilter (the
id's `int()`) take '٣' (Arabic-Indic) or '３' (fullwidth) as 3, so `?year=٢٠٢٥` filtered by 2025.
Here their form fields are core.form_fields' (such a value is an invalid filter, as `?year=abc`
is), and `FilterSet` (pages) / `ApiFilterSet` (the API's `filterset_fields`, through
`DjangoFilterBackend`) make the filters they generate from model fields these.
core/tests/test_digits_house.py keeps every list on them.
"""

import django_filters
from django_filters import fields as filter_fields
from django_filters import rest_framework as drf_filters

from shuanglian.lib.parse import is_ascii_digits

from . import form_fields

FIRST_YEAR, LAST_YEAR = 1900, 2999


def year_param(value) -> int | None:
    """`?year=` of a list page: four ASCII digits within the years a record can carry, else None
    (the page's default year), as an unknown filter value is ignored. `int()` of any digit run let
    `?year=99999999999` through to the database: a 500."""
    text = value.strip() if isinstance(value, str) else ""
    if not (is_ascii_digits(text) and len(text) == 4):
        return None
    return int(text) if FIRST_YEAR <= int(text) <= LAST_YEAR else None


class _ModelChoiceField(form_fields.AsciiKey, filter_fields.ModelChoiceField):
    pass


class _ModelMultipleChoiceField(form_fields.AsciiKeys, filter_fields.ModelMultipleChoiceField):
    pass


class NumberFilter(django_filters.NumberFilter):
    field_class = form_fields.DecimalField


class DateFilter(django_filters.DateFilter):
    field_class = form_fields.DateField


class DateTimeFilter(django_filters.DateTimeFilter):
    field_class = form_fields.DateTimeField


class TimeFilter(django_filters.TimeFilter):
    field_class = form_fields.TimeField


class DurationFilter(django_filters.DurationFilter):
    field_class = form_fields.DurationField


class ModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = _ModelChoiceField


class ModelMultipleChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = _ModelMultipleChoiceField


# django-filter's class → ours, for the filters a FilterSet generates from model fields.
_OURS = {
    django_filters.NumberFilter: NumberFilter,
    django_filters.DateFilter: DateFilter,
    django_filters.DateTimeFilter: DateTimeFilter,
    django_filters.TimeFilter: TimeFilter,
    django_filters.DurationFilter: DurationFilter,
    django_filters.ModelChoiceFilter: ModelChoiceFilter,
    django_filters.ModelMultipleChoiceFilter: ModelMultipleChoiceFilter,
}


def _ours(defaults: dict) -> dict:
    return {model_field: {**options, "filter_class": _OURS.get(options["filter_class"], options["filter_class"])}
            for model_field, options in defaults.items()}


class FilterSet(django_filters.FilterSet):
    """django-filter's FilterSet whose generated filters are the ones above."""

    FILTER_DEFAULTS = _ours(django_filters.FilterSet.FILTER_DEFAULTS)


class ApiFilterSet(drf_filters.FilterSet):
    """The same for the FilterSet the API builds from a view's `filterset_fields`."""

    FILTER_DEFAULTS = _ours(drf_filters.FilterSet.FILTER_DEFAULTS)


class DjangoFilterBackend(drf_filters.DjangoFilterBackend):
    """The API's filter backend (settings.REST_FRAMEWORK): `filterset_fields` become ApiFilterSet."""

    filterset_base = ApiFilterSet
