"""Report pages as plain text (the layout of the publisher's NIT and FIW country pages).

The page is recognised by its content, then every number it states is read with the line
and column where it stands: the top block (status, scores, the "Last Year's" block), each
category or indicator line (a score printed `1.251 7.007` or `0.000 4.004` is the first
two-decimal number; the digits after it are display artefacts), the stated changes in prose,
and the sidebar's scores of the other surveys. Category names are the `title`s of the
survey's schema. The country comes from "On <country>", the edition from "Score changes in
<year>" (NIT: that year's edition) or "Key Developments in <year>" (FIW: the next year's
edition, which covers that year); both can be given instead (`--country`, `--edition`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any

from validator import pointer as jp
from validator.document import Document
from validator.locations import data_dir
from validator.source_map import Position, SourceMap
from validator.sources.numbers import RawNumber, bounded_decimal, bounded_int, out_of_bounds
from validator.sources.problems import PageOptions, SourceProblem

# Every pattern that ends a line takes its last group greedily to the last non-space
# (`.*\S`): a lazy group before `\s*$` retries a run of spaces at every character, which a
# line of 160,000 spaces made take minutes.
_SCORE = re.compile(r"(-?\d+\.\d\d)\d* (\d+\.\d\d)\d*\s*$")  # "1.251 7.007": the score, the maximum
_RANGE_LABEL = r"\d+\.\d\d-\d+\.\d\d pts\d+-\d+ pts"
_CATEGORY = re.compile(rf"^(?P<title>[A-Z][A-Za-z ,]+?) {_RANGE_LABEL}\s*$")
_INDICATOR = re.compile(rf"^(?P<code>[A-Z]\d+) {_RANGE_LABEL}\s*$")
_CHANGE = re.compile(
    r"^\s*•\s*(?P<title>[A-Z][A-Za-z ,]+?) (?:rating|score) (?P<direction>declined|improved) "
    r"from (?P<from>[-\d.,]*\d) to (?P<to>[-\d.,]*\d)(?: due to (?P<reason>.*\S))?\.?\s*$"
)
_RESULT = re.compile(
    r"Democracy Score (?P<direction>declined|improved) from (?P<from>[-\d.,]*\d) "
    r"to (?P<to>[-\d.,]*\d)"
)
_SIDEBAR = re.compile(r"^\s*(?P<score>[-\d.,]*\d) 100 (?P<status>.*\S)\s*$")
_PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_GROUPED = re.compile(r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_DECIMAL_COMMA = re.compile(r"-?\d+,\d+")
# a score line whose numbers use a comma: "1,251 7,007"
_COMMA_SCORE = re.compile(r"(-?\d+,\d\d)\d* (\d+,\d\d)\d*\s*$")


@dataclass
class _Page:
    lines: list[str]
    data: dict[str, Any] = field(default_factory=dict)
    positions: dict[str, Position] = field(default_factory=lambda: {"": (1, 1)})
    problems: list[SourceProblem] = field(default_factory=list)  # numbers that cannot be read

    def number(self, text: str, line: int, column: int, decimal: bool = False) -> Any:
        """The number printed as `text`, or None and a problem saying why it cannot be read
        (a thousands separator, a decimal comma: not how the publisher prints figures)."""
        if _PLAIN_NUMBER.fullmatch(text):
            whole = not decimal and _WHOLE.fullmatch(text)
            value = bounded_int(text) if whole else bounded_decimal(text)
            if value is not None and not isinstance(value, RawNumber):
                return value
            problem = SourceProblem("number-out-of-bounds", line, column, out_of_bounds(text))
            self.problems.append(problem)  # 5,000 digits: not a figure, and no int() of it
            return None
        if _GROUPED.fullmatch(text):
            why = "has a thousands separator"
        elif _DECIMAL_COMMA.fullmatch(text):
            why = "has a decimal comma"
        else:
            why = "is not a number"
        message = (
            f"{text!r} {why}; the publisher prints figures as 1.25 or 23: the page is not checked"
        )
        self.problems.append(SourceProblem("page-number-format", line, column, message))
        return None

    def put(self, at: str, value: Any, line: int, column: int) -> None:
        node = self.data
        *path, last = jp.split(at)
        for segment in path:
            node = node.setdefault(segment, [] if segment == "changes" else {})
        if isinstance(node, list):
            node.append(value)
        else:
            node[last] = value
        self.positions[at] = (line, column)

    def find(self, pattern: re.Pattern[str]) -> tuple[int, re.Match[str]] | None:
        for number, text in enumerate(self.lines, 1):
            match = pattern.search(text)
            if match:
                return number, match
        return None

    def after(self, heading: str) -> tuple[int, str] | None:
        """The first non-empty line after the line `heading`."""
        for number, text in enumerate(self.lines, 1):
            if text.strip() == heading:
                for later in range(number, len(self.lines)):
                    if self.lines[later].strip():
                        return later + 1, self.lines[later]
        return None


@cache
def _titles(survey: str, at: str) -> dict[str, str]:
    """Display title -> key, from the schema (e.g. "Civil Society" -> civil_society)."""
    schema = json.loads((data_dir("schemas") / f"{survey}.schema.json").read_text(encoding="utf-8"))
    node = jp.resolve(schema, at)
    return {sub["title"]: key for key, sub in node.items() if "title" in sub}


def _survey(lines: list[str]) -> str | None:
    if any(line.startswith("DEMOCRACY-SCORE ") for line in lines[:20]):
        return "nit"
    if any(line.startswith("PR Political Rights") for line in lines[:20]):
        return "fiw"
    if _classic(lines):
        return "fiw"
    return None


def _classic(lines: list[str]) -> bool:
    """The FIW layout of the 2013-2019 editions, as mirrors keep it: "Freedom Status: ..." and
    "Aggregate Score: ..." at the top, indicators as "A1. <question> 0 / 4"."""
    top = [line.strip() for line in lines[:40]]
    return any(t.startswith("Freedom Status:") for t in top) and any(
        t.startswith("Aggregate Score:") for t in top
    )


def parse_page(
    text: str, shown: str, options: PageOptions | None = None
) -> tuple[list[Document], list[SourceProblem]]:
    """The document of a page's text, or the problems that keep it from being checked."""
    options = options or PageOptions()
    lines = text.splitlines()
    survey = _survey(lines)
    if survey is None:
        return [], [
            SourceProblem(
                "not-a-report-page",
                1,
                1,
                "not a Freedom House report page: no NIT or FIW score block in its first lines",
            )
        ]
    page = _Page(lines)
    page.put("/survey", survey, 1, 1)
    if survey == "nit":
        cut = _read_nit(page)
    else:
        cut = _read_fiw_classic(page) if _classic(lines) else _read_fiw(page)
    _read_sidebar(page)
    if page.problems:  # numbers that cannot be read: a partial check would mislead
        return [], page.problems
    if cut:  # a truncated copy: its fragments are not checked
        return [], cut
    problems = _identity(page, survey, options)
    return [Document(shown, page.data, SourceMap(page.positions))], problems


