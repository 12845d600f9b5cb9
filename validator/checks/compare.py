"""The comparison the arithmetic kinds share: a document field against a computed quantity."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from validator.arithmetic import equal, to_text
from validator.checks.api import Context, Target, Violation
from validator.checks.quantity import accepted, evaluate
from validator.rulepack.models import Quantity, Term


def compare(
    ref: str,
    quantity: Quantity,
    target: Target,
    context: Context,
    detail: str | Callable[[], str],
) -> Iterator[Violation]:
    """`detail`: what the quantity is, for the message (made when a value is wrong)."""
    for at, actual in context.values(ref, target):
        if not quantity.exact:  # a range: parts rounded, or a tolerance
            bounds = accepted(quantity, target, context, actual)
            if bounds is None:
                continue
            context.judge(at)
            if not bounds.holds(actual):
                yield Violation(at, bounds.text, actual, _said(detail))
            continue
        expected = evaluate(quantity, target, context, compared=actual)
        if expected is None:
            continue
        context.judge(at)
        if not equal(expected, actual):
            yield Violation(at, expected, actual, _said(detail))


def _said(detail: str | Callable[[], str]) -> str:
    return detail if isinstance(detail, str) else detail()


def of_parts(word: str, parts: tuple[str | Term, ...], target: Target, context: Context) -> str:
    """ "the mean of /categories/* (9.17, 10.00, 9.41, 10.00, 9.12)": what a sum or mean is
    taken of, by the pointers the rule names and the values found there."""
    names: list[str] = []
    values: list[str] = []
    for part in parts:
        term = part if isinstance(part, Term) else Term(part)
        sign = "-" if term.sign == -1 else ""
        names.append(sign + term.field)
        values.extend(sign + to_text(v) for v in context.operand_values(term.field, target))
    shown = ", ".join(values[:12]) + (", ..." if len(values) > 12 else "")
    return f"the {word} of {', '.join(names)}" + (f" ({shown})" if values else "")
