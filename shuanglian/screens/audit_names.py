"""Chinese names of the audit events of the big screens (see core.audit_labels)."""

from shuanglian.core.audit_labels import register

register(
    nouns={"screen": "大屏"},
    labels={"screen.create": "创建大屏", "screen.revoke": "停用大屏"},
)
