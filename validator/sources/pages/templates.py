"""The templates of page layouts: a line as the page prints it, with placeholders, compiled
into an anchored pattern of this module's own pieces (the literal text escaped, letter case
ignored), never taken as a regular expression (see `validator.sources.pages.layout`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any, ClassVar

from validator.rulepack.models import FORBID_EXTRA

# placeholder -> (the pattern it stands for, whether it is free text)
PLACEHOLDERS: dict[str, tuple[str, bool]] = {
    "figure": (r"[-\d.,]*\d", False),
    "maximum": (r"\d+", False),
    "change": (r"[+\-−–]? ?\d+", False),
    "year": (r"\d{4}", False),
    "code": (r"[A-Z]\d*", False),
    "status": (r"\S(?:.*\S)?", True),
    "country": (r"\S(?:.*\S)?", True),
    "title": (r"[A-Za-z](?:[A-Za-z ,]*[A-Za-z])?", True),
    "text": (r".*", True),
}
_TOKEN = re.compile(r"\{(\w+)\}|\[|\]|[^{}\[\]]+")


class TemplateError(ValueError):
    pass


@cache
def compile_template(template: str) -> re.Pattern[str]:
    """The anchored, case-blind pattern of a template (see the module's docstring)."""
    parts: list[str] = []
    depth = 0
    free = 0
    seen: set[str] = set()
    for match in _TOKEN.finditer(template):
        token = match.group(0)
        name = match.group(1)
        if name is not None:
            base = name.rstrip("0123456789")  # {figure2}: a second figure, not read
            if base not in PLACEHOLDERS:
                raise TemplateError(f"unknown placeholder {{{name}}} in {template!r}")
            if name in seen:
                raise TemplateError(f"{{{name}}} twice in {template!r}")
            seen.add(name)
            pattern, is_free = PLACEHOLDERS[base]
            free += is_free
            parts.append(f"(?P<{name}>{pattern})")
        elif token == "[":
            depth += 1
            parts.append("(?:")
        elif token == "]":
            depth -= 1
            if depth < 0:
                raise TemplateError(f"a ']' without its '[' in {template!r}")
            parts.append(")?")
        else:
            parts.append(re.escape(token))
    if depth:
        raise TemplateError(f"a '[' without its ']' in {template!r}")
    if sum(len(m.group(0)) for m in _TOKEN.finditer(template)) != len(template):
        raise TemplateError(f"a brace that is no placeholder in {template!r}")
    if free > 1:
        raise TemplateError(
            f"more than one free-text placeholder in {template!r}: one line, one free text"
        )
    return re.compile("".join(parts), re.IGNORECASE)


def match_template(template: str, text: str) -> re.Match[str] | None:
    return compile_template(template).fullmatch(text)


@dataclass(frozen=True)
class Mark:
    """A line a layout is known by: it starts with `starts`, equals `equals`, or the
    template matches it whole (letter case aside, after normalising)."""

    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA
    starts: str | None = None
    equals: str | None = None
    template: str | None = None

    def matches(self, line: str, folded: str | None = None) -> bool:
        """`folded`: the line's casefold, when the caller has it (a line tried against
        every layout's mark is folded once)."""
        starts, equals = self._folded
        folded = line.casefold() if folded is None else folded
        if starts is not None and not folded.startswith(starts):
            return False
        if equals is not None and folded != equals:
            return False
        return self.template is None or match_template(self.template, line) is not None

    @cached_property
    def _folded(self) -> tuple[str | None, str | None]:
        """The mark's words casefolded, once per mark."""
        return (
            None if self.starts is None else self.starts.casefold(),
            None if self.equals is None else self.equals.casefold(),
        )
