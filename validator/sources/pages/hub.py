"""A country's hub page (`country-hub`): "Freedom at a Glance" with one score and status of
each survey ("Global Freedom" then "23 / 100" then the status, "Internet Freedom", "Nations in
Transit"), then the Freedom in the World and Freedom on the Net score blocks of the site's
layout. The page does not say which edition each summary is: it is read as one document of
its own survey, whose pack checks what holds whatever the edition (see rules/country-hub.yaml).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from validator import pointer as jp
from validator.sources.pages import fiw, fotn
from validator.sources.pages.page import NUMBER, Page, status_of
from validator.sources.problems import SourceProblem

_GLANCE = {
    "Global Freedom": ("global_freedom", "fiw"),
    "Internet Freedom": ("internet_freedom", "fotn"),
    "Nations in Transit": ("nations_in_transit", "nit"),
}
_SCORE = re.compile(rf"^\s*(?P<value>{NUMBER}) / 100\s*$")


def recognise(lines: list[str]) -> bool:
    return any(line.strip() == "Freedom at a Glance" for line in lines[:30])


def read(page: Page) -> list[SourceProblem]:
    start = next(i for i, t in enumerate(page.lines) if t.strip() == "Freedom at a Glance")
    above = next(
        (i for i in range(start - 1, max(start - 4, -1), -1) if page.lines[i].strip()), None
    )
    if above is not None and "country" not in page.data:  # the country's name, above it
        text = page.lines[above]
        page.put("/country", text.strip(), above + 1, len(text) - len(text.lstrip()) + 1)
    index = end = start + 1
    while index < len(page.lines) and index < start + 20:
        label = page.lines[index].strip()
        if label not in _GLANCE:
            index += 1
            continue
        key, survey = _GLANCE[label]
        score = page.next_text(index + 1)
        status = page.next_text(score[0]) if score else None
        matched = score and _SCORE.match(score[1])
        if score and status and matched:
            at = jp.join("/glance", key)
            column = matched.start(1) + 1
            page.figure(jp.join(at, "score"), matched.group("value"), score[0], column)
            word = status[1].strip()
            column = len(status[1]) - len(status[1].lstrip()) + 1
            page.put(jp.join(at, "status"), status_of(survey, word) or word, status[0], column)
            index = end = status[0]
        else:  # the label without a score and status under it: said, not dropped
            page.missing.append((label, index + 1))
            index += 1
    fiw_block = ("/status", "/political_rights_score", "/civil_liberties_score")
    _embedded(page, end, fiw.recognise_site, fiw.read_site, "/global_freedom", fiw_block)
    _embedded(page, end, fotn.recognise_site, fotn.read_site, "/internet_freedom", ("/status",))
    for key in ("global_freedom", "internet_freedom"):  # a glance score whose block is gone
        if key in page.data.get("glance", {}) and key not in page.data:
            page.missing.append((f"the {key.replace('_', ' ')} score block", end + 1))
    return []


def _embedded(
    page: Page,
    begin: int,
    recognise: Callable[[list[str]], bool],
    reader: Callable[[Page], list[SourceProblem]],
    base: str,
    expects: tuple[str, ...],
) -> None:
    """A survey's score block on the hub page, read by that layout's reader from the status
    line above it; its figures go under `base`, at their lines in the hub page. Its
    indicators are not on the hub page: the reader's view of them is not asked."""
    for start in range(begin, len(page.lines)):
        if status_of("fiw", page.lines[start]) is None:
            continue
        window = page.lines[start : start + 12]
        if not recognise(window):
            continue
        block = Page(page.raw[start : start + 12])  # its positions are the page's as given
        reader(block)
        page.problems.extend(
            SourceProblem(p.rule, p.line + start, p.column, p.message) for p in block.problems
        )
        labels = [label for label, _ in block.missing if "indicator" not in label]
        labels += [at.lstrip("/") for at in expects if at not in block.positions]
        page.missing.extend((f"{base.lstrip('/')} {label}", start + 1) for label in labels)
        for key in ("indicators", "country", "edition"):
            block.data.pop(key, None)
        for at, (line, column) in block.positions.items():
            if at and not at.startswith(("/indicators", "/country", "/edition")):
                page.positions[base + at] = (line + start, column)
        if block.data:
            page.data[base.lstrip("/")] = block.data
        return
