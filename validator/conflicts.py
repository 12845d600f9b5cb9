"""Records given more than once in one run: the same survey, country and edition twice.

Fine when the figures agree (the two FIW workbooks overlap); a finding at the first figure
that differs if not. Each document is compared with the first of its record written the
same way (a NIT record on the original scale is another representation, not another claim),
whatever else came between them; cross-edition rules use the first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from validator import pointer as jp
from validator.arithmetic import to_text
from validator.document import Document, Roles, differing, representation
from validator.findings import Finding
from validator.pipeline_findings import Builtins


def conflicts(
    docs: Iterable[Document], builtins: Builtins, roles: Callable[[str | None], Roles]
) -> list[Finding]:
    """The conflicts among documents, in the order of the run (`roles`: what each survey's
    fields are besides figures, by survey)."""
    firsts: dict[tuple[Any, ...], Document] = {}
    found: list[Finding] = []
    for doc in docs:
        mine = roles(doc.survey)
        first = firsts.setdefault(representation(doc, mine), doc)
        if first is not doc:
            found.extend(_conflict(first, doc, builtins, mine))
    return found


def _conflict(first: Document, doc: Document, builtins: Builtins, roles: Roles) -> list[Finding]:
    disagree = differing(first, doc, roles)
    if not disagree:
        return []
    at = disagree[0]
    line, _ = first.source_map.locate(at)
    survey, country, edition = doc.identity
    more = f" (and {len(disagree) - 1} more)" if len(disagree) > 1 else ""
    message = (
        f"{str(survey).upper()} {edition} {country} is also in {first.source}:{line}, "
        f"which gives {at} = {to_text(jp.resolve(first.data, at))}{more}; "
        "cross-edition rules use the first"
    )
    return builtins.located(doc, "core/conflicting-documents", at, message)
