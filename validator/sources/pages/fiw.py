"""Freedom in the World country pages in the layouts the publisher used, and their mirrors.

- `fiw-site` (the editions from 2020 on): the status, "PR Political Rights 5 40", "CL Civil
  Liberties 18 60", "Last Year's Score & Status", each indicator's heading "A1 1.00-4.00
  pts0-4 pts" with its score ending the next line, the sidebar.
- `fiw-mirror` (the same pages as mirrors reflow them): "NOT FREE", "23", "/ 100",
  "Political Rights 5 / 40", "LAST YEAR'S SCORE & STATUS", "23 / 100 <status>", indicators as
  "A1 0-4 pts" and the question's line ending "0 / 4".
- `fiw-2017-2019`: "Freedom Status: <status>", "Aggregate Score: 22 (0 = Least Free, ...)",
  "Freedom Rating: 6.0 (...)", "Political Rights: 7 (...)", "Civil Liberties: 5 (...)" (the
  figure on the label's line or the next), indicators as "A1. <question> 0 / 4".
- `fiw-2013-2016`: "2014 Scores", "Status: <status>", "Freedom Rating (1 = best, 7 = worst):
  <rating>", the two ratings likewise, the category scores "Political Rights: 6 / 40" and
  subcategory totals "A. Electoral Process: 2 / 12".

The 2013-2019 layouts may state a "Ratings Change:" ("... political rights rating declined
from 6 to 7 due to ...") and a trend arrow ("Trend Arrow: ↓", "received a downward trend
arrow"): read as `rating_changes` and `trend_arrow`.
"""

from __future__ import annotations

import re

from validator import pointer as jp
from validator.sources.pages.page import (
    NUMBER,
    Page,
    incomplete,
    indicator_codes,
    read_last_year,
    read_scores,
    schema,
    status_of,
)
from validator.sources.problems import SourceProblem

_INDICATOR = re.compile(r"^(?P<code>[A-Z]\d+) \d+\.\d\d-\d+\.\d\d pts\d+-\d+ pts\s*$")
TITLE = re.compile(r"^\s*Freedom in the World (?P<year>\d{4}) - (?P<country>\S(?:.*\S)?)\s*$")


def _codes() -> frozenset[str]:
    return indicator_codes("fiw")


# -- the site, from 2020 ------------------------------------------------------------------


def recognise_site(lines: list[str]) -> bool:
    return any(line.casefold().startswith("pr political rights") for line in lines[:30])


_SITE_ANCHOR = re.compile(r"^PR Political Rights:? \S", re.IGNORECASE)


def site_anchor(line: str) -> bool:
    """The score line "PR Political Rights 5 40" (the indicator list's heading of the same
    words has no figure)."""
    return _SITE_ANCHOR.match(line) is not None


def read_site(page: Page) -> list[SourceProblem]:
    read_top_status(page, "fiw", "/total_score")
    for pattern, at in (
        (rf"^PR Political Rights:? (?P<value>\S+){_MAXIMUM}$", "/political_rights_score"),
        (rf"^CL Civil Liberties:? (?P<value>\S+){_MAXIMUM}$", "/civil_liberties_score"),
    ):
        found = page.find(re.compile(pattern, re.IGNORECASE))
        if found:
            page.figure(at, found[1].group("value"), found[0], found[1].start("value") + 1)
    read_last_year(page, "Last Year's Score & Status", "/last_year/total_score", "fiw")
    codes = _codes()
    read_scores(page, _INDICATOR, "code", lambda c: c if c in codes else None, "/indicators", True)
    return _indicators_complete(page, len(page.data.get("indicators", {})))


def _indicators_complete(page: Page, read: int) -> list[SourceProblem]:
    """All the indicator scores, or none (a copy of the score block, very common in
    archives: checked for what it shows, the absent list said once), or a cut copy."""
    codes = _codes()
    if read == 0:
        line = max((line for at, (line, _) in page.positions.items() if at), default=1)
        page.missing.append((f"the {len(codes)} indicator scores", line))
    elif read < len(codes):
        return [incomplete(page, f"{read} of the {len(codes)} indicator scores")]
    return []


# " 40", " / 40", "/40" or nothing: the maximum a score may be printed with
_MAXIMUM = r"(?: ?/ ?\d+| \d+)?"


