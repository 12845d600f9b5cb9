"""Figure coverage: which figures some rule compared, which none did, and rules that compared
nothing counted as not applicable, never as passed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from validator import pointer as jp
from validator.cli import main
from validator.coverage import Coverage, figures, percent
from validator.document import Document
from validator.engine import NOT_APPLICABLE, PASSED, Engine
from validator.packs.loading import RulePack
from validator.pipeline.run import check_documents
from validator.pipeline_findings import Selection
from validator.testing import corrupt, derived_pointers, documents

from .conftest import FIXTURES

KAZAKHSTAN_2024 = FIXTURES / "valid" / "fiw-2024-kazakhstan.yaml"


def _doc(data: dict[str, Any]) -> Document:
    return Document("doc.yaml", data)


def test_every_figure_of_the_bundled_examples_is_checked(engine: Engine) -> None:
    from validator.sources import load_paths

    docs, problems = load_paths([FIXTURES / "valid"])
    report = check_documents(engine, docs, problems)
    assert report.findings == []
    assert report.coverage.total > 200
    assert report.coverage.unchecked == []
    assert report.coverage.total_checked == report.coverage.total


def test_figures_leave_out_identity_provenance_conventions_and_prose() -> None:
    """What is no figure is what the survey's schema marks so (`x-role`), read through the
    schemas' `$ref`s and arrays: nothing about NIT or FIW is coded in the coverage."""
    from validator.schema_check import Schemas

    roles = Schemas().roles
    nit = _doc(
        {
            "survey": "nit",
            "country": "X",
            "edition": 2018,
            "source": "a page",
            "scale": "7-most-democratic",
            "territory": False,
            "democracy_score": 1,
            "status": "Consolidated Authoritarian Regime",
            "changes": [{"category": "corruption", "reason": "words", "from": 1, "to": 2}],
        }
    )
    assert sorted(figures(nit, roles("nit"))) == [
        "/changes/0/category",
        "/changes/0/from",
        "/changes/0/to",
        "/democracy_score",
        "/status",
    ]
    fiw = _doc({"survey": "fiw", "country": "X", "edition": 1984, "edition_label": "1983-84"})
    fiw.data.update({"source": "a workbook", "status": "Free"})
    assert sorted(figures(fiw, roles("fiw"))) == ["/status"]
    # without the roles, every scalar but the identity is a figure
    assert "/scale" in figures(nit) and "/changes/0/reason" in figures(nit)


def test_another_indexs_schema_marks_its_own_prose_and_provenance(tmp_path: Path) -> None:
    from validator.schema_check import Schemas

    schema = {
        "type": "object",
        "properties": {
            "notes": {"type": "string", "x-role": "prose"},
            "pillars": {
                "type": "array",
                "items": {"properties": {"comment": {"$ref": "#/$defs/text"}}},
            },
            "written": {"enum": ["a", "b"], "x-role": "convention"},
        },
        "$defs": {"text": {"type": "string", "x-role": "prose"}},
    }
    (tmp_path / "other.schema.json").write_text(json.dumps(schema))
    roles = Schemas([tmp_path]).roles("other")
    assert roles.prose == ("/notes", "/pillars/*/comment")
    assert roles.conventions == ("/written",)
    doc = _doc(
        {
            "survey": "other",
            "notes": "n",
            "written": "a",
            "overall": 9,
            "pillars": [{"comment": "c", "score": 1}],
        }
    )
    assert sorted(figures(doc, roles)) == ["/overall", "/pillars/0/score"]


def _subtotals_only() -> dict[str, Any]:
    """The shape of the aggregate workbook (subcategory totals, no indicators), with a last
    year's total that no rule can compare without the previous edition."""
    data = yaml.safe_load(KAZAKHSTAN_2024.read_text())
    del data["indicators"]
    data["last_year"] = {"total_score": 23}
    return data


def test_a_rule_whose_inputs_are_absent_is_not_applicable_and_checks_no_figure(
    engine: Engine,
) -> None:
    data = _subtotals_only()
    found, outcomes, judged, _ = engine.check(_doc(data))
    assert found == []
    # the sums of indicators have no indicators to add; last year's total no previous edition
    assert outcomes["fiw/subcategory-differs-from-sum"] == NOT_APPLICABLE
    assert outcomes["fiw/political-rights-score-differs-from-sum"] == NOT_APPLICABLE
    assert outcomes["fiw/last-year-total-differs-from-previous-edition"] == NOT_APPLICABLE
    # what they would have read is unchecked, unless another rule compared it
    assert "/last_year/total_score" not in judged
    assert outcomes["fiw/political-rights-score-differs-from-subtotals"] == PASSED
    assert {f"/subcategories/{c}" for c in "ABCDEFG"} <= judged  # the subtotal rules
    assert outcomes["fiw/total-score-differs-from-sum"] == PASSED
    assert {"/total_score", "/political_rights_score", "/civil_liberties_score"} <= judged


