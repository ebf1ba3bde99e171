"""`{{ amount|money }}`: every amount a page shows, through lib.money (two decimals, "—" for
none). Installed as a template builtin (settings TEMPLATES OPTIONS), so no template loads it."""

from django import template

from shuanglian.lib.money import money_text

register = template.Library()


@register.filter(is_safe=True)
def money(value):
    return money_text(value)
