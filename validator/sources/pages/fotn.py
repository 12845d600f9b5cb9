"""Freedom on the Net country pages in the layouts the publisher used, and their mirrors.

- `fotn-site` (the editions from 2019 on, 100 = most free): the status, the total under it
  where a copy keeps it ("34" then "100"), "A Obstacles to Access 12 25" and the two other
  categories, "Last Year's Score & Status" then "32 100 <status>"; indicators, where a copy
  has them, as the site's other surveys print theirs ("A1 1.00-6.00 pts0-6 pts", the score
  ending the next line).
- `fotn-mirror` (the same, reflowed by mirrors): "NOT FREE", "34", "/ 100", "Obstacles to
  Access 12 / 25", "LAST YEAR'S SCORE & STATUS", "32 / 100 <status>"; indicators as "A1 0-6
  pts" and the question's line ending "4 / 6".
- `fotn-2015-2018` (0 = best): "Status: <status>", "Total Score: 61 (0 = Best, 100 =
  Worst)", "Obstacles to Access: 14 (0 = Best, 25 = Worst)" and the two other categories, the
  figure on the label's line or the next one.
- `fotn-2011-2014` (0 = best): "<year> Scores", "Freedom on the Net Status" then "Partly
  Free", "Freedom on the Net Total" then "(0 = best, 100 = worst)" then "55", the categories
  likewise; some pages add "<year> Freedom On the Net Total (0 = Best, 100 = Worst) 59" for
  this year's total and last year's.

The edition: a mirror's title ("Freedom on the Net 2016 - Kazakhstan"), the line "Freedom on
the Net 2015", or the coverage period's last year ("Key Developments, June 1, 2022 - May 31,
2023"). The country: a mirror's title, "On <country>", or the line above "Freedom on the Net
<year>".
"""

from __future__ import annotations

import re

from validator import pointer as jp
from validator.sources.pages.fiw import read_question_scores, read_title, read_top_status
from validator.sources.pages.page import (
    NUMBER,
    Page,
    incomplete,
    indicator_codes,
    read_last_year,
    read_scores,
    titles,
)
from validator.sources.problems import SourceProblem

TITLE = re.compile(r"^\s*Freedom on the Net (?P<year>\d{4}) - (?P<country>\S(?:.*\S)?)\s*$")
_EDITION_LINE = re.compile(r"^\s*Freedom on the Net (?P<year>\d{4})\s*$")
_SITE_TITLE = re.compile(r"^\s*(?P<country>\S(?:.*\S)?) \| Freedom House\s*$")
_TOP_LINES = 80


def _categories() -> dict[str, str]:
    return titles("fotn", "/properties/categories/properties")


def _codes() -> frozenset[str]:
    return indicator_codes("fotn")


# -- the site, from 2019 --------------------------------------------------------------------

_SITE_CATEGORY = re.compile(
    rf"^(?P<code>[ABC]) (?P<title>[A-Z][A-Za-z ]+?):? (?P<value>{NUMBER})(?: ?/ ?\d+| \d+)?$",
    re.IGNORECASE,
)
_INDICATOR = re.compile(r"^(?P<code>[A-Z]\d+) \d+\.\d\d-\d+\.\d\d pts\d+-\d+ pts\s*$")


def _first_category(pattern: re.Pattern[str], line: str) -> bool:
    first = next(iter(_categories()))  # "Obstacles to Access": category A
    found = pattern.match(line)
    return found is not None and found.group("title").casefold() == first.casefold()


def _recognise(pattern: re.Pattern[str], lines: list[str]) -> bool:
    return any(_first_category(pattern, line) for line in lines[:40])


def recognise_site(lines: list[str]) -> bool:
    return _recognise(_SITE_CATEGORY, lines)


def site_anchor(line: str) -> bool:
    return _first_category(_SITE_CATEGORY, line)


def mirror_anchor(line: str) -> bool:
    return _first_category(_MIRROR_CATEGORY, line)


