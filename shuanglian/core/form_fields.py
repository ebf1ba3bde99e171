"""The pages' typed form fields: Django's, refusing any digit other than 0-9 before parsing.

Django's IntegerField (`int()`), DecimalField/FloatField and its date and time fields
(`strptime`, whose `%Y` is `\\d\\d\\d\\d`) read a fullwidth '３' or an Arabic-Indic '٣' as 3, so
"٢٠٢٥-09-03" became 2025-09-03. Here they are refused with a Chinese message (the form shows it,
nothing is written): a value is read as typed or refused, never guessed. (TypedChoiceField
compares the text with its choices first, so '٣' never matches "3": it needs nothing here.)

The same holds for a record chosen by id (ModelChoiceField, ModelMultipleChoiceField: Django
looks `pk='٣'` up as pk 3).

Use these, never `forms.IntegerField(` & co. directly, and derive model forms from `ModelForm`
below (its generated fields are these); core/tests/test_digits_house.py checks.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import ModelFormMetaclass

from shuanglian.lib.parse import has_non_ascii_digit


class _AsciiDigits:
    """Refuses text holding a non-ASCII digit before the Django field reads it."""

    def to_python(self, value):
        if has_non_ascii_digit(value):
            raise ValidationError(self.error_messages["non_ascii_digit"], code="non_ascii_digit")
        return super().to_python(value)


class IntegerField(_AsciiDigits, forms.IntegerField):
    default_error_messages = {"non_ascii_digit": "请使用半角数字（0–9）填写整数。"}


class DecimalField(_AsciiDigits, forms.DecimalField):
    default_error_messages = {"non_ascii_digit": "请使用半角数字（0–9）填写数值。"}


class FloatField(_AsciiDigits, forms.FloatField):
    default_error_messages = {"non_ascii_digit": "请使用半角数字（0–9）填写数值。"}


class DateField(_AsciiDigits, forms.DateField):
    default_error_messages = {"non_ascii_digit": "请使用半角数字（0–9）填写日期，格式 YYYY-MM-DD。"}


class DateTimeField(_AsciiDigits, forms.DateTimeField):
    default_error_messages = {"non_ascii_digit": "请使用半角数字（0–9）填写时间，格式 YYYY-MM-DD HH:MM。"}


class TimeField(_AsciiDigits, forms.TimeField):
    default_error_messages = {"non_ascii_digit": "请使用半角数字（0–9）填写时间，格式 HH:MM。"}


class DurationField(_AsciiDigits, forms.DurationField):
    default_error_messages = {"non_ascii_digit": "请使用半角数字（0–9）填写时长。"}


class AsciiKey:
    """A choice of one record by id: Django looks up `pk='٣'` as pk 3 (the model field's `int()`),
    so an id holding a non-ASCII digit is refused before the lookup (a choice by a text field,
    `to_field_name="code"`, is looked up as the text it is)."""

    default_error_messages = {"non_ascii_digit": "请使用半角数字（0–9）填写编号。"}

    def _refuse_foreign_digits(self, values):
        meta = self.queryset.model._meta
        key = meta.get_field(self.to_field_name) if self.to_field_name else meta.pk
        if isinstance(key, models.IntegerField) and any(has_non_ascii_digit(str(v)) for v in values):
            raise ValidationError(self.error_messages["non_ascii_digit"], code="non_ascii_digit")

    def to_python(self, value):
        self._refuse_foreign_digits([value])
        return super().to_python(value)


class AsciiKeys(AsciiKey):
    """The same for a choice of several records."""

    def clean(self, value):
        self._refuse_foreign_digits(value if isinstance(value, list | tuple) else [value])
        return super().clean(value)


class ModelChoiceField(AsciiKey, forms.ModelChoiceField):
    pass


class ModelMultipleChoiceField(AsciiKeys, forms.ModelMultipleChoiceField):
    pass


# Django's class → ours, for the fields a ModelForm generates from model fields.
_OURS = {
    forms.IntegerField: IntegerField,
    forms.DecimalField: DecimalField,
    forms.FloatField: FloatField,
    forms.DateField: DateField,
    forms.DateTimeField: DateTimeField,
    forms.TimeField: TimeField,
    forms.DurationField: DurationField,
    forms.ModelChoiceField: ModelChoiceField,
    forms.ModelMultipleChoiceField: ModelMultipleChoiceField,
}


def formfield(model_field, **kwargs):
    """The form field Django would make for `model_field`, with ours in place of Django's number,
    date, time and record-choice fields (a field with choices keeps its choice field)."""
    field = model_field.formfield(**kwargs)
    ours = _OURS.get(type(field))
    return model_field.formfield(**{**kwargs, "form_class": ours}) if ours else field


class _Metaclass(ModelFormMetaclass):
    # Django reads `formfield_callback` from each form's own Meta, which a subclass writes anew;
    # so every Meta that names none gets ours.
    def __new__(mcs, name, bases, attrs):
        meta = attrs.get("Meta")
        if meta is not None and getattr(meta, "formfield_callback", None) is None:
            meta.formfield_callback = staticmethod(formfield)
        return super().__new__(mcs, name, bases, attrs)


class ModelForm(forms.ModelForm, metaclass=_Metaclass):
    """Django's ModelForm whose generated number, date, time and record-choice fields are the
    ones above."""