def _identity(page: _Page, survey: str, options: PageOptions) -> list[SourceProblem]:
    problems = []
    found = page.find(re.compile(r"^On (?P<country>\S(?:.*\S)?)\s*$"))
    if options.country is not None:
        page.data["country"] = options.country
    elif "country" in page.data:
        pass  # read from the page's title
    elif found:
        page.put("/country", found[1].group("country"), found[0], found[1].start("country") + 1)
    else:
        problems.append(
            SourceProblem(
                "page-identity-unknown",
                1,
                1,
                'the page does not name its country ("On ..."); give --country',
            )
        )
    marker, offset = ("Score changes in", 0) if survey == "nit" else ("Key Developments in", 1)
    found = page.find(re.compile(rf"{marker} (?P<year>\d{{4}})"))
    if options.edition is not None:
        page.data["edition"] = options.edition
    elif found:
        page.put(
            "/edition", int(found[1].group("year")) + offset, found[0], found[1].start("year") + 1
        )
    else:
        problems.append(
            SourceProblem(
                "page-identity-unknown",
                1,
                1,
                f'the page does not say its edition ("{marker} ..."); give --edition',
            )
        )
    return problems


_WHOLE = re.compile(r"-?\d+")


def _top(page: _Page, pattern: str, at: str, group: str = "value") -> None:
    found = page.find(re.compile(pattern))
    if found:
        line, column = found[0], found[1].start(group) + 1
        value = page.number(found[1].group(group), line, column)
        if value is not None:
            page.put(at, value, line, column)


def _read_status(page: _Page) -> None:
    if page.lines and page.lines[0].strip():
        page.put("/status", page.lines[0].strip(), 1, 1)


def _read_last_year(page: _Page, heading: str, number_at: str) -> None:
    found = page.after(heading)
    if found is None:
        return
    line, text = found
    match = re.match(r"^(?P<value>[-\d.,]*\d) 100 (?P<status>.*\S)\s*$", text)
    if match:
        value = page.number(match.group("value"), line, match.start("value") + 1)
        if value is not None:
            page.put(number_at, value, line, match.start("value") + 1)
        page.put("/last_year/status", match.group("status"), line, match.start("status") + 1)


