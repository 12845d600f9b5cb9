"""Every number of a bundled rule that a verdict turns on is held by the rule's own cases.

Two sides of one promise (issue 30: a change to a number in rules/ must fail a case, not
only the generated reference's freshness test):

- `rules lint --cases fixtures/rules` finds no edge without a case (`pipeline/edges.py`);
- each such number moved by one step in a copy of the pack (a range's minimum, maximum or
  per-key maximum; a boundary between two rows of the rule's table; an era's first or last
  edition) makes one of the rule's cases fail. This is the oracle that does not trust the
  edge list: it mutates the packs as a careless edit would and runs the cases.

And the lint's edges on packs written here, where the expected warnings are known.
"""

from __future__ import annotations

import dataclasses
import textwrap
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from validator.checks import lookup_table
from validator.cli import main
from validator.packs.lint import schemas_for
from validator.packs.loading import RulePack, load_packs, pack_paths
from validator.packs.pack import CompiledRule
from validator.pipeline.cases import case_engine, read_cases, run_case
from validator.pipeline.edges import uncovered
from validator.rulepack.models import Domain, Quantity, Row, Table

from .conftest import FIXTURES

CASES = FIXTURES / "rules"


def test_every_edge_of_every_bundled_rule_has_a_case(packs: list[RulePack]) -> None:
    schemas, problems = schemas_for(packs)
    assert schemas is not None and problems == []
    missing = [
        f"{r.qualified_id}: {what}"
        for p in packs
        for r, what in uncovered(p, CASES, schemas, packs)
    ]
    assert missing == []


def _with_rule(pack: RulePack, rule: CompiledRule) -> RulePack:
    rules = [rule if r.id == rule.id else r for r in pack.rules]
    return dataclasses.replace(pack, rules=rules)


def _with_table(pack: RulePack, name: str, table: Table) -> RulePack:
    spec = dataclasses.replace(pack.spec, tables={**pack.spec.tables, name: table})
    return dataclasses.replace(pack, spec=spec)


def _moved(pack: RulePack, rule: CompiledRule) -> Iterator[tuple[str, RulePack]]:
    """(what was moved, the pack with it moved) for every number the rule's verdict turns on."""
    era = rule.rule.editions
    for end in ("first", "last"):
        year = getattr(era, end)
        if year is None:
            continue
        for by in (-1, 1):
            editions = dataclasses.replace(era, **{end: year + by})
            moved = dataclasses.replace(
                rule, rule=dataclasses.replace(rule.rule, editions=editions)
            )
            yield f"editions.{end} {year} -> {year + by}", _with_rule(pack, moved)
    params = rule.params
    if rule.rule.check == "range":
        step = params.step if params.step is not None else Decimal(1)
        ends = ["min"] if params.maxima else ["min", "max"]  # max: keys maxima leaves out
        for end in ends:
            for by in (-step, step):
                value = getattr(params, end) + by
                if params.min + (by if end == "min" else 0) > params.max + (
                    by if end == "max" else 0
                ):
                    continue
                moved = dataclasses.replace(
                    rule, params=dataclasses.replace(params, **{end: value})
                )
                yield f"{end} -> {value}", _with_rule(pack, moved)
        for key, top in (params.maxima or {}).items():
            for by in (-step, step):
                maxima = {**params.maxima, key: top + by}
                moved = dataclasses.replace(rule, params=dataclasses.replace(params, maxima=maxima))
                yield f"maxima.{key} -> {top + by}", _with_rule(pack, moved)
    name = getattr(params, "table", None)
    if rule.rule.check in ("threshold_bands", "lookup_table") and name in pack.spec.tables:
        table = pack.spec.tables[name]
        step = table.domain.step
        for index in range(len(table.rows) - 1):
            low, high = table.rows[index], table.rows[index + 1]
            for by in (-step, step):
                if low.max + by < low.min or high.min + by > high.max:
                    continue  # a row would be empty: not a threshold moved but a row dropped
                rows = list(table.rows)
                rows[index] = dataclasses.replace(low, max=low.max + by)
                rows[index + 1] = dataclasses.replace(high, min=high.min + by)
                moved_table = dataclasses.replace(table, rows=tuple(rows))
                what = (
                    f"table {name}: {low.value!r} | {high.value!r} at {high.min} -> {high.min + by}"
                )
                yield what, _with_table(pack, name, moved_table)


def _survivors() -> list[str]:
    packs, problems = load_packs(pack_paths())
    assert problems == []
    survivors = []
    for index, pack in enumerate(packs):
        for rule in pack.rules:
            path = CASES / pack.name / f"{rule.id}.yaml"
            if rule.kind is None or not path.is_file():
                continue  # every rule has a case file: test_pack_lint's no-cases test
            cases = read_cases(path)
            for what, moved in _moved(pack, rule):
                mutated = [*packs[:index], moved, *packs[index + 1 :]]
                engine = case_engine(mutated, rule.qualified_id)
                if all(run_case(c, mutated, FIXTURES, engine).passed for c in cases):
                    survivors.append(f"{rule.qualified_id}: {what}")
    return survivors


