"""What Freedom on the Net pages of 2012-2014 state beside their score block, for the
step `fotn_repeated_totals` of rules/layouts/pages/99-fotn-2011-2014.yaml: "2013 Freedom On
the Net Total (0 = Best, 100 = Worst) 59", last year's total, or this year's again (which
must be the score block's)."""

from __future__ import annotations

import re

from validator.sources.pages.page import NUMBER, Page
from validator.sources.problems import SourceProblem

_TOP_LINES = 80


_REPEATED_TOTAL = re.compile(
    rf"^\s*(?:•\s*)?(?P<year>\d{{4}}) Freedom On the Net Total \(0 = Best, 100 = Worst\):? "
    rf"(?P<value>{NUMBER})\s*$",
    re.IGNORECASE,
)


def read_repeated_totals(page: Page) -> list[SourceProblem]:
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
                return [page.problem("page-figures-disagree", number, column, message)]
    return []
