"""What a user can write, not only what the bundled packs happen to write (issue 30, item 1):
rules with generated parameters (rounding modes, digits, grids whose minimum is off the step,
tolerances, as-printed comparisons) judged by the interpreter and by the compiled rules, both
held to an oracle written from each kind's documented meaning with Python's `decimal` module
(not the project's arithmetic)."""

from __future__ import annotations

import decimal
import tempfile
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from hypothesis import assume, given
from hypothesis import strategies as st

from validator.document import Document
from validator.engine import Engine
from validator.findings import Severity
from validator.packs.loading import RulePack, load_packs, pack_paths
from validator.pipeline.run import check_documents

from .conftest import SCRATCH

_MODES = {
    "half-up": decimal.ROUND_HALF_UP,  # ties away from zero
    "half-even": decimal.ROUND_HALF_EVEN,
    "toward-zero": decimal.ROUND_DOWN,
}


def _rounded(value: Fraction, digits: int, mode: str) -> Decimal:
    """The oracle's rounding: the fraction divided out at 60 digits (a tie is a terminating
    decimal, so it is exact there), then quantized by `decimal`."""
    with decimal.localcontext() as context:
        context.prec = 60
        quotient = Decimal(value.numerator) / Decimal(value.denominator)
        return quotient.quantize(Decimal(1).scaleb(-digits), rounding=_MODES[mode])


def _packs(rule: str, severity: str = "error") -> list[RulePack]:
    """A pack of one rule over an open schema, as a user writes it (both engines load it)."""
    folder = Path(tempfile.mkdtemp(dir=SCRATCH))  # removed when the run ends
    (folder / "g.schema.json").write_text('{"type": "object"}')
    head = "pack: g\nsummary: s\nsurvey: g\nrules:\n"
    body = (
        "  generated:\n    summary: s\n    rationale: r\n    fix: f\n    source: s\n"
        f"    severity: {severity}\n{rule}"
    )
    (folder / "g.yaml").write_text(head + body)
    loaded, problems = load_packs(pack_paths([folder], bundled=False))
    assert problems == [], problems
    return loaded


def _judged(packs: list[RulePack], docs: list[Document]) -> list[set[str]]:
    """The documents with a finding, by the compiled engine (one document alone, and all
    of them judged column-wise together) and by the interpreter."""
    compiled, interpreted = Engine(packs), Engine(packs, interpreted=True)
    alone = {f.source for d in docs for f in check_documents(compiled, [d]).findings}
    together = {f.source for f in check_documents(compiled, docs).findings}
    reference = {f.source for f in check_documents(interpreted, docs).findings}
    return [alone, together, reference]


@st.composite
def _means(draw: st.DrawFn) -> tuple[int, str, list[list[Decimal]]]:
    """Digits, a rounding mode, and documents' parts with one decimal more than the mean
    is printed with (ties are then frequent: 0.25 and 0.35 over two parts)."""
    digits = draw(st.integers(0, 2))
    mode = draw(st.sampled_from(sorted(_MODES)))
    count = draw(st.integers(1, 4))
    unit = Decimal(1).scaleb(-(digits + 1))
    parts = st.lists(st.integers(-200, 200).map(lambda n: n * unit), min_size=count, max_size=count)
    return digits, mode, draw(st.lists(parts, min_size=1, max_size=4))


@given(case=_means(), shift=st.integers(-1, 1))
def test_a_mean_is_rounded_as_the_rule_says(
    case: tuple[int, str, list[list[Decimal]]], shift: int
) -> None:
    digits, mode, rows = case
    rule = (
        "    check: mean_equals\n    at: /mean\n"
        f"    params: {{value: /mean, parts: [/parts/*], digits: {digits}, rounding: {mode}}}\n"
    )
    packs = _packs(rule)
    docs, wrong = [], set()
    for index, parts in enumerate(rows):
        mean = sum((Fraction(p) for p in parts), Fraction(0)) / len(parts)
        expected = _rounded(mean, digits, mode)
        printed = expected + shift * Decimal(1).scaleb(-digits) if index == 0 else expected
        docs.append(Document(f"d{index}.yaml", {"survey": "g", "parts": parts, "mean": printed}))
        if printed != expected:
            wrong.add(f"d{index}.yaml")
    assert _judged(packs, docs) == [wrong, wrong, wrong]


