"""Entry by staff and deputies: one intake path for every channel."""

from __future__ import annotations

from ..intake.services import case_submit
from ..models import Case


def case_create(*, actor, **fields) -> Case:
    """Staff or a deputy enters a case from a visit, reception day or inspection. Delegates to
    intake.case_submit (one intake path for every channel)."""
    return case_submit(actor=actor, **fields)
