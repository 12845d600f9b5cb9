"""The named steps a page layout reads with (rules/layouts/pages/*.yaml `read:`), a closed
registry like the check kinds: a layout composes them and gives their labels, templates and
pointers; a new layout, or a variant of one, is a layout file, not code.

Generic steps:
- `line`: a line the template matches; its `{figure}`, `{change}`, `{status}` go to the
  pointers `at` gives (`{key}` in a pointer: the schema key its `{code}` or `{title}` names).
- `labelled`: a label and its figure, on the label's line or the next ones, past scales.
- `status_line`: the status alone on a line near the top, and the total under it.
- `status_above`: the status on the line above a mark.
- `last_year`: a heading, and the pair "23 100 <status>" under it.
- `scores_after_heading`: a heading per category or indicator, the score ending the next line
  ("1.251 7.007").
- `question_scores`: "A1 0-4 pts" then the question's line ending "0 / 4".
- `numbered_questions`: "A1. <question> 0 / 4".
- `complete`: how many of a list's figures a page must give (all, or none).
- `convention`: a field a page's wording decides (a scale the page states).
- `embedded`: another layout's score block inside this page (a hub's FIW and FOTN blocks).

Steps of a survey's own sentences: `nit_changes`, `fiw_changes_and_arrow`,
`fotn_repeated_totals`, `hub_glance`, `sidebar`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, ClassVar, Literal

from validator import pointer as jp
from validator.rulepack.models import FORBID_EXTRA
from validator.sources.pages import fiw, fotn, hub, nit
from validator.sources.pages.page import (
    Page,
    by_schema,
    incomplete,
    read_last_year,
    schema,
    score_of,
    status_of,
    titles,
)
from validator.sources.pages.templates import Mark, TemplateError, compile_template
from validator.sources.problems import SourceProblem


def _no_check(params: Any) -> None:
    return None


@dataclass(frozen=True)
class _Kind:
    Params: type
    run: Callable[[Page, Any], list[SourceProblem]]
    check: Callable[[Any], None] = _no_check


@by_schema
def _keys(survey: str, at: str) -> dict[str, str]:
    """A schema's keys under `at` (a pointer to a `properties` object), by themselves and by
    their titles (`titles`), folded: "a1" -> "A1", "civil society" -> "civil_society"; kept
    for the bundled schemas (a heading of every indicator asks)."""
    node = jp.resolve(schema(survey), at)
    found = {key.casefold(): key for key in node} if isinstance(node, dict) else {}
    found.update((title.casefold(), key) for title, key in titles(survey, at).items())
    return found


# -- line ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LineParams:
    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA
    template: str
    at: dict[str, str]  # placeholder -> pointer ({key}: the schema key of {code} or {title})
    within: int | None = None  # among the first lines only
    every: bool = False  # every line it matches (a list), not the first
    keys: str | None = None  # the schema's properties that {code} or {title} must name
    decimal: bool = False  # a figure read as a decimal ("5.0" stays 5.0)
    raw_status: bool = False  # a status that is no status word is kept as printed


def _check_line(params: LineParams) -> None:
    pattern = compile_template(params.template)
    for name in params.at:
        if name not in pattern.groupindex:
            raise TemplateError(f"`at` names {{{name}}}, which {params.template!r} has not")


def _line(page: Page, params: LineParams) -> list[SourceProblem]:
    pattern = compile_template(params.template)
    keys = _keys(page.data["survey"], params.keys) if params.keys else None
    for number, text in enumerate(page.lines[: params.within], 1):
        match = pattern.fullmatch(text)
        if match is None:
            continue
        key = None
        if keys is not None:
            key = _key_of(keys, match)
            if key is None:
                continue
        for name, at in params.at.items():
            where = at.replace("{key}", jp.escape(key or ""))
            column = match.start(name) + 1
            written = match.group(name)
            if written is None:
                continue
            if name.startswith("status"):
                word = status_of(page.data["survey"], written)
                if word is not None or params.raw_status:
                    page.put(where, word or written, number, column)
            elif name.startswith("change"):
                page.figure(where, written.translate(_SIGNS), number, column)
            else:
                page.figure(where, written, number, column, decimal=params.decimal)
        if not params.every:
            break
    return []


_SIGNS = str.maketrans({"−": "-", "–": "-", "+": "", " ": ""})


# -- labelled --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Titles:
    """Labels from a schema's titles: each title of `keys` is a label, its figure at `at`
    with {key}; `prefixed`: a label some copies print after a code ("A Subtotal: ")."""

    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA
    keys: str
    at: str
    prefixed: str | None = None  # e.g. "{letter} Subtotal: ": A, B, C in the schema's order


@dataclass(frozen=True)
class LabelledParams:
    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA
    labels: dict[str, str] = field(default_factory=dict)  # label -> pointer
    titles: Titles | None = None
    within: int = 60
    decimal: tuple[str, ...] = ()  # pointers read as decimals


def _labelled(page: Page, params: LabelledParams) -> list[SourceProblem]:
    labels = dict(params.labels)
    if params.titles is not None:
        node = jp.resolve(schema(page.data["survey"]), params.titles.keys)
        top = [line.casefold() for line in page.lines[: params.within]]
        for index, (key, sub) in enumerate(node.items() if isinstance(node, dict) else ()):
            title = sub.get("title") if isinstance(sub, dict) else None
            if not isinstance(title, str):
                continue
            printed = title
            if params.titles.prefixed is not None:
                letter = "ABCDEFGHIJ"[index] if index < 10 else ""
                prefixed = params.titles.prefixed.replace("{letter}", letter) + title
                if any(t.startswith(prefixed.casefold()) for t in top):
                    printed = prefixed
            labels[printed] = params.titles.at.replace("{key}", jp.escape(key))
    for label, at in labels.items():
        page.read_labelled(label, at, params.within, decimal=at in params.decimal)
    return []


# -- status ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusLineParams:
    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA
    within: int = 12
    total: str | None = None  # the total printed under the status, over "100" or "/ 100"


def _status_line(page: Page, params: StatusLineParams) -> list[SourceProblem]:
    fiw.read_top_status(page, page.data["survey"], params.total, params.within)
    return []


@dataclass(frozen=True)
class StatusAboveParams:
    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA
    mark: Mark  # the status is the nearest line above the first line the mark knows


def _status_above(page: Page, params: StatusAboveParams) -> list[SourceProblem]:
    index = next((i for i, text in enumerate(page.lines) if params.mark.matches(text)), None)
    if index is None:
        return []
    above = next((i for i in range(index - 1, -1, -1) if page.lines[i]), None)
    if above is not None:
        page.put("/status", page.lines[above], above + 1, 1)
    return []


# -- last year -------------------------------------------------------------------------------


@dataclass(frozen=True)
class LastYearParams:
    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA
    heading: str
    at: str  # where the figure goes; the status goes to /last_year/status


def _last_year(page: Page, params: LastYearParams) -> list[SourceProblem]:
    read_last_year(page, params.heading, params.at, page.data["survey"])
    return []


# -- lists -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoresParams:
    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA
    heading: str  # a template with {code} or {title}
    keys: str  # the schema's properties the heading names
    at: str  # with {key}
    whole: bool = False  # a score printed 4.00 is the whole number 4 (indicators)


def _check_heading(params: Any) -> None:
    pattern = compile_template(params.heading)
    if "code" not in pattern.groupindex and "title" not in pattern.groupindex:
        raise TemplateError(f"{params.heading!r} names no {{code}} or {{title}}")


def _key_of(keys: dict[str, str], match: Any) -> str | None:
    """The schema key a line names: by its {title}, else by its {code}."""
    groups = match.groupdict()
    for name in ("title", "code"):
        named = groups.get(name)
        if named is not None and named.casefold() in keys:
            return keys[named.casefold()]
    return None


def _named(page: Page, keys: str, match: Any) -> str | None:
    return _key_of(_keys(page.data["survey"], keys), match)


def _scores_after_heading(page: Page, params: ScoresParams) -> list[SourceProblem]:
    """A heading naming a category or indicator; its score ends the next line, printed
    `1.251 7.007` or `0.000 4.004` (the first two-decimal number)."""
    pattern = compile_template(params.heading)
    for number, text in enumerate(page.lines, 1):
        match = pattern.fullmatch(text)
        if not match or number >= len(page.lines):
            continue
        key = _named(page, params.keys, match)
        if key is None:
            continue
        page.seen.add(number)  # the heading's "1.00-7.00 pts0-7 pts" is its scale
        score = score_of(page.lines[number])
        if score is None:
            comma = score_of(page.lines[number], ",")
            if comma:
                page.number(comma[0], number + 1, comma[1])
            continue
        written, column = score
        printed = page.number(written, number + 1, column, decimal=True)
        if printed is None:
            continue
        integral = params.whole and printed == printed.to_integral_value()
        value: int | Decimal = int(printed) if integral else printed
        page.put(params.at.replace("{key}", jp.escape(key)), value, number + 1, column)
    return []


@dataclass(frozen=True)
class QuestionsParams:
    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA
    heading: str  # "{code} {maximum}-{maximum2} pts", then the question's line
    keys: str
    at: str


def _question_scores(page: Page, params: QuestionsParams) -> list[SourceProblem]:
    """ "A1 0-4 pts", then the question's line ending "0 / 4"."""
    pattern = compile_template(params.heading)
    for index, text in enumerate(page.lines):
        match = pattern.fullmatch(text)
        key = _named(page, params.keys, match) if match else None
        if key is None:
            continue
        found = page.next_text(index + 1)
        scored = fiw.score_at_end(found[1]) if found else None
        if found and scored:
            written, column = scored
            page.figure(params.at.replace("{key}", jp.escape(key)), written, found[0], column)
    return []


