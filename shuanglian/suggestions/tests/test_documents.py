"""The Word outputs open in Word and say what the records say: the suggestion, the 征询意见表 (with
the rating ticked) and the year's 办理情况 table; readers only, like the pages."""

import io

import pytest
from django.test import Client
from docx import Document

from shuanglian.suggestions import services_handling

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    doc = Document(io.BytesIO(response.content))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def _client(people, name):
    c = Client()
    c.force_login(people[name])
    return c


def test_the_suggestion_and_its_consultation_form(make_suggestion, walk, people):
    s = walk(make_suggestion(), "assigned")
    r = _client(people, "deputy").get(f"/suggestions/{s.pk}/suggestion.docx")
    text = _text(r)
    assert r.status_code == 200 and "关于加快“充储泊配”设施建设的建议" in text
    assert "北碚区人民代表大会代表建议" in text and "吴代表" in text and "一、情况和问题" in text
    assert _client(people, "deputy").get(f"/suggestions/{s.pk}/consultation.docx").status_code == 404  # not answered
    s = services_handling.suggestion_answer(suggestion=s, actor=people["handler"], category="B", content="正在推进",
                                            commitments=[{"content": "年底前建成", "due": "2026-12-31"}])
    services_handling.suggestion_rate(suggestion=s, actor=people["deputy"], rating="basically_satisfied")
    text = _text(_client(people, "handler").get(f"/suggestions/{s.pk}/consultation.docx"))
    assert "☑基本满意" in text and "□满意" in text and "年底前建成" in text
    assert _client(people, "bishan_staff").get(f"/suggestions/{s.pk}/suggestion.docx").status_code == 404


def test_the_yearly_table(make_suggestion, walk, people, today):
    walk(make_suggestion(), "closed")
    r = _client(people, "staff").get("/suggestions/report-2026.docx")
    text = _text(r)
    assert "北碚区2026年代表建议办理情况" in text and "办复率" in text and "《关于加快“充储泊配”设施建设的建议》" in text
    assert _client(people, "deputy").get("/suggestions/report-2026.docx").status_code == 403
