"""The cases app's receivers, connected once from CasesConfig.ready():

- the calendar changed (core's `calendar_changed`, sent after commit by its calendar services; and
  the calendar models' own save/delete, for edits that bypass those services such as the admin
  site): recompute the due dates of open clocks. A second run finds nothing to move and writes
  nothing.
- a station, station member, deputy, region, chain or category was saved or deleted: bump the
  intake's version token, so every process forgets its memoized stations and categories (a rotated
  QR token must stop working at once, also after a shell edit).
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from shuanglian.chains.models import Chain
from shuanglian.core.models import CalendarOverride, CalendarYear
from shuanglian.core.signals import calendar_changed
from shuanglian.deputies.models import Deputy, Station, StationMember
from shuanglian.regions.models import Region

from .intake.stations import stations_changed
from .models import Category
from .services import case_recompute_deadlines

INTAKE_SOURCES = (Station, StationMember, Deputy, Region, Chain, Category)


def recompute_on_calendar_changed(sender=None, year=None, actor=None, **kwargs):
    case_recompute_deadlines(actor=actor, year=year)


def recompute_on_calendar_saved(sender, instance, **kwargs):
    year = getattr(instance, "year", None) or instance.date.year
    transaction.on_commit(lambda: case_recompute_deadlines(year=year))


def intake_sources_changed(sender, **kwargs):
    stations_changed()


def connect() -> None:
    calendar_changed.connect(recompute_on_calendar_changed, dispatch_uid="cases-recompute-deadlines")
    for model in (CalendarOverride, CalendarYear):
        post_save.connect(recompute_on_calendar_saved, sender=model,
                          dispatch_uid=f"cases-recompute-{model.__name__}-save")
        post_delete.connect(recompute_on_calendar_saved, sender=model,
                            dispatch_uid=f"cases-recompute-{model.__name__}-del")
    for model in INTAKE_SOURCES:
        post_save.connect(intake_sources_changed, sender=model, dispatch_uid=f"intake-stations-{model.__name__}-save")
        post_delete.connect(intake_sources_changed, sender=model, dispatch_uid=f"intake-stations-{model.__name__}-del")