@dataclass(frozen=True)
class NumberedParams:
    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA
    keys: str
    at: str


def _numbered_questions(page: Page, params: NumberedParams) -> list[SourceProblem]:
    """ "A1. <question> 0 / 4": the code, the question, the score over its maximum."""
    keys = _keys(page.data["survey"], params.keys)
    for number, text in enumerate(page.lines, 1):
        code, dot, _ = text.partition(". ")
        key = keys.get(code.casefold()) if dot and len(code) <= 3 else None
        scored = fiw.score_at_end(text) if key else None
        if key is not None and scored is not None:
            written, column = scored
            page.figure(params.at.replace("{key}", jp.escape(key)), written, number, column)
    return []


@dataclass(frozen=True)
class CompleteParams:
    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA
    at: str  # the list's object ("/indicators")
    keys: str  # the schema's properties it holds
    what: str  # "indicator scores", said in the message
    # a page that gives none: `fine` (a copy of the score block), `said` (checked, the list
    # said missing), `cut` (refused as cut); `fine` only with all of `unless_missing`
    none: Literal["fine", "said", "cut"] = "fine"
    unless_missing: tuple[str, ...] = ()
    # some given and not all is a cut copy; `labelled`: not counting labels printed without
    # their figures (a copy that lost a graphic)
    labelled: bool = False


