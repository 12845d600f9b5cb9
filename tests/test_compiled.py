"""The rules compiled at load (validator.checks.fast) against the reference interpreter.

The compiled path only says "this rule holds" or defers to the kind's check; these tests
hold it to the interpreter's findings, outcomes and judged figures on random documents of
every survey and era (consistent, then damaged anywhere), on every bundled fixture damaged
figure by figure, and on the official workbooks when ../shared is beside the checkout. They
also see that the compiled path is used: a closure that always deferred would pass the
differential tests and speed up nothing.
"""

from __future__ import annotations

import copy
import csv
import json
from collections import Counter
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from validator import pointer as jp
from validator.checks.fast import EXCLUDED
from validator.document import Document, leaves
from validator.engine import Engine
from validator.packs.loading import RulePack
from validator.pipeline.run import check_documents
from validator.sources import load_paths
from validator.testing import documents

from .conftest import FIXTURES, SCRATCH, SHARED


@pytest.fixture(scope="module")
def engines(packs: list[RulePack]) -> tuple[Engine, Engine]:
    return Engine(packs), Engine(packs, interpreted=True)


def _outcome(
    engine: Engine,
    doc: Document,
    previous: Document | None = None,
    verdicts: dict[str, Any] | None = None,
) -> Any:
    found, outcomes, judged, suppressed = engine.check_document(doc, previous, verdicts=verdicts)
    return found, suppressed, outcomes, judged


def _agree_column_wise(engines: tuple[Engine, Engine], docs: list[Document]) -> None:
    """Each document checked with what the compiled engine read column-wise of the whole
    group (as a run's worker does with the files of one task) says what the interpreter
    says of it alone. (A run of a few files reads each in a task of its own, so comparing
    two runs would not judge them column-wise.)"""
    said = engines[0].verdicts(docs)
    for doc in docs:
        compiled = _outcome(engines[0], doc, verdicts=said.get(id(doc)))
        assert compiled == _outcome(engines[1], doc), doc.source


def _agree(engines: tuple[Engine, Engine], doc: Document, previous: Document | None = None) -> None:
    compiled, interpreted = (_outcome(engine, doc, previous) for engine in engines)
    assert compiled[0] == interpreted[0], "findings differ"
    assert compiled[1:3] == interpreted[1:3], "suppressions or outcomes differ"
    assert compiled[3] == interpreted[3], "the figures judged differ"


# What a damaged figure may become: off by a unit, another type, absent, huge, odd.
_DAMAGE = st.sampled_from(
    [
        *("+1", "-1", "+step", "word", "na", "empty", "none", "bool", "digits", "huge"),
        *("zeros", "drop", "list"),
    ]
)


def _one_more_digit(value: int | Decimal) -> Decimal:
    sign, digits, exponent = Decimal(value).as_tuple()
    assert isinstance(exponent, int)
    return Decimal((sign, (*digits, 0), exponent - 1))  # exact: no context rounds it


def _damage(doc: dict[str, Any], at: str, how: str) -> None:
    value = jp.resolve(doc, at)
    number = isinstance(value, int | Decimal) and not isinstance(value, bool)
    parent, key = jp.resolve(doc, jp.parent(at)), jp.split(at)[-1]
    if how == "drop":
        if isinstance(parent, dict):
            del parent[key]
        return
    replacement: Any = {
        "+1": value + 1 if number else value,
        "-1": value - 1 if number else value,
        "+step": value + Decimal("0.25") if number else value,
        # the same value printed with one more digit (1.5 -> 1.50, 3 -> 3.0)
        "zeros": _one_more_digit(value) if number else value,
        "word": "Partly Free",
        "na": "N/A",
        "empty": "",
        "none": None,
        "bool": True,
        "digits": Decimal("1.0000000000000000000000000000001"),
        "huge": 10**30,
        "list": [value],
    }[how]
    jp.assign(doc, at, replacement)


@given(documents(), st.lists(st.tuples(st.integers(0, 10**6), _DAMAGE), max_size=4))
def test_compiled_and_interpreted_rules_agree_on_random_documents(
    engines: tuple[Engine, Engine], doc: dict[str, Any], damage: list[tuple[int, str]]
) -> None:
    bad = copy.deepcopy(doc)
    for pick, how in damage:
        figures = sorted(leaves(bad))
        if figures:
            _damage(bad, figures[pick % len(figures)], how)
    _agree(engines, Document("doc.yaml", bad))


def _bundled() -> list[Document]:
    docs, _ = load_paths([FIXTURES / f for f in ("valid", "invalid", "sources", "pages")])
    return docs


