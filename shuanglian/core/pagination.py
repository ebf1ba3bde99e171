"""Paging for pages and the API: `?page=` read as typed or refused.

Django's Paginator reads the page number with `int()`, which takes '٣' (Arabic-Indic) or '３'
(fullwidth) as 3. Ours refuses such a number as not a number: a page then shows its first page,
as for `?page=abc`, and the API answers 404 (DRF's "invalid page"), never page 3.
core/tests/test_digits_house.py keeps every list on these.
"""

from django.core import paginator
from rest_framework import pagination

from shuanglian.lib.parse import has_non_ascii_digit


class Paginator(paginator.Paginator):
    def validate_number(self, number):
        if has_non_ascii_digit(number):
            raise paginator.PageNotAnInteger(self.error_messages["invalid_page"])
        return super().validate_number(number)


class PageNumberPagination(pagination.PageNumberPagination):
    """The API's default pagination (settings.REST_FRAMEWORK), on the Paginator above."""

    django_paginator_class = Paginator
