"""Excel in for the four maintained lists (企业 / 项目 / 招商 / 政策), into one chain.

Two phases, so an import is all-or-nothing and every error is reported at once:
1. parse and validate every row (lib.excel.read_table for cells, chains.validation for the same
   rules the forms and API use, the model's own field checks — lengths, digits — and look-ups of
   regions, nodes and departments); progress of this phase is visible to the page;
2. if no row has an error, write everything inside one transaction; a business error there rolls
   everything back and is reported by row.
Enterprises are upserted by USCC in bulk (bulk_create / bulk_update in batches, node links as
bulk inserts/deletes on the through table, ONE audit event for the whole file with its counts);
projects by name, leads by target company, policies by 文号 (or title) within the chain's region,
through the services row by row (these lists are hundreds of rows, not tens of thousands).

An empty cell (or a column the file leaves out) changes nothing on an existing record — this
includes 所属环节: an existing firm keeps its links to this chain's nodes unless the cell names
nodes, which then replace its links within this chain (links to other chains are never touched).

Progress during the write phase: the transaction's own updates are invisible to the polling page
until commit, so each batch reports through a second database connection in autocommit mode
(PostgreSQL). SQLite has one writer at a time: a second connection would wait for the import's
own lock, so there the page shows the progress reached before the write transaction began and
“导入中” until it commits; the heavy preparation happens before the transaction so that the
database is locked only for the bulk statements themselves (seconds for 50 000 rows).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import (
    DEFAULT_DB_ALIAS,
    DatabaseError,
    connection,
    connections,
    transaction,
)
from django.utils import timezone

from shuanglian.core.audit import audit_record
from shuanglian.core.errors import BusinessError
from shuanglian.core.permissions import subtree_q
from shuanglian.lib import excel
from shuanglian.lib.excel import Column, RowError
from shuanglian.lib.uscc import uscc_normalize
from shuanglian.regions.models import Department, Region

from . import services, validation
from .models import (
    Enterprise,
    ImportJob,
    ImportKind,
    ImportStatus,
    Lead,
    LeadStage,
    Policy,
    Project,
    ProjectKind,
    ProjectStage,
    Scale,
)


def optional(parse):
    """A parser that leaves an empty cell empty (the model default applies)."""

    def wrapped(value):
        return "" if value in (None, "") else parse(value)

    return wrapped


INLINE_MAX_BYTES = 256 * 1024  # smaller files are imported at once; larger ones in the background
PROGRESS_EVERY = 1000
# The page shows one figure, processed/total rows: checking the rows counts as the first
# VALIDATE_SHARE of the work, writing them as the rest (roughly their share of the time).
VALIDATE_SHARE = 0.5
SPLIT = re.compile(r"[、,，;；/]+")

ENTERPRISE_COLUMNS = [
    Column("企业名称", "name", required=True, example="重庆市乾凤锻造有限公司"),
    Column("统一社会信用代码", "uscc", help="18位，按此更新已有企业", example="91500109MA5U3X2K0B"),
    Column("所属区域", "region", help="区县/镇街名称或区划代码；留空为产业链所在区域", example="北碚区"),
    Column("规模", "scale", parse=optional(excel.choice(dict(Scale.choices))), help="规上 / 规下", example="规上"),
    Column("链主", "is_chain_master", parse=optional(excel.yes_no), help="是 / 否", example="否"),
    Column("小链长", "is_sub_chain_leader", parse=optional(excel.yes_no), example="否"),
    Column("专精特新", "is_specialised", parse=optional(excel.yes_no), example="是"),
    Column("小巨人", "is_little_giant", parse=optional(excel.yes_no), example="否"),
    Column("高新技术", "is_high_tech", parse=optional(excel.yes_no), example="是"),
    Column("所属环节", "nodes", help="本产业链的环节名称，多个用“、”分隔", example="传动系统"),
    Column("年产值（亿元）", "output", parse=excel.decimal, example="3.25"),
    Column("从业人数", "employees", parse=excel.integer, example="420"),
    Column("地址", "address", example="北碚区蔡家岗街道"),
    Column("服务专员", "specialist_name", help="一企一专员", example="李明"),
    Column("做大做强", "cultivate_scale_up", parse=optional(excel.yes_no), example="否"),
    Column("专精特新培育", "cultivate_specialised", parse=optional(excel.yes_no), example="是"),
    Column("上市培育", "cultivate_listing", parse=optional(excel.yes_no), example="否"),
    Column("一企一方案", "plan", example="扩产用地保障；天然气接入"),
]
PROJECT_COLUMNS = [
    Column("项目名称", "name", required=True, help="同一产业链内按名称更新", example="乾凤锻造扩能项目"),
    Column("类别", "kind", parse=optional(excel.choice(dict(ProjectKind.choices))), example="产业"),
    Column("业主单位", "owner", help="企业名称或统一社会信用代码", example="重庆市乾凤锻造有限公司"),
    Column("环节", "node", example="传动系统"),
    Column("总投资（亿元）", "total_investment", required=True, parse=excel.decimal, example="5.2"),
    Column("计划年度", "year", required=True, parse=excel.integer, example="2025"),
    Column("年度计划投资（亿元）", "annual_plan", parse=excel.decimal, example="1.8"),
    Column("阶段", "stage", parse=optional(excel.choice(dict(ProjectStage.choices))), help="谋划/洽谈/签约/开工/建设/投产/达产", example="建设"),
    Column("计划开工月份", "planned_start", parse=excel.date, help="如 2025-03-01", example="2025-03-01"),
    Column("责任单位", "responsible_department", example="区经济信息委"),
]
LEAD_COLUMNS = [
    Column("目标企业", "target_company", required=True, help="同一产业链内按名称更新", example="某电芯科技有限公司"),
    Column("补链环节", "node", example="电芯"),
    Column("意向投资（亿元）", "intended_investment", parse=excel.decimal, example="20"),
    Column("到位资金（亿元）", "capital_in_place", parse=excel.decimal, example="0"),
    Column("阶段", "stage", parse=optional(excel.choice(dict(LeadStage.choices))), help="线索/接洽/考察/谈判/签约/注册/拿地/开工/投产", example="接洽"),
    Column("责任单位", "responsible_department", example="区投资促进中心"),
    Column("责任人", "responsible_person", example="张三"),
    Column("最近对接", "last_contact", parse=excel.date, example="2025-04-10"),
    Column("下一步", "next_step", example="组织赴企业考察"),
]
POLICY_COLUMNS = [
    Column("政策名称", "title", required=True, example="北碚区支持汽摩产业高质量发展若干措施"),
    Column("发文单位", "issuer", required=True, example="北碚区人民政府"),
    Column("文号", "doc_number", help="按文号（无文号按名称）更新", example="北碚府发〔2025〕3号"),
    Column("发布日期", "issued_on", parse=excel.date, example="2025-02-01"),
    Column("施行日期", "valid_from", parse=excel.date, example="2025-02-01"),
    Column("有效期至", "valid_to", parse=excel.date, example="2027-12-31"),
    Column("适用环节", "nodes", help="多个用“、”分隔；留空为全链", example="动力电池、电机电控"),
    Column("支持内容摘要", "benefit_summary", example="固定资产投资补助最高1000万元"),
]
COLUMNS = {
    ImportKind.ENTERPRISES: ENTERPRISE_COLUMNS, ImportKind.PROJECTS: PROJECT_COLUMNS,
    ImportKind.LEADS: LEAD_COLUMNS, ImportKind.POLICIES: POLICY_COLUMNS,
}


def template(kind: str):
    return excel.template_workbook(
        COLUMNS[kind], title=ImportKind(kind).label,
        notes=["导入为“全部成功或全部不导入”：任何一行有错误，整个文件都不会导入，请按提示修改后重新上传。"],
    )


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


def prepare(kind: str, chain, table: excel.Table, progress=None):
    """Phase 1: turn parsed rows into (row number, values, extras) and collect every error."""
    errors = list(table.errors)
    look = _Lookups(chain)
    columns = COLUMNS[kind]
    header = {c.field: c.header for c in columns}
    prepared = []
    seen = {}
    for i, (number, row) in enumerate(table.rows, start=1):
        if progress and i % PROGRESS_EVERY == 0:
            progress(i)
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
        prepared.append((number, values, extras))
    return prepared, errors


def _write_row(kind, chain, actor, values, extras, cache) -> bool:
    """Phase 2 for one row; returns True when the row created a record."""
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
    elif kind == ImportKind.LEADS:
        cache["leads"] = {lead.target_company: lead for lead in Lead.objects.filter(chain=chain)}
    else:
        cache["policies"] = {}
        for p in Policy.objects.filter(region=chain.region):
            cache["policies"].setdefault(p.doc_number or p.title, p)
            cache["policies"].setdefault(p.title, p)
    return cache


def run_import(*, kind: str, chain, file, actor, progress=None, filename: str = "") -> dict:
    """Import `file` into `chain`. Returns {"created", "updated", "errors": [str], "total"}; on any
    error nothing is written.

    `progress(done, total)` is called as rows are checked and (for enterprises) written; `done`
    runs from 0 to `total` over the whole import (VALIDATE_SHARE of it for the checks)."""
    services.require_chain_writer(actor, chain.region)
    filename = filename or getattr(file, "name", "") or ""
    table = excel.read_table(file, COLUMNS[kind])
    total = len(table.rows)
    if progress:
        progress(0, total)
    bulk = kind == ImportKind.ENTERPRISES
    share = VALIDATE_SHARE if bulk else 1.0

    def checked(done):  # rows checked → overall progress
        progress(int(done * share), total)

    def written(fraction):  # share of the writes done → overall progress
        progress(int(total * (share + (1 - share) * fraction)), total)

    prepared, errors = prepare(kind, chain, table, progress=(lambda done: checked(done / 2 if bulk else done))
                               if progress else None)
    del table  # the parsed cells: `prepared` has what is needed
    if not errors and not prepared:
        errors = [RowError(2, "", "文件中没有数据行")]
    if errors:
        return _failed(errors, total)
    if bulk:
        return _run_bulk(chain, actor, prepared, filename, total, progress=progress and (checked, written))
    if progress:
        checked(total)
    created = updated = 0
    current = None
    try:
        with transaction.atomic():
            cache = _cache(kind, chain, prepared)
            for number, values, extras in prepared:
                current = number
                if _write_row(kind, chain, actor, values, extras, cache):
                    created += 1
                else:
                    updated += 1
            audit_record(event_type=f"{kind}.import", actor=actor, target=chain,
                         changes={"file": filename, "created": created, "updated": updated},
                         note=f"导入{ImportKind(kind).label}《{filename}》：新增{created}，更新{updated}")
    except BusinessError as exc:
        return _failed([RowError(current or 0, "", exc.message)], total)
    return {"created": created, "updated": updated, "errors": [], "total": total}


def _failed(errors, total) -> dict:
    return {"created": 0, "updated": 0, "errors": [str(e) for e in errors], "total": total}


def _run_bulk(chain, actor, prepared, filename, total, progress=None) -> dict:
    """Enterprises: the whole file through services.enterprise_bulk_upsert (bulk statements)."""
    checked, written = progress or (None, None)
    rows = [services.BulkRow(number, values, {n.pk for n in extras["nodes"]}, extras.get("region_default", False))
            for number, values, extras in prepared]
    del prepared
    try:
        result = services.enterprise_bulk_upsert(
            actor=actor, chain=chain, rows=rows, filename=filename,
            plan_progress=(lambda i: checked(total / 2 + i / 2)) if checked else None,
            write_progress=written)
    except BusinessError as exc:
        return {"created": 0, "updated": 0, "errors": [exc.message], "total": total}
    if result.errors:
        return _failed(result.errors, total)
    return {"created": result.created, "updated": result.updated, "errors": [], "total": total}


# --- import jobs (background) ----------------------------------------------------------------

def import_job_create(*, actor, chain, kind: str, upload, run_later=None) -> ImportJob:
    """Store the upload and start its import: at once for small files, in the background otherwise
    — through `run_later(job_id)`, called once the transaction commits (the view passes the
    background task's enqueue; this module does not know the task, which imports it). Without
    `run_later` every file is imported at once."""
    services.require_chain_writer(actor, chain.region)
    if kind not in ImportKind.values:
        raise BusinessError("不支持的导入类型", code="invalid_kind")
    job = ImportJob(kind=kind, chain=chain, actor=actor, filename=getattr(upload, "name", "")[:200])
    job.file.save(f"{kind}-{timezone.now():%Y%m%d%H%M%S}.xlsx", ContentFile(upload.read()), save=False)
    job.save()
    audit_record(event_type="import_job.create", actor=actor, target=chain, note=f"上传{ImportKind(kind).label}：{job.filename}")
    size = getattr(upload, "size", None) or job.file.size
    if run_later is None or size <= INLINE_MAX_BYTES:
        import_job_run(job.pk)
    else:
        transaction.on_commit(lambda: run_later(job.pk))
    job.refresh_from_db()
    return job


class _JobProgress:
    """Writes a job's progress where the polling page can see it at once.

    Outside the write transaction: an ordinary UPDATE (autocommit). Inside it: through a second
    connection in autocommit mode — only when the import's transaction is the outermost one
    (the background worker; never inside a caller's transaction, whose uncommitted job row a
    second connection would wait for) and not on SQLite (one writer at a time: the second
    connection would wait for the import's own lock). Progress is best-effort: a failure to
    report never fails the import.
    """

    def __init__(self, job_id):
        self.job_id = job_id
        self.side = None
        self.side_ok = not connection.in_atomic_block and connection.vendor != "sqlite"
        self.last = None

    def __call__(self, done, total):
        if (done, total) == self.last:
            return
        self.last = (done, total)
        if not connection.in_atomic_block:
            ImportJob.objects.filter(pk=self.job_id).update(processed=done, total=total)
        elif self.side_ok:
            try:
                if self.side is None:
                    self.side = connections.create_connection(DEFAULT_DB_ALIAS)
                    if self.side.vendor == "postgresql":
                        with self.side.cursor() as cursor:  # never wait long for a row lock
                            cursor.execute("SET lock_timeout = '2s'")
                with self.side.cursor() as cursor:
                    cursor.execute(
                        f"UPDATE {self.side.ops.quote_name(ImportJob._meta.db_table)} SET processed = %s, total = %s WHERE id = %s",
                        [done, total, self.job_id],
                    )
            except DatabaseError:
                self.side_ok = False

    def close(self):
        if self.side is not None:
            self.side.close()
            self.side = None


def import_job_run(job_id: int) -> ImportJob:
    """Run one import job (the background task body; safe to call directly, idempotent once finished)."""
    job = ImportJob.objects.select_related("chain__region", "actor").get(pk=job_id)
    if job.is_finished:
        return job
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING)
    progress = _JobProgress(job.pk)
    with job.file.open("rb") as fh:
        try:
            result = run_import(kind=job.kind, chain=job.chain, file=fh, actor=job.actor, progress=progress,
                                filename=job.filename)
        except Exception as exc:  # an unexpected failure must not leave the job "running" forever
            result = {"created": 0, "updated": 0, "errors": [f"导入失败：{exc}"], "total": 0}
        finally:
            progress.close()
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.FAILED if result["errors"] else ImportStatus.DONE,
        total=result["total"], processed=result["total"], created=result["created"], updated=result["updated"],
        errors=result["errors"][:1000], finished_at=timezone.now(),
    )
    job.refresh_from_db()
    return job