def _complete(page: Page, params: CompleteParams) -> list[SourceProblem]:
    node = jp.resolve(schema(page.data["survey"]), params.keys)
    names = node if isinstance(node, dict) else {}
    expected = len(names)
    given = jp.resolve(page.data, params.at)
    read = len(given) if isinstance(given, dict) else 0
    if params.labelled:
        titles = {sub.get("title") for sub in names.values() if isinstance(sub, dict)}
        printed = expected - sum(1 for label, _ in page.missing if label in titles)
        return (
            [incomplete(page, f"{read} of the {expected} {params.what}")] if read < printed else []
        )
    if read == 0:
        lacking = any(at not in page.positions for at in params.unless_missing)
        if params.none == "cut" or lacking:
            return [incomplete(page, f"{read} of the {expected} {params.what}")]
        if params.none == "said":
            line = max((line for at, (line, _) in page.positions.items() if at), default=1)
            page.missing.append((f"the {expected} {params.what}", line))
        return []
    if read < expected:
        return [incomplete(page, f"{read} of the {expected} {params.what}")]
    return []


# -- conventions and other layouts -----------------------------------------------------------


@dataclass(frozen=True)
class ConventionParams:
    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA
    field: str
    value: str  # when the page's text contains `contains`
    contains: str
    otherwise: str | None = None
    before_edition: int | None = None  # only on pages of editions before this one