@pytest.mark.slow
def test_every_number_a_verdict_turns_on_moved_by_one_step_fails_a_case() -> None:
    assert _survivors() == []


# the lint on packs written here


PACK = """\
pack: edges
survey: fiw
summary: Edges of a range, a band table, an era and a tolerance.
tables:
  status:
    summary: Total to status.
    source: here
    domain: {min: 0, max: 100, step: 1}
    rows:
      - {min: 0, max: 34, value: Not Free}
      - {min: 35, max: 71, value: Partly Free}
      - {min: 72, max: 100, value: Free}
rules:
  total-outside-range:
    summary: s
    rationale: r
    fix: f
    source: here
    severity: error
    check: range
    at: /total_score
    editions: {first: 2015}
    params: {min: -4, max: 100, step: 1}
  status-outside-band:
    summary: s
    rationale: r
    fix: f
    source: here
    severity: error
    check: threshold_bands
    params: {value: /status, input: {field: /total_score}, table: status}
  total-differs-from-sum:
    summary: s
    rationale: r
    fix: f
    source: here
    severity: error
    check: sum_equals
    params:
      value: /total_score
      parts: [/political_rights_score, /civil_liberties_score]
      tolerance: 1
"""


def _edges_pack(tmp_path: Path, cases: dict[str, str]) -> tuple[RulePack, Path]:
    (tmp_path / "edges.yaml").write_text(PACK)
    base = (FIXTURES / "valid" / "fiw-2024-kazakhstan.yaml").read_text()
    (tmp_path / "base.yaml").write_text(base)
    folder = tmp_path / "cases" / "edges"
    folder.mkdir(parents=True)
    for rule_id, body in cases.items():
        (folder / f"{rule_id}.yaml").write_text("base: base.yaml\ncases:\n" + textwrap.dedent(body))
    packs, problems = load_packs(pack_paths([tmp_path / "edges.yaml"]))
    assert problems == []
    return next(p for p in packs if p.name == "edges"), tmp_path / "cases"


def _uncovered(pack: RulePack, folder: Path) -> list[tuple[str, str]]:
    schemas, _ = schemas_for([pack])
    assert schemas is not None
    return [(rule.id, what) for rule, what in uncovered(pack, folder, schemas, [pack])]


def test_the_edges_a_pack_author_must_cover_are_listed(tmp_path: Path) -> None:
    """Kazakhstan 2024: PR 5, CL 18, total 23, Not Free (its figures; no case holds an edge)."""
    body = "  - {name: the row, expect: []}\n"
    pack, folder = _edges_pack(
        tmp_path,
        {"total-outside-range": body, "status-outside-band": body, "total-differs-from-sum": body},
    )
    assert _uncovered(pack, folder) == [
        ("total-outside-range", "the minimum -4"),
        ("total-outside-range", "-5, below the minimum"),
        ("total-outside-range", "the maximum 100"),
        ("total-outside-range", "101, past the maximum"),
        ("total-outside-range", "the era's first edition 2015 (a case reporting there)"),
        ("total-outside-range", "edition 2014, just before the era (a case silent there)"),
        ("status-outside-band", "'status' row 'Not Free' from 0"),
        ("status-outside-band", "'status' row 'Not Free' to 34"),
        ("status-outside-band", "'status' row 'Partly Free' from 35"),
        ("status-outside-band", "'status' row 'Partly Free' to 71"),
        ("status-outside-band", "'status' row 'Free' from 72"),
        ("status-outside-band", "'status' row 'Free' to 100"),
        ("total-differs-from-sum", "a value off by 1 (the tolerance: accepted)"),
        ("total-differs-from-sum", "a value off by 2 (refused)"),
    ]


def test_cases_at_the_edges_silence_the_lint(tmp_path: Path) -> None:
    range_cases = """\
      - {name: least, set: {/total_score: -4}, expect: []}
      - {name: below, set: {/total_score: -5}, expect: [/total_score]}
      - {name: most, set: {/total_score: 100}, expect: []}
      - {name: past, set: {/total_score: 101}, expect: [/total_score]}
      - {name: first edition, set: {/edition: 2015, /total_score: 101}, expect: [/total_score]}
      - {name: before, set: {/edition: 2014, /total_score: 101}, expect: []}
    """
    band_cases = "".join(
        f"  - {{name: {v}, set: {{/total_score: {v}, /status: {s}}}, expect: []}}\n"
        for v, s in [
            (0, "Not Free"),
            (34, "Not Free"),
            (35, "Partly Free"),
            (71, "Partly Free"),
            (72, "Free"),
            (100, "Free"),
        ]
    )
    sum_cases = """\
      - {name: off by one, set: {/total_score: 24}, expect: []}
      - {name: off by two, set: {/total_score: 21}, expect: [/total_score]}
    """
    pack, folder = _edges_pack(
        tmp_path,
        {
            "total-outside-range": range_cases,
            "status-outside-band": band_cases,
            "total-differs-from-sum": sum_cases,
        },
    )
    assert _uncovered(pack, folder) == []
    # a case at the value but out of the rule's era does not hold the edge
    (folder / "edges" / "total-outside-range.yaml").write_text(
        "base: base.yaml\ncases:\n"
        + textwrap.dedent(range_cases).replace(
            "/total_score: 100}", "/total_score: 100, /edition: 2014}"
        )
    )
    assert _uncovered(pack, folder) == [("total-outside-range", "the maximum 100")]


