"""The problem list's share of the chain module: the light of a chain-level problem, and the
problem sources of apps above this one.

Problems raised by an enterprise live in the closed loop (cases), an app above chains in the
layering (docs/architecture.md): chains never imports it. Instead that app registers a *problem
source* at start-up (`register_problem_source`, from its AppConfig.ready), and the panorama, the
problem list, the workbook and the node-removal check ask every registered source. Without one
(chains installed alone) they show the chain-level problems only.

A chain-level problem's light is the house rule (lib.lights) with its own warning date: a
problem is yellow from PROBLEM_WARN_DAYS before its planned solution date, red after it, green
before (or without a date), no light once resolved. `problem_light` and `problem_light_q` are
the Python and SQL forms of that one rule (tests/test_problem_sources.py checks they agree).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from django.db.models import Q

from shuanglian.lib import lights

PROBLEM_WARN_DAYS = 7


def problem_warn(due_on: dt.date | None) -> dt.date | None:
    return due_on - dt.timedelta(days=PROBLEM_WARN_DAYS) if due_on else None


def problem_light(due_on: dt.date | None, resolved_on: dt.date | None, on: dt.date) -> str:
    """The light of one chain-level problem on day `on` ("" once resolved)."""
    if resolved_on is not None:
        return lights.NONE
    return lights.deadline_light(due_on, problem_warn(due_on), on) or lights.GREEN


def problem_light_q(light: str, on: dt.date) -> Q:
    """SQL twin of `problem_light` for an open problem (red, yellow or green). The warning date is
    due − PROBLEM_WARN_DAYS, so "warn ≤ on" is "due ≤ on + PROBLEM_WARN_DAYS"."""
    soon = on + dt.timedelta(days=PROBLEM_WARN_DAYS)
    if light == lights.RED:
        return lights.deadline_light_q(lights.RED, on, due="due_on")
    if light == lights.YELLOW:
        return Q(due_on__gte=on, due_on__lte=soon)
    if light == lights.GREEN:
        return Q(due_on__isnull=True) | Q(due_on__gt=soon)
    raise ValueError(f"unknown light {light!r}")


class ProblemSource:
    """What an app above chains offers the chain module's problem figures. Subclass and register.

    `label` and `unit` name its items where the chain module counts them ("企业诉求", "件").
    """

    label = ""
    unit = "件"

    def counts_by_node(self, chain, on: dt.date) -> dict:
        """{node id or None: {"green", "yellow", "red", "resolved": int}} for one chain."""
        return {}

    def rows(self, user, *, on: dt.date, chain_id=None, node_ids=None, kind: str = "",
             limit: int | None = None) -> Iterator[tuple[object, str, list]]:
        """(item, light, cells) of the items `user` may read, cells as exports.PROBLEM_HEADERS."""
        return iter(())

    def count_on_node(self, node) -> int:
        """Items still attached to a node (a node with any may not be removed)."""
        return 0

    def for_enterprise(self, user, enterprise, *, limit: int = 50) -> list[dict]:
        """An enterprise file's items: dicts with number, title, status, submitted_on."""
        return []


_sources: list[ProblemSource] = []


def register_problem_source(source: ProblemSource) -> None:
    """Add a source (idempotent: AppConfig.ready may run more than once in tests)."""
    if not any(type(s) is type(source) for s in _sources):
        _sources.append(source)


def problem_sources() -> tuple[ProblemSource, ...]:
    return tuple(_sources)


def source_rows(user, *, on: dt.date, **filters) -> Iterable[tuple[object, str, list]]:
    for source in _sources:
        yield from source.rows(user, on=on, **filters)
