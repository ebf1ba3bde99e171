"""Chinese names of the audit events of deputies' duties (see core.audit_labels)."""

from shuanglian.core.audit_labels import register

register(
    nouns={"reception": "接待日", "reception_rule": "接待日规则", "activity": "履职活动", "contact_link": "联系包挂",
           "voter_report": "向选民述职"},
    labels={
        "reception.schedule": "安排接待日", "reception.sign_in": "接待日签到", "reception.record": "记录接待情况",
        "reception.demand": "接待日收集诉求", "station.public_page": "修改活动点公示页",
        "voter_report.record": "登记向选民述职",
    },
)