def _read_nit(page: _Page) -> list[SourceProblem]:
    _read_status(page)
    text = "\n".join(page.lines)
    if "with 1 representing the highest" in text:
        page.data["scale"] = "1-most-democratic"
    else:
        page.data["scale"] = "7-most-democratic"
    _top(
        page,
        r"^DEMOCRACY-PERCENTAGE Democracy Percentage (?P<value>\S+) 100\s*$",
        "/democracy_percentage",
    )
    _top(page, r"^DEMOCRACY-SCORE Democracy Score (?P<value>\S+) 7\s*$", "/democracy_score")
    _read_last_year(
        page, "Last Year's Democracy Percentage & Status", "/last_year/democracy_percentage"
    )
    titles = _titles("nit", "/properties/ratings/properties")
    _read_scores(page, _CATEGORY, "title", lambda t: titles.get(t), "/ratings")
    _read_changes(page, titles)
    found = len(page.data.get("ratings", {}))
    if found == 0 and _summary(page, ("/democracy_score", "/democracy_percentage")):
        return []  # a page of its summary only: checked for what it shows
    if found < len(titles):
        return [_incomplete(page, f"{found} of the {len(titles)} category ratings")]
    return []


def _summary(page: _Page, figures: tuple[str, ...]) -> bool:
    """The page states its top figures and no part of the detail below them (a report
    "posted soon", a summary copy): it is checked for what it shows, and the coverage line
    counts what no rule could compare. Some of the detail and not all is a cut page."""
    return all(at in page.positions for at in figures)


def _read_fiw(page: _Page) -> list[SourceProblem]:
    _read_status(page)
    _top(page, r"^PR Political Rights (?P<value>\S+) \d+\s*$", "/political_rights_score")
    _top(page, r"^CL Civil Liberties (?P<value>\S+) \d+\s*$", "/civil_liberties_score")
    _read_last_year(page, "Last Year's Score & Status", "/last_year/total_score")
    codes = _titles_of_indicators()
    _read_scores(page, _INDICATOR, "code", lambda c: c if c in codes else None, "/indicators")
    found = len(page.data.get("indicators", {}))
    if found < len(codes):
        return [_incomplete(page, f"{found} of the {len(codes)} indicator scores")]
    return []


# "Aggregate Score: 22 (0 = Least Free, 100 = Most Free)": a label, its figure, the scale
_CLASSIC_TOP = {
    "Freedom Status": "/status",
    "Aggregate Score": "/total_score",
    "Freedom Rating": "/freedom_rating",
    "Political Rights": "/political_rights_rating",
    "Civil Liberties": "/civil_liberties_rating",
}
_CLASSIC_TITLE = re.compile(r"^Freedom in the World (?P<year>\d{4}) - (?P<country>\S(?:.*\S)?)\s*$")


def _read_fiw_classic(page: _Page) -> list[SourceProblem]:
    """The 2013-2019 layout: status, aggregate score, Freedom Rating and the two ratings at
    the top, each indicator on its question's line ("A1. ... 0 / 4"). A copy of the top block
    alone is checked for what it shows; one with some indicators and not all is cut."""
    for number, text in enumerate(page.lines[:40], 1):
        label, colon, rest = text.partition(": ")  # string operations: linear in the line
        at = _CLASSIC_TOP.get(label.strip()) if colon else None
        written = rest.partition(" (")[0].strip()
        if at is None or not written:
            continue  # another label (Quick Facts), or a label whose figure a copy dropped
        column = len(label) + len(colon) + rest.index(written) + 1
        if at == "/status":
            page.put(at, written, number, column)
            continue
        value = page.number(written, number, column, decimal=at == "/freedom_rating")
        if value is not None:
            page.put(at, value, number, column)
    codes = _titles_of_indicators()
    for number, text in enumerate(page.lines, 1):
        found = _classic_indicator(text)
        if found is not None and found[0] in codes:
            code, written, column = found
            value = page.number(written, number, column)
            if value is not None:
                page.put(jp.join("/indicators", code), value, number, column)
    title = page.find(_CLASSIC_TITLE)
    if title and "country" not in page.data:  # the mirror's title, where the page has one
        number, match = title
        page.put("/country", match.group("country"), number, match.start("country") + 1)
    read = len(page.data.get("indicators", {}))
    if 0 < read < len(codes):
        return [_incomplete(page, f"{read} of the {len(codes)} indicator scores")]
    return []


