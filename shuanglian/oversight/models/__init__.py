"""The oversight app's models, one module per area: the work plan and deliberation opinions
(opinions.py) and inspection campaigns (campaigns.py)."""

from .campaigns import (
    CampaignGroup,
    CampaignKind,
    CampaignSite,
    Finding,
    FindingKind,
    GroupLevel,
    InspectionCampaign,
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

__all__ = [
    "VERSION_HELP", "CampaignGroup", "CampaignKind", "CampaignSite", "Finding", "FindingKind", "GroupLevel",
    "InspectionCampaign", "ItemCategory", "ItemStatus", "Opinion", "OpinionItem", "OpinionStatus", "PlanItem",
    "PlanItemKind", "PlanItemStatus", "Review", "ReviewFinding", "Submission", "SubmissionKind", "Vote", "WorkPlan",
]