def read_top_status(page: Page, survey: str, total_at: str, stop: int = 12) -> None:
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
        elif found and scale and scale[1] in ("100", "/ 100", "/100"):
            line, value = found
            column = len(value) - len(value.lstrip()) + 1
            page.figure(total_at, value.strip(), line, column)
        return


# -- mirrors of the site: "Political Rights 5 / 40" ----------------------------------------

_MIRROR_SCORE = re.compile(
    rf"^(?P<label>Political Rights|Civil Liberties) (?P<value>{NUMBER}) ?/ ?\d+$",
    re.IGNORECASE,
)
_SCORES = {
    "political rights": "/political_rights_score",
    "civil liberties": "/civil_liberties_score",
}
_MIRROR_INDICATOR = re.compile(r"^\s*(?P<code>[A-Z]\d+) \d+-\d+ pts\s*$")


def recognise_mirror(lines: list[str]) -> bool:
    return any(_MIRROR_SCORE.match(line) for line in lines[:40])


def mirror_anchor(line: str) -> bool:
    found = _MIRROR_SCORE.match(line)
    return found is not None and found.group("label").casefold() == "political rights"


def read_mirror(page: Page) -> list[SourceProblem]:
    read_title(page, TITLE)
    read_top_status(page, "fiw", "/total_score")
    for number, text in enumerate(page.lines[:40], 1):
        match = _MIRROR_SCORE.match(text)
        if match:
            at = _SCORES[match.group("label").casefold()]
            page.figure(at, match.group("value"), number, match.start("value") + 1)
    read_last_year(page, "LAST YEAR'S SCORE & STATUS", "/last_year/total_score", "fiw")
    return _indicators_complete(page, read_question_scores(page, _codes()))


def read_question_scores(page: Page, codes: frozenset[str]) -> int:
    """Indicators as a mirror prints them: "A1 0-4 pts", then the question's line, which
    ends with the score and its maximum ("... 0 / 4"). Returns how many were read."""
    read = 0
    for index, text in enumerate(page.lines):
        heading = _MIRROR_INDICATOR.match(text)
        if not heading or heading.group("code") not in codes:
            continue
        found = page.next_text(index + 1)
        scored = found and _score_at_end(found[1])
        if found and scored:
            written, column = scored
            at = jp.join("/indicators", heading.group("code"))
            read += page.figure(at, written, found[0], column)
    return read


def _score_at_end(text: str) -> tuple[str, int] | None:
    """(score as written, its column) of a line ending "<score> / <maximum>", or None;
    string operations, not a pattern that would backtrack over a long question."""
    head, slash, maximum = text.rstrip().rpartition(" / ")
    before, space, written = head.rpartition(" ")
    if not (slash and space and maximum.isdigit() and written):
        return None
    return written, len(before) + 2


# -- 2017-2019: "Freedom Status: <status>", "Aggregate Score: 22 (...)" -----------------

_2017_TOP = {
    "Freedom Status": "/status",
    "Aggregate Score": "/total_score",
    "Freedom Rating": "/freedom_rating",
    "Political Rights": "/political_rights_rating",
    "Civil Liberties": "/civil_liberties_rating",
}
_TOP_LINES = 60  # the score block is in a page's first lines


def recognise_2017(lines: list[str]) -> bool:
    top = [line.casefold() for line in lines[:40]]
    return any(t.startswith("freedom status:") for t in top) and any(
        t.startswith("aggregate score:") for t in top
    )


def read_2017(page: Page) -> list[SourceProblem]:
    read_title(page, TITLE)
    for label, at in _2017_TOP.items():
        page.read_labelled(label, at, _TOP_LINES, decimal=at == "/freedom_rating")
    codes = _codes()
    for number, text in enumerate(page.lines, 1):
        found = _classic_indicator(text)
        if found is not None and found[0] in codes:
            code, written, column = found
            page.figure(jp.join("/indicators", code), written, number, column)
    read_changes_and_arrow(page)
    read = len(page.data.get("indicators", {}))
    if 0 < read < len(codes):
        return [incomplete(page, f"{read} of the {len(codes)} indicator scores")]
    return []


def _classic_indicator(text: str) -> tuple[str, str, int] | None:
    """(code, score as written, its column) of "A1. <question> 0 / 4", or None."""
    if len(text) < 5 or text[2:4] != ". " or text[0] not in "ABCDEFG" or not text[1].isdigit():
        return None
    scored = _score_at_end(text)
    return None if scored is None else (text[:2], *scored)