def _classic_indicator(text: str) -> tuple[str, str, int] | None:
    """(code, score as written, its column) of "A1. <question> 0 / 4", or None; string
    operations, not a pattern that would backtrack over a long question."""
    if len(text) < 5 or text[2:4] != ". " or text[0] not in "ABCDEFG" or not text[1].isdigit():
        return None
    head, slash, maximum = text.rstrip().rpartition(" / ")
    before, space, written = head.rpartition(" ")
    if not (slash and space and maximum.isdigit() and written):
        return None
    return text[:2], written, len(before) + 2


@cache
def _titles_of_indicators() -> frozenset[str]:
    schema = json.loads((data_dir("schemas") / "fiw.schema.json").read_text(encoding="utf-8"))
    return frozenset(schema["properties"]["indicators"]["required"])


def _read_scores(page: _Page, heading: re.Pattern[str], group: str, key: Any, base: str) -> None:
    """A heading line naming a category or indicator; its score ends the next line."""
    for number, text in enumerate(page.lines, 1):
        match = heading.match(text)
        if not match or number >= len(page.lines):
            continue
        name = key(match.group(group))
        score = _SCORE.search(page.lines[number])
        if name is not None and score is None:
            comma = _COMMA_SCORE.search(page.lines[number])
            if comma:
                page.number(comma.group(1), number + 1, comma.start(1) + 1)
        if name is None or score is None:
            continue
        printed = page.number(score.group(1), number + 1, score.start(1) + 1, decimal=True)
        if printed is None:
            continue
        whole = base == "/indicators" and printed == printed.to_integral_value()
        value: int | Decimal = int(printed) if whole else printed  # FIW indicators: printed 0.00
        page.put(jp.join(base, name), value, number + 1, score.start(1) + 1)


def _read_result(page: _Page, result: re.Match[str], line: int) -> None:
    """The stated change of the Democracy Score: its `from` is last year's score, its `to`
    is compared with this year's, its word with the two."""
    column = result.start("from") + 1
    before = page.number(result.group("from"), line, column, decimal=True)
    if before is not None:
        page.put("/last_year/democracy_score", before, line, column)
    after = page.number(result.group("to"), line, result.start("to") + 1, decimal=True)
    if before is None or after is None:
        return
    base = "/democracy_score_change"
    page.put(jp.join(base, "direction"), result.group("direction"), line, result.start(1) + 1)
    page.put(jp.join(base, "from"), before, line, column)
    page.put(jp.join(base, "to"), after, line, result.start("to") + 1)


def _read_changes(page: _Page, titles: dict[str, str]) -> None:
    start = page.find(re.compile(r"Score changes in \d{4}"))
    if start is None:
        return
    changes: list[dict[str, Any]] = []
    page.data["changes"] = changes
    page.positions["/changes"] = (start[0], 1)
    for number in range(start[0], len(page.lines)):
        text = page.lines[number]
        if text.startswith("header"):
            break
        result = _RESULT.search(text)
        if result:  # "As a result, <country>'s Democracy Score improved from A to B."
            _read_result(page, result, number + 1)
        match = _CHANGE.match(text)
        if not match:
            continue
        ends = [
            page.number(match.group(end), number + 1, match.start(end) + 1, decimal=True)
            for end in ("from", "to")
        ]
        if None in ends:
            continue
        at = jp.join("/changes", len(changes))
        item: dict[str, Any] = {
            "category": titles.get(match.group("title"), match.group("title")),
            "direction": match.group("direction"),
            "from": ends[0],
            "to": ends[1],
        }
        if match.group("reason"):
            item["reason"] = match.group("reason").removesuffix(".")  # the sentence's stop
        changes.append(item)
        for name in ("category", "direction", "from", "to"):
            group = "title" if name == "category" else name
            page.positions[jp.join(at, name)] = (number + 1, match.start(group) + 1)
        page.positions[at] = (number + 1, match.start("title") + 1)


def _read_sidebar(page: _Page) -> None:
    for heading, key in (
        ("• Global Freedom Score", "global_freedom"),
        ("• Internet Freedom Score", "internet_freedom"),
    ):
        found = page.after(heading)
        if found is None:
            continue
        line, text = found
        match = _SIDEBAR.match(text)
        score = match and page.number(match.group("score"), line, match.start("score") + 1)
        if match and score is not None:
            at = jp.join("/sidebar", key)
            page.put(jp.join(at, "score"), score, line, match.start("score") + 1)
            page.put(
                jp.join(at, "status"),
                match.group("status").lower(),
                line,
                match.start("status") + 1,
            )


def _incomplete(page: _Page, what: str) -> SourceProblem:
    last = len(page.lines)
    return SourceProblem(
        "incomplete-page",
        last,
        1,
        f"the page ends with {what}: it looks cut off and is not checked",
    )
