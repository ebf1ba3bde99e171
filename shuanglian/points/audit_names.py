"""Chinese names of the audit events of performance points (see core.audit_labels); the objection
workflow names its own actions (core.workflow)."""

from shuanglian.core.audit_labels import register

from . import objections  # noqa: F401 - declares the objection workflow, which registers its actions

register(
    nouns={"point": "履职积分", "point_rule": "积分规则", "point_objection": "积分异议"},
    labels={"point.award": "记入履职积分", "point.manual": "手工调整积分", "point.rebuild": "重算履职积分",
            "point.revoke": "撤销履职积分",
            "point.publish": "公布履职积分", "point_objection.submit": "提出积分异议"},
)