def test_the_audit_tallies_a_rule_that_compared_nothing_as_not_applicable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.yaml").write_text(yaml.safe_dump(_subtotals_only()))
    out = tmp_path / "audit.json"
    assert main(["audit", str(tmp_path / "a.yaml"), "--json", str(out), "-q"]) == 0
    report = json.loads(out.read_text())
    tally = {t["rule"]: t for t in report["rules"]}["fiw/subcategory-differs-from-sum"]
    assert (tally["checked"], tally["passed"], tally["not_applicable"]) == (0, 0, 1)
    unchecked = {u["pointer"] for u in report["unchecked"]}
    assert unchecked == {"/last_year/total_score"}
    assert report["summary"]["figures_unchecked"] == len(report["unchecked"]) == 1


def test_a_selection_that_leaves_figures_unchecked_shows_them_where_they_are(
    packs: list[RulePack], capsys: pytest.CaptureFixture[str]
) -> None:
    # no rule of the selection applies: every figure is listed where it is, and the run does
    # not pass (issue 26, item 12: a run that compared nothing is exit 2)
    assert main(["check", str(KAZAKHSTAN_2024), "--select", "nit", "--coverage"]) == 2
    out = capsys.readouterr().out.splitlines()
    unchecked = [line for line in out if ": unchecked " in line]
    assert len(unchecked) == len(figures_of(KAZAKHSTAN_2024))
    lines = KAZAKHSTAN_2024.read_text().splitlines()
    for line in unchecked:
        _, row, column, rest = line.split(":", 3)
        pointer, value = rest.split(" unchecked ")[1].split(" (")[0].split(" = ")
        key = pointer.rsplit("/", 1)[-1]
        text = lines[int(row) - 1]
        assert key in text and text[int(column) - 1 :].startswith(value), line
    assert out[-2].startswith("figures: ") and "0% checked" in out[-2]
    assert out[-1] == "1 document checked: no findings"


def figures_of(path: Path) -> dict[str, Any]:
    """The figures of a file's one document, as its survey's schema says what they are."""
    from validator.schema_check import Schemas
    from validator.sources import load_paths

    [doc], _ = load_paths([path])
    return figures(doc, Schemas().roles(doc.survey))


@given(documents(), st.data())
def test_coverage_adds_up_and_a_wrong_figure_is_a_checked_one(
    engine: Engine, doc: dict[str, Any], data: st.DataObject
) -> None:
    """Generated documents of every survey: figures = checked + unchecked; a derived figure
    made wrong is reported, and a reported figure is a checked one."""
    wrong = corrupt(doc, data.draw(st.sampled_from(derived_pointers(doc))))
    document = _doc(wrong)
    found, _, judged, _ = engine.check(document)
    coverage = Coverage()
    roles = engine.schemas.roles(document.survey)
    coverage.add(document, judged, roles)
    assert coverage.total == len(figures(document, roles))
    assert coverage.total_checked + len(coverage.unchecked) == coverage.total
    assert found
    stated = figures(document, roles)
    assert all(f.pointer in judged for f in found if f.pointer in stated)


@given(st.integers(0, 10_000), st.integers(1, 10_000))
def test_a_percentage_is_100_or_0_only_when_it_is(checked: int, figures: int) -> None:
    checked = min(checked, figures)
    text = percent(checked, figures)
    assert (text == "100%") == (checked == figures)
    assert (text == "0%") == (checked == 0)


def test_selecting_every_rule_checks_what_no_selection_checks(
    packs: list[RulePack],
) -> None:
    data = yaml.safe_load(KAZAKHSTAN_2024.read_text())
    everything = Engine(packs).check(_doc(data)).judged
    selected = (
        Engine(packs, Selection(("fiw", "schema", "core", "sidebar"))).check(_doc(data)).judged
    )
    assert everything == selected
    roles = Engine(packs).schemas.roles("fiw")
    assert set(figures(_doc(data), roles)) <= everything


_TABLES = sorted((FIXTURES / "sources").glob("*.csv"))
_ODD = [None, True, [1], {"a": 1}, "x", -0, 7, "N/A", []]


