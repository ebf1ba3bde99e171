"""The oversight app's models, one module per area: the work plan and deliberation opinions
(opinions.py), inspection campaigns (campaigns.py) and business-environment monitoring
(monitoring.py) and the area ledgers (ledgers.py)."""

from .campaigns import (
    CampaignGroup,
    CampaignKind,
    CampaignSite,
    Finding,
    FindingKind,
    GroupLevel,
    InspectionCampaign,
)
from .ledgers import LedgerArea, LedgerProblem, LedgerTask, TaskStatus
from .monitoring import (
    Indicator,
    MonitoringFinding,
    MonitoringMonth,
    MonitoringReport,
    Scale,
    Score,
)
from .opinions import (
    VERSION_HELP,
    ItemCategory,
    ItemStatus,
    Opinion,
    OpinionItem,
    OpinionStatus,
    PlanItem,
    PlanItemKind,
    PlanItemStatus,
    Review,
    ReviewFinding,
    Submission,
    SubmissionKind,
    Vote,
    WorkPlan,
)
from .topics import MaterialFile, MaterialKind, Topic, TopicMaterial

__all__ = [
    "VERSION_HELP", "CampaignGroup", "CampaignKind", "CampaignSite", "Finding", "FindingKind", "GroupLevel",
    "InspectionCampaign", "Indicator", "LedgerArea", "LedgerProblem", "LedgerTask", "TaskStatus", "MonitoringFinding", "MonitoringMonth", "MonitoringReport", "Scale", "Score", "ItemCategory", "ItemStatus", "Opinion", "OpinionItem", "OpinionStatus", "PlanItem",
    "PlanItemKind", "PlanItemStatus", "Review", "ReviewFinding", "Submission", "SubmissionKind", "Vote", "WorkPlan", "MaterialFile", "MaterialKind", "Topic", "TopicMaterial",
]
