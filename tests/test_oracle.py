"""Every boundary of every table, band, range and era, on each side, against the oracle of
tests/oracle.py (written from docs/methodology.md, independent of the packs under test).

Each test builds the smallest document a rule judges and asks which rules fire; a pack that
moves a band by a hundredth, an era by one edition or a table row by one point fails here."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from validator.document import Document
from validator.engine import Engine

from . import oracle


def _fired(engine: Engine, data: dict[str, Any]) -> set[tuple[str, str]]:
    """(rule, pointer) of every error and warning a document gives."""
    return {(f.rule, f.pointer) for f in engine.check(Document("doc.yaml", data)).findings}


def _fiw(edition: int, **fields: Any) -> dict[str, Any]:
    return {"survey": "fiw", "country": "Testland", "edition": edition, **fields}


def _rating(table: tuple[tuple[int, int, int], ...], score: int) -> int:
    [rating] = [r for low, high, r in table if low <= score <= high]
    return rating


# --- FIW: score -> rating tables (§1.2) ---------------------------------------------------


@pytest.mark.parametrize(
    ("field", "rating_field", "table", "scores", "rule"),
    [
        (
            "political_rights_score",
            "political_rights_rating",
            oracle.PR_RATING,
            range(oracle.PR_SCORE[0], oracle.PR_SCORE[1] + 1),
            "fiw/political-rights-rating-differs-from-table",
        ),
        (
            "civil_liberties_score",
            "civil_liberties_rating",
            oracle.CL_RATING,
            range(oracle.CL_SCORE[0], oracle.CL_SCORE[1] + 1),
            "fiw/civil-liberties-rating-differs-from-table",
        ),
    ],
    ids=["PR", "CL"],
)
def test_every_score_gives_its_rating_and_no_other(
    engine: Engine, field: str, rating_field: str, table: Any, scores: range, rule: str
) -> None:
    edition = oracle.SCORE_TABLES_FIRST_EDITION
    for score in scores:
        right = _rating(table, score)
        for rating in range(1, 8):
            data = _fiw(edition, **{field: score, rating_field: rating})
            fired = (rule, f"/{rating_field}") in _fired(engine, data)
            assert fired == (rating != right), (score, rating, right)


@pytest.mark.parametrize("rule", ["political-rights", "civil-liberties"])
def test_the_score_tables_apply_from_their_first_edition(engine: Engine, rule: str) -> None:
    score, rating = f"{rule.replace('-', '_')}_score", f"{rule.replace('-', '_')}_rating"
    wrong = _fiw(
        oracle.SCORE_TABLES_FIRST_EDITION, **{score: 40 if "political" in rule else 60, rating: 7}
    )
    finding = (f"fiw/{rule}-rating-differs-from-table", f"/{rating}")
    assert finding in _fired(engine, wrong)
    earlier = dict(wrong, edition=oracle.SCORE_TABLES_FIRST_EDITION - 1)
    assert finding not in _fired(engine, earlier)


# --- FIW: status (§1.3) --------------------------------------------------------------------


@pytest.mark.parametrize("edition", [oracle.STRICT_STATUS_FIRST_EDITION, 2024])
def test_status_from_the_ratings_from_fiw2004(engine: Engine, edition: int) -> None:
    rule = ("fiw/status-differs-from-ratings", "/status")
    for pr in range(1, 8):
        for cl in range(1, 8):
            right = oracle.fiw_status(5 * (pr + cl))
            for status in (oracle.FREE, oracle.PARTLY, oracle.NOT):
                data = _fiw(
                    edition,
                    political_rights_rating=pr,
                    civil_liberties_rating=cl,
                    status=status,
                )
                assert (rule in _fired(engine, data)) == (status != right), (pr, cl, status)


def test_status_before_fiw2004_is_an_error_only_where_no_rule_of_its_time_allows_it(
    engine: Engine,
) -> None:
    edition = oracle.STRICT_STATUS_FIRST_EDITION - 1
    error = ("fiw/status-outside-any-rule-before-2004", "/status")
    warning = ("fiw/status-departs-from-published-thresholds-before-2004", "/status")
    for pr in range(1, 8):
        for cl in range(1, 8):
            tenths = 5 * (pr + cl)
            allowed = oracle.fiw_status_any_rule_before_2004(tenths)
            published = oracle.fiw_status_published_before_2004(tenths)
            for status in (oracle.FREE, oracle.PARTLY, oracle.NOT):
                fired = _fired(
                    engine,
                    _fiw(
                        edition,
                        political_rights_rating=pr,
                        civil_liberties_rating=cl,
                        status=status,
                    ),
                )
                assert (error in fired) == (status not in allowed), (tenths, status)
                departs = status in allowed and status not in published
                assert (warning in fired) == departs, (tenths, status)
                assert ("fiw/status-differs-from-ratings", "/status") not in fired


@pytest.mark.parametrize("edition", [oracle.STRICT_STATUS_FIRST_EDITION, 2024])
def test_status_from_the_scores(engine: Engine, edition: int) -> None:
    rule = ("fiw/status-differs-from-scores", "/status")
    for pr in range(oracle.PR_SCORE[0], oracle.PR_SCORE[1] + 1):
        for cl in range(oracle.CL_SCORE[0], oracle.CL_SCORE[1] + 1, 3):
            tenths = 5 * (_rating(oracle.PR_RATING, pr) + _rating(oracle.CL_RATING, cl))
            right = oracle.fiw_status(tenths)
            wrong = oracle.NOT if right != oracle.NOT else oracle.FREE
            for status in (right, wrong):
                data = _fiw(
                    edition, political_rights_score=pr, civil_liberties_score=cl, status=status
                )
                assert (rule in _fired(engine, data)) == (status != right), (pr, cl, status)


# --- FIW: ranges and eras (§1.1) ------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "low", "high", "rule"),
    [
        ("political_rights_score", *oracle.PR_SCORE, "fiw/political-rights-score-outside-range"),
        ("civil_liberties_score", *oracle.CL_SCORE, "fiw/civil-liberties-score-outside-range"),
        ("add_q", *oracle.ADD_Q, None),
    ],
)
def test_score_ranges(engine: Engine, field: str, low: int, high: int, rule: str | None) -> None:
    for value, inside in ((low - 1, False), (low, True), (high, True), (high + 1, False)):
        fired = {r for r, p in _fired(engine, _fiw(2024, **{field: value})) if p == f"/{field}"}
        assert bool(fired) == (not inside), (field, value, fired)
        if rule and not inside:
            assert rule in fired or any(r.startswith("schema/") for r in fired)


def test_indicator_range(engine: Engine) -> None:
    low, high = oracle.INDICATOR
    for value, inside in ((low - 1, False), (low, True), (high, True), (high + 1, False)):
        fired = {p for _, p in _fired(engine, _fiw(2024, indicators={"A1": value}))}
        assert ("/indicators/A1" in fired) == (not inside), value


def test_add_a_exists_up_to_its_last_edition(engine: Engine) -> None:
    last = oracle.ADD_A_LAST_EDITION
    low, high = oracle.ADD_A
    assert not _fired(engine, _fiw(last, add_a=high))
    assert not _fired(engine, _fiw(last, add_a=low))
    assert any(p == "/add_a" for _, p in _fired(engine, _fiw(last, add_a=low - 1)))
    assert ("fiw/add-a-outside-range", "/add_a") in _fired(engine, _fiw(last, add_a="N/A"))
    assert any(p == "/add_a" for _, p in _fired(engine, _fiw(last, add_a=high + 1)))
    assert not _fired(engine, _fiw(last + 1, add_a="N/A"))
    assert not _fired(engine, _fiw(last + 1, add_a=0))
    assert ("fiw/add-a-used-after-elimination", "/add_a") in _fired(engine, _fiw(last + 1, add_a=1))


# --- sidebars (§1.3, §4) --------------------------------------------------------------------


def test_global_freedom_sidebar_bands(engine: Engine) -> None:
    for status, (low, high) in oracle.GLOBAL_FREEDOM.items():
        for score in range(-4, 101):
            data = _fiw(2023, sidebar={"global_freedom": {"score": score, "status": status}})
            fired = "/sidebar/global_freedom/score" in {p for _, p in _fired(engine, data)}
            assert fired == (not low <= score <= high), (status, score)


def test_internet_freedom_sidebar_bands(engine: Engine) -> None:
    for low, high, right in oracle.INTERNET_FREEDOM:
        for score in (low, high):
            for status in ("free", "partly free", "not free"):
                data = _fiw(2023, sidebar={"internet_freedom": {"score": score, "status": status}})
                pointers = {p for _, p in _fired(engine, data)}
                assert ("/sidebar/internet_freedom/status" in pointers) == (status != right)


# --- NIT (§2) -------------------------------------------------------------------------------


def _nit(ratings_quarters: int, scale: str, status: str) -> dict[str, Any]:
    """Seven ratings summing to `ratings_quarters` quarter points."""
    base, extra = divmod(ratings_quarters, 7)
    quarters = [base + (1 if i < extra else 0) for i in range(7)]
    keys = (
        "national_democratic_governance",
        "electoral_process",
        "civil_society",
        "independent_media",
        "local_democratic_governance",
        "judicial_framework_and_independence",
        "corruption",
    )
    ratings = {k: Decimal(q) / 4 for k, q in zip(keys, quarters, strict=True)}
    ratings = {k: v.quantize(Decimal("0.01")) for k, v in ratings.items()}
    return {
        "survey": "nit",
        "country": "Testland",
        "edition": 2018,
        "scale": scale,
        "ratings": ratings,
        "status": status,
    }


@pytest.mark.parametrize(
    ("scale", "regime", "rule"),
    [
        ("7-most-democratic", oracle.nit_regime_modern, "nit/status-outside-threshold-band"),
        ("1-most-democratic", oracle.nit_regime_original, "nit/status-outside-original-scale-band"),
    ],
)
def test_every_democracy_score_gives_its_regime(
    engine: Engine, scale: str, regime: Any, rule: str
) -> None:
    names = {regime(Decimal(x) / 100) for x in range(100, 701)}
    assert len(names) == 5
    for k in range(28, 197):  # the sum of seven ratings in quarter points
        score = (Decimal(k) / 28).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
        right = regime(score)
        for status in names:
            fired = (rule, "/status") in _fired(engine, _nit(k, scale, status))
            assert fired == (status != right), (k, score, status, right)


def test_nit_rating_scale(engine: Engine) -> None:
    low, high, step = oracle.NIT_RATING
    for value, inside in (
        (low - step, False),
        (low, True),
        (high, True),
        (high + step, False),
        (low + step / 5, False),  # off the quarter points
    ):
        data = _nit(28, "7-most-democratic", oracle.CAR)
        data["ratings"]["corruption"] = value
        pointers = {p for _, p in _fired(engine, data)}
        assert ("/ratings/corruption" in pointers) == (not inside), value


# --- FOTN (§3) ------------------------------------------------------------------------------


def _fotn(edition: int, total: int, status: str) -> dict[str, Any]:
    parts, left = {}, total
    for name, top in oracle.FOTN_CATEGORIES.items():
        parts[name] = min(top, left)
        left -= parts[name]
    return {
        "survey": "fotn",
        "country": "Testland",
        "edition": edition,
        "categories": parts,
        "total_score": total,
        "status": status,
    }


@pytest.mark.parametrize(
    "edition", [oracle.FOTN_INVERSION_EDITION - 1, oracle.FOTN_INVERSION_EDITION]
)
def test_every_fotn_total_gives_its_status(engine: Engine, edition: int) -> None:
    for total in range(0, 101):
        right = oracle.fotn_status(total, edition)
        for status in (oracle.FREE, oracle.PARTLY, oracle.NOT):
            fired = "/status" in {p for _, p in _fired(engine, _fotn(edition, total, status))}
            assert fired == (status != right), (edition, total, status)


def test_fotn_category_ranges(engine: Engine) -> None:
    for name, top in oracle.FOTN_CATEGORIES.items():
        for value, inside in ((0, True), (top, True), (top + 1, False), (-1, False)):
            data = _fotn(2023, 0, oracle.NOT)
            data["categories"] = dict.fromkeys(oracle.FOTN_CATEGORIES, 0) | {name: value}
            data.pop("total_score")
            data.pop("status")
            pointers = {p for _, p in _fired(engine, data)}
            assert (f"/categories/{name}" in pointers) == (not inside), (name, value)


# --- editions each survey published ---------------------------------------------------------


@pytest.mark.parametrize(
    ("survey", "edition", "published"),
    [
        ("fiw", oracle.FIW_FIRST_EDITION - 1, False),
        ("fiw", oracle.FIW_FIRST_EDITION, True),
        ("nit", oracle.NIT_EDITIONS[0] - 1, False),
        ("nit", oracle.NIT_EDITIONS[0], True),
        ("nit", oracle.NIT_EDITIONS[1], True),
        ("nit", oracle.NIT_EDITIONS[1] + 1, False),
        *(("fotn", e, e in oracle.FOTN_EDITIONS) for e in (2008, 2009, 2010, 2011)),
    ],
)
def test_editions_a_survey_never_published_are_findings(
    engine: Engine, survey: str, edition: int, published: bool
) -> None:
    data = {"survey": survey, "country": "Testland", "edition": edition}
    pointers = {p for _, p in _fired(engine, data)}
    assert ("/edition" in pointers) == (not published)
