"""Chinese names of the audit events of the chain module (see core.audit_labels)."""

from shuanglian.core.audit_labels import register

register(
    nouns={
        "chain": "产业链", "chain_node": "产业链环节", "chain_metric": "产业链指标", "chain_problem": "链上问题",
        "enterprise": "企业", "project": "项目", "project_milestone": "项目节点", "lead": "招商线索",
        "policy": "政策", "policy_application": "政策兑现", "schedule_setting": "调度设置",
        "enterprises": "企业清单", "projects": "项目清单", "leads": "招商清单", "policies": "政策清单",
        "problems": "问题清单",
        "import_job": "导入任务",
    },
    labels={
        "lead.advance": "推进招商线索", "lead.contact": "记录招商对接", "project.advance": "推进项目",
        "project.record_investment": "填报项目投资", "import_job.create": "提交导入任务",
    },
)
