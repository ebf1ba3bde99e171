"""Reads of the suggestions app through the permission funnel (DESIGN.md §4.4).

Who reads what:
- admin: everything; staff and leaders: their region subtree (staff write, leaders read only);
- a deputy: the suggestions they lead or co-sign — nothing else;
- a unit's handlers and leaders: the suggestions assigned to their unit, as lead or co-unit;
- everyone else nothing. Unreadable is 404 like a missing id; readable but not writable is 403.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from shuanglian.core.models import Role
from shuanglian.core.permissions import (
    deny_read,
    is_admin,
    is_department_role,
    reads_region,
    region_subtree_q,
)
from shuanglian.duties.selectors import NOT_COUNTED
from shuanglian.lib import lights
from shuanglian.lib.parse import id_or_none

from .models import Commitment, Status, Suggestion

UNIT_STATUSES = [Status.ASSIGNED, Status.ANSWERED, Status.REHANDLING, Status.CLOSED]


def suggestion_list(user):
    qs = Suggestion.objects.select_related("region", "lead_deputy", "lead_unit")
    if user is None or not user.is_authenticated:
        return qs.none()
    if is_admin(user):
        return qs
    if reads_region(user):
        return qs.filter(region_subtree_q(user))
    if is_department_role(user):
        dept = user.department_id
        ids = Suggestion.co_units.through.objects.filter(department_id=dept).values("suggestion_id")
        return qs.filter(Q(lead_unit_id=dept) | Q(pk__in=ids), status__in=UNIT_STATUSES)
    if user.role == Role.DEPUTY:
        deputy = getattr(user, "deputy", None)
        if deputy is None:
            return qs.none()
        ids = Suggestion.co_signers.through.objects.filter(deputy_id=deputy.pk).values("suggestion_id")
        return qs.filter(Q(lead_deputy_id=deputy.pk) | Q(pk__in=ids))
    return qs.none()


def with_light(qs, on: dt.date):
    return qs.annotate(light=lights.deadline_light_expression(on),
                       light_rank=lights.deadline_rank_expression(on))


def access_suggestion(user, suggestion_id) -> Suggestion:
    pk = id_or_none(suggestion_id)
    s = suggestion_list(user).filter(pk=pk).first() if pk is not None else None
    if s is None:
        deny_read()
    return s


def access_commitment(user, commitment_id) -> Commitment:
    pk = id_or_none(commitment_id)
    c = (Commitment.objects.filter(pk=pk, suggestion__in=suggestion_list(user)).select_related("suggestion__region")
         .first() if pk is not None else None)
    if c is None:
        deny_read()
    return c


def suggestion_detail(s: Suggestion) -> Suggestion:
    """The suggestion with everything its page shows, in a fixed number of queries."""
    return (Suggestion.objects.select_related("region", "lead_deputy", "lead_unit", "source_activity",
                                              "source_reception__station", "source_case", "split_from")
            .prefetch_related("co_signers", "co_units", "co_opinions__department", "commitments", "parts")
            .get(pk=s.pk))


# --- the public record (代表法 art. 58: deputies' duty record is made public) --------------------

# Standing as suggestions: not drafts, not withdrawn, not refused, not the parent of a split (its
# parts stand instead) — the rule the station wall counts by (duties.selectors.NOT_COUNTED).
NOT_STANDING = NOT_COUNTED


def standing_suggestions():
    return Suggestion.objects.exclude(status__in=NOT_STANDING).select_related("lead_deputy")


def public_suggestions():
    """What the public record shows: standing suggestions, except those made from a demand marked
    confidential (商业秘密: its title may name the enterprise)."""
    return standing_suggestions().exclude(source_case__confidential=True)


def deputy_suggestions(deputy, year: int):
    """The public suggestions a deputy led, submitted in `year`, by submission."""
    return public_suggestions().filter(lead_deputy=deputy, submitted_on__year=year).order_by("submitted_on", "pk")