@pytest.mark.slow
def test_compiled_and_interpreted_rules_agree_on_every_fixture_damaged_figure_by_figure(
    engines: tuple[Engine, Engine],
) -> None:
    docs = _bundled()
    assert len(docs) > 40  # every era of the bundled sources
    compared = 0
    for doc in docs:
        _agree(engines, doc)
        for at in sorted(leaves(doc.data)):
            for how in ("+1", "-1", "word", "drop"):
                bad = copy.deepcopy(doc.data)
                _damage(bad, at, how)
                _agree(engines, Document(doc.source, bad, doc.source_map))
                compared += 1
    assert compared > 1000


def test_the_compiled_rules_are_used_on_consistent_documents(
    engines: tuple[Engine, Engine],
) -> None:
    """Each rule a kind compiles holds through its closure on some bundled document, and
    the kinds that compile are compiled for the bundled packs' rules."""
    compiled, _ = engines
    closures = {p.rule_id: p.fast for plans in compiled.by_survey.values() for p in plans if p.fast}
    kinds = Counter(
        p.rule.rule.check for plans in compiled.by_survey.values() for p in plans if p.fast
    )
    assert set(kinds) >= {"range", "sum_equals", "mean_equals", "threshold_bands"}
    assert set(kinds) >= {"lookup_table", "linear_formula"}
    held: set[str] = set()
    for doc in _bundled():
        for rule_id, fast in closures.items():
            if fast(doc.data) is not None:
                held.add(rule_id)
    unused = sorted(set(closures) - held)
    # rules of eras or shapes no bundled document has (each checked by the random documents)
    assert len(unused) <= len(closures) // 3, unused


def test_a_closure_that_raises_defers_to_the_interpreter(
    packs: list[RulePack], monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = Engine(packs)
    plans = [p for plans in engine.by_survey.values() for p in plans if p.fast]

    def explode(data: Any) -> None:
        raise ZeroDivisionError("boom")

    for planned in plans:
        object.__setattr__(planned, "fast", explode)
    doc = next(d for d in _bundled() if d.survey == "fiw")
    found, _, outcomes, judged = _outcome(engine, doc)
    reference = _outcome(Engine(packs, interpreted=True), doc)
    assert (found, outcomes, judged) == (reference[0], reference[2], reference[3])


@pytest.mark.slow
@pytest.mark.skipif(
    not (SHARED / "data").is_dir(), reason="../shared/data is not beside the checkout"
)
def test_compiled_and_interpreted_rules_agree_on_the_official_workbooks(
    engines: tuple[Engine, Engine],
) -> None:
    docs, _ = load_paths(sorted(Path(SHARED / "data").glob("*.xlsx")))
    assert len(docs) > 15000
    reports = [check_documents(engine, docs) for engine in engines]
    assert reports[0].findings == reports[1].findings
    coverage = [report.coverage for report in reports]
    assert coverage[0].by_survey() == coverage[1].by_survey()
    assert coverage[0].unchecked == coverage[1].unchecked


_TABLES = sorted((FIXTURES / "sources").glob("*.csv"))
_CELL_DAMAGE = st.sampled_from(["+1", "-1", "N/A", "", "2.5", "4.00", "x", "-0", "99"])


@pytest.mark.slow
@given(
    st.sampled_from(_TABLES),
    st.integers(2, 5),
    st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 10**6), _CELL_DAMAGE), max_size=6),
)
def test_tables_judged_column_wise_give_the_interpreters_findings_and_coverage(
    engines: tuple[Engine, Engine],
    tmp_path_factory: pytest.TempPathFactory,
    table: Path,
    copies: int,
    damage: list[tuple[int, int, str]],
) -> None:
    """A table's rows of one shape are judged column-wise (Engine.verdicts): every bundled
    layout, its rows repeated so that shapes hold several rows, cells damaged anywhere."""
    lines = list(csv.reader(table.read_text(encoding="utf-8").splitlines()))
    # the header row names the country column, or leaves it blank under edition labels
    cut = next(i for i, line in enumerate(lines) if line[0].startswith("Country") or not line[0])
    cut += 1
    head, body = lines[:cut], lines[cut:]
    rows = [list(row) for row in body * copies]
    for row_pick, cell_pick, how in damage:
        row = rows[row_pick % len(rows)]
        at = 1 + cell_pick % (len(row) - 1)  # never the name: the row stays a record
        cell = row[at].strip()
        if how in ("+1", "-1"):
            row[at] = str(int(cell) + int(how)) if cell.lstrip("-").isdigit() else cell
        else:
            row[at] = how
    path = tmp_path_factory.mktemp("table") / table.name
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(head + rows)
    docs, _ = load_paths([path])
    assert all(doc.shape is not None for doc in docs)
    assert not docs or engines[0].verdicts(docs)  # rows of one shape: judged column-wise
    compiled, interpreted = (check_documents(engine, docs) for engine in engines)
    assert compiled.findings == interpreted.findings
    assert compiled.coverage.by_survey() == interpreted.coverage.by_survey()
    assert compiled.coverage.unchecked == interpreted.coverage.unchecked


