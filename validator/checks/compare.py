"""The comparison the arithmetic kinds share: a document field against a computed quantity."""

from __future__ import annotations

from collections.abc import Iterator

from validator.arithmetic import equal
from validator.checks.api import Context, Target, Violation
from validator.checks.quantity import accepted, evaluate
from validator.rulepack.models import Quantity


def compare(
    ref: str, quantity: Quantity, target: Target, context: Context, detail: str
) -> Iterator[Violation]:
    for at, actual in context.values(ref, target):
        if not quantity.exact:  # a range: parts rounded, or a tolerance
            bounds = accepted(quantity, target, context, actual)
            if bounds is None:
                continue
            context.judge(at)
            if not bounds.holds(actual):
                yield Violation(at, bounds.text, actual, detail)
            continue
        expected = evaluate(quantity, target, context, compared=actual)
        if expected is None:
            continue
        context.judge(at)
        if not equal(expected, actual):
            yield Violation(at, expected, actual, detail)
