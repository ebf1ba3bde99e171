"""The enterprise import writes in bulk: one audit event for the whole file, links replaced only
where the file names nodes, the same checks as the forms (including the model's own field
limits) before anything is written, progress visible to the polling page while it writes."""

from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.db import DEFAULT_DB_ALIAS, connection, connections

from shuanglian.chains import imports, services
from shuanglian.chains.models import Enterprise, ImportJob
from shuanglian.chains.services import enterprises as bulk_services
from shuanglian.core.models import AuditEvent

from .test_imports import ENT_HEADERS, good_row, upload, xlsx


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_one_audit_event_for_the_whole_file_with_its_counts(client_for, chain_data):
    forge = chain_data["forge"]
    stamp = forge.updated_at
    client = client_for("staff")
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    rows = [good_row(30), good_row(31), good_row(32, **{"企业名称": forge.name, "统一社会信用代码": forge.uscc,
                                                        "所属环节": "原材料、齿轮", "从业人数": 500}),
            good_row(33, **{"企业名称": chain_data["master"].name, "统一社会信用代码": chain_data["master"].uscc,
                            "所属区域": None, "规模": "规上", "链主": "是", "所属环节": "整车",
                            "年产值（亿元）": "68.50", "从业人数": None})]
    job, html = upload(client, chain_data["chain"], "enterprises", xlsx(ENT_HEADERS, rows, name="企业名单.xlsx"))
    assert job.status == "done" and (job.created, job.updated) == (2, 2)
    events = list(AuditEvent.objects.filter(id__gt=last).exclude(event_type="auth.login").order_by("id"))
    assert [e.event_type for e in events] == ["import_job.create", "enterprises.import"]
    changes = events[1].changes
    assert changes["file"] == "企业名单.xlsx"
    assert (changes["created"], changes["updated"], changes["unchanged"]) == (2, 1, 1)
    assert "企业名单.xlsx" in events[1].note and "新增2" in events[1].note
    forge.refresh_from_db()
    assert forge.employees == 500 and forge.updated_at > stamp


def test_links_change_only_where_the_file_names_nodes(client_for, chain_data, personas, regions):
    c, staff = chain_data, personas["staff"]
    other = services.chain_save(actor=staff, values={"name": "齿轮传动产业链", "region": regions["beibei"]})
    other_gear = services.node_save(actor=staff, chain=other, values={"name": "传动齿轮", "stage": "midstream"})
    forge = c["forge"]
    services.enterprise_save(actor=staff, enterprise=forge, values={}, nodes=[c["up"], c["gear"], other_gear])
    master = c["master"]
    rows = [
        # names a node: replaces the firm's links in this chain, keeps the other chain's
        good_row(40, **{"企业名称": forge.name, "统一社会信用代码": forge.uscc, "所属环节": "整车", "所属区域": None}),
        # leaves the cell empty: links and region stay as they are
        good_row(41, **{"企业名称": master.name, "统一社会信用代码": master.uscc, "所属环节": None, "所属区域": None,
                        "从业人数": 9000}),
    ]
    job, _ = upload(client_for("staff"), c["chain"], "enterprises", xlsx(ENT_HEADERS, rows))
    assert job.status == "done", job.errors
    assert set(forge.nodes.values_list("name", flat=True)) == {"整车", "传动齿轮"}
    master.refresh_from_db()
    assert list(master.nodes.values_list("name", flat=True)) == ["整车"] and master.employees == 9000
    forge.refresh_from_db()
    assert forge.region == regions["caijia"]  # 蔡家岗街道, not moved to the chain's district


def test_model_limits_are_checked_with_every_other_error(client_for, chain_data):
    rows = [good_row(50, **{"年产值（亿元）": "1.234"}), good_row(51, **{"企业名称": "很" * 130}),
            good_row(52, **{"规模": "大型"}), good_row(53)]
    job, _ = upload(client_for("staff"), chain_data["chain"], "enterprises", xlsx(ENT_HEADERS, rows))
    assert job.status == "failed"
    rows_with_errors = sorted({e.split("行")[0] for e in job.errors})
    assert rows_with_errors == ["第2", "第3", "第4"], job.errors
    assert any(e.startswith("第2行「年产值（亿元）」") for e in job.errors)
    assert any(e.startswith("第3行「企业名称」") for e in job.errors)
    assert not Enterprise.objects.filter(name="新企业53").exists()


