"""The intelligence app's receivers, connected once from IntelligenceConfig.ready():

- a case was created: after the commit, index its text for similar-case search (the suggestion
  itself is recorded when staff first see it, or at assignment: services.suggestion_record);
- a case got its (first) lead department: record staff's final choice next to that suggestion.

Both run after the intake's or the assignment's commit and never fail it: a failure is logged and
the case simply has no index rows or suggestion row (the similar search and the agreement figure
are then missing one case, nothing else).
"""

import logging

from django.db import transaction
from django.db.models.signals import post_save

from shuanglian.cases.models import Case

from . import services

log = logging.getLogger(__name__)


def _safely(fn, case):
    def run():
        try:
            fn(case=case)
        except Exception:  # noqa: BLE001 - see the module docstring: never fail the case's own work
            log.exception("智能分办：处理诉求 %s 失败", case.pk)
    return run


def case_saved(sender, instance, created, update_fields=None, raw=False, **kwargs):
    if raw:
        return
    if created:
        transaction.on_commit(_safely(services.case_index, instance))
    elif update_fields and "lead_department_id" in update_fields and instance.lead_department_id:
        transaction.on_commit(_safely(services.suggestion_choice_record, instance))


def connect() -> None:
    post_save.connect(case_saved, sender=Case, dispatch_uid="intelligence-case-saved")