@given(
    low=st.integers(-30, 30),
    step=st.sampled_from([Decimal("0.1"), Decimal("0.25"), Decimal("0.5"), Decimal(3)]),
    offset=st.sampled_from([Decimal(0), Decimal("0.05"), Decimal("0.01")]),
    values=st.lists(st.integers(-5, 60), min_size=1, max_size=5),
    half=st.booleans(),
)
def test_a_range_grid_is_counted_from_its_minimum(
    low: int, step: Decimal, offset: Decimal, values: list[int], half: bool
) -> None:
    """min 0.05 step 0.1: 0.15 is on the grid, 0.1 is not (a grid counted from 0 says the
    reverse; the bundled minimums are all on their steps' grid from 0)."""
    minimum = Decimal(low) / 10 + offset
    maximum = minimum + 40 * step
    rule = (
        f"    check: range\n    at: /x\n    params: {{min: {minimum}, max: {maximum}, "
        f"step: {step}}}\n"
    )
    packs = _packs(rule)
    docs, wrong = [], set()
    for index, k in enumerate(values):
        value = minimum + k * step + (step / 2 if half and index == 0 else 0)
        docs.append(Document(f"d{index}.yaml", {"survey": "g", "x": value}))
        on_grid = (Fraction(value) - Fraction(minimum)) / Fraction(step)
        if not (minimum <= value <= maximum and on_grid.denominator == 1):
            wrong.add(f"d{index}.yaml")
    assert _judged(packs, docs) == [wrong, wrong, wrong]


@given(
    parts=st.lists(st.integers(0, 99).map(lambda n: Decimal(n) / 10), min_size=2, max_size=6),
    tolerance=st.integers(0, 3),
    off=st.integers(-5, 5),
)
def test_a_sum_accepts_exactly_its_tolerance(
    parts: list[Decimal], tolerance: int, off: int
) -> None:
    """`tolerance: t`: t units of the printed total's last digit either way, and no more."""
    rule = (
        "    check: sum_equals\n    at: /total\n"
        f"    params: {{value: /total, parts: [/parts/*], tolerance: {tolerance}}}\n"
    )
    total = sum(parts, Decimal(0)) + Decimal(off) / 10
    assume(total >= 0)
    docs = [Document("d0.yaml", {"survey": "g", "parts": parts, "total": total})]
    wrong = {"d0.yaml"} if abs(off) > tolerance else set()
    assert _judged(_packs(rule), docs) == [wrong, wrong, wrong]


@given(
    inputs=st.lists(st.integers(-400, 400).map(lambda n: Decimal(n) / 100), min_size=1, max_size=4),
    divisor=st.sampled_from([Decimal(2), Decimal(4), Decimal(8), Decimal(6), Decimal("0.4")]),
    add=st.sampled_from([Decimal(0), Decimal("0.125"), Decimal(-1)]),
    digits=st.integers(0, 2),
    mode=st.sampled_from(sorted(_MODES)),
    shift=st.integers(-1, 1),
)
def test_a_formula_is_rounded_as_the_rule_says(
    inputs: list[Decimal], divisor: Decimal, add: Decimal, digits: int, mode: str, shift: int
) -> None:
    """(x + add) / divisor at `digits` decimals, by the rule's rounding mode (halves over
    2, 4 and 8 make ties)."""
    rule = (
        "    check: linear_formula\n    at: /y\n    params: {value: /y, input: {field: /x}, "
        f"steps: [{{op: add, by: {add}}}, {{op: divide, by: {divisor}}}], digits: {digits}, "
        f"rounding: {mode}}}\n"
    )
    docs, wrong = [], set()
    for index, x in enumerate(inputs):
        expected = _rounded((Fraction(x) + Fraction(add)) / Fraction(divisor), digits, mode)
        printed = expected + (shift * Decimal(1).scaleb(-digits) if index == 0 else 0)
        docs.append(Document(f"d{index}.yaml", {"survey": "g", "x": x, "y": printed}))
        if printed != expected:
            wrong.add(f"d{index}.yaml")
    assert _judged(_packs(rule), docs) == [wrong, wrong, wrong]


