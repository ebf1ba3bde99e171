"""Whom a brief is written for: the region's leaders. A brief is one document per region and
month, the same whoever generates it (or the daily sweep, with nobody logged in), so its content is
read through the apps' own funnels (rates scope, case_list, opinion_list, suggestion_list,
chain_list) as a read-only leader of that region reads them — never through a second scope rule.
A confidential case's title is a leader's view: hidden."""

from __future__ import annotations

from dataclasses import dataclass

from shuanglian.core.models import Role


@dataclass(frozen=True)
class RegionReader:
    """A stand-in for "a leader of `region`" where the funnels ask for a user. It cannot log in
    and owns nothing: no id, no department, not a superuser."""

    region: object
    role: str = Role.LEADER
    pk: None = None
    id: None = None
    department_id: None = None
    department: None = None
    is_superuser: bool = False
    is_staff: bool = False
    is_active: bool = True
    is_authenticated: bool = True
    is_anonymous: bool = False

    @property
    def region_id(self):
        return self.region.pk

    def __str__(self):
        return f"{self.region.name}领导"