def test_rules_lint_with_cases_warns_of_an_edge_without_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = "  - {name: the row, set: {/total_score: 100}, expect: []}\n"
    _edges_pack(tmp_path, {"total-outside-range": body})
    exit_code = main(["rules", "lint", str(tmp_path / "edges.yaml")])
    out = capsys.readouterr().out
    assert exit_code == 1  # warnings only
    assert "no case of edges/total-outside-range holds the minimum -4" in out
    assert "no case of edges/total-outside-range holds the maximum 100" not in out
    assert "edges.yaml:15:5: warning" in out  # at the rule in the pack, as every lint warning


def test_a_case_at_an_edge_holds_it_only_with_the_verdict_the_edge_asks(tmp_path: Path) -> None:
    """The maximum wants a case silent there, the value past it a case reporting: a case at
    101 that expects silence (or at 100 expecting a finding) holds neither edge."""
    cases = """\
      - {name: least, set: {/total_score: -4}, expect: []}
      - {name: below, set: {/total_score: -5}, expect: [/total_score]}
      - {name: most, but expecting a finding, set: {/total_score: 100}, expect: [/total_score]}
      - {name: past, but expecting silence, set: {/total_score: 101}, expect: []}
      - {name: first edition, set: {/edition: 2015, /total_score: 102}, expect: [/total_score]}
      - {name: before, set: {/edition: 2014, /total_score: 102}, expect: []}
    """
    pack, folder = _edges_pack(tmp_path, {"total-outside-range": cases})
    assert _uncovered(pack, folder) == [
        ("total-outside-range", "the maximum 100"),
        ("total-outside-range", "101, past the maximum"),
    ]


def test_a_table_with_labels_a_row_also_allows_asks_for_each_and_where_it_stops() -> None:
    """FIW's total-to-status table: 24-39 allows Partly Free or Not Free. Moving 23|24 or
    39|40 by one takes no label away on one side (a silent case there passes either way), so
    a case reporting the label only the neighbour allows is asked for there."""
    table = Table(
        summary="s",
        source="s",
        domain=Domain(min=Decimal(0), max=Decimal(61), step=Decimal(1)),
        rows=(
            Row(min=Decimal(0), max=Decimal(23), value="Not Free"),
            Row(min=Decimal(24), max=Decimal(39), value="Partly Free", also=("Not Free",)),
            Row(min=Decimal(40), max=Decimal(61), value="Partly Free"),
        ),
    )
    params = lookup_table.Params(value="/status", input=Quantity(field="/total"), table="t")
    found = [(e.value, e.label, e.accepted) for e in lookup_table.edges(params, {"t": table})]
    assert found == [
        (0, "Not Free", True),
        (23, "Not Free", True),
        (23, "Partly Free", False),
        (24, "Partly Free", True),
        (24, "Not Free", True),
        (39, "Partly Free", True),
        (39, "Not Free", True),
        (40, "Partly Free", True),
        (40, "Not Free", False),
        (61, "Partly Free", True),
    ]
    assert all(
        e.label_at == "/status" and e.input == params.input
        for e in lookup_table.edges(params, {"t": table})
    )


def test_cases_that_cannot_be_read_or_fail_anyway_hold_no_edge(tmp_path: Path) -> None:
    """A case file whose base is missing is said (its edges unchecked), not passed over; a
    case at the era's first edition that fails as the pack is (it expects the wrong
    verdict) does not count for the era."""
    wrong = """\
      - {name: least, set: {/total_score: -4}, expect: []}
      - {name: below, set: {/total_score: -5}, expect: [/total_score]}
      - {name: most, set: {/total_score: 100}, expect: []}
      - {name: past, set: {/total_score: 101}, expect: [/total_score]}
      - {name: first edition, wrongly silent, set: {/edition: 2015, /total_score: 102}, expect: []}
      - {name: before, set: {/edition: 2014, /total_score: 102}, expect: []}
    """
    pack, folder = _edges_pack(tmp_path, {"total-outside-range": wrong})
    assert _uncovered(pack, folder) == [
        ("total-outside-range", "the era's first edition 2015 (a case reporting there)")
    ]
    (folder / "edges" / "total-outside-range.yaml").write_text(
        "base: missing.yaml\ncases:\n  - {name: any, expect: []}\n"
    )
    [(rule_id, what)] = _uncovered(pack, folder)
    assert rule_id == "total-outside-range"
    assert what.startswith("its cases cannot be read (base missing.yaml")
