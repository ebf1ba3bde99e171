"""House check for typed input (issue 13): numbers, dates, times, record ids and page numbers
are read through the project's fields, which refuse digits other than 0-9.

DRF's and Django's IntegerField, DecimalField, FloatField, DateField, DateTimeField, TimeField
and DurationField read a fullwidth '３' or an Arabic-Indic '٣' as 3 (`int()`, `Decimal()`, the
`\\d` of their regexes, `strptime`). core/api_fields.py and core/form_fields.py hold the same
fields refusing such digits, and ModelSerializer / ModelForm bases whose generated fields are
those; the same goes for a record chosen by id (`pk='٣'` is looked up as 3), django-filter's
list filters (core/list_filters.py) and `?page=` (core/pagination.py). Our code uses them, never
the library's directly (no known offenders: none may be added).
"""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]

TYPED = {"IntegerField", "BigIntegerField", "DecimalField", "FloatField", "DateField", "DateTimeField",
         "TimeField", "DurationField"}
FILTERS = {"FilterSet", "NumberFilter", "DateFilter", "DateTimeFilter", "TimeFilter", "DurationFilter",
           "ModelChoiceFilter", "ModelMultipleChoiceFilter", "DjangoFilterBackend"}
API = "from shuanglian.core import api_fields → api_fields.{name}"
FORMS = "from shuanglian.core import form_fields → form_fields.{name}"
LISTS = "from shuanglian.core import list_filters → list_filters.{name}"
PAGES = "from shuanglian.core.pagination import {name}"
# library module (as imported) → the names it must not be used for, and what to use instead.
BANNED = {
    "rest_framework.serializers": (TYPED | {"ModelSerializer", "HyperlinkedModelSerializer",
                                            "PrimaryKeyRelatedField"}, API),
    "rest_framework.fields": (TYPED, API),
    "rest_framework.relations": ({"PrimaryKeyRelatedField"}, API),
    "rest_framework.pagination": ({"PageNumberPagination"}, PAGES),
    "django.forms": (TYPED | {"ModelForm", "ModelChoiceField", "ModelMultipleChoiceField"}, FORMS),
    "django.forms.fields": (TYPED, FORMS),
    "django.forms.models": ({"ModelForm", "ModelChoiceField", "ModelMultipleChoiceField"}, FORMS),
    "django.core.paginator": ({"Paginator"}, PAGES),
    "django_filters": (FILTERS, LISTS),
    "django_filters.filters": (FILTERS, LISTS),
    "django_filters.filterset": (FILTERS, LISTS),
    "django_filters.rest_framework": (FILTERS, LISTS),
}
# The project's fields themselves.
ALLOWED = {"core/api_fields.py", "core/form_fields.py", "core/list_filters.py", "core/pagination.py"}


def offences(source: str) -> list[str]:
    """`serializers.IntegerField`, `forms.DateField`, `from django.forms import DateField` … in
    `source`, each with what to write instead."""
    tree = ast.parse(source)
    aliases = {}  # local name → library module, from `from rest_framework import serializers` & co.
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                if full in BANNED:
                    aliases[alias.asname or alias.name] = full
                elif node.module in BANNED and alias.name in BANNED[node.module][0]:
                    found.append((node.lineno, node.module, alias.name))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in BANNED:
                    aliases[alias.asname or alias.name] = alias.name
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            module = aliases.get(node.value.id)
            if module and node.attr in BANNED[module][0]:
                found.append((node.lineno, module, node.attr))
    return [f"第{line}行 {module}.{name}：改用 {BANNED[module][1].format(name=name)}"
            for line, module, name in sorted(found)]


def _found() -> dict[str, list[str]]:
    result = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if "tests" in path.parts or "migrations" in path.parts or rel in ALLOWED:
            continue
        hits = offences(path.read_text(encoding="utf-8"))
        if hits:
            result[rel] = hits
    return result


def test_typed_input_uses_the_project_fields():
    found = _found()
    assert not found, (
        "数字、日期、时间、编号字段须用项目字段（拒绝“３”“٣”等非半角数字）：DRF 用 shuanglian.core.api_fields"
        "（IntegerField、DecimalField、DateField、DateTimeField、TimeField、PrimaryKeyRelatedField…，"
        "模型序列化器继承 api_fields.ModelSerializer），表单用 shuanglian.core.form_fields（同名字段及 "
        "ModelChoiceField，模型表单继承 form_fields.ModelForm），列表筛选用 shuanglian.core.list_filters"
        "（FilterSet、NumberFilter、DateFilter、ModelChoiceFilter…），分页用 shuanglian.core.pagination."
        f"Paginator。\n{found}"
    )


def test_the_check_sees_what_it_should():
    assert offences("from rest_framework import serializers\nx = serializers.DateField()\n")
    assert offences("from rest_framework import serializers as s\nclass A(s.ModelSerializer): pass\n")
    assert offences("from django import forms\nx = forms.IntegerField(min_value=1)\n")
    assert offences("from django import forms\nclass F(forms.ModelForm): pass\n")
    assert offences("from django.forms import DecimalField\n")
    assert offences("from rest_framework.fields import TimeField\n")
    assert offences("from django.core.paginator import EmptyPage, Paginator\n")
    assert offences("import django_filters as df\nclass F(df.FilterSet):\n    year = df.NumberFilter()\n")
    assert offences("from rest_framework import serializers\nx = serializers.PrimaryKeyRelatedField()\n")
    assert offences("from django import forms\nx = forms.ModelChoiceField(queryset=None)\n")
    # what the rule leaves alone: the project's fields, text and choice fields, widgets
    assert not offences("from shuanglian.core import api_fields, form_fields\nx = api_fields.DateField()\n"
                        "y = form_fields.ModelForm\n")
    assert not offences("from django import forms\nx = forms.CharField()\ny = forms.DateInput()\n"
                        "z = forms.TypedChoiceField(coerce=int, choices=[])\n")
    assert not offences("from rest_framework import serializers\nx = serializers.ChoiceField(choices=[])\n")
    assert not offences("from django.core.paginator import EmptyPage, PageNotAnInteger\n")
    assert not offences("import django_filters\nx = django_filters.CharFilter()\n")
    assert "api_fields.DateField" in offences("from rest_framework import serializers\nserializers.DateField()\n")[0]