@given(
    documents(),
    st.lists(st.lists(st.tuples(st.integers(0, 10**6), _DAMAGE), max_size=2), max_size=5),
)
def test_documents_written_alike_judged_column_wise_give_the_interpreters_findings(
    engines: tuple[Engine, Engine], doc: dict[str, Any], copies: list[list[tuple[int, str]]]
) -> None:
    """Documents of one shape (the same keys in the same order), whatever their source, are
    judged column-wise: copies of a random document, each damaged its own way (a dropped
    key or a list gives a copy a shape of its own)."""
    docs = [Document("doc.json", copy.deepcopy(doc)), Document("copy.json", copy.deepcopy(doc))]
    for number, damage in enumerate(copies):
        bad = copy.deepcopy(doc)
        for pick, how in damage:
            figures = sorted(leaves(bad))
            if figures:
                _damage(bad, figures[pick % len(figures)], how)
        docs.append(Document(f"doc-{number}.json", bad))
    assert engines[0].verdicts(docs)  # the two undamaged copies share their shape at least
    _agree_column_wise(engines, docs)
    compiled, interpreted = (check_documents(engine, docs) for engine in engines)
    assert compiled.findings == interpreted.findings
    assert compiled.coverage.by_survey() == interpreted.coverage.by_survey()
    assert compiled.coverage.unchecked == interpreted.coverage.unchecked


def test_rows_recalled_only_when_their_values_are_written_alike() -> None:
    """A verdict is recalled for a row holding the same values written the same way: with
    `digits: as-printed`, 16 and 16.0 are two different claims about 15.5 (16 holds, 16.0
    does not), though Python holds them equal."""
    from tests.test_any_index import _RULE, _pack_over_open_schema

    rule = _RULE.format(
        id="scaled",
        check="linear_formula",
        at="/pct",
        params="{value: /pct, input: {field: /score}, steps: [{op: multiply, by: 10}], "
        "digits: as-printed}",
    )
    packs = _pack_over_open_schema(rule)
    docs = [
        Document(f"{n}.yaml", {"survey": "x", "score": Decimal("1.55"), "pct": pct})
        for n, pct in enumerate([16, Decimal("16.0"), 16])
    ]
    compiled, interpreted = Engine(packs), Engine(packs, interpreted=True)
    said = compiled.verdicts(docs)  # one shape: column-wise
    found = [
        (f.source, f.expected)
        for doc in docs
        for f in compiled.check_document(doc, verdicts=said[id(doc)]).findings
    ]
    assert found == [("1.yaml", "15.5")]
    _agree_column_wise((compiled, interpreted), docs)


def test_data_nested_past_any_reader_is_judged_one_by_one(
    engines: tuple[Engine, Engine],
) -> None:
    """The readers refuse nesting past 32 levels; data built otherwise, nested past Python's
    recursion limit, is left out of the column-wise grouping, not a crash."""
    import sys

    deep: dict[str, Any] = {}
    node = deep
    for _ in range(sys.getrecursionlimit() + 10):
        node["k"] = {}
        node = node["k"]
    docs = [
        Document(f"{n}.json", {"survey": "fiw", "country": "X", "edition": 2020, "k": deep})
        for n in range(2)
    ]
    assert engines[0].verdicts(docs) == {}


_CONDITIONED = "".join(
    _rule
    for _rule in (
        "  total-differs:\n    summary: s\n    rationale: r\n    fix: f\n    source: s\n"
        "    severity: error\n    check: sum_equals\n    at: /total\n"
        "    when: [{field: /kind, equals: a}]\n"
        "    params: {value: /total, parts: [/parts/*, {field: /less, sign: -1, default: 0}]}\n",
        "  part-outside-range:\n    summary: s\n    rationale: r\n    fix: f\n    source: s\n"
        "    severity: error\n    check: range\n    at: /parts/*\n"
        "    when: [{field: /kind, one_of: [a, b]}, {field: /flag, not_equals: off}]\n"
        "    params: {min: 0, max: 4, step: 1}\n",
        "  less-outside-range:\n    summary: s\n    rationale: r\n    fix: f\n    source: s\n"
        "    severity: warning\n    check: range\n    at: /less\n"
        "    params: {min: 0, max: 2}\n",
        # conditions on a field no row has: one holds everywhere, one nowhere
        "  total-outside-range:\n    summary: s\n    rationale: r\n    fix: f\n    source: s\n"
        "    severity: warning\n    check: range\n    at: /total\n"
        "    when: [{field: /note, present: false}]\n"
        "    params: {min: 0, max: 12}\n",
        "  noted-part-outside-range:\n    summary: s\n    rationale: r\n    fix: f\n"
        "    source: s\n    severity: warning\n    check: range\n    at: /parts/*\n"
        "    when: [{field: /note, present: true}]\n"
        "    params: {min: 1, max: 2}\n",
    )
)
# what a cell of such a table may hold: mostly whole numbers, sometimes what a row of whole
# numbers must not be judged column-wise with (a decimal, a word, a bool, nothing)
_CELL = st.one_of(
    st.integers(-1, 6),
    st.integers(-1, 6),
    st.integers(-1, 6),
    st.sampled_from([Decimal("2"), Decimal("2.0"), Decimal("1.5"), "2", "N/A", True, None]),
)


