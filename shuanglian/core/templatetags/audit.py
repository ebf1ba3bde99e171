"""The audit log as a person reads it (core.audit_labels): {{ e.event_type|event_label }},
{{ e|event_sentence }}, {% for c in e|audit_changes %} and the raw changes for the technical view."""

import json

from django import template

from shuanglian.core import audit_labels

register = template.Library()

register.filter("event_label", audit_labels.event_label)
register.filter("event_sentence", audit_labels.event_sentence)
register.filter("audit_changes", audit_labels.changes_rows)


@register.filter
def audit_raw(changes) -> str:
    return json.dumps(changes or {}, ensure_ascii=False, indent=1)
