"""Nations in Transit country pages (the site's layout since the 2020 editions, and the
earlier editions as the site shows them): the status, the Democracy Percentage and Score,
"Last Year's Democracy Percentage & Status", the seven category ratings, the stated score
changes with their "As a result" sentence, and the sidebar."""

from __future__ import annotations

import re

from validator import pointer as jp
from validator.sources.pages.page import (
    NUMBER,
    Page,
    incomplete,
    read_last_year,
    read_scores,
    titles,
)
from validator.sources.problems import SourceProblem

_RANGE_LABEL = r"\d+\.\d\d-\d+\.\d\d pts\d+-\d+ pts"
_CATEGORY = re.compile(rf"^(?P<title>[A-Z][A-Za-z ,]+?) {_RANGE_LABEL}\s*$")
_CHANGE = re.compile(
    rf"^\s*•\s*(?P<title>[A-Z][A-Za-z ,]+?) (?:rating|score) (?P<direction>declined|improved) "
    rf"from (?P<from>{NUMBER}) to (?P<to>{NUMBER})(?: due to (?P<reason>.*\S))?\.?\s*$"
)
_RESULT = re.compile(
    rf"Democracy Score (?P<direction>declined|improved) from (?P<from>{NUMBER}) "
    rf"to (?P<to>{NUMBER})"
)


def recognise(lines: list[str]) -> bool:
    return any(line.startswith("DEMOCRACY-SCORE ") for line in lines[:30])


def read(page: Page) -> list[SourceProblem]:
    _read_status(page)
    text = "\n".join(page.lines)
    page.data["scale"] = (
        "1-most-democratic" if "with 1 representing the highest" in text else "7-most-democratic"
    )
    _top(
        page,
        r"^DEMOCRACY-PERCENTAGE Democracy Percentage:? (?P<value>\S+)(?: ?/ ?100| 100)?$",
        "percentage",
    )
    _top(page, r"^DEMOCRACY-SCORE Democracy Score:? (?P<value>\S+)(?: ?/ ?7| 7)?$", "score")
    heading = "Last Year's Democracy Percentage & Status"
    read_last_year(page, heading, "/last_year/democracy_percentage", "nit")
    names = titles("nit", "/properties/ratings/properties")
    read_scores(page, _CATEGORY, "title", names.get, "/ratings", whole=False)
    _read_changes(page, names)
    found_ratings = len(page.data.get("ratings", {}))
    summary = all(at in page.positions for at in ("/democracy_score", "/democracy_percentage"))
    if found_ratings == 0 and summary:
        return []  # a page of its summary only ("posted soon"): checked for what it shows
    if found_ratings < len(names):
        return [incomplete(page, f"{found_ratings} of the {len(names)} category ratings")]
    return []


def _read_status(page: Page) -> None:
    """The regime: the line above "DEMOCRACY-PERCENTAGE" (a title, "Nations in Transit 2019"
    or the country's, may stand above it, never read as the regime)."""
    opening = (i for i, text in enumerate(page.lines) if text.startswith("DEMOCRACY-PERCENTAGE "))
    index = next(opening, None)
    if index is None:
        return
    above = next((i for i in range(index - 1, -1, -1) if page.lines[i]), None)
    if above is not None:
        page.put("/status", page.lines[above], above + 1, 1)


def _top(page: Page, pattern: str, which: str) -> None:
    found = page.find(re.compile(pattern))
    if found:
        line, match = found
        at = "/democracy_percentage" if which == "percentage" else "/democracy_score"
        page.figure(at, match.group("value"), line, match.start("value") + 1)


def _read_result(page: Page, result: re.Match[str], line: int) -> None:
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


def _read_changes(page: Page, names: dict[str, str]) -> None:
    start = page.find(re.compile(r"Score changes in \d{4}"))
    if start is None:
        return
    changes: list[dict[str, object]] = []
    page.data["changes"] = changes
    page.place("/changes", start[0], 1)
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
        item: dict[str, object] = {
            "category": names.get(match.group("title"), match.group("title")),
            "direction": match.group("direction"),
            "from": ends[0],
            "to": ends[1],
        }
        if match.group("reason"):
            item["reason"] = match.group("reason").removesuffix(".")  # the sentence's stop
        changes.append(item)
        for name in ("category", "direction", "from", "to"):
            group = "title" if name == "category" else name
            page.place(jp.join(at, name), number + 1, match.start(group) + 1)
        page.place(at, number + 1, match.start("title") + 1)
