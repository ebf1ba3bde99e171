"""Chinese names of the audit events of deputies and stations (see core.audit_labels)."""

from shuanglian.core.audit_labels import register

register(
    nouns={"deputy": "代表", "station": "代表活动点"},
    labels={
        "deputy.deactivate": "停用代表", "station.member_add": "增加活动点成员", "station.member_remove": "移出活动点成员",
        "station.rotate_token": "更换活动点二维码", "deputy.code_rotate": "更换代表码", "deputy.code_revoke": "停用代表码",
    },
)
