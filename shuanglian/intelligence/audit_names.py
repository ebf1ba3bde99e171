"""Chinese names of the audit events of 智能分办 (see core.audit_labels)."""

from shuanglian.core.audit_labels import register

register(
    nouns={"category_lexicon": "类别关键词", "department_duty": "部门职责", "routing_config": "智能分办设置",
           "routing_model": "分办模型", "monthly_topic": "每月一题"},
    labels={"routing_model.train": "训练分办模型", "monthly_topic.accept": "确定每月一题",
            "monthly_topic.hand_over": "转交每月一题"},
)
