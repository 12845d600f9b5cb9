"""What Freedom in the World pages state beyond their labelled figures, for the steps of
rules/layouts/pages/*.yaml: the status a site page opens with (and the total under it), a
score at the end of a question's line ("... 0 / 4"), and in the 2013-2019 layouts the
"Ratings Change:" paragraph ("... political rights rating declined from 6 to 7 due to ...")
and the trend arrow ("Trend Arrow: ↓", "received a downward trend arrow")."""

from __future__ import annotations

import re

from validator import pointer as jp
from validator.sources.pages.page import NUMBER, Page, status_of

_TOP_LINES = 60  # the score block is in a page's first lines


def read_top_status(page: Page, survey: str, total_at: str | None, stop: int = 12) -> None:
    """The status the page opens with (after the country's name, on some copies), and the
    total printed under it ("23" then "100" or "/ 100"), where it is."""
    for index in range(min(stop, len(page.lines))):
        text = page.lines[index]
        status = status_of(survey, text)
        if status is None:
            continue
        page.put("/status", status, index + 1, len(text) - len(text.lstrip()) + 1)
        found = page.next_text(index + 1)
        scale = page.next_text(found[0]) if found else None
        if found and found[1] in ("100", "/ 100", "/100"):  # the scale, and no total above it
            page.missing.append(("the total score", found[0]))
        elif total_at and found and scale and scale[1] in ("100", "/ 100", "/100"):
            line, value = found
            column = len(value) - len(value.lstrip()) + 1
            page.figure(total_at, value.strip(), line, column)
        return


def score_at_end(text: str) -> tuple[str, int] | None:
    """(score as written, its column) of a line ending "<score> / <maximum>", or None;
    string operations, not a pattern that would backtrack over a long question."""
    head, slash, maximum = text.rstrip().rpartition(" / ")
    before, space, written = head.rpartition(" ")
    if not (slash and space and maximum.isdigit() and written):
        return None
    return written, len(before) + 2


# -- what the 2013-2019 layouts state about the year's changes -----------------------------

_RATING_CHANGE = re.compile(
    rf"(?P<rating>political rights|civil liberties) rating (?P<direction>declined|improved) "
    rf"from (?P<from>{NUMBER}) to (?P<to>{NUMBER})",
    re.IGNORECASE,
)
_ARROW_LINE = re.compile(r"^\s*Trend Arrow:\s*(?P<arrow>[↑↓])?\s*$")
_ARROW_WORDS = re.compile(r"received an? (?P<direction>upward|downward) trend arrow", re.IGNORECASE)
_ARROWS = {"↑": "upward", "↓": "downward"}


def read_changes_and_arrow(page: Page) -> None:
    """ "Ratings Change:" and the paragraph after it; "Trend Arrow: ↓", or the sentence
    "received a downward trend arrow"."""
    # "Ratings Change:", or one paragraph for both: "Ratings Change, Trend Arrow:"
    start = page.find(
        re.compile(r"^Ratings? Changes?(?:, Trend Arrows?)?:", re.IGNORECASE), stop=_TOP_LINES + 40
    )
    if start is not None:
        line, match = start
        same = page.lines[line - 1][match.end() :]
        found = (line, page.lines[line - 1]) if same.strip() else page.next_text(line)
        if found is not None:
            _read_rating_changes(page, *found)
    arrow = page.find(_ARROW_LINE, stop=_TOP_LINES + 40)
    if arrow is not None:
        line, match = arrow
        if match.group("arrow"):
            page.put("/trend_arrow", _ARROWS[match.group("arrow")], line, match.start("arrow") + 1)
            return
    words = page.find(_ARROW_WORDS, stop=_TOP_LINES + 40)
    if words is not None:
        line, match = words
        page.put("/trend_arrow", match.group("direction"), line, match.start("direction") + 1)


def _read_rating_changes(page: Page, line: int, text: str) -> None:
    for match in _RATING_CHANGE.finditer(text):
        ends = [page.number(match.group(end), line, match.start(end) + 1) for end in ("from", "to")]
        if None in ends:
            continue
        at = jp.join("/rating_changes", len(page.data.get("rating_changes", [])))
        rating = match.group("rating").lower().replace(" ", "_")
        item = {"rating": rating, "direction": match.group("direction")}
        item.update({"from": ends[0], "to": ends[1]})
        page.put(at, item, line, match.start("rating") + 1)
        for name in ("rating", "direction", "from", "to"):
            page.place(jp.join(at, name), line, match.start(name) + 1)
