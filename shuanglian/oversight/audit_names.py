"""Chinese names of the audit events of oversight (see core.audit_labels); the opinion workflow
names its own actions (core.workflow)."""

from shuanglian.core.audit_labels import register

from . import workflow  # noqa: F401 - declares the opinion workflow, which registers its actions

register(
    nouns={"plan": "工作要点", "plan_item": "工作要点事项", "topic": "监督议题", "opinion": "审议意见",
           "opinion_item": "审议意见条目", "campaign": "视察活动", "ledger": "台账", "monitoring": "营商环境监测"},
    labels={
        "opinion.review": "审议意见回头看", "opinion_item.respond": "答复审议意见条目",
        "topic.link": "关联监督议题", "topic.material": "添加议题材料", "topic.material_file": "上传议题材料附件",
        "campaign.group_add": "增加视察小组", "campaign.site_add": "增加视察点位", "campaign.site_visit": "记录点位视察",
        "campaign.finding": "记录视察发现问题", "campaign.finding_to_case": "视察问题转为诉求",
        "ledger.area_create": "新建台账领域", "ledger.problem_add": "登记台账问题", "ledger.task_create": "新建台账任务",
        "ledger.task_progress": "填报台账任务进展", "monitoring.report": "报送监测报告",
    },
)
