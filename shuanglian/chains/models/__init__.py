"""Industrial chains, their node tree, enterprises and the five lists (一图五单).

Figures that can be derived are derived (year-on-year growth, share, node strength, project
lights); the stored columns are the inputs a task force actually reports. docs/chains.md
explains each rule.
"""

from .chains import (
    GAP_STRENGTHS,
    STAGE_ORDER,
    Chain,
    ChainMetric,
    ChainNode,
    ChainTier,
    PeriodKind,
    ScheduleRule,
    ScheduleSetting,
    Stage,
    Strength,
)
from .enterprises import (
    CULTIVATION_LISTS,
    ENTERPRISE_LABELS,
    Enterprise,
    Scale,
    key_enterprise_q,
)
from .imports import (
    ImportJob,
    ImportKind,
    ImportStatus,
)
from .lists import (
    LEAD_STAGE_ORDER,
    ApplicationStatus,
    ChainProblem,
    Lead,
    LeadContact,
    LeadStage,
    Policy,
    PolicyApplication,
    ProblemKind,
)
from .projects import (
    NOT_STARTED_STAGES,
    PROJECT_STAGE_ORDER,
    Project,
    ProjectInvestment,
    ProjectKind,
    ProjectMilestone,
    ProjectStage,
)

__all__ = [
    "ApplicationStatus",
    "CULTIVATION_LISTS",
    "Chain",
    "ChainMetric",
    "ChainNode",
    "ChainProblem",
    "ChainTier",
    "ENTERPRISE_LABELS",
    "Enterprise",
    "GAP_STRENGTHS",
    "ImportJob",
    "ImportKind",
    "ImportStatus",
    "LEAD_STAGE_ORDER",
    "Lead",
    "LeadContact",
    "LeadStage",
    "NOT_STARTED_STAGES",
    "PROJECT_STAGE_ORDER",
    "PeriodKind",
    "Policy",
    "PolicyApplication",
    "ProblemKind",
    "Project",
    "ProjectInvestment",
    "ProjectKind",
    "ProjectMilestone",
    "ProjectStage",
    "STAGE_ORDER",
    "Scale",
    "ScheduleRule",
    "ScheduleSetting",
    "Stage",
    "Strength",
    "key_enterprise_q",
]
