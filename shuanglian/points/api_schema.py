"""The shapes of the points API's answers, for the published schema only (issue 13).

points/api.py writes its JSON by hand (`rule_json`, `entry_json`, `objection_json`); these
serializers describe exactly those dicts so that `/api/v1/schema/` says what comes back — a list
where a list is returned, null where a value may be missing. core/tests/test_schema_reality.py
checks real answers against the schema."""

from rest_framework import serializers

from shuanglian.core import api_fields

# 2, -1 or 0.5: a whole number of points is written without ".0" (api.num).
Points = api_fields.FloatField


class PointEntryOut(serializers.Serializer):
    id = api_fields.IntegerField()
    rule = serializers.CharField(help_text="规则代码")
    rule_name = serializers.CharField()
    category = serializers.CharField()
    category_display = serializers.CharField()
    kind = serializers.CharField()
    kind_display = serializers.CharField()
    points = Points(help_text="计入的分值")
    uncapped = Points(allow_null=True, help_text="封顶前的分值")
    period = serializers.CharField()
    occurred_on = api_fields.DateField()
    reason = serializers.CharField(allow_blank=True)


class PointRuleOut(serializers.Serializer):
    id = api_fields.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    category = serializers.CharField()
    category_display = serializers.CharField()
    period = serializers.CharField()
    period_display = serializers.CharField()
    points = Points()
    cap = Points(allow_null=True, help_text="周期上限，null 为不设")
    active = serializers.BooleanField()
    event_sourced = serializers.BooleanField()
    version = api_fields.IntegerField()


class PointObjectionOut(serializers.Serializer):
    id = api_fields.IntegerField()
    deputy = api_fields.IntegerField()
    deputy_name = serializers.CharField()
    kind = serializers.CharField()
    kind_display = serializers.CharField()
    entry = api_fields.IntegerField(allow_null=True)
    rule = serializers.CharField(allow_null=True, help_text="规则代码")
    occurred_on = api_fields.DateField(allow_null=True)
    reason = serializers.CharField()
    status = serializers.CharField()
    status_display = serializers.CharField()
    decision_note = serializers.CharField(allow_blank=True)
    correction = PointEntryOut(allow_null=True, help_text="采纳后的更正明细")
    version = api_fields.IntegerField()
    allowed_actions = serializers.ListField(child=serializers.CharField())


class PointPublicationOut(serializers.Serializer):
    region = api_fields.IntegerField()
    region_name = serializers.CharField()
    period = serializers.CharField()
    published_at = api_fields.DateTimeField()