def read_site(page: Page) -> list[SourceProblem]:
    _read_top(page, _SITE_CATEGORY)
    read_last_year(page, "Last Year's Score & Status", "/last_year/total_score", "fotn")
    codes = _codes()
    read_scores(page, _INDICATOR, "code", lambda c: c if c in codes else None, "/indicators", True)
    return _complete(page)


def _read_top(page: Page, category: re.Pattern[str]) -> None:
    """Edition, country, status, total and the three categories of a 2019-on page."""
    read_title(page, TITLE)
    edition_from_coverage(page)
    read_top_status(page, "fotn", "/total_score")
    names = {title.casefold(): key for title, key in _categories().items()}
    for number, text in enumerate(page.lines[:40], 1):
        match = category.match(text)
        if match and match.group("title").casefold() in names:
            at = jp.join("/categories", names[match.group("title").casefold()])
            page.figure(at, match.group("value"), number, match.start("value") + 1)


def _complete(page: Page) -> list[SourceProblem]:
    """Categories: all three or the page is cut; indicators: none (a copy of the score
    block) or all."""
    read = len(page.data.get("categories", {}))
    if read < len(_categories()):
        return [incomplete(page, f"{read} of the {len(_categories())} category scores")]
    indicators = len(page.data.get("indicators", {}))
    if 0 < indicators < len(_codes()):
        return [incomplete(page, f"{indicators} of the {len(_codes())} indicator scores")]
    return []


# -- mirrors of the site: "Obstacles to Access 12 / 25" -------------------------------------

_MIRROR_CATEGORY = re.compile(
    rf"^(?:[ABC] )?(?P<title>[A-Z][A-Za-z ]+?) (?P<value>{NUMBER}) ?/ ?\d+$", re.IGNORECASE
)


def recognise_mirror(lines: list[str]) -> bool:
    return _recognise(_MIRROR_CATEGORY, lines)


def read_mirror(page: Page) -> list[SourceProblem]:
    _read_top(page, _MIRROR_CATEGORY)
    read_last_year(page, "LAST YEAR'S SCORE & STATUS", "/last_year/total_score", "fotn")
    read_question_scores(page, _codes())
    return _complete(page)


# -- 2015-2018: "Status: <status>", "Total Score: 61 (0 = Best, 100 = Worst)" ----------------


def recognise_2015(lines: list[str]) -> bool:
    top = [line.casefold() for line in lines[:_TOP_LINES]]
    return any(t.startswith("total score:") for t in top) and any(
        t.startswith("obstacles to access:") for t in top
    )


def read_2015(page: Page) -> list[SourceProblem]:
    _read_old_block(page, "Status", "Total Score")
    return _old_complete(page)


def _read_old_block(page: Page, status: str, total: str) -> None:
    """The edition and country, then the score block of a 2011-2018 page: its status, total
    and categories, each a label with its figure (`Page.read_labelled`)."""
    _read_old_identity(page)
    labels = {status: "/status", total: "/total_score"}
    top = [line.casefold() for line in page.lines[:_TOP_LINES]]
    for code, (title, key) in zip("ABC", _categories().items(), strict=True):
        # refworld's FOTN 2013 copies: "A Subtotal: Obstacles to Access: 16"
        subtotal = f"{code} Subtotal: {title}"
        printed = subtotal if any(t.startswith(subtotal.casefold()) for t in top) else title
        labels[printed] = jp.join("/categories", key)
    for label, at in labels.items():
        page.read_labelled(label, at, _TOP_LINES)


# -- 2011-2014: "Freedom on the Net Total" then "(0 = best, 100 = worst)" then "55" ---------

_REPEATED_TOTAL = re.compile(
    rf"^\s*(?:•\s*)?(?P<year>\d{{4}}) Freedom On the Net Total \(0 = Best, 100 = Worst\):? "
    rf"(?P<value>{NUMBER})\s*$",
    re.IGNORECASE,
)


def recognise_2011(lines: list[str]) -> bool:
    top = [line.casefold() for line in lines[:_TOP_LINES]]
    return any(t.startswith("freedom on the net status") for t in top) and any(
        t.startswith("freedom on the net total") for t in top
    )


