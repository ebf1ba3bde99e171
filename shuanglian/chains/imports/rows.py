"""Checking and writing the rows of an import file, on lib.excel's one import loop.

Enterprises go through services.enterprise_bulk_upsert (bulk statements, tens of thousands of rows);
projects by name, leads by target company, policies by 文号 (or title) within the chain's region,
the chain's own problems by title (imports/problems.py), through the services row by row (these lists are hundreds of rows, not tens of thousands).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from shuanglian.core.audit import audit_record
from shuanglian.core.errors import BusinessError
from shuanglian.core.permissions import subtree_q
from shuanglian.lib import excel
from shuanglian.lib.excel import RowError
from shuanglian.lib.uscc import uscc_normalize
from shuanglian.regions.models import Department, Region

from .. import services, validation
from ..models import Enterprise, ImportKind, Lead, Policy, Project
from .columns import COLUMNS, SPLIT
from .problems import check_problem, problem_cache, write_problem

PROGRESS_EVERY = 1000
# The page shows one figure, processed/total rows: checking the rows counts as the first
# VALIDATE_SHARE of the work, writing them as the rest (roughly their share of the time).
VALIDATE_SHARE = 0.5


class _Lookups:
    """Per-import caches: regions, the chain's nodes, the region's departments, enterprises."""

    def __init__(self, chain):
        self.chain = chain
        self.nodes = {}
        for node in chain.nodes.all():
            self.nodes.setdefault(node.name, node)
        self.regions = {}
        for r in Region.objects.all():
            self.regions[r.name] = r
            self.regions[r.code] = r
        self.departments = {d.name: d for d in Department.objects.filter(subtree_q(chain.region))}
        for d in list(self.departments.values()):
            if d.short_name:
                self.departments.setdefault(d.short_name, d)

    def node_list(self, raw, errors, number, header):
        names = [n.strip() for n in SPLIT.split(raw or "") if n.strip()]
        found = []
        for name in names:
            node = self.nodes.get(name)
            if node is None:
                errors.append(RowError(number, header, f"本产业链没有名为“{name}”的环节"))
            else:
                found.append(node)
        return found

    def node(self, raw, errors, number, header):
        nodes = self.node_list(raw, errors, number, header)
        return nodes[0] if nodes else None

    def department(self, raw, errors, number, header):
        if not raw:
            return None
        dept = self.departments.get(raw)
        if dept is None:
            errors.append(RowError(number, header, f"找不到部门“{raw}”（应为{self.chain.region.name}的部门名称）"))
        return dept


def _field_errors(number, columns, problems, errors):
    headers = {c.field: c.header for c in columns}
    for field, message in problems:
        errors.append(RowError(number, headers.get(field, ""), message))


def _refs(values, row, look, row_errors, number, header):
    if "node" in row:
        values["node"] = look.node(row["node"], row_errors, number, header["node"])
    if "responsible_department" in row:
        values["responsible_department"] = look.department(row["responsible_department"], row_errors, number,
                                                          header["responsible_department"])


_ENTERPRISE_FIELDS = {f.name: f for f in Enterprise._meta.concrete_fields if not f.is_relation}


def _model_field_errors(values, number, header, row_errors):
    """The model's own field checks (lengths, digits, ranges): what the service's full_clean
    would refuse, found here so that every error of the file is reported at once."""
    checked = {e.column for e in row_errors}
    for key, value in values.items():
        field = _ENTERPRISE_FIELDS.get(key)
        if field is None or value is None or header.get(key) in checked:
            continue
        try:
            field.clean(value, None)
        except ValidationError as exc:
            row_errors.append(RowError(number, header.get(key, ""), exc.messages[0]))


def checker(kind: str, chain):
    """Phase 1, one row at a time (lib.excel.import_rows calls it): the row's values made ready to
    write, as (row number, values, extras), every error appended to `errors`."""
    look = _Lookups(chain)
    columns = COLUMNS[kind]
    header = {c.field: c.header for c in columns}
    seen = {}

    def check(number, row, errors):
        row_errors: list[RowError] = []
        extras = {}
        # an empty cell (or a column the file leaves out) changes nothing on an existing record
        row = {k: v for k, v in row.items() if v not in (None, "")}
        if kind == ImportKind.ENTERPRISES:
            values = {k: v for k, v in row.items() if k not in ("nodes", "region")}
            values["uscc"] = uscc_normalize(values.get("uscc") or "")
            if row.get("region"):
                region = look.regions.get(row["region"])
                if region is None:
                    row_errors.append(RowError(number, header["region"], f"找不到区域“{row['region']}”"))
                values["region"] = region
            else:
                values["region"] = chain.region  # for a new firm; an existing one keeps its region
                extras["region_default"] = True
            extras["nodes"] = look.node_list(row.get("nodes"), row_errors, number, header["nodes"])
            _field_errors(number, columns, validation.enterprise_errors(values), row_errors)
            key = values["uscc"]
            if key:
                if key in seen:
                    row_errors.append(RowError(number, header["uscc"], f"与第{seen[key]}行的统一社会信用代码重复"))
                seen.setdefault(key, number)
            if not values["uscc"]:
                values["uscc"] = None
            _model_field_errors(values, number, header, row_errors)
        elif kind == ImportKind.PROJECTS:
            values = {k: v for k, v in row.items() if k not in ("owner", "node", "responsible_department")}
            _refs(values, row, look, row_errors, number, header)
            extras["owner"] = row.get("owner") or ""
            _field_errors(number, columns, validation.project_errors(values), row_errors)
            key = values.get("name")
            if key in seen:
                row_errors.append(RowError(number, header["name"], f"与第{seen[key]}行的项目名称重复"))
            seen.setdefault(key, number)
        elif kind == ImportKind.PROBLEMS:
            checked = check_problem(number, row, look, seen, row_errors)
            errors.extend(row_errors)
            return None if checked is None else (number, *checked)
        elif kind == ImportKind.LEADS:
            values = {k: v for k, v in row.items() if k not in ("node", "responsible_department")}
            _refs(values, row, look, row_errors, number, header)
            _field_errors(number, columns, validation.lead_errors(values), row_errors)
            key = values.get("target_company")
            if key in seen:
                row_errors.append(RowError(number, header["target_company"], f"与第{seen[key]}行的目标企业重复"))
            seen.setdefault(key, number)
        else:
            values = {k: v for k, v in row.items() if k != "nodes"}
            extras["nodes"] = look.node_list(row.get("nodes"), row_errors, number, header["nodes"])
            _field_errors(number, columns, validation.policy_errors(values), row_errors)
            key = values.get("doc_number") or values.get("title")
            if key in seen:
                row_errors.append(RowError(number, header["doc_number"], f"与第{seen[key]}行是同一政策"))
            seen.setdefault(key, number)
        errors.extend(row_errors)
        return number, values, extras

    return check


def _write_row(kind, chain, actor, number, values, extras, cache) -> bool:
    """Phase 2 for one row; returns True when the row created a record."""
    if kind == ImportKind.PROBLEMS:
        return write_problem(number, chain, actor, values, extras, cache["problems"])
    if kind == ImportKind.PROJECTS:
        owner_raw = extras["owner"]
        owner = cache["ent_by_uscc"].get(uscc_normalize(owner_raw)) or cache["ent_by_name"].get(owner_raw)
        values = {**values, "owner": owner, "owner_name": "" if owner else owner_raw}
        project = cache["projects"].get(values["name"])
        services.project_save(actor=actor, chain=chain, values=values, project=project)
        return project is None
    if kind == ImportKind.LEADS:
        lead = cache["leads"].get(values["target_company"])
        services.lead_save(actor=actor, chain=chain, values=values, lead=lead)
        return lead is None
    key = values.get("doc_number") or values.get("title")
    policy = cache["policies"].get(key)
    chains = list(policy.chains.all()) if policy else []
    if chain not in chains:
        chains.append(chain)
    services.policy_save(actor=actor, region=chain.region, values=values, policy=policy, chains=chains,
                         nodes=extras["nodes"] if extras["nodes"] else None)
    return policy is None


def _cache(kind, chain, prepared):
    cache = {}
    if kind == ImportKind.PROJECTS:
        cache["projects"] = {p.name: p for p in Project.objects.filter(chain=chain)}
        owners = {e["owner"] for _, _, e in prepared if e["owner"]}
        ents = list(Enterprise.objects.filter(name__in=owners)) + list(
            Enterprise.objects.filter(uscc__in=[uscc_normalize(o) for o in owners]))
        cache["ent_by_name"] = {e.name: e for e in ents}
        cache["ent_by_uscc"] = {e.uscc: e for e in ents if e.uscc}
    elif kind == ImportKind.PROBLEMS:
        cache["problems"] = problem_cache(chain)
    elif kind == ImportKind.LEADS:
        cache["leads"] = {lead.target_company: lead for lead in Lead.objects.filter(chain=chain)}
    else:
        cache["policies"] = {}
        for p in Policy.objects.filter(region=chain.region):
            cache["policies"].setdefault(p.doc_number or p.title, p)
            cache["policies"].setdefault(p.title, p)
    return cache


def run_import(*, kind: str, chain, file, actor, progress=None, filename: str = "") -> dict:
    """Import `file` into `chain` (lib.excel.import_rows: all or nothing, every error reported).
    Returns {"created", "updated", "errors": [str], "total"}; on any error nothing is written.

    `progress(done, total)` is called as rows are checked and (for enterprises) written; `done`
    runs from 0 to `total` over the whole import (VALIDATE_SHARE of it for the checks)."""
    services.require_chain_writer(actor, chain.region)
    filename = filename or getattr(file, "name", "") or ""
    bulk = kind == ImportKind.ENTERPRISES
    share = VALIDATE_SHARE if bulk else 1.0

    def write_rows(prepared):
        cache = _cache(kind, chain, prepared)
        created = updated = 0
        for number, values, extras in prepared:
            try:
                if _write_row(kind, chain, actor, number, values, extras, cache):
                    created += 1
                else:
                    updated += 1
            except BusinessError as exc:
                raise excel.ImportRefused([RowError(number, "", exc.message)]) from None
        audit_record(event_type=f"{kind}.import", actor=actor, target=chain,
                     changes={"file": filename, "created": created, "updated": updated},
                     note=f"导入{ImportKind(kind).label}《{filename}》：新增{created}，更新{updated}")
        return created, updated

    def write_bulk(prepared):
        """Enterprises: the whole file through services.enterprise_bulk_upsert (bulk statements,
        its own transaction after a read-only plan)."""
        rows = [services.BulkRow(number, values, {n.pk for n in extras["nodes"]}, extras.get("region_default", False))
                for number, values, extras in prepared]
        n = len(rows)
        prepared.clear()
        try:
            result = services.enterprise_bulk_upsert(
                actor=actor, chain=chain, rows=rows, filename=filename,
                plan_progress=(lambda i: progress(int(n * share * (1 + i / n) / 2), n)) if progress else None,
                write_progress=(lambda f: progress(int(n * (share + (1 - share) * f)), n)) if progress else None)
        except BusinessError as exc:
            raise excel.ImportRefused([RowError(0, "", exc.message)]) from None
        if result.errors:
            raise excel.ImportRefused(result.errors)
        return result.created, result.updated

    outcome = excel.import_rows(
        file, COLUMNS[kind], check=checker(kind, chain), write=write_bulk if bulk else write_rows,
        progress=progress, check_share=share / 2 if bulk else 1.0, atomic=not bulk, every=PROGRESS_EVERY)
    return outcome.as_dict()
