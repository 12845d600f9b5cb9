"""The engine: one wrong figure gives one finding (rules reading it stay silent)."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from validator.document import Document
from validator.engine import Engine
from validator.packs.loading import RulePack
from validator.pipeline_findings import Selection
from validator.sources import load_paths
from validator.testing import corrupt, derived_pointers, documents

from .conftest import FIXTURES


def _data(name: str) -> dict[str, Any]:
    [doc], _ = load_paths([FIXTURES / "valid" / name])
    return copy.deepcopy(doc.data)


def _found(engine: Engine, data: dict[str, Any]) -> list[tuple[str, str]]:
    return sorted((f.rule, f.pointer) for f in engine.check(Document("d.yaml", data)).findings)


def test_a_wrong_printed_score_is_not_blamed_on_what_reads_it(engine: Engine) -> None:
    data = _data("fiw-2024-kazakhstan.yaml")
    data["political_rights_score"] = 12  # would also move the total, the rating and the status
    assert _found(engine, data) == [
        ("fiw/political-rights-score-differs-from-sum", "/political_rights_score")
    ]


def test_an_independent_run_blames_what_reads_a_wrong_figure_as_each_rule_alone_would(
    packs: list[RulePack],
) -> None:
    """The same wrong score in an independent run (`fix` weighing each rule alone): the rules
    that read it are not silenced, each says what it says of the figures as printed."""
    data = _data("fiw-2024-kazakhstan.yaml")
    data["political_rights_score"] = 12
    independent = Engine(packs, independent=True)
    assert _found(independent, data) == [
        ("fiw/political-rights-rating-differs-from-table", "/political_rights_rating"),
        ("fiw/political-rights-score-differs-from-sum", "/political_rights_score"),
        ("fiw/total-score-differs-from-sum", "/total_score"),
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


# Outcomes: what became of each rule on a document (the audit's tally)


def _outcomes(
    engine: Engine, data: dict[str, Any], previous: dict[str, Any] | None = None
) -> tuple[dict[str, str], list[Any]]:
    before = Document("p.yaml", previous) if previous is not None else None
    findings, outcomes, _, _ = engine.check(Document("d.yaml", data), before)
    return dict(outcomes), findings


def test_outcomes_of_a_clean_document_pass_or_do_not_apply(engine: Engine) -> None:
    outcomes, findings = _outcomes(engine, _data("fiw-2024-kazakhstan.yaml"))
    assert findings == []
    assert outcomes["fiw/total-score-differs-from-sum"] == "passed"
    # compares with FIW2023, which this run does not have
    assert outcomes["fiw/last-year-total-differs-from-previous-edition"] == "not-applicable"
    # Add A was scored until FIW2017: not a rule of this edition, so not recorded
    assert "fiw/add-a-outside-range" not in outcomes
    assert outcomes["fiw/add-a-used-after-elimination"] == "passed"  # written N/A
    assert set(outcomes.values()) == {"passed", "not-applicable"}


def test_outcomes_say_failed_and_skipped_as_the_findings_do(engine: Engine) -> None:
    data = _data("fiw-2024-kazakhstan.yaml")
    data["political_rights_score"] = 12
    outcomes, findings = _outcomes(engine, data)
    assert [f.rule for f in findings] == ["fiw/political-rights-score-differs-from-sum"]
    assert outcomes["fiw/political-rights-score-differs-from-sum"] == "failed"
    assert outcomes["fiw/total-score-differs-from-sum"] == "skipped"  # reads the wrong score


def test_a_cross_edition_rule_applies_when_the_previous_edition_is_given(engine: Engine) -> None:
    data = _data("fiw-2023-kazakhstan.json")
    previous = _data("fiw-2022-kazakhstan.yaml")
    outcomes, findings = _outcomes(engine, data, previous)
    assert findings == []
    assert outcomes["fiw/last-year-total-differs-from-previous-edition"] == "passed"
    previous["political_rights_score"] -= 1
    previous["total_score"] -= 1
    outcomes, findings = _outcomes(engine, data, previous)
    assert outcomes["fiw/last-year-total-differs-from-previous-edition"] == "failed"
    assert engine.needs_previous(Document("d.json", data))
    assert not engine.needs_previous(Document("d.yaml", _data("fiw-2017-saudi-arabia.yaml")))


_ALONE: dict[str, Engine] = {}


def _alone(packs: list[RulePack], rule: str) -> Engine:
    if rule not in _ALONE:
        _ALONE[rule] = Engine(packs, Selection(select=(rule,)))
    return _ALONE[rule]


@given(
    data=st.data(),
    survey=st.sampled_from(["nit", "fiw", "fotn"]),
    shift=st.sampled_from([1, -1, 3]),
)
def test_an_independent_run_says_of_each_rule_what_the_rule_says_alone(
    engine: Engine, data: st.DataObject, survey: str, shift: int
) -> None:
    """`fix` weighs what each rule says alone in one independent run: its findings, rule by
    rule, are those of an engine that selects that rule only (the reference), on documents
    with derived figures corrupted so that rules disagree and would silence one another."""
    packs = engine.packs
    doc = data.draw(documents(survey))
    for at in data.draw(st.lists(st.sampled_from(derived_pointers(doc)), max_size=3)):
        doc = corrupt(doc, at, shift)
    document = Document("doc.yaml", doc)
    rules = sorted(
        r.qualified_id
        for p in packs
        if survey in p.spec.surveys
        for r in p.rules
        if r.kind is not None
    )
    independent = Engine(packs, Selection(select=tuple(rules)), independent=True)
    together = {(f.rule, f.pointer, f.message) for f in independent.check(document).findings}
    one_by_one = {
        (f.rule, f.pointer, f.message)
        for rule in rules
        for f in _alone(packs, rule).check(document).findings
    }
    assert together == one_by_one
