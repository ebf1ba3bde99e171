"""Characters that no stored text should hold, and writers that survive them anyway.

XML 1.0 allows only TAB, LF, CR and the characters from U+0020 up, minus the surrogates
(U+D800–U+DFFF) and U+FFFE/U+FFFF. A NUL or a lone surrogate in one case title makes a whole
Open311 XML feed not well-formed, openpyxl refuses the cell (IllegalCharacterError), python-docx
and lxml refuse the run, and PostgreSQL refuses a NUL in any text column.

Two rules, one list of characters:
- at the door (core.middleware.InputDecodingMiddleware) input holding such a character is
  refused with a Chinese message, so nothing new is stored with one;
- every writer (XML, xlsx, docx) passes text through `xml_safe`, so text stored before that rule,
  or arriving by another path (an import, the admin), still yields a readable file.
"""

from __future__ import annotations

import re

# C0 controls except TAB, LF, CR; the surrogates; the two non-characters XML forbids.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def forbidden_char(text: str) -> str | None:
    """The first character of `text` that no stored text may hold, or None."""
    match = FORBIDDEN.search(text)
    return match.group() if match else None


def describe_char(char: str) -> str:
    """'U+0000' — how a refusal names the character (it cannot be shown)."""
    return f"U+{ord(char):04X}"


def xml_safe(value):
    """`value` with every character illegal in XML 1.0 removed; non-strings unchanged. Use it in
    every XML, xlsx and docx writer (removing keeps the rest of the text readable; a
    replacement mark would only confuse the reader of a printed document)."""
    if isinstance(value, str) and FORBIDDEN.search(value):
        return FORBIDDEN.sub("", value)
    return value
