"""The problem list's rows in an import (问题清单): checked like the other lists' rows, written
through services.problem_save / problem_resolve, matched to the chain's problems by title.

An exported file imports as it is: its 来源 column tells the chain's own problems (imported) from
the closed loop's demands (企业诉求, skipped: they are changed in the loop, never by a file), its
企业 and 灯色 columns are ignored, and a problem exported as 已解决 stays resolved unchanged.
"""

from __future__ import annotations

from django.utils import timezone

from shuanglian.lib.excel import CellError, ImportRefused, RowError

from .. import services, validation
from ..models import ChainProblem
from ..problems import problem_sources
from .columns import PROBLEM_COLUMNS, PROBLEM_KIND, PROBLEM_OWN_SOURCE, problem_status

HEADER = {c.field: c.header for c in PROBLEM_COLUMNS}
_FIELDS = ("title", "kind", "description", "raised_on", "due_on")


def check_problem(number, row, look, seen, errors):
    """One row made ready to write as (values, extras), or None for a row of another source."""
    source = row.get("source") or PROBLEM_OWN_SOURCE
    if source != PROBLEM_OWN_SOURCE:
        if source in {s.label for s in problem_sources()}:
            return None
        errors.append(RowError(number, HEADER["source"], f"“{source}”不是问题来源（应为“{PROBLEM_OWN_SOURCE}”或留空）"))
    values = {k: row[k] for k in _FIELDS if k in row}
    resolved, resolved_on = False, None
    for field, parse in (("kind", PROBLEM_KIND), ("status", problem_status)):
        if field in row:
            try:
                parsed = parse(row[field])
            except CellError as exc:
                errors.append(RowError(number, HEADER[field], str(exc)))
                continue
            if field == "kind":
                values["kind"] = parsed
            else:
                resolved, resolved_on = parsed
    if "node" in row:
        values["node"] = look.node(row["node"], errors, number, HEADER["node"])
    if "responsible_department" in row:
        values["responsible_department"] = look.department(row["responsible_department"], errors, number,
                                                          HEADER["responsible_department"])
    extras = {"resolved": resolved, "resolved_on": resolved_on, "resolution": row.get("resolution") or "",
              "reopen": bool(row.get("status")) and not resolved}
    checked = {**values, "resolved_on": resolved_on}
    for field, message in validation.problem_errors(checked, today=timezone.localdate()):
        errors.append(RowError(number, HEADER.get(field if field != "resolved_on" else "status", ""), message))
    key = values.get("title")
    if key in seen:
        errors.append(RowError(number, HEADER["title"], f"与第{seen[key]}行的问题重复"))
    seen.setdefault(key, number)
    return values, extras


def problem_cache(chain) -> dict:
    """The chain's problems by title; a title used twice cannot say which one a row updates."""
    by_title: dict = {}
    for p in ChainProblem.objects.filter(chain=chain).order_by("pk"):
        by_title.setdefault(p.title, []).append(p)
    return by_title


def write_problem(number, chain, actor, values, extras, by_title) -> bool:
    """Phase 2 for one row; True when it created a problem."""
    found = by_title.get(values["title"], [])
    if len(found) > 1:
        raise ImportRefused([RowError(number, HEADER["title"],
                                      f"本产业链有{len(found)}条同名问题，无法确定更新哪一条，请先在页面上区分它们")])
    problem = found[0] if found else None
    if extras["reopen"] and problem is not None and problem.resolved_on is not None:
        raise ImportRefused([RowError(number, HEADER["status"], "该问题已解决销号，不能改回未解决")])
    problem = services.problem_save(actor=actor, chain=chain, values=values, problem=problem)
    if extras["resolved"] and problem.resolved_on is None:
        if not extras["resolution"].strip():
            raise ImportRefused([RowError(number, HEADER["resolution"], "状态为已解决时，请填写解决情况")])
        services.problem_resolve(actor=actor, problem=problem, resolution=extras["resolution"],
                                 resolved_on=extras["resolved_on"])
    return not found
