"""Issue 12.15: the problem list pages like the other four lists and exports to Excel (chain
problems and the chain's cases together, as the page shows them), audited."""

import io

from openpyxl import load_workbook

from shuanglian.chains import services
from shuanglian.core.models import AuditEvent


def test_problem_list_pages_and_exports(client_for, chain_data, personas):
    chain = chain_data["chain"]
    for i in range(55):
        services.problem_raise(actor=personas["staff"], chain=chain, node=chain_data["gear"], title=f"配套问题{i:02d}",
                               kind="bottleneck")
    staff = client_for("staff")
    first = staff.get("/chains/problems/", {"chain": chain.pk}).content.decode()
    assert "共 56 条" in first and "下一页" in first
    second = staff.get("/chains/problems/", {"chain": chain.pk, "page": 2}).content.decode()
    assert "第 2 / 2 页" in second
    assert staff.get("/chains/problems/", {"chain": chain.pk, "page": "x"}).status_code == 200

    resp = staff.get("/chains/export/problems/", {"chain": chain.pk})
    assert resp.status_code == 200
    sheet = load_workbook(io.BytesIO(resp.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("来源", "问题", "类别") and len(rows) == 57
    assert {r[1] for r in rows[1:]} >= {"本地无电芯配套", "配套问题00", "配套问题54"}
    assert AuditEvent.objects.filter(event_type="problems.export", actor=personas["staff"]).count() == 1
