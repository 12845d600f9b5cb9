"""Text made safe for where it is written: every string that reaches an output can be
encoded there and cannot act on the reader's terminal or spreadsheet.

Country names, file names and messages come from the data: a JSON document may hold a lone
surrogate (`"\\ud800"`), a file name may not be UTF-8, a CSV cell may hold ESC or NUL. Each
output escapes what it cannot carry, visibly (`\\x1b`, `\\ud800`, `\\u202e`), so what was
there stays readable and nothing is lost silently.
"""

from __future__ import annotations

import re

# lone surrogates: what Python decodes from `\ud800` in JSON or from a file name that is
# not UTF-8 (surrogateescape); no UTF-8 output can encode them
_SURROGATE = re.compile("[\ud800-\udfff]")
# what a terminal acts on: C0 and C1 controls, DEL, and the bidirectional overrides that
# reorder what a reader sees
_TERMINAL = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
# what XML 1.0 cannot hold at all (tab, newline and return it can)
_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# what a spreadsheet reads as the start of a formula
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def unicode_text(text: str) -> str:
    """Any text as UTF-8 can carry it: lone surrogates written as `\\udXXX`."""
    return _SURROGATE.sub(_escape, text) if _SURROGATE.search(text) else text


def json_text(dumped: str) -> str:
    """`json.dumps(..., ensure_ascii=False)` output made UTF-8: a lone surrogate, which can
    only stand inside a JSON string, becomes its JSON escape (read back, the same text)."""
    return _SURROGATE.sub(_escape, dumped) if _SURROGATE.search(dumped) else dumped


def terminal_text(text: str) -> str:
    """Text for a terminal or a CI log: controls, bidirectional overrides and lone
    surrogates escaped, so a name cannot clear the screen or reorder a line."""
    return _TERMINAL.sub(_escape, text) if _TERMINAL.search(text) else text


def xml_text(text: str) -> str:
    """Text XML 1.0 can hold (before the usual `&<>"` escaping)."""
    return _XML.sub(_escape, text) if _XML.search(text) else text


def spreadsheet_text(text: str) -> str:
    """A CSV cell a spreadsheet shows as text, never runs as a formula (OWASP's advice: a
    leading quote), and encodable."""
    text = unicode_text(text)
    return "'" + text if text.startswith(_FORMULA) else text
