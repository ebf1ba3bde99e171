"""The API's typed input fields: DRF's, refusing any digit other than 0-9 before parsing.

DRF's IntegerField (`int()`), DecimalField/FloatField (`Decimal()`/`float()`) and its date and
time fields (`\\d` regexes, `strptime`) read a fullwidth '３' or an Arabic-Indic '٣' as 3, so
"2025-09-٣" became 3 September. Here they are refused with a Chinese message (400, nothing
written): a value is read as typed or refused, never guessed.

The same holds for a record sent by id (PrimaryKeyRelatedField: `pk='٣'` is looked up as 3).

Use these, never `serializers.IntegerField(` & co. directly (BigIntegerField, DurationField and
PrimaryKeyRelatedField too), and derive model serializers from `ModelSerializer` below (its
generated fields are these); core/tests/test_digits_house.py checks.
"""

from rest_framework import serializers

from shuanglian.lib.parse import has_non_ascii_digit


class _AsciiDigits:
    """Refuses a string holding a non-ASCII digit before the DRF field reads it."""

    def to_internal_value(self, data):
        if has_non_ascii_digit(data):
            self.fail("non_ascii_digit")
        return super().to_internal_value(data)


class IntegerField(_AsciiDigits, serializers.IntegerField):
    default_error_messages = {"non_ascii_digit": "请使用半角数字（0–9）填写整数。"}


class BigIntegerField(_AsciiDigits, serializers.BigIntegerField):
    default_error_messages = {"non_ascii_digit": "请使用半角数字（0–9）填写整数。"}


class DecimalField(_AsciiDigits, serializers.DecimalField):
    default_error_messages = {"non_ascii_digit": "请使用半角数字（0–9）填写数值。"}


class FloatField(_AsciiDigits, serializers.FloatField):
    default_error_messages = {"non_ascii_digit": "请使用半角数字（0–9）填写数值。"}


class DateField(_AsciiDigits, serializers.DateField):
    default_error_messages = {"non_ascii_digit": "请使用半角数字（0–9）填写日期，格式 YYYY-MM-DD。"}


class DateTimeField(_AsciiDigits, serializers.DateTimeField):
    default_error_messages = {
        "non_ascii_digit": "请使用半角数字（0–9）填写时间，格式如 2025-04-22T09:30:00+08:00。",
    }


class TimeField(_AsciiDigits, serializers.TimeField):
    default_error_messages = {"non_ascii_digit": "请使用半角数字（0–9）填写时间，格式 HH:MM。"}


class DurationField(_AsciiDigits, serializers.DurationField):
    default_error_messages = {"non_ascii_digit": "请使用半角数字（0–9）填写时长。"}


class PrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A record by id: DRF looks `pk='٣'` up as pk 3 (the model field's `int()`)."""

    default_error_messages = {"non_ascii_digit": "请使用半角数字（0–9）填写编号。"}

    def to_internal_value(self, data):
        if self.pk_field is None and has_non_ascii_digit(data):
            self.fail("non_ascii_digit")
        return super().to_internal_value(data)


# DRF's class → ours, for the fields a ModelSerializer generates from model fields.
_OURS = {
    serializers.IntegerField: IntegerField,
    serializers.BigIntegerField: BigIntegerField,
    serializers.DecimalField: DecimalField,
    serializers.FloatField: FloatField,
    serializers.DateField: DateField,
    serializers.DateTimeField: DateTimeField,
    serializers.TimeField: TimeField,
    serializers.DurationField: DurationField,
}


# DRF's ModelSerializer whose generated number, date, time and related fields are the ones above
# (`serializer_field_mapping` and `serializer_related_field` are DRF's documented hooks). No
# docstring: drf-spectacular would publish it as the description of every serializer without one.
class ModelSerializer(serializers.ModelSerializer):
    serializer_field_mapping = {
        model_field: _OURS.get(field, field)
        for model_field, field in serializers.ModelSerializer.serializer_field_mapping.items()
    }
    serializer_related_field = PrimaryKeyRelatedField

    def include_extra_kwargs(self, kwargs, extra_kwargs):
        # DRF drops `allow_blank` from a field made read-only through Meta, so the published schema
        # gave a blank choice field (a case's `rating` before the revisit) an enum without "": the
        # schema said "" could never come back, and it did. The flag only describes output here.
        allow_blank = kwargs.get("allow_blank")
        kwargs = super().include_extra_kwargs(kwargs, extra_kwargs)
        if allow_blank and kwargs.get("read_only") and "choices" in kwargs:
            kwargs["allow_blank"] = True
        return kwargs
