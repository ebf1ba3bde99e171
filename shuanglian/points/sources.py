"""The event sources of the apps above points (cases, duties, later suggestions).

Points sits below those apps in the layering (docs/architecture.md) and never imports them. Each
app calls `point_award` from its own services when a verified event happens (one line, in the same
transaction), and registers an *event source* at start-up (its AppConfig.ready) that yields the
same events for a period: the rebuild replays them (rebuild.py). A source must yield exactly the
events its services award, with the same rule code, source key and day — the property test checks
that rebuild and incremental agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class PointEvent:
    occurred_on: dt.date
    source_key: str
    deputy_id: int
    rule_code: str


class EventSource:
    """Subclass and register. `label` names the source in the rebuild's report."""

    label = ""

    def events(self, start: dt.date, end: dt.date) -> Iterator[PointEvent]:
        """The verified events that occurred from `start` to `end` (both included)."""
        return iter(())


_sources: list[EventSource] = []


def register_event_source(source: EventSource) -> None:
    """Add a source (idempotent: AppConfig.ready may run more than once in tests)."""
    if not any(type(s) is type(source) for s in _sources):
        _sources.append(source)


def unregister_event_source(source_type: type) -> None:
    """For tests that install a source of their own."""
    _sources[:] = [s for s in _sources if type(s) is not source_type]


def event_sources() -> tuple[EventSource, ...]:
    return tuple(_sources)