def test_a_firm_of_another_district_needs_a_node_of_this_chain(client_for, chain_data):
    outside = chain_data["outside"]  # 璧山, serves 齿轮 of this chain: may be updated
    rows = [good_row(60, **{"所属区域": "璧山区", "所属环节": None}),  # new, elsewhere, no node: refused
            good_row(61, **{"企业名称": outside.name, "统一社会信用代码": outside.uscc, "所属区域": None, "所属环节": None})]
    job, _ = upload(client_for("staff"), chain_data["chain"], "enterprises", xlsx(ENT_HEADERS, rows))
    assert job.status == "failed"
    assert len(job.errors) == 1 and job.errors[0].startswith("第2行：只有本区域的人大工作人员")
    rows[0] = good_row(60, **{"所属区域": "璧山区", "所属环节": "齿轮"})  # serving this chain: accepted
    job, _ = upload(client_for("staff"), chain_data["chain"], "enterprises", xlsx(ENT_HEADERS, rows))
    assert job.status == "done" and (job.created, job.updated) == (1, 1)


@pytest.mark.django_db(transaction=True)
def test_the_panorama_shows_the_imported_firms(api_for, client_for, chain_data):
    api = api_for("staff")
    url = f"/api/v1/chains/{chain_data['chain'].pk}/panorama/"
    cell = next(n for n in api.get(url).json()["nodes"] if n["name"] == "电芯")
    assert cell["is_gap"]
    rows = [good_row(70, **{"所属环节": "电芯", "年产值（亿元）": "6"}), good_row(71, **{"所属环节": "电芯", "年产值（亿元）": "5"}),
            good_row(72, **{"企业名称": chain_data["forge"].name, "统一社会信用代码": chain_data["forge"].uscc,
                            "所属环节": "原材料、齿轮", "年产值（亿元）": "9.99"})]
    job, _ = upload(client_for("staff"), chain_data["chain"], "enterprises", xlsx(ENT_HEADERS, rows))
    assert job.status == "done"
    nodes = {n["name"]: n for n in api.get(url).json()["nodes"]}
    assert nodes["电芯"]["strength"] == "strong" and nodes["电芯"]["enterprises"] == 2  # 2 above-scale, 11 亿元
    assert nodes["原材料"]["output"] == "9.99"


@pytest.mark.django_db(transaction=True)
def test_progress_is_visible_while_the_write_transaction_runs(chain_data, personas, monkeypatch):
    """What a polling page (another connection) sees at each report during the write phase."""
    monkeypatch.setattr(bulk_services, "BATCH", 2)
    rows = [good_row(100 + i) for i in range(9)]
    job = ImportJob(kind="enterprises", chain=chain_data["chain"], actor=personas["staff"], filename="进度.xlsx")
    job.file.save("progress.xlsx", ContentFile(xlsx(ENT_HEADERS, rows).getvalue()), save=False)
    job.save()
    sqlite = connection.vendor == "sqlite"
    # SQLite's test database is shared in memory with table locks: only PostgreSQL can be watched
    watcher = None if sqlite else connections.create_connection(DEFAULT_DB_ALIAS)
    seen = []  # (inside the write transaction?, processed as the page sees it, new firms the page sees)
    sides = []
    report = imports._JobProgress.__call__

    def watch(self, done, total):
        report(self, done, total)
        sides.append(self.side)
        if watcher is None:
            seen.append((connection.in_atomic_block, None, None))
            return
        with watcher.cursor() as cur:
            cur.execute("SELECT processed FROM chains_importjob WHERE id = %s", [job.pk])
            processed = cur.fetchone()[0]
            cur.execute("SELECT COUNT(*) FROM chains_enterprise WHERE name LIKE %s", ["新企业1%"])
            seen.append((connection.in_atomic_block, processed, cur.fetchone()[0]))

    monkeypatch.setattr(imports._JobProgress, "__call__", watch)
    try:
        job = imports.import_job_run(job.pk)
    finally:
        if watcher is not None:
            watcher.close()
    assert job.status == "done" and job.created == 9
    writing = [(p, n) for inside, p, n in seen if inside]
    assert len(writing) >= 3
    if sqlite:
        # one writer at a time: no second connection; the page shows the checks' 50 % until commit
        assert not any(sides)
    else:
        # the firms are not visible before commit, but the progress is, batch by batch
        assert all(n == 0 for _, n in writing)
        assert [p for p, _ in writing] == sorted(p for p, _ in writing) and writing[-1][0] == 9
        assert len({p for p, _ in writing}) >= 3
    assert Decimal(Enterprise.objects.get(name="新企业100").output) == Decimal("1.5")
