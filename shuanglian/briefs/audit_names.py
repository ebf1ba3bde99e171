"""Chinese names of the audit events of the monthly briefs (see core.audit_labels)."""

from shuanglian.core.audit_labels import register

register(
    nouns={"brief": "月度简报"},
    labels={"brief.generate": "生成月度简报", "brief.download": "下载月度简报"},
    sentences={"brief.generate": "{actor} 生成了 {target}", "brief.download": "{actor} 下载了 {target}"},
)
