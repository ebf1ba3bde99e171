"""Chinese names of the audit events of regions and departments (see core.audit_labels)."""

from shuanglian.core.audit_labels import register

register(nouns={"region": "区域", "department": "部门"})