# -- 2013-2016: "Freedom Rating (1 = best, 7 = worst): <rating>", "Political Rights: 6 / 40" ---

_2013_RATING = re.compile(
    r"^\s*(?P<label>Freedom Rating|Political Rights|Civil Liberties) "
    r"\(1 = best, 7 = worst\): (?P<value>\S+)\s*$",
    re.IGNORECASE,
)
# "Political Rights: 2 / 40 (-5)" (a minus sign on the page): the score, its maximum, and
# its change from last year
_2013_SCORE = re.compile(
    rf"^(?P<label>Political Rights|Civil Liberties): ?(?P<value>{NUMBER}) ?/ ?\d+"
    r"(?: ?\((?P<change>[+\-−–]? ?\d[^()]*)\))?$",
    re.IGNORECASE,
)
_SIGNS = str.maketrans({"−": "-", "–": "-", "+": "", " ": ""})
_2013_SUBCATEGORY = re.compile(
    rf"^\s*(?P<code>[A-G])\. [A-Z][A-Za-z ,]*: (?P<value>{NUMBER}) / \d+\s*$"
)
_2013_STATUS = re.compile(r"^Status: ?(?P<value>.*\S)$", re.IGNORECASE)
_2013_SCORES_LINE = re.compile(r"^(?P<year>\d{4}) Scores$", re.IGNORECASE)
_2013_AT = {
    "freedom rating": "/freedom_rating",
    "political rights": "/political_rights_rating",
    "civil liberties": "/civil_liberties_rating",
}


def recognise_2013(lines: list[str]) -> bool:
    """The ratings line, or (a copy that lost the graphic with the ratings) the "2014
    Scores" heading with the category scores under it."""
    top = lines[:40]
    if any(_2013_RATING.match(line) for line in top):
        return True
    return any(_2013_SCORES_LINE.match(line) for line in top) and any(
        _2013_SCORE.match(line) for line in top
    )


def anchor_2013(line: str) -> bool:
    found = _2013_SCORE.match(line)
    return found is not None and found.group("label").casefold() == "political rights"


def read_2013(page: Page) -> list[SourceProblem]:
    read_title(page, TITLE)
    found = page.find(_2013_SCORES_LINE, stop=_TOP_LINES)
    if found and "edition" not in page.data:
        line, match = found
        page.put("/edition", int(match.group("year")), line, match.start("year") + 1)
    status = page.find(_2013_STATUS, stop=_TOP_LINES)
    if status:
        line, match = status
        word = status_of("fiw", match.group("value"))
        if word is not None:
            page.put("/status", word, line, match.start("value") + 1)
    for number, text in enumerate(page.lines, 1):
        rating = _2013_RATING.match(text) if number <= _TOP_LINES else None
        if rating:
            at = _2013_AT[rating.group("label").lower()]
            column = rating.start("value") + 1
            page.figure(at, rating.group("value"), number, column, at == "/freedom_rating")
            continue
        score = _2013_SCORE.match(text)
        if score:
            at = _SCORES[score.group("label").casefold()]
            page.figure(at, score.group("value"), number, score.start("value") + 1)
            if score.group("change") is not None:
                name = score.group("label").casefold().replace(" ", "_")
                change = jp.join("/score_changes", name)
                written = score.group("change").translate(_SIGNS)
                page.figure(change, written, number, score.start("change") + 1)
            continue
        subcategory = _2013_SUBCATEGORY.match(text)
        if subcategory:
            at = jp.join("/subcategories", subcategory.group("code"))
            page.figure(at, subcategory.group("value"), number, subcategory.start("value") + 1)
    read_changes_and_arrow(page)
    read = len(page.data.get("subcategories", {}))
    letters = len(schema("fiw")["properties"]["subcategories"]["properties"])
    if 0 < read < letters:
        return [incomplete(page, f"{read} of the {letters} subcategory scores")]
    return []


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


def read_title(page: Page, title: re.Pattern[str]) -> None:
    """A mirror's title, "<survey> <year> - <country>": the edition and the country."""
    found = page.find(title, stop=10)
    if found is None:
        return
    line, match = found
    page.put("/edition", int(match.group("year")), line, match.start("year") + 1)
    page.put("/country", match.group("country"), line, match.start("country") + 1)
