"""Run one check kind directly on a small document: the kind is a pure generator."""

from __future__ import annotations

from types import ModuleType
from typing import Any

from validator import pointer as jp
from validator.checks.api import Context, Target
from validator.document import Document
from validator.rulepack.build import build
from validator.rulepack.models import Table


def run(
    kind: ModuleType,
    data: dict[str, Any],
    params: dict[str, Any],
    at: str = "",
    tables: dict[str, Any] | None = None,
    previous: dict[str, Any] | None = None,
    peers: list[Document] | None = None,
) -> list[tuple[str, str, str]]:
    """(pointer, expected, actual) of each violation, as text; `peers`: the other documents
    of the run (the document itself is in the same source, t.yaml)."""
    from validator.arithmetic import to_text
    from validator.peers import Peers

    typed_tables = {name: build(Table, spec) for name, spec in (tables or {}).items()}
    context = Context(
        Document("t.yaml", data),
        typed_tables,
        Document("p.yaml", previous) if previous is not None else None,
        peers=Peers(peers) if peers is not None else None,
    )
    targets = [("", data)] if at == "" else list(jp.expand(data, at))
    return [
        (v.pointer, to_text(v.expected), to_text(v.actual))
        for pointer, value in targets
        for v in kind.check(Target(pointer, value), build(kind.Params, params), context)
    ]
