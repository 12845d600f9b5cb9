"""A rule's pass/fail cases: `<cases>/<pack>/<rule-id>.yaml`, run by `report-validator rules
test` and by this repository's tests alike.

A case file names a base document (`base:`, a path from the folder that holds the cases
folder) and a list of cases; each case sets or removes values by JSON pointer and lists the
pointers where the rule must report (`expect: []`: the rule must stay silent). `previous`
gives the previous edition for cross-edition rules, in the same form (from `previous_base`
when given); `peers` the other records of the same source for rules over a group (each with
its own `base`). Only the rule under test runs, and a finding of any other rule fails the case.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from validator import pointer as jp
from validator.document import Document
from validator.engine import Engine
from validator.packs.loading import RulePack
from validator.pipeline.run import check_documents
from validator.pipeline_findings import Selection
from validator.sources import load_file
from validator.sources.text import UnreadableText, read_text
from validator.sources.yaml_source import parse_yaml

SUBJECT = "case.yaml"  # the source name of the document a case is about


class CaseError(Exception):
    """A case file that cannot be run as written (a missing base, a pointer with no parent)."""


@dataclass(frozen=True)
class Case:
    rule_id: str  # pack/rule
    path: Path  # the case file
    line: int
    name: str
    spec: dict[str, Any]  # the file's base and previous_base, and this case's own keys


@dataclass(frozen=True)
class Outcome:
    case: Case
    passed: bool
    detail: str  # what was expected and found, when it failed


def case_files(cases: Path) -> list[Path]:
    return sorted(cases.glob("*/*.yaml"))


def read_cases(path: Path) -> list[Case]:
    """The cases of one file (`<pack>/<rule-id>.yaml`); CaseError if it is not one."""
    try:
        data, source_map, problems = parse_yaml(read_text(path))
    except UnreadableText as error:
        raise CaseError(f"{path}: {error.problem.message}") from None
    if problems:
        p = problems[0]
        raise CaseError(f"{path}:{p.line}:{p.column}: {p.message}")
    if not isinstance(data, dict) or not isinstance(data.get("cases"), list):
        raise CaseError(f"{path}: a case file holds `base:` and a list of `cases:`")
    rule_id = f"{path.parent.name}/{path.stem}"
    shared = {k: data[k] for k in ("base", "previous_base") if k in data}
    found = []
    for index, case in enumerate(data["cases"]):
        if not isinstance(case, dict) or not isinstance(case.get("expect"), list):
            raise CaseError(f"{path}: case {index} needs `expect:` (a list of pointers)")
        line, _ = source_map.locate(jp.join("/cases", index))
        name = str(case.get("name", index))
        found.append(Case(rule_id, path, line, name, {**shared, **case}))
    return found


def case_engine(packs: list[RulePack], rule_id: str) -> Engine:
    """The engine a case runs on: the rule alone."""
    return Engine(packs, Selection(select=(rule_id,)))


def run_case(
    case: Case, packs: list[RulePack], root: Path, engine: Engine | None = None
) -> Outcome:
    """One case with the rule alone (`root`: the folder bases are named from; `engine`: one
    `case_engine` made for the rule, shared by its cases)."""
    engine = engine or case_engine(packs, case.rule_id)
    try:
        docs = [document_of(case.spec, root, SUBJECT)]
        if "previous" in case.spec:
            base = case.spec.get("previous_base", case.spec.get("base"))
            docs.append(document_of({"base": base, **case.spec["previous"]}, root, "previous.yaml"))
        for peer in case.spec.get("peers", []):
            docs.append(document_of(peer, root, SUBJECT))  # the same source: one workbook
    except CaseError as error:
        return Outcome(case, False, str(error))
    report = check_documents(engine, docs)
    others = sorted({f.rule for f in report.findings} - {case.rule_id})
    found = sorted(f.pointer for f in report.findings if f.source == SUBJECT)
    expected = sorted(case.spec["expect"])
    if others:
        messages = "; ".join(f"{f.rule}: {f.message}" for f in report.findings)
        return Outcome(case, False, f"findings of other rules: {messages}")
    if found != expected:
        messages = "; ".join(f.message for f in report.findings)
        detail = f"expected findings at {expected}, found {found}"
        return Outcome(case, False, detail + (f" ({messages})" if messages else ""))
    return Outcome(case, True, "")


def run_cases(cases: Path, packs: list[RulePack]) -> Iterator[Outcome]:
    for path in case_files(cases):
        for case in read_cases(path):
            yield run_case(case, packs, cases.parent)


def document_of(spec: dict[str, Any], root: Path, name: str = SUBJECT) -> Document:
    """The document a case (or its `previous`, a peer) is about: its base with the case's
    changes; CaseError when it cannot be made."""
    if not isinstance(spec.get("base"), str):
        raise CaseError("a case needs `base:`, the path of the document it changes")
    base = root / spec["base"]
    home = root.resolve()
    if home not in base.resolve().parents:
        raise CaseError(
            f"base {spec['base']} is outside {root} (by ../, a path or a link): not read"
        )
    loaded = _base(base.resolve(), *_stamp(base))
    if loaded is None:
        raise CaseError(f"base {spec['base']} does not load as one clean document ({base})")
    data = copy.deepcopy(loaded)
    for at in spec.get("remove", []):
        _remove(data, at)
    for at, value in spec.get("set", {}).items():
        _set(data, at, value)
    return Document(name, data)


def _stamp(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (0, 0)  # load_file says what is wrong with it
    return (stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=256)
def _base(path: Path, mtime: int, size: int) -> Any:
    """A base document's data, read once while the file stays as it was (most cases of a
    file share one base); None when it is not one clean document. Callers copy it."""
    docs, problems = load_file(path)
    return None if problems or len(docs) != 1 else docs[0].data


def _parent(data: Any, at: str) -> tuple[Any, str]:
    parent = jp.resolve(data, jp.parent(at))
    if not isinstance(parent, dict | list):
        raise CaseError(f"{at}: no list or mapping holds it in the base document")
    return parent, jp.split(at)[-1]


def _remove(data: Any, at: str) -> None:
    parent, key = _parent(data, at)
    try:
        del parent[int(key) if isinstance(parent, list) else key]
    except (KeyError, IndexError, ValueError):
        raise CaseError(f"{at}: not in the base document, nothing to remove") from None


def _set(data: Any, at: str, value: Any) -> None:
    parent, key = _parent(data, at)
    try:
        if isinstance(parent, list):
            parent[int(key)] = value
        else:
            parent[key] = value
    except (IndexError, ValueError):
        raise CaseError(f"{at}: no such item in the base document's list") from None
