"""HTML forms of the chain module's edit pages. They parse input and give Chinese field errors;
services do the writing (and judge the rules again, so the API and imports get the same answers).

Every form of a versioned record carries the `version` it was rendered with; the service refuses
to save over a newer one (ConcurrentUpdate, "已被他人修改"), and the view shows the form again with
the user's input kept.
"""

from .entries import (
    ApplicationForm,
    ContactForm,
    InvestmentForm,
    MetricForm,
    MilestoneForm,
    NodeRateForm,
    ScheduleForm,
)
from .records import (
    ChainForm,
    EnterpriseForm,
    LeadForm,
    NodeForm,
    PolicyForm,
    ProjectForm,
)

__all__ = [
    "ApplicationForm",
    "ChainForm",
    "ContactForm",
    "EnterpriseForm",
    "InvestmentForm",
    "LeadForm",
    "MetricForm",
    "MilestoneForm",
    "NodeForm",
    "NodeRateForm",
    "PolicyForm",
    "ProjectForm",
    "ScheduleForm",
]
