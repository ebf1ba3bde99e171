"""Issue 12.18: the menu marks exactly one tab as the current page."""

import re

import pytest


@pytest.mark.parametrize(("path", "tab"), [
    ("/cases/inbox/", "督办通知"), ("/cases/", "诉求办理"), ("/cases/queue/", "诉求办理"),
    ("/stations/", "履职阵地"), ("/deputies/", "代表"), ("/", "工作台"), ("/audit/", "审计日志"),
])
def test_exactly_one_current_tab(client_for, path, tab):
    html = client_for("staff").get(path).content.decode()
    nav = re.search(r'<nav class="mainnav".*?</nav>', html, flags=re.S).group(0)
    current = re.findall(r'aria-current="page">([^<]+)</a>', nav)
    assert current == [tab]