def _conditioned_rows(cell: st.SearchStrategy[Any]) -> st.SearchStrategy[list[Any]]:
    return st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "c", 1, "A"]),
            st.sampled_from(["on", "off", None, "maybe"]),
            st.lists(cell, min_size=3, max_size=3),
            cell,
            st.one_of(st.integers(-5, 20), cell),
        ),
        min_size=2,
        max_size=12,
    )


@st.composite
def _whole_rows(draw: st.DrawFn) -> list[Any]:
    """Rows of whole numbers whose total is near its sum: right, one off, or wrong by
    twice what is taken off (`/less` added, not taken)."""
    rows = []
    for _ in range(draw(st.integers(2, 12))):
        parts = draw(st.lists(st.integers(-1, 6), min_size=3, max_size=3))
        less = draw(st.integers(-1, 3))
        off = draw(st.sampled_from([0, 0, 1, -1, 2 * less]))
        kind = draw(st.sampled_from(["a", "b", "c", 1, "A"]))
        flag = draw(st.sampled_from(["on", "off", None, "maybe"]))
        rows.append((kind, flag, parts, less, sum(parts) - less + off))
    return rows


# half the tables hold whole numbers only (judged column-wise whole), half anything
@given(st.one_of(_whole_rows(), _conditioned_rows(_CELL)))
def test_rules_with_conditions_judged_column_wise_give_the_interpreters_findings(
    conditioned: list[RulePack], rows: list[tuple[Any, Any, list[Any], Any, Any]]
) -> None:
    """Rows of one shape whose conditions hold for some and not others (`when`, read column
    by column: a verdict only where they hold), with columns of whole numbers (summed and
    ranged without a test per cell) and rows that are not (judged one by one): each row's
    findings, outcomes and judged figures are the interpreter's."""
    packs = conditioned
    docs = [
        Document(
            f"{n}.json",
            {
                "survey": "x",
                "kind": kind,
                "flag": flag,
                "parts": parts,
                "less": less,
                "total": total,
            },
        )
        for n, (kind, flag, parts, less, total) in enumerate(rows)
    ]
    compiled, interpreted = Engine(packs), Engine(packs, interpreted=True)
    said = compiled.verdicts(docs)
    assert set(said) == {id(doc) for doc in docs}  # one shape: judged column-wise
    _agree_column_wise((compiled, interpreted), docs)
    for doc in docs:
        excluded = said[id(doc)].get("x/total-differs") is EXCLUDED
        assert excluded == (doc.data["kind"] != "a")  # a verdict only where `when` holds
    # a rule the compiler leaves to the interpreter, among compiled ones: the documents that
    # share what the others said still differ in it (its conditions, its values)
    mixed = Engine(packs)
    for plans in mixed.by_survey.values():
        plans[:] = [
            replace(p, fast=None) if p.rule_id == "x/part-outside-range" else p for p in plans
        ]
    _agree_column_wise((mixed, interpreted), docs)


@pytest.fixture(scope="module")
def conditioned() -> list[RulePack]:
    """The rules above, over a schema that refuses a flag other than on or off: a row
    with a schema finding is said the same as a row without one by the rules."""
    import tempfile

    from validator.packs.loading import load_packs, pack_paths

    folder = Path(tempfile.mkdtemp(dir=SCRATCH))  # removed when the run ends
    schema = {"type": "object", "properties": {"flag": {"enum": ["on", "off", None]}}}
    (folder / "x.schema.json").write_text(json.dumps(schema))
    (folder / "x.yaml").write_text("pack: x\nsummary: s\nsurvey: x\nrules:\n" + _CONDITIONED)
    loaded, problems = load_packs(pack_paths([folder], bundled=False))
    assert problems == [], problems
    return loaded
