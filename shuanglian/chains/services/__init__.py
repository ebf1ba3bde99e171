"""Every write of the chain module (DESIGN.md §4.1): keyword-only, explicit actor, one
transaction, one audit event. Views, the API, imports and the demo call these (always as
`services.<name>`; the modules below group them by list).

(The panorama cache, shuanglian.chains.cache, follows every save through model signals; the
services need not tell it — except the enterprise bulk upsert, whose bulk statements send none.)
"""

from .base import require_chain_writer
from .chains import (
    chain_save,
    metric_save,
    node_delete,
    node_dependents,
    node_rate,
    node_save,
    schedule_setting_set,
)
from .enterprises import BulkRow, enterprise_bulk_upsert, enterprise_save
from .leads import lead_advance, lead_record_contact, lead_save
from .policies import (
    policy_application_record,
    policy_save,
    problem_raise,
    problem_resolve,
    problem_save,
)
from .projects import milestone_save, project_advance, project_record_investment, project_save

__all__ = [
    "BulkRow", "chain_save", "enterprise_bulk_upsert", "enterprise_save", "lead_advance",
    "lead_record_contact", "lead_save", "metric_save", "milestone_save", "node_delete", "node_dependents",
    "node_rate", "node_save", "policy_application_record", "policy_save", "problem_raise", "problem_resolve",
    "problem_save", "project_advance", "project_record_investment", "project_save", "require_chain_writer",
    "schedule_setting_set",
]
