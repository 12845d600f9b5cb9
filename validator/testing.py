"""Hypothesis strategies for consistent report documents, for our tests and for users'.

    from validator.testing import documents, derived_pointers, corrupt
    @given(documents("nit"))
    def test_my_pipeline(doc): ...

Every number (ranges, steps, formula, tables) is read from the bundled rule packs, and the
arithmetic here is written independently of the engine (Decimal at 50 digits, quantized
half-up, against the engine's exact fractions), so the property tests check the engine
against the published rules as the packs state them. Whether the packs state them right is
what the real-data fixtures check. Requires hypothesis (`pip install report-validator[test]`).
"""

from __future__ import annotations

import copy
import json
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import cache
from typing import Any

from hypothesis import strategies as st

from validator import pointer as jp
from validator.locations import data_dir
from validator.packs.loading import RulePack, load_packs, pack_paths
from validator.rulepack.models import Step, Table

__all__ = ["corrupt", "derived_pointers", "documents"]


@cache
def _packs() -> dict[str, RulePack]:
    packs, problems = load_packs(pack_paths())
    if problems:
        raise RuntimeError(f"the bundled rule packs have errors: {problems[0]}")
    return {p.name: p for p in packs}


def _params(pack: str, rule_id: str) -> Any:
    for rule in _packs()[pack].rules:
        if rule.id == rule_id:
            return rule.params
    raise KeyError(f"{pack}/{rule_id}")


def _table(pack: str, name: str) -> Table:
    return _packs()[pack].spec.tables[name]


