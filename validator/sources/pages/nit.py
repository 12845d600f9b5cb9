"""What Nations in Transit pages (rules/layouts/pages/20-nit-site.yaml) state in sentences:
the score changes with their "As a result" sentence; and the site's sidebar, which NIT and
FIW pages share."""

from __future__ import annotations

import re

from validator import pointer as jp
from validator.sources.pages.page import NUMBER, Page, titles

_CHANGE = re.compile(
    rf"^\s*•\s*(?P<title>[A-Z][A-Za-z ,]+?) (?:rating|score) (?P<direction>declined|improved) "
    rf"from (?P<from>{NUMBER}) to (?P<to>{NUMBER})(?: due to (?P<reason>.*\S))?\.?\s*$"
)
_RESULT = re.compile(
    rf"Democracy Score (?P<direction>declined|improved) from (?P<from>{NUMBER}) "
    rf"to (?P<to>{NUMBER})"
)


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


def read_changes(page: Page) -> None:
    """ "Score changes in 2020" and the list under it: each "• <category> rating declined
    from 1.50 to 1.25 due to ...", and "As a result, ...'s Democracy Score improved from <a>
    to <b>" (`/democracy_score_change`; its first number is last year's score)."""
    names = titles("nit", "/properties/ratings/properties")
    start = page.find(re.compile(r"Score changes in \d{4}", re.IGNORECASE))
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


def read_sidebar(page: Page) -> None:
    """ "• Global Freedom Score" and "• Internet Freedom Score", each with "23 100 not free"
    on the next line: the other surveys' scores as the site shows them."""
    for heading, key in (
        ("• Global Freedom Score", "global_freedom"),
        ("• Internet Freedom Score", "internet_freedom"),
    ):
        found = page.after(heading)
        if found is None:
            continue
        line, text = found
        match = _SIDEBAR.match(text)
        if not match:
            continue
        at = jp.join("/sidebar", key)
        column = match.start("score") + 1
        if page.figure(jp.join(at, "score"), match.group("score"), line, column):
            page.put(jp.join(at, "status"), match.group("status").lower(), line, match.start(2) + 1)


_SIDEBAR = re.compile(r"^\s*(?P<score>[-\d.,]*\d) 100 (?P<status>.*\S)\s*$")
