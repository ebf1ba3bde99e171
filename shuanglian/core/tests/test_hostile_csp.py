"""The Content-Security-Policy (issue 13, item 10): on every HTML page, never on JSON, and the
templates hold nothing the policy would block (inline scripts without a nonce, on…= handlers)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

TEMPLATES = Path(settings.BASE_DIR) / "templates"


@pytest.mark.django_db
def test_html_pages_have_a_strict_script_policy(client_for):
    for response in (Client().get("/accounts/login/"), client_for("staff").get("/"), Client().get("/nowhere/")):
        policy = response["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        assert directives["script-src"].startswith("'self' 'nonce-")
        assert "unsafe" not in directives["script-src"]
        assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"


@pytest.mark.django_db
def test_each_response_has_its_own_nonce():
    first, second = Client().get("/accounts/login/"), Client().get("/accounts/login/")
    assert first["Content-Security-Policy"] != second["Content-Security-Policy"]


@pytest.mark.django_db
def test_json_responses_have_no_page_policy(api_for):
    assert "Content-Security-Policy" not in api_for("staff").get("/api/v1/regions/")


@pytest.mark.django_db
def test_swagger_ui_starts_without_an_inline_script(client_for):
    html = client_for("staff").get("/api/v1/docs/").content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", html)


def test_templates_have_no_inline_scripts_or_handlers():
    found = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        for match in re.finditer(r"<script\b([^>]*)>", text):
            attrs = match.group(1)
            if "src=" not in attrs and "nonce=" not in attrs and "application/json" not in attrs:
                found.append(f"{path.relative_to(TEMPLATES)}: inline <script>")
        for match in re.finditer(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", text):
            found.append(f"{path.relative_to(TEMPLATES)}: {match.group(0)[:60]}")
        if "javascript:" in text:
            found.append(f"{path.relative_to(TEMPLATES)}: javascript: URL")
    assert not found, "\n".join(found)
