"""Browser tests: Debian's Chromium driven by Playwright (no downloaded browser builds).

Without /usr/bin/chromium these tests skip, unless SHUANGLIAN_REQUIRE_BROWSER=1 (CI), where a
missing browser is an error.
"""

import os
import shutil

import pytest

from conftest import DEMO_PASSWORD as TEST_PASSWORD

CHROMIUM = os.environ.get("SHUANGLIAN_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
# The closed network refuses Chromium's background connections; these flags keep it quiet.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("SHUANGLIAN_REQUIRE_BROWSER") == "1":
            pytest.fail(f"找不到 Chromium：{CHROMIUM}（apt-get install chromium）")
        pytest.skip("Chromium not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Browser tests run in transactions that are flushed afterwards, and a flush also removes
    rows that data migrations created (the default case categories). Put them back."""
    if "live_server" not in request.fixturenames and "page" not in request.fixturenames and "phone_page" not in request.fixturenames:
        return
    request.getfixturevalue("transactional_db")
    from importlib import import_module

    seed = import_module("shuanglian.cases.migrations.0002_default_categories")
    from django.apps import apps

    seed.forwards(apps, None)


def watch_console(pg) -> list[str]:
    """Collect what the pages must never print: a Content-Security-Policy violation (a script,
    handler or eval the policy blocked — the page silently lost behaviour) or an Alpine error."""
    problems = []

    def seen(msg):
        text = msg.text
        if "'default-src 'none''" in text:
            return  # an uploaded file shown by itself, under its own sandbox policy (not a page)
        if "Content Security Policy" in text or (msg.type == "error" and "Alpine" in text):
            problems.append(f"{pg.url}: {text}")

    pg.on("console", seen)
    pg.on("pageerror", lambda exc: problems.append(f"{pg.url}: {exc}") if "Alpine" in str(exc) else None)
    return problems


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    pg.base = live_server.url
    problems = watch_console(pg)
    yield pg
    context.close()
    assert not problems, "页面违反内容安全策略或脚本出错：\n" + "\n".join(problems)


@pytest.fixture
def phone_page(browser, live_server):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
        user_agent="Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148",
    )
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    pg.base = live_server.url
    problems = watch_console(pg)
    yield pg
    context.close()
    assert not problems, "页面违反内容安全策略或脚本出错：\n" + "\n".join(problems)


def login(page, username, password):
    page.goto(f"{page.base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()


@pytest.fixture
def as_user(browser, live_server):
    contexts = []

    def make(username, *, phone=False):
        size = {"width": 390, "height": 844} if phone else {"width": 1280, "height": 900}
        context = browser.new_context(locale="zh-CN", viewport=size, is_mobile=phone, has_touch=phone)
        contexts.append(context)
        pg = context.new_page()
        pg.set_default_timeout(10_000)
        pg.base = live_server.url
        login(pg, username, TEST_PASSWORD)
        return pg

    yield make
    for context in contexts:
        context.close()


def act(page, name, fill=None):
    """Open the action's panel, fill it and submit; wait for the reloaded case page."""
    panel = page.locator(f"details[data-action={name}]")
    if panel.get_attribute("open") is None:
        panel.locator("summary").click()
    for selector, value in (fill or {}).items():
        field = panel.locator(selector)
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        elif field.get_attribute("type") in ("radio", "checkbox"):
            field.check()
        else:
            field.fill(value)
    with page.expect_navigation():
        panel.locator("button[type=submit]").click()