def _convention(page: Page, params: ConventionParams) -> list[SourceProblem]:
    edition = page.data.get("edition")
    if params.before_edition is not None and (
        not isinstance(edition, int) or edition >= params.before_edition
    ):
        return []
    wanted = params.contains.casefold()
    stated = any(wanted in text.casefold() for text in page.lines)
    value = params.value if stated else params.otherwise
    if value is not None:
        page.data[params.field.lstrip("/")] = value
    return []


@dataclass(frozen=True)
class EmbeddedParams:
    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA
    layout: str  # the layout whose score block the page holds
    base: str  # where its figures go
    expects: tuple[str, ...] = ()  # its figures the block must give (under `base`)
    window: int = 12  # lines from the block's status line


def _embedded(page: Page, params: EmbeddedParams) -> list[SourceProblem]:
    other = next(layout for layout in page.layouts if layout.layout == params.layout)

    def run(block: Page, step: Any) -> None:
        STEPS[step.step].run(block, step.built)

    hub.embedded(page, other, params.base, params.expects, params.window, run)
    return []


@dataclass(frozen=True)
class NoParams:
    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA


@dataclass(frozen=True)
class GlanceParams:
    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA
    heading: str  # "Freedom at a Glance"
    labels: dict[str, str]  # label -> key under /glance
    surveys: dict[str, str]  # key -> the survey whose status words it prints


def _glance(page: Page, params: GlanceParams) -> list[SourceProblem]:
    hub.read_glance(page, params.heading, params.labels, params.surveys)
    return []


@dataclass(frozen=True)
class BlocksParams:
    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA
    blocks: tuple[str, ...]  # glance keys whose score block must follow (at /<key>)


def _blocks_present(page: Page, params: BlocksParams) -> list[SourceProblem]:
    hub.blocks_present(page, params.blocks)
    return []


def _nit_changes(page: Page, params: NoParams) -> list[SourceProblem]:
    nit.read_changes(page)
    return []


def _fiw_changes(page: Page, params: NoParams) -> list[SourceProblem]:
    fiw.read_changes_and_arrow(page)
    return []


def _fotn_totals(page: Page, params: NoParams) -> list[SourceProblem]:
    return fotn.read_repeated_totals(page)


def _sidebar(page: Page, params: NoParams) -> list[SourceProblem]:
    nit.read_sidebar(page)
    return []


STEPS: dict[str, _Kind] = {
    "line": _Kind(LineParams, _line, _check_line),
    "labelled": _Kind(LabelledParams, _labelled),
    "status_line": _Kind(StatusLineParams, _status_line),
    "status_above": _Kind(StatusAboveParams, _status_above),
    "last_year": _Kind(LastYearParams, _last_year),
    "scores_after_heading": _Kind(ScoresParams, _scores_after_heading, _check_heading),
    "question_scores": _Kind(QuestionsParams, _question_scores, _check_heading),
    "numbered_questions": _Kind(NumberedParams, _numbered_questions),
    "complete": _Kind(CompleteParams, _complete),
    "convention": _Kind(ConventionParams, _convention),
    "embedded": _Kind(EmbeddedParams, _embedded),
    "hub_glance": _Kind(GlanceParams, _glance),
    "hub_blocks_present": _Kind(BlocksParams, _blocks_present),
    "nit_changes": _Kind(NoParams, _nit_changes),
    "fiw_changes_and_arrow": _Kind(NoParams, _fiw_changes),
    "fotn_repeated_totals": _Kind(NoParams, _fotn_totals),
    "sidebar": _Kind(NoParams, _sidebar),
}
