"""The Python-drawn selects give the browser the same form as Django's own widgets: the same
options, the same selection, the same attributes, everything escaped."""

import re

import pytest
from django import forms

from shuanglian.core.widgets import QuickSelect, QuickSelectMultiple

CHOICES = [("", "请选择"), ("1", "千里科技 <甲>"), ("2", "睿蓝汽车 & 二期"), ("3", '"引号"')]


def normalise(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", str(html))).replace(' multiple>', ' multiple="">').strip()


def options(html):
    return re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', normalise(html))


@pytest.mark.parametrize("value", [None, "2", "3"])
def test_a_quick_select_offers_and_selects_what_djangos_does(value):
    theirs = forms.Select(choices=CHOICES, attrs={"aria-invalid": "true"}).render("site", value, {"id": "id_site"})
    ours = QuickSelect(choices=CHOICES, attrs={"aria-invalid": "true"}).render("site", value, {"id": "id_site"})
    assert options(ours) == options(theirs) and len(options(ours)) == 4
    assert re.match(r'<select name="site" aria-invalid="true" id="id_site">', normalise(ours))
    assert "&lt;甲&gt;" in ours and "&amp; 二期" in ours and "&quot;引号&quot;" in ours


def test_a_quick_multiple_select_keeps_every_selection():
    ours = QuickSelectMultiple(choices=CHOICES[1:], attrs={"size": 8}).render("members", ["1", "3"], {"id": "id_m"})
    theirs = forms.SelectMultiple(choices=CHOICES[1:], attrs={"size": 8}).render("members", ["1", "3"], {"id": "id_m"})
    assert options(ours) == options(theirs)
    assert [o[0] for o in options(ours) if o[1]] == ["1", "3"] and " multiple" in ours and 'size="8"' in ours


def test_optgroups_are_kept():
    grouped = [("上游", [("1", "电芯")]), ("下游", [("2", "整车")])]
    ours = QuickSelect(choices=grouped).render("node", "2")
    assert '<optgroup label="上游"><option value="1">电芯</option></optgroup>' in ours
    assert '<option value="2" selected>整车</option>' in ours