@given(
    st.sampled_from(_TABLES),
    st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 10**6)), max_size=4),
    st.lists(st.integers(0, 10**6), max_size=8),
    st.data(),
)
def test_a_tables_figures_by_its_shape_are_those_its_rows_hold(
    engine: Engine,
    table: Path,
    blanks: list[tuple[int, int]],
    judged_picks: list[int],
    data: st.DataObject,
) -> None:
    """The rows of a table are counted by where their shape says figures may be (worked out
    once per shape); each row's figures, and what `add` counts and lists, are those of a
    walk of its data: with cells left blank (other shapes), values of every type put in
    place of a figure, rows whose data lost a key their shape names, and any pointers and
    patterns judged."""
    import csv
    import io

    from validator.sources.spreadsheet import parse_csv

    lines = list(csv.reader(table.read_text(encoding="utf-8").splitlines()))
    for row_pick, cell_pick in blanks:  # a blank cell: a row of another shape
        row = lines[2 + row_pick % max(1, len(lines) - 2)] if len(lines) > 2 else lines[-1]
        row[1 + cell_pick % (len(row) - 1)] = ""
    text = io.StringIO()
    csv.writer(text).writerows(lines)
    docs, _ = parse_csv(text.getvalue(), table.name, str(table))
    assert docs and all(doc.shape is not None for doc in docs)
    roles = engine.schemas.roles(docs[0].survey or "")
    walked = [Document(d.source, d.data, d.source_map, layout=d.layout) for d in docs]
    for doc in docs:  # values of other types where figures are
        places = sorted(figures(doc, roles))
        for _ in range(data.draw(st.integers(0, 2))):
            if places:
                at = places[data.draw(st.integers(0, len(places) - 1))]
                value = data.draw(st.sampled_from([None, True, [1], {"a": 1}, "x", -0]))
                parent, key = at.rsplit("/", 1)
                node = doc.data
                for step in filter(None, parent.split("/")):
                    node = node[step]
                if data.draw(st.booleans()):
                    if key in node:  # in its place (`fix` writes only figures that are there)
                        node[key] = value
                else:
                    node.pop(key, None)  # the shape now names a key the data lacks
    _same_as_walked(docs, walked, roles, judged_picks)


def _same_as_walked(
    docs: list[Document], walked: list[Document], roles: Any, judged_picks: list[int]
) -> None:
    """Each document's figures, and what `add` counts and lists, found by its shape are
    those the walk of its data finds (the reference: no shape used)."""
    from unittest import mock

    import validator.coverage as coverage

    with mock.patch.object(coverage, "_shape", lambda doc: None):
        every = sorted({at for doc in walked for at in figures(doc, roles)})
        patterns = sorted({at.rsplit("/", 1)[0] + "/*" for at in every})
        pool = every + patterns
        judged = {pool[pick % len(pool)] for pick in judged_picks} if pool else set()
        by_walk = Coverage()
        expected = []
        for alike in walked:
            expected.append(figures(alike, roles))
            by_walk.add(alike, judged, roles)
    by_shape = Coverage()
    for doc, figures_walked in zip(docs, expected, strict=True):
        assert figures(doc, roles) == figures_walked
        by_shape.add(doc, judged, roles)
    assert (by_shape.figures, by_shape.checked) == (by_walk.figures, by_walk.checked)
    assert by_shape.unchecked == by_walk.unchecked


@given(
    documents(),
    st.lists(st.tuples(st.integers(0, 10**6), st.sampled_from(_ODD)), max_size=6),
    st.lists(st.integers(0, 10**6), max_size=8),
)
def test_documents_figures_by_the_shape_of_their_data_are_those_a_walk_finds(
    engine: Engine,
    doc: dict[str, Any],
    damage: list[tuple[int, Any]],
    judged_picks: list[int],
) -> None:
    """Documents of no declared shape (a JSON or YAML file's) are counted by the shape of
    their data's keys: copies of a document with values of every type put in place of its
    figures (a list or a mapping: a shape of its own), and any pointers and patterns
    judged."""
    import copy

    from validator.document import leaves

    docs = []
    for number in range(3):
        data = copy.deepcopy(doc)
        for pick, value in damage[number::3]:
            places = sorted(leaves(data))
            if places:
                jp.assign(data, places[pick % len(places)], copy.deepcopy(value))
        docs.append(Document(f"{number}.json", data))
    roles = engine.schemas.roles(doc["survey"])
    _same_as_walked(docs, docs, roles, judged_picks)
    from unittest import mock

    import validator.coverage as coverage

    # with room for a few places only: what is kept is forgotten, and a document of more
    # places than the whole room is walked
    with mock.patch.object(coverage, "PLACES", 40):
        _same_as_walked(docs, docs, roles, judged_picks)
