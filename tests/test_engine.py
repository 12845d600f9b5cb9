"""The engine: one wrong figure gives one finding (rules reading it stay silent)."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

from validator.document import Document
from validator.engine import Engine
from validator.sources import load_paths

from .conftest import FIXTURES


def _data(name: str) -> dict[str, Any]:
    [doc], _ = load_paths([FIXTURES / "valid" / name])
    return copy.deepcopy(doc.data)


def _found(engine: Engine, data: dict[str, Any]) -> list[tuple[str, str]]:
    return sorted((f.rule, f.pointer) for f in engine.check(Document("d.yaml", data)))


def test_a_wrong_printed_score_is_not_blamed_on_what_reads_it(engine: Engine) -> None:
    data = _data("fiw-2024-kazakhstan.yaml")
    data["political_rights_score"] = 12  # would also move the total, the rating and the status
    assert _found(engine, data) == [
        ("fiw/political-rights-score-differs-from-sum", "/political_rights_score")
    ]


def test_an_impossible_rating_silences_the_figures_computed_from_it(engine: Engine) -> None:
    data = _data("nit-2018-kazakhstan.yaml")
    data["ratings"]["corruption"] = Decimal("8.00")
    assert _found(engine, data) == [("nit/rating-outside-scale", "/ratings/corruption")]


def test_a_figure_that_does_not_read_the_wrong_one_is_still_checked(engine: Engine) -> None:
    data = _data("fiw-2024-kazakhstan.yaml")
    data["political_rights_rating"] = 6
    data["civil_liberties_score"] = 19
    assert _found(engine, data) == [
        ("fiw/civil-liberties-score-differs-from-sum", "/civil_liberties_score"),
        ("fiw/political-rights-rating-differs-from-table", "/political_rights_rating"),
    ]


def test_a_second_error_behind_the_first_shows_once_the_first_is_fixed(engine: Engine) -> None:
    data = _data("fiw-2024-kazakhstan.yaml")
    data["political_rights_score"] = 6
    data["total_score"] = 30  # wrong too, but it reads the wrong PR score: reported after the fix
    assert [rule for rule, _ in _found(engine, data)] == [
        "fiw/political-rights-score-differs-from-sum"
    ]
    data["political_rights_score"] = 5
    assert [rule for rule, _ in _found(engine, data)] == ["fiw/total-score-differs-from-sum"]
