"""Chinese names of the audit events of cases (see core.audit_labels): the timeline and the audit
log read the workflow's own verbs, so a new action is named where it is declared."""

from shuanglian.core.audit_labels import register

from .models import Notice
from .workflow import ACTIONS, INTERNAL_ACTIONS

register(
    nouns={"case": "诉求", "notice": "督办通知", "integration_key": "接口密钥"},
    labels={
        **{f"case.{name}": spec.label for name, spec in (ACTIONS | INTERNAL_ACTIONS).items()},
        "case.submit": "提交诉求", "case.recompute_deadlines": "按日历重算期限", "case.supervise": "督办",
        "case.import": "导入诉求台账", "case.import_origin": "诉求来自台账导入", "case.export": "导出诉求",
        "notice.read": "阅读督办通知", "integration_key.issue": "签发接口密钥", "integration_key.revoke": "吊销接口密钥",
    },
    sentences={
        "case.assign": "{actor} 将 {target} 交办给 {lead_department_name}，期限 {assigned_workdays} 个工作日",
        "case.submit": "{actor} 提交诉求 {target}",
    },
    fields={"lead_department_name": "主办部门", "co_departments": "协办部门", "merged_into_number": "并入",
            "extension_request": "延期申请", "count": "条数", "notice": "督办方式",
            "suggestion": "代表建议"},
    values={"notice": dict(Notice.Level.choices)},
)