@given(
    ratings=st.lists(st.integers(4, 28).map(lambda n: Decimal(n) / 4), min_size=1, max_size=7),
    digits=st.integers(0, 3),
    shift=st.integers(-1, 1),
)
def test_last_years_figure_is_compared_at_the_decimals_it_is_printed_with(
    ratings: list[Decimal], digits: int, shift: int
) -> None:
    """`round: as-printed` on the previous edition's side: its mean is rounded to the
    decimals this edition prints last year's figure with (5.95 is compared with 5.95, not
    with 6)."""
    rule = (
        "    check: cross_edition\n    at: /last_year\n    params: {value: /last_year, "
        "previous: {mean: [/ratings/*], round: as-printed}}\n"
    )
    mean = sum((Fraction(r) for r in ratings), Fraction(0)) / len(ratings)
    printed = _rounded(mean, digits, "half-up") + shift * Decimal(1).scaleb(-digits)
    before = {"survey": "g", "country": "C", "edition": 2020, "ratings": ratings}
    now = {"survey": "g", "country": "C", "edition": 2021, "last_year": printed}
    docs = [Document("before.yaml", before), Document("now.yaml", now)]
    wrong = {"now.yaml"} if shift else set()
    assert _judged(_packs(rule), docs)[1:] == [wrong, wrong]  # a pair: never judged alone


_SEVERITIES = {"info": 0, "warning": 1, "error": 2}  # the oracle's order, from the README


@given(
    severity=st.sampled_from(sorted(_SEVERITIES)),
    first=st.none() | st.integers(2000, 2030),
    length=st.none() | st.integers(0, 10),
    rows=st.lists(st.tuples(st.integers(1995, 2035), st.integers(-3, 13)), min_size=1, max_size=6),
    fail_on=st.sampled_from(sorted(_SEVERITIES)),
)
def test_a_rules_era_and_severity_decide_which_documents_fail_and_how(
    severity: str,
    first: int | None,
    length: int | None,
    rows: list[tuple[int, int]],
    fail_on: str,
) -> None:
    """A range 0-10 in an era (open at either end, or both): a document reports exactly when
    its edition is in the era and its value outside 0-10, at the rule's severity; the run
    fails `--fail-on` exactly when that severity is at or above it."""
    last = None if length is None else (first if first is not None else 2010) + length
    era = {k: v for k, v in (("first", first), ("last", last)) if v is not None}
    editions = f"    editions: {{{', '.join(f'{k}: {v}' for k, v in era.items())}}}\n"
    rule = "    check: range\n    at: /value\n    params: {min: 0, max: 10, step: 1}\n"
    packs = _packs(rule + (editions if era else ""), severity)
    docs = [
        Document(f"d{i}", {"survey": "g", "country": f"c{i}", "edition": e, "value": v})
        for i, (e, v) in enumerate(rows)
    ]
    expected = {
        f"d{i}"
        for i, (e, v) in enumerate(rows)
        if (first is None or e >= first) and (last is None or e <= last) and not 0 <= v <= 10
    }
    assert _judged(packs, docs) == [expected] * 3
    report = check_documents(Engine(packs), docs)
    assert {f.severity.label for f in report.findings} == ({severity} if expected else set())
    fails = bool(expected) and _SEVERITIES[severity] >= _SEVERITIES[fail_on]
    assert report.is_failing(Severity.parse(fail_on)) == fails
