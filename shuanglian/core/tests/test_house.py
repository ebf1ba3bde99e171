"""House checks (docs/architecture.md, "Checks"): the layering, no import cycles, explicit wiring,
small modules. They run with every `make test`, so CI fails on a new arrow against the layering,
a new cycle, a new lazy or by-name import of our own code, or a new module over 400 lines.

Each check carries an explicit list of today's known offenders. The lists may only shrink: when
your change removes an offence, delete its entry (a stale entry fails too, so the lists stay
true); never add one.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PACKAGE = ROOT / "shuanglian"
MAX_LINES = 400

# Modules over MAX_LINES (path → line count when listed), being split by the cases/chains/demo
# work. A listed module may shrink, not grow; below the limit its entry must go.
TOO_LONG: dict[str, int] = {}

# Imports of our own code inside a function (path → how many), being removed by the
# cases/chains/demo split. A need against the layering is a signal or an injected callable, and
# a module imported late to dodge a cycle hides the cycle. AppConfig.ready() is the one place
# allowed: Django loads models only once the app registry is ready.
LAZY_IMPORTS: dict[str, int] = {}

# Modules that load our code by name (importlib.import_module), being removed by the
# cases/chains/demo split: wiring is written out as include(), register() and AppConfig.ready().
BY_NAME_IMPORTS: set[str] = set()


# Modules that connect signal receivers when imported (path), being moved by the cases/chains split
# into each app's signals.py `connect()`, called from its AppConfig.ready(): what is connected, and
# when, is then written in one place per app instead of depending on who imported what first.
CONNECT_ON_IMPORT: set[str] = set()


def _modules():
    """Our modules, tests and migrations aside (tests may import anything; migrations are generated)."""
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if "tests" in parts or "migrations" in parts:
            continue
        yield path.relative_to(ROOT).as_posix(), path


def _is_own(node: ast.Import | ast.ImportFrom) -> bool:
    if isinstance(node, ast.ImportFrom):
        return node.level > 0 or (node.module or "").split(".")[0] == "shuanglian"
    return any(alias.name.split(".")[0] == "shuanglian" for alias in node.names)


def _lazy_imports(tree: ast.Module, in_apps_py: bool) -> int:
    count = 0

    def visit(node, function):
        nonlocal count
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                visit(child, child.name)
            elif isinstance(child, ast.Import | ast.ImportFrom):
                if function and _is_own(child) and not (in_apps_py and function == "ready"):
                    count += 1
            else:
                visit(child, function)

    visit(tree, None)
    return count


def _loads_by_name(tree: ast.Module) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in ("import_module", "__import__"):
                return True
    return False


def test_arrows_point_down_and_no_module_cycle():
    """The import-linter contracts in pyproject.toml: the layering and no cycle inside a package."""
    code = (
        "import sys\n"
        "from importlinter.cli import lint_imports\n"
        "sys.exit(lint_imports(config_filename=sys.argv[1], no_cache=True, no_logo=True))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, str(ROOT / "pyproject.toml")],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert run.returncode == 0, f"import contracts broken:\n{run.stdout}\n{run.stderr}"


def test_no_module_over_the_line_limit_and_the_known_list_only_shrinks():
    found = {name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in _modules()}
    too_long = {name: n for name, n in found.items() if n > MAX_LINES}
    new = {name: n for name, n in too_long.items() if name not in TOO_LONG}
    grown = {name: (TOO_LONG[name], n) for name, n in too_long.items() if name in TOO_LONG and n > TOO_LONG[name]}
    stale = sorted(name for name in TOO_LONG if name not in too_long)
    assert not new, f"modules over {MAX_LINES} lines: split them by responsibility: {new}"
    assert not grown, f"listed long modules grew (listed, now): {grown}"
    assert not stale, f"now within {MAX_LINES} lines or gone: delete from TOO_LONG: {stale}"


def test_no_new_lazy_import_of_our_own_code():
    found = {}
    for name, path in _modules():
        n = _lazy_imports(ast.parse(path.read_text(encoding="utf-8")), path.name == "apps.py")
        if n:
            found[name] = n
    new_or_more = {name: n for name, n in found.items() if n > LAZY_IMPORTS.get(name, 0)}
    fewer = {name: (n, found.get(name, 0)) for name, n in LAZY_IMPORTS.items() if found.get(name, 0) < n}
    assert not new_or_more, f"imports of our code inside functions (import at the top instead): {new_or_more}"
    assert not fewer, f"fewer lazy imports than listed (listed, now): lower or delete in LAZY_IMPORTS: {fewer}"


def test_no_new_module_loads_our_code_by_name():
    found = {name for name, path in _modules() if _loads_by_name(ast.parse(path.read_text(encoding="utf-8")))}
    assert not found - BY_NAME_IMPORTS, f"write the wiring out instead: {sorted(found - BY_NAME_IMPORTS)}"
    assert not BY_NAME_IMPORTS - found, f"no longer loads by name: delete from BY_NAME_IMPORTS: {sorted(BY_NAME_IMPORTS - found)}"


def _connects_on_import(tree: ast.Module) -> bool:
    """A receiver connected by module-level code: a `@receiver` decorator on a module-level
    function, or a module-level call of `….connect(…)` / `_connect…()`."""

    def calls(node) -> bool:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda):
                continue
            if isinstance(child, ast.Call):
                func = child.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name == "connect" or name.startswith("_connect"):
                    return True
            if calls(child):
                return True
        return False

    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                if getattr(target, "id", getattr(target, "attr", "")) == "receiver":
                    return True
    return calls(tree)


def test_receivers_are_connected_in_ready_not_on_import():
    found = {name for name, path in _modules() if _connects_on_import(ast.parse(path.read_text(encoding="utf-8")))}
    assert not found - CONNECT_ON_IMPORT, (
        f"connect receivers from signals.py connect(), called in AppConfig.ready(): {sorted(found - CONNECT_ON_IMPORT)}")
    assert not CONNECT_ON_IMPORT - found, (
        f"no longer connects on import: delete from CONNECT_ON_IMPORT: {sorted(CONNECT_ON_IMPORT - found)}")


def test_the_checks_see_what_they_should():
    # A lazy import in a function counts, one in AppConfig.ready() does not; import_module is seen.
    lazy = ast.parse("def f():\n    from .models import X\n\nclass C:\n    def ready(self):\n        from . import signals\n")
    assert _lazy_imports(lazy, in_apps_py=False) == 2
    assert _lazy_imports(lazy, in_apps_py=True) == 1
    assert _lazy_imports(ast.parse("def f():\n    import json\n"), in_apps_py=False) == 0
    assert _loads_by_name(ast.parse("from importlib import import_module\nimport_module('x')\n"))
    assert _connects_on_import(ast.parse("@receiver(post_save)\ndef f(**kw):\n    pass\n"))
    assert _connects_on_import(ast.parse("for m in ms:\n    post_save.connect(f, sender=m)\n"))
    assert _connects_on_import(ast.parse("_connect_calendar()\n"))
    assert not _connects_on_import(ast.parse("def connect():\n    post_save.connect(f)\n"))
    assert len(list(_modules())) > 100 and all("/tests/" not in name for name, _ in _modules())


def test_every_app_with_pages_or_an_api_is_wired():
    """Wiring is written out, so a forgotten line would silently serve nothing: each installed app
    of ours that has a urls.py is included under its label, and everything its api.py offers
    (`register(router)`, `urlpatterns`) is on /api/v1/."""
    import importlib

    from django.apps import apps
    from django.urls import get_resolver

    from shuanglian import api_urls

    class Collect:
        def __init__(self):
            self.prefixes = []

        def register(self, prefix, *args, **kwargs):
            self.prefixes.append(prefix)

    namespaces = set(get_resolver().namespace_dict)
    on_the_router = {prefix for prefix, _viewset, _basename in api_urls.router.registry}
    checked = []
    for config in apps.get_app_configs():
        if not config.name.startswith("shuanglian."):
            continue
        folder = Path(config.path)
        if (folder / "urls.py").exists():
            assert config.label in namespaces, f"{config.name}.urls is not included in shuanglian/urls.py"
            checked.append(config.label)
        if (folder / "api.py").exists():
            api = importlib.import_module(f"{config.name}.api")
            if hasattr(api, "register"):
                collect = Collect()
                api.register(collect)
                assert set(collect.prefixes) <= on_the_router, f"{config.name}.api is not registered in api_urls.py"
            missing = [p for p in getattr(api, "urlpatterns", []) if p not in api_urls.urlpatterns]
            assert not missing, f"{config.name}.api urlpatterns are not in api_urls.py"
    assert {"core", "regions", "deputies", "chains", "cases"} <= set(checked)


def test_no_symlink_is_tracked():
    """A worktree links .venv and node_modules to a shared copy; committed, such a link replaced the
    real environment of every checkout it reached (and a fresh clone's `make setup` would write
    through it into another directory). The repository holds files only."""
    listed = subprocess.run(["git", "ls-files", "-s"], cwd=ROOT, capture_output=True, text=True)
    if listed.returncode != 0:
        pytest.skip("not a git checkout")
    links = [line.split("\t", 1)[1] for line in listed.stdout.splitlines() if line.startswith("120000 ")]
    assert not links, f"不要提交符号链接：{links}（git rm --cached 它们；.gitignore 已忽略 .venv 和 node_modules）"


def test_today_is_beijing_today():
    """`date.today()` is the server's date (UTC here): from 00:00 to 08:00 Beijing time it is still
    yesterday, so a deadline, a 'not in the future' check or a test's TODAY disagreed with the
    services by a day. Today is `timezone.localdate()` (Asia/Shanghai), everywhere."""
    offenders = []
    for folder in (PACKAGE, ROOT / "e2e"):
        for path in folder.rglob("*.py"):
            if "migrations" in path.parts or path == Path(__file__).resolve():
                continue
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if "date.today()" in line:
                    offenders.append(f"{path.relative_to(ROOT)}:{n}")
    assert not offenders, f"用 timezone.localdate()（北京时间）代替 date.today()：{offenders}"
