"""House check for typed input (issue 13): numbers, dates and times are read through the
project's fields, which refuse digits other than 0-9.

DRF's and Django's IntegerField, DecimalField, FloatField, DateField, DateTimeField, TimeField
and DurationField read a fullwidth '３' or an Arabic-Indic '٣' as 3 (`int()`, `Decimal()`, the
`\\d` of their regexes, `strptime`). core/api_fields.py and core/form_fields.py hold the same
fields refusing such digits, and ModelSerializer / ModelForm bases whose generated fields are
those. Our code uses them, never the library's directly (no known offenders: none may be added).
"""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]

TYPED = {"IntegerField", "BigIntegerField", "DecimalField", "FloatField", "DateField", "DateTimeField",
         "TimeField", "DurationField"}
# library module (as imported) → the names it must not be used for, and what to use instead.
BANNED = {
    "rest_framework.serializers": (TYPED | {"ModelSerializer", "HyperlinkedModelSerializer"},
                                   "from shuanglian.core import api_fields → api_fields.{name}"),
    "rest_framework.fields": (TYPED, "from shuanglian.core import api_fields → api_fields.{name}"),
    "django.forms": (TYPED | {"ModelForm"}, "from shuanglian.core import form_fields → form_fields.{name}"),
    "django.forms.fields": (TYPED, "from shuanglian.core import form_fields → form_fields.{name}"),
    "django.forms.models": ({"ModelForm"}, "from shuanglian.core import form_fields → form_fields.{name}"),
}
# The project's fields themselves.
ALLOWED = {"core/api_fields.py", "core/form_fields.py"}


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
        "数字、日期、时间字段须用项目字段（拒绝“３”“٣”等非半角数字）：DRF 用 shuanglian.core.api_fields"
        "（IntegerField、DecimalField、DateField、DateTimeField、TimeField…，模型序列化器继承 "
        "api_fields.ModelSerializer），表单用 shuanglian.core.form_fields（同名字段，模型表单继承 "
        f"form_fields.ModelForm）。\n{found}"
    )


def test_the_check_sees_what_it_should():
    assert offences("from rest_framework import serializers\nx = serializers.DateField()\n")
    assert offences("from rest_framework import serializers as s\nclass A(s.ModelSerializer): pass\n")
    assert offences("from django import forms\nx = forms.IntegerField(min_value=1)\n")
    assert offences("from django import forms\nclass F(forms.ModelForm): pass\n")
    assert offences("from django.forms import DecimalField\n")
    assert offences("from rest_framework.fields import TimeField\n")
    # what the rule leaves alone: the project's fields, text and choice fields, widgets
    assert not offences("from shuanglian.core import api_fields, form_fields\nx = api_fields.DateField()\n"
                        "y = form_fields.ModelForm\n")
    assert not offences("from django import forms\nx = forms.CharField()\ny = forms.DateInput()\n"
                        "z = forms.TypedChoiceField(coerce=int, choices=[])\n")
    assert not offences("from rest_framework import serializers\nx = serializers.ChoiceField(choices=[])\n")
    assert "api_fields.DateField" in offences("from rest_framework import serializers\nserializers.DateField()\n")[0]
