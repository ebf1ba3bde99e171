"""House check for hostile input: user text is read as a number only through lib.parse.

`str.isdigit()` / `isdecimal()` / `isnumeric()` accept '³', '①' or '٣', after which `int()`
fails (a 500) or reads a number nobody typed. New code uses lib.parse (id_or_none, parse_id,
parse_int, parse_code, is_ascii_digits). Today's offenders are counted per app (so moving a
module inside its app changes nothing); the counts may only shrink.
"""

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]
PATTERN = re.compile(r"\.is(?:digit|decimal|numeric)\(\)")

# Not parsing: lib.parse explains the trap in its docstring; a password's character classes
# count any digit.
ALLOWED = {"lib/parse.py", "core/passwords.py"}
# Call sites to switch to lib.parse (app → occurrences). None today: may stay so.
KNOWN: dict[str, int] = {}


def _found() -> dict[str, int]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE).as_posix()
        if "tests" in path.parts or "migrations" in path.parts or rel in ALLOWED:
            continue
        count = len(PATTERN.findall(path.read_text(encoding="utf-8")))
        if count:
            app = rel.split("/")[0]
            found[app] = found.get(app, 0) + count
    return found


def test_numbers_in_user_text_are_read_through_lib_parse():
    found = _found()
    new = {k: v for k, v in found.items() if v > KNOWN.get(k, 0)}
    assert not new, f"用 shuanglian.lib.parse 读取编号和数字，不要用 isdigit()：{new}"
    gone = {k: v for k, v in KNOWN.items() if found.get(k, 0) < v}
    assert not gone, f"这些模块已改用 lib.parse，请从 KNOWN 中删去或减少：{gone}"


def test_the_check_sees_what_it_should():
    assert PATTERN.search("if raw.isdigit():") and not PATTERN.search("is_ascii_digits(raw)")
    assert set(_found()) <= set(KNOWN)
