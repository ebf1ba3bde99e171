from django import template

from shuanglian.points.periods import display
from shuanglian.points.services import fmt

register = template.Library()


@register.filter
def pts(value) -> str:
    """2.0 → 2, -1.0 → −1, 0.5 → 0.5."""
    return fmt(value)


@register.filter
def period_label(value) -> str:
    return display(value) if value else ""


@register.filter
def pts_input(value) -> str:
    """For an input field: 2, -1, 0.5 (ASCII minus, so it reads back)."""
    return fmt(value).replace("−", "-")
