"""A country's hub page (`country-hub`, rules/layouts/pages/10-country-hub.yaml): "Freedom at
a Glance" with one score and status of each survey ("Global Freedom" then "23 / 100" then the
status), then the Freedom in the World and Freedom on the Net score blocks, read by those
layouts' own steps. The page does not say which edition each summary is: it is read as one
document of its own survey, whose pack checks what holds whatever the edition.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from validator import pointer as jp
from validator.sources.pages.page import NUMBER, Page, status_of
from validator.sources.problems import SourceProblem

if TYPE_CHECKING:
    from validator.sources.pages.layout import PageLayout, Step

_SCORE = re.compile(rf"^(?P<value>{NUMBER}) ?/ ?100$")


def read_glance(page: Page, heading: str, labels: dict[str, str], surveys: dict[str, str]) -> None:
    """Each label under the heading, then its score ("23 / 100") and status lines; a label
    without them is said (`missing`), not dropped."""
    folded = {label.casefold(): key for label, key in labels.items()}
    start = next((i for i, t in enumerate(page.lines) if t.casefold() == heading.casefold()), None)
    if start is None:
        return
    index = end = start + 1
    while index < len(page.lines) and index < start + 20:
        label = page.lines[index]
        key = folded.get(label.casefold())
        if key is None:
            index += 1
            continue
        score = page.next_text(index + 1)
        status = page.next_text(score[0]) if score else None
        matched = score and _SCORE.match(score[1])
        if score and status and matched:
            at = jp.join("/glance", key)
            page.figure(jp.join(at, "score"), matched.group("value"), score[0], 1)
            word = status[1]
            page.put(jp.join(at, "status"), status_of(surveys[key], word) or word, status[0], 1)
            index = end = status[0]
        else:
            page.missing.append((label, index + 1))
            index += 1
    page.notes["glance_end"] = end


def embedded(
    page: Page,
    layout: PageLayout,
    base: str,
    expects: tuple[str, ...],
    window: int,
    run: Callable[[Page, Step], None],
) -> None:
    """A survey's score block on the hub page, read by that layout's steps from the status
    line that opens it (`run` runs a step on the block); its figures go under `base`, at
    their lines in the hub page. What the block must give and does not is said; its
    indicators are not on the hub page."""

    begin = page.notes.get("glance_end", 0)
    survey = layout.survey
    for start in range(begin, len(page.lines)):
        if status_of(survey, page.lines[start]) is None:
            continue
        block = Page(page.raw[start : start + window])  # its positions are the page's
        if not layout.recognises(block.lines):
            continue
        block.data["survey"] = survey
        for step in layout.read:
            run(block, step)
        page.problems.extend(
            SourceProblem(p.rule, p.line + start, p.column, p.message) for p in block.problems
        )
        del block.data["survey"]
        for key in ("indicators", "country", "edition", "scale"):
            block.data.pop(key, None)
        for at, (line, column) in block.positions.items():
            if at and not at.startswith(("/indicators", "/country", "/edition")):
                page.positions[base + at] = (line + start, column)
        labels = [label for label, _ in block.missing if "indicator" not in label]
        labels += [at.lstrip("/") for at in expects if at not in block.positions]
        page.missing.extend((f"{base.lstrip('/')} {label}", start + 1) for label in labels)
        if block.data:
            page.data[base.lstrip("/")] = block.data
        return


def blocks_present(page: Page, blocks: tuple[str, ...]) -> None:
    """A glance score whose block is not on the page: said."""
    end = page.notes.get("glance_end", 0)
    for key in blocks:
        if key in page.data.get("glance", {}) and key not in page.data:
            page.missing.append((f"the {key.replace('_', ' ')} score block", end + 1))
