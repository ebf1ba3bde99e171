"""Select widgets drawn in Python. Django draws every <option> through a template include, about
0.3 ms each here: a campaign page with a few hundred choices (sites, findings, deputies) spent
most of its 300 ms in them. These produce the same markup — id, name, attributes, selected
options, optgroups — with string joins, escaping everything, and are used where a form offers
long lists."""

from __future__ import annotations

import html

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeData, mark_safe


def _escaped(value) -> str:
    # conditional_escape without its lazy wrapper: three function calls per option added up to a
    # third of the campaign page's 500 options.
    return str(value) if isinstance(value, SafeData) else html.escape(str(value), quote=True)


def _options(options) -> str:
    parts = []
    for o in options:
        attrs = {k: v for k, v in o["attrs"].items() if k != "selected"}
        parts.append('<option value="{}"{}{}>{}</option>'.format(
            _escaped(o["value"] if o["value"] is not None else ""), " selected" if o["selected"] else "",
            flatatt(attrs) if attrs else "", _escaped(o["label"])))
    return "".join(parts)


class QuickSelectMixin:
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = []
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('<optgroup label="{}">{}</optgroup>', group_name, mark_safe(_options(options))))
            else:
                parts.append(_options(options))
        multiple = " multiple" if self.allow_multiple_selected else ""
        return format_html('<select name="{}"{}{}>{}</select>', widget["name"], flatatt(widget["attrs"]),
                           mark_safe(multiple), mark_safe("".join(parts)))


class QuickSelect(QuickSelectMixin, forms.Select):
    pass


class QuickSelectMultiple(QuickSelectMixin, forms.SelectMultiple):
    pass