def read_2011(page: Page) -> list[SourceProblem]:
    _read_old_block(page, "Freedom on the Net Status", "Freedom on the Net Total")
    problems = _read_repeated_totals(page)
    return problems or _old_complete(page)


def _read_repeated_totals(page: Page) -> list[SourceProblem]:
    """ "2013 Freedom On the Net Total (0 = Best, 100 = Worst) 59": last year's total, or this
    year's again (which must be the score block's)."""
    edition = page.data.get("edition")
    for number, text in enumerate(page.lines[:_TOP_LINES], 1):
        match = _REPEATED_TOTAL.match(text)
        if not match or not isinstance(edition, int):
            continue
        year, column = int(match.group("year")), match.start("value") + 1
        if year == edition - 1:
            page.figure("/last_year/total_score", match.group("value"), number, column)
        elif year == edition:
            value = page.number(match.group("value"), number, column)
            stated = page.data.get("total_score")
            if value is None:
                continue
            page.seen.add(number)
            if stated is None:
                page.put("/total_score", value, number, column)
            elif stated != value:
                there = page.positions["/total_score"][0]
                message = (
                    f"the page states this year's total as {value} here and as {stated} "
                    f"at line {there}: it is not checked"
                )
                return [SourceProblem("page-figures-disagree", number, column, message)]
    return []


def _old_complete(page: Page) -> list[SourceProblem]:
    """The score block of a 2011-2018 page: some categories and not all is a cut copy; a
    block whose labels lost their figures is said (`missing`) and checked for the rest."""
    read = len(page.data.get("categories", {}))
    printed = len(_categories()) - sum(1 for label, _ in page.missing if label in _categories())
    if read < printed:
        return [incomplete(page, f"{read} of the {len(_categories())} category scores")]
    return []


def _read_old_identity(page: Page) -> None:
    """The edition and country of a 2011-2018 page: a mirror's title, or the line "Freedom
    on the Net 2015" and the country's name on the line above it."""
    read_title(page, TITLE)
    if "edition" in page.data:
        return
    named = page.find(_SITE_TITLE, stop=5)
    if named is not None:  # the browser's title of the page: "Kazakhstan | Freedom House"
        line, match = named
        page.put("/country", match.group("country"), line, match.start("country") + 1)
    found = page.find(_EDITION_LINE, stop=_TOP_LINES)
    if found is None:
        return
    line, match = found
    page.put("/edition", int(match.group("year")), line, match.start("year") + 1)
    for index in range(line - 2, -1, -1) if named is None else ():
        name = page.lines[index].strip()
        if name and name != "Freedom on the Net" and "|" not in name:
            column = len(page.lines[index]) - len(page.lines[index].lstrip()) + 1
            page.put("/country", name, index + 1, column)
            return
        if name == "Freedom on the Net":
            return


def edition_from_coverage(page: Page) -> None:
    """The site's "Key Developments, June 1, 2022 - May 31, 2023": the edition is the
    coverage period's last year (string operations: a line of the marker repeated is not
    searched again from every copy of it)."""
    if "edition" in page.data:
        return
    for number, text in enumerate(page.lines, 1):
        if "Key Developments, " not in text:
            continue
        tail = text.rstrip()
        year = tail[-4:]
        if year.isdigit() and len(tail) > 4 and not tail[-5].isdigit():
            page.put("/edition", int(year), number, len(tail) - 3)
            return


_MOST_FREE_SCALE = "scale of 0 (least free) to 100 (most free)"


def read_scale(page: Page) -> None:
    """The scale a page of an edition before 2019 states when the site re-published it on
    the 2019 scale ("Scores are based on a scale of 0 (least free) to 100 (most free)"): the
    scale it states decides the direction and the bands, not the edition number. A page of
    2019 on states its own edition's scale, which needs no saying."""
    edition = page.data.get("edition")
    if not isinstance(edition, int) or edition >= 2019:
        return
    if any(_MOST_FREE_SCALE in text.casefold() for text in page.lines):
        page.data["scale"] = "100-most-free"
