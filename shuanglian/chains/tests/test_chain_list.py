"""The chain list (产业链 · 一图五单): the right counts, without multiplying the chain's rows.

Issue 12 item 16: the list counted nodes, projects and leads through three joins at once, so the
database walked nodes × projects × leads rows per chain (1.6–2.1 s with one demo chain).
"""

import re
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from shuanglian.chains.models import ChainNode, Lead, Project


def _grow(chain, n):
    ChainNode.objects.bulk_create([ChainNode(chain=chain, name=f"环节{i}", stage="midstream", order=i) for i in range(n)])
    Project.objects.bulk_create([Project(chain=chain, name=f"项目{i}", total_investment=Decimal(1), year=2026)
                                 for i in range(n)])
    Lead.objects.bulk_create([Lead(chain=chain, target_company=f"线索{i}") for i in range(n)])


def test_chain_list_counts_each_list_on_its_own(client_for, chain_data):
    chain = chain_data["chain"]
    _grow(chain, 30)
    with CaptureQueriesContext(connection) as ctx:
        page = client_for("staff").get("/chains/")
    html = page.content.decode()
    assert page.status_code == 200
    row = re.search(rf"{chain.name}.*?</tr>", html, re.S).group(0)
    # 5 + 30 nodes, 2 + 30 projects, 1 + 30 leads
    assert '<td data-label="环节">35</td>' in row
    assert '<td data-label="项目">32</td>' in row
    assert '<td data-label="招商线索">31</td>' in row
    # no statement joins two of the chain's lists (their product is what made the page slow)
    tables = ("chains_chainnode", "chains_project", "chains_lead")
    for q in ctx.captured_queries:
        joined = [t for t in tables if re.search(rf'JOIN "?{t}"?', q["sql"])]
        assert len(joined) <= 1, q["sql"]