@cache
def _schema(survey: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((data_dir("schemas") / f"{survey}.schema.json").read_text())
    return data


def _quantize(value: Decimal, digits: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def _steps(value: Decimal, steps: tuple[Step, ...]) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 50
        for step in steps:
            if step.op == "add":
                value = value + step.by
            elif step.op == "subtract":
                value = value - step.by
            elif step.op == "multiply":
                value = value * step.by
            else:
                value = value / step.by
    return value


def _mean(values: list[Decimal]) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 50
        return sum(values, Decimal(0)) / len(values)


def _lookup(table: Table, value: Decimal | int) -> Any:
    matches = [row.value for row in table.rows if row.min <= value <= row.max]
    assert len(matches) == 1, f"{value} in {len(matches)} rows"
    return matches[0]


def _grid(low: Decimal, high: Decimal, step: Decimal) -> list[Decimal]:
    count = int((high - low) / step)
    return [low + step * i for i in range(count + 1)]


# -- Nations in Transit ---------------------------------------------------------------------


@st.composite
def nit_documents(draw: st.DrawFn) -> dict[str, Any]:
    scale_words = _schema("nit")["properties"]["scale"]["enum"]
    scale = draw(st.sampled_from(scale_words))
    modern = scale == scale_words[0]
    scale_rule = _params("nit", "rating-outside-scale")
    points = _grid(scale_rule.min, scale_rule.max, scale_rule.step)
    categories = _schema("nit")["properties"]["ratings"]["required"]
    ratings = {c: draw(st.sampled_from(points)) for c in categories}
    digits = _params("nit", "democracy-score-differs-from-mean").digits
    formula = _params("nit", "democracy-percentage-differs-from-formula")
    band_rule = "status-outside-threshold-band" if modern else "status-outside-original-scale-band"
    bands = _table("nit", _params("nit", band_rule).table)
    direction = _params(
        "nit",
        "change-direction-contradicts-values"
        if modern
        else "change-direction-contradicts-original-scale",
    )

    def figures(values: dict[str, Decimal]) -> tuple[Decimal, Decimal, str]:
        mean = _mean(list(values.values()))
        score = _quantize(mean, digits)
        return score, _steps(mean, formula.steps), _lookup(bands, score)

    score, percentage, status = figures(ratings)
    doc: dict[str, Any] = {
        "survey": "nit",
        "country": draw(_countries),
        "edition": draw(st.integers(2005, 2024)),
        "scale": scale,
        "ratings": {c: _printed(v) for c, v in ratings.items()},
        "democracy_score": score,
        "status": status,
    }
    if modern:
        doc["democracy_percentage"] = _quantize(percentage, formula.digits)
    changed = draw(st.lists(st.sampled_from(categories), unique=True, max_size=3))
    previous = dict(ratings)
    changes = []
    for category in changed:
        old = draw(st.sampled_from([p for p in points if p != ratings[category]]))
        previous[category] = old
        changes.append(
            {
                "category": category,
                "direction": direction.up if ratings[category] > old else direction.down,
                "from": _printed(old),
                "to": _printed(ratings[category]),
            }
        )
    if draw(st.booleans()):
        doc["changes"] = changes
        last_score, last_percentage, last_status = figures(previous)
        last: dict[str, Any] = {"status": last_status, "democracy_score": last_score}
        if modern:
            last["democracy_percentage"] = _quantize(last_percentage, draw(st.sampled_from([0, 2])))
        doc["last_year"] = last
    return doc


def _printed(value: Decimal) -> Decimal:
    return _quantize(value, 2)


_countries = st.sampled_from(["Kazakhstan", "Armenia", "Georgia", "Hungary", "Poland", "Serbia"])


# -- Freedom in the World -------------------------------------------------------------------


@st.composite
def fiw_documents(draw: st.DrawFn) -> dict[str, Any]:
    edition = draw(st.integers(2013, 2024))
    indicator_range = _params("fiw", "indicator-outside-range")
    names = _schema("fiw")["properties"]["indicators"]["required"]
    scores = st.integers(int(indicator_range.min), int(indicator_range.max))
    indicators = {name: draw(scores) for name in names}
    add_q_range = _params("fiw", "add-q-outside-range")
    add_q = draw(st.integers(int(add_q_range.min), int(add_q_range.max)) | st.just(0))
    with_add_a = edition <= (_packs()["fiw"].spec.rules["add-a-outside-range"].editions.last or 0)
    add_a = (
        draw(st.integers(0, int(_params("fiw", "add-a-outside-range").max))) if with_add_a else 0
    )
    pr_rule = (
        "political-rights-score-differs-from-sum-with-add-a"
        if with_add_a
        else "political-rights-score-differs-from-sum"
    )
    pr_letters = {
        p[len("/indicators/") : -1] for p in _params("fiw", pr_rule).parts if isinstance(p, str)
    }
    subcategories: dict[str, int] = {}
    for name, value in indicators.items():
        subcategories[name[0]] = subcategories.get(name[0], 0) + value
    pr = sum(v for k, v in subcategories.items() if k in pr_letters) + add_a - add_q
    cl = sum(v for k, v in subcategories.items() if k not in pr_letters)
    pr_rating = _lookup(
        _table("fiw", _params("fiw", "political-rights-rating-differs-from-table").table), pr
    )
    cl_rating = _lookup(
        _table("fiw", _params("fiw", "civil-liberties-rating-differs-from-table").table), cl
    )
    status_table = _table("fiw", _params("fiw", "status-differs-from-scores").table)
    status = _lookup(status_table, Decimal(pr_rating + cl_rating) / 2)
    doc: dict[str, Any] = {
        "survey": "fiw",
        "country": draw(_countries),
        "edition": edition,
        "territory": draw(st.booleans()),
        "indicators": indicators,
        "political_rights_score": pr,
        "civil_liberties_score": cl,
        "status": status,
    }
    if add_q or draw(st.booleans()):
        doc["add_q"] = add_q
    if with_add_a:
        doc["add_a"] = add_a
    elif draw(st.booleans()):
        doc["add_a"] = "N/A"
    if draw(st.booleans()):
        doc["subcategories"] = subcategories
    if draw(st.booleans()):
        doc.update(
            total_score=pr + cl, political_rights_rating=pr_rating, civil_liberties_rating=cl_rating
        )
    return doc


# -- Freedom on the Net ---------------------------------------------------------------------


@st.composite
def fotn_documents(draw: st.DrawFn) -> dict[str, Any]:
    edition = draw(st.integers(2011, 2025))
    categories = {}
    for name in _schema("fotn")["properties"]["categories"]["required"]:
        limits = _params("fotn", name.replace("_", "-") + "-outside-range")
        categories[name] = draw(st.integers(int(limits.min), int(limits.max)))
    total = sum(categories.values())
    modern = edition >= (
        _packs()["fotn"].spec.rules["status-outside-threshold-band"].editions.first or 0
    )
    rule = "status-outside-threshold-band" if modern else "status-outside-band-before-2019"
    table = _table("fotn", _params("fotn", rule).table)
    doc: dict[str, Any] = {
        "survey": "fotn",
        "country": draw(_countries),
        "edition": edition,
        "categories": categories,
        "total_score": total,
        "status": _lookup(table, total),
    }
    last_year_from = _packs()["fotn"].spec.rules["last-year-status-outside-threshold-band"].editions
    if last_year_from.contains(edition) and draw(st.booleans()):
        last_total = draw(st.integers(0, 100))
        doc["last_year"] = {"total_score": last_total, "status": _lookup(table, last_total)}
    return doc


_STRATEGIES = {"nit": nit_documents, "fiw": fiw_documents, "fotn": fotn_documents}


def documents(survey: str | None = None) -> st.SearchStrategy[dict[str, Any]]:
    """Consistent documents of one survey, or of any survey."""
    if survey is not None:
        return _STRATEGIES[survey]()
    return st.one_of(*(strategy() for strategy in _STRATEGIES.values()))


# -- Corruption -----------------------------------------------------------------------------


def derived_pointers(doc: dict[str, Any]) -> list[str]:
    """The values of a consistent document that follow from others (what a rule checks)."""
    survey = doc["survey"]
    candidates = {
        "nit": [
            "/democracy_score",
            "/democracy_percentage",
            "/status",
            "/last_year/democracy_score",
            "/last_year/democracy_percentage",
            "/last_year/status",
        ]
        + [f"/changes/{i}/direction" for i in range(len(doc.get("changes", [])))],
        "fiw": [
            "/political_rights_score",
            "/civil_liberties_score",
            "/total_score",
            "/political_rights_rating",
            "/civil_liberties_rating",
            "/status",
        ]
        + [f"/subcategories/{k}" for k in doc.get("subcategories", {})],
        "fotn": ["/total_score", "/status", "/last_year/status"],
    }[survey]
    return [p for p in candidates if jp.resolve(doc, p) is not jp.MISSING]


def corrupt(doc: dict[str, Any], at: str, shift: int = 1) -> dict[str, Any]:
    """A copy with the value at `at` changed: a number by `shift` units of its last printed
    digit, a word to another word of the same vocabulary."""
    bad = copy.deepcopy(doc)
    value = jp.resolve(bad, at)
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        if isinstance(value, int):  # stays an int: a whole-number field keeps its type
            jp.assign(bad, at, value + shift)
        else:
            unit = Decimal(1).scaleb(int(value.as_tuple().exponent))
            jp.assign(bad, at, value + shift * unit)
    else:
        words = _alternatives(doc["survey"], at, value)
        jp.assign(bad, at, words[shift % len(words)])
    return bad


def _alternatives(survey: str, at: str, value: Any) -> list[Any]:
    if at.endswith("/direction"):
        direction = _params("nit", "change-direction-contradicts-values")
        return [w for w in (direction.up, direction.down) if w != value]
    status = _schema(survey)["$defs"]
    labels = status["regime"]["enum"] if survey == "nit" else status["status"]["enum"]
    nit_variant = {"Transitional or Hybrid Regime", "Transitional Government or Hybrid Regime"}
    return [
        w
        for w in labels
        if w.casefold() != value.casefold()  # "not free" is "Not Free" as a sidebar spells it
        and not (value in nit_variant and w in nit_variant)
    ]
