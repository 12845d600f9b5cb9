"""Report pages as plain text, in every layout the publisher and its mirrors used.

A page is recognised by its content (`LAYOUTS`, the files of rules/layouts/pages/ in the
order of their `priority`: the first that knows the page reads it, with the steps it names,
validator/sources/pages/steps.py), then every number it states is read with the line and
column where it stands, into the same canonical document a YAML file would give: the score
block, each category or indicator, the stated changes, the sidebar. The document says which
layout it was read in (`Document.layout`), for the audit's tally. What a page cannot give: a
country or an edition it does not state (`--country`, `--edition`); a page cut in the middle
of a list it prints (`core/incomplete-page`) is not checked; labels printed without their
figure are said (`core/page-figures-missing`) and the rest is checked.
"""

from __future__ import annotations

import re
from dataclasses import replace

from validator import pointer as jp
from validator.document import Document
from validator.source_map import SourceMap
from validator.sources.pages.layout import PageLayout, page_layouts
from validator.sources.pages.page import (
    PLUGGED,
    Page,
    all_titles,
    figures_missing,
    unread_figures,
)
from validator.sources.pages.steps import STEPS
from validator.sources.problems import PageOptions, SourceProblem

# In the order they are tried (each file's `priority`): a hub page holds a site block of two
# surveys; a site page of 2020 on holds no label of the older layouts.
LAYOUTS: tuple[PageLayout, ...] = page_layouts()
LAYOUT_NAMES = tuple(layout.layout for layout in LAYOUTS)


def layout_of(lines: list[str], layouts: tuple[PageLayout, ...] = LAYOUTS) -> PageLayout | None:
    return next((layout for layout in layouts if layout.recognises(lines)), None)


def parse_page(
    text: str, shown: str, options: PageOptions | None = None
) -> tuple[list[Document], list[SourceProblem]]:
    """The documents of a page's text (one a copy of a page it holds), or the problems that
    keep them from being checked. Plug-in layouts (`options.layouts`) are tried first."""
    options = options or PageOptions()
    layouts = (*options.layouts, *LAYOUTS)
    token = PLUGGED.set(options.schemas or {})
    try:
        return _parse(text, shown, options, layouts)
    finally:
        PLUGGED.reset(token)


def _parse(
    text: str, shown: str, options: PageOptions, layouts: tuple[PageLayout, ...]
) -> tuple[list[Document], list[SourceProblem]]:
    raw = text.splitlines()
    whole = Page(raw, layouts=layouts)
    layout = layout_of(whole.lines, layouts)
    if layout is None:
        return [], [_not_a_page(whole, layouts)]
    documents: list[Document] = []
    problems: list[SourceProblem] = []
    for start, end in _copies(whole.lines, layout, layouts):
        page = whole if (start, end) == (0, len(raw)) else Page(raw[start:end], layouts=layouts)
        found, said = _parse_one(page, layout_of(page.lines, layouts) or layout, shown, options)
        documents.extend(_moved(d, start) for d in found)
        problems.extend(replace(p, line=p.line + start) for p in said)
    disagree = _copies_disagree(documents)
    if disagree:  # two copies of one page that differ: neither is the published one
        return [], problems + disagree
    return documents, problems


def _copies_disagree(documents: list[Document]) -> list[SourceProblem]:
    """Copies of one page (the same survey, country and edition) in one file: each later
    copy's first figure that differs from the first copy's, said where it stands."""
    firsts: dict[tuple[object, ...], Document] = {}
    problems = []
    for document in documents:
        key = (document.survey, document.country, document.edition)
        first = firsts.setdefault(key, document)
        if first is document:
            continue
        mine, theirs = _leaves(document.data), _leaves(first.data)
        differ = [at for at in {**theirs, **mine} if mine.get(at) != theirs.get(at)]
        if not differ:
            continue
        at = min(differ, key=lambda p: document.source_map.locate(p))
        line, column = document.source_map.locate(at)
        there = first.source_map.locate(at)[0]
        message = (
            f"the file holds this page twice: {at} is {mine.get(at, 'not given')} here and "
            f"{theirs.get(at, 'not given')} in the copy at line {there}; neither copy is checked"
        )
        problems.append(SourceProblem("page-figures-disagree", line, column, message, at))
    return problems


def _leaves(data: object, at: str = "") -> dict[str, object]:
    if isinstance(data, dict):
        found: dict[str, object] = {}
        for key, value in data.items():
            found.update(_leaves(value, jp.join(at, key)))
        return found
    if isinstance(data, list):
        found = {}
        for index, value in enumerate(data):
            found.update(_leaves(value, jp.join(at, index)))
        return found
    return {at: data}


def _not_a_page(page: Page, layouts: tuple[PageLayout, ...]) -> SourceProblem:
    """A page of no known layout: a publisher's page without a score block (a mirror that
    kept the narrative only: its first lines name a layout's survey and a year) is said as
    such; anything else is not a report page."""
    titles = {layout.title: layout.survey for layout in layouts if layout.title}
    for number, text in enumerate(page.lines[:10], 1):
        for title, survey in titles.items():
            if text.casefold().startswith(title.casefold() + " ") and _YEAR.search(text):
                message = (
                    f"a {title} page without its score block: no figure on it to check "
                    f"({survey}; give a copy that shows the scores, or the publisher's data)"
                )
                return SourceProblem("page-without-figures", number, 1, message)
    message = (
        "not a report page: no score block of a known layout in its first lines (NIT, FIW, "
        "FOTN country pages since 2011, their mirrors, country hub pages, and the layouts "
        "beside the packs given)"
    )
    return SourceProblem("not-a-report-page", 1, 1, message)


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _copies(
    lines: list[str], layout: PageLayout, known: tuple[PageLayout, ...]
) -> list[tuple[int, int]]:
    """Where each copy of a page starts and ends in a file that holds several: a copy starts
    as far above its score block's first line as the first copy's does. A hub page holds the
    other surveys' site blocks, so only a hub's own line opens another copy of it."""
    layouts = (layout,) if layout.survey == "country-hub" else known
    marks = [lay.anchor for lay in layouts]
    anchors = []
    for i, text in enumerate(lines):
        folded = text.casefold()
        if any(mark.matches(text, folded) for mark in marks):
            anchors.append(i)
    if len(anchors) < 2:
        return [(0, len(lines))]
    header = anchors[0]
    starts = [0]
    for anchor in anchors[1:]:
        start = max(anchor - header, starts[-1] + 1)
        if anchor - starts[-1] > 3:  # a block's anchors are not a second copy's
            starts.append(min(start, anchor))
    ends = [*starts[1:], len(lines)]
    return list(zip(starts, ends, strict=True))


def _moved(document: Document, lines: int) -> Document:
    if not lines:
        return document
    moved = document.source_map.positions.items()
    positions = {at: (line + lines, column) for at, (line, column) in moved}
    return replace(document, source_map=SourceMap(positions))


def _parse_one(
    page: Page, layout: PageLayout, shown: str, options: PageOptions
) -> tuple[list[Document], list[SourceProblem]]:
    page.layout = layout.layout
    page.put("/survey", layout.survey, 1, 1)
    _read_identity(page, layout)
    _given(page, layout, options)
    cut: list[SourceProblem] = []
    for step in layout.read:
        cut.extend(STEPS[step.step].run(page, step.built))
    if page.problems:  # numbers that cannot be read: a partial check would mislead
        return [], [replace(p, layout=layout.layout) for p in page.problems]
    if cut:  # a truncated copy: its fragments are not checked
        return [], [replace(p, layout=layout.layout) for p in cut[:1]]
    problems = _unknown_identity(page, layout)
    problems.extend(_uncertain_edition(page, options))
    _expected(page, layout)
    if page.missing:
        problems.append(figures_missing(page))
    problems.extend(unread_figures(page, _labels(layout)))
    # an identity said to be unknown is not reported again by the schema (`required`)
    unknown = tuple(
        at
        for at, said in (("/country", True), ("/edition", layout.survey != "country-hub"))
        if said and at[1:] not in page.data
    )
    document = Document(
        shown, page.data, SourceMap(page.positions), flagged=unknown, layout=layout.layout
    )
    return [document], problems


def _expected(page: Page, layout: PageLayout) -> None:
    """A figure every copy of the layout prints and this one does not: said with the
    others a copy printed without their figures."""
    said = tuple(label.casefold() for label, _ in page.missing)
    first = min((line for at, (line, _) in page.positions.items() if at), default=1)
    for at, label in layout.expects.items():
        if at not in page.positions and not label.casefold().startswith(said or ("\0",)):
            page.missing.append((label, first))


def _labels(layout: PageLayout) -> tuple[str, ...]:
    """The labels of a score line: those the layout expects or reads, the titles its
    survey's schema gives (categories, ratings), and the layout's `labels`."""
    survey = layout.survey
    named = [label for label in layout.expects.values() if not label.startswith("the ")]
    for step in layout.read:
        labels = step.params.get("labels")
        if step.step == "labelled" and isinstance(labels, dict):
            named.extend(str(label) for label in labels)
    named.extend(all_titles(survey))
    return (*named, *layout.labels)


def _read_identity(page: Page, layout: PageLayout) -> None:
    """The country and the edition where the layout says a page states them (its
    `identity`, in order: the first line that gives each wins)."""
    for identity in layout.identity:
        lines = page.lines[: identity.within]
        for number, text in enumerate(lines, 1):
            found = identity.find(text)
            if found is None:
                continue
            match, start = found
            groups = match.groupdict()
            if groups.get("year") and "edition" not in page.data:
                year = int(groups["year"]) + identity.add
                page.put("/edition", year, number, start + match.start("year") + 1)
                if identity.uncertain_from is not None and year >= identity.uncertain_from:
                    page.notes["uncertain_edition"] = (identity, text, number)
            if groups.get("country") and "country" not in page.data:
                page.put("/country", groups["country"], number, start + match.start("country") + 1)
            elif identity.country_above and "country" not in page.data:
                _country_above(page, number - 1, identity.not_country)
            break


def _country_above(page: Page, index: int, not_country: tuple[str, ...]) -> None:
    """The country's name: the nearest line above `index` that holds text."""
    above = next((i for i in range(index - 1, -1, -1) if page.lines[i]), None)
    if above is None:
        return
    name = page.lines[above]
    if name.casefold() not in {n.casefold() for n in not_country} and "|" not in name:
        page.put("/country", name, above + 1, 1)


def _given(page: Page, layout: PageLayout, options: PageOptions) -> None:
    """What the user said of the page (--country, --edition) is taken over what it says."""
    if options.country is not None:
        page.data["country"] = options.country
    given = options.edition_of(layout.survey)
    if given is not None and layout.survey != "country-hub":
        page.data["edition"] = given


def _uncertain_edition(page: Page, options: PageOptions) -> list[SourceProblem]:
    """An edition read from a heading that names the edition in one era and the year covered
    in the next, with nothing else on the page (a title) or given (--edition) to settle it:
    filed under the first reading, and said."""
    noted = page.notes.get("uncertain_edition")
    if noted is None or options.edition_of(page.data["survey"]) is not None:
        return []
    identity, text, number = noted
    edition = page.data["edition"]
    message = (
        f'the edition is read as {edition} from "{text}", which names the edition on pages '
        f"up to {identity.uncertain_from} and the year covered on later ones (then "
        f"{edition + 1}); give --edition, or a copy with its title line, to be sure"
    )
    return [page.problem("page-edition-uncertain", number, 1, message)]


def _unknown_identity(page: Page, layout: PageLayout) -> list[SourceProblem]:
    """A country or an edition the page does not state and the user did not give."""
    problems = []
    if "country" not in page.data:
        message = 'the page does not name its country ("On ..." or a title); give --country'
        problems.append(SourceProblem("page-identity-unknown", 1, 1, message))
    if layout.survey != "country-hub" and "edition" not in page.data:
        marks = [i for i in layout.identity if "{year}" in i.template]
        said = (
            f'("{(marks[0].after or "") + marks[0].template}")' if marks else f"({layout.layout})"
        )
        message = f"the page does not say its edition {said}; give --edition"
        problems.append(SourceProblem("page-identity-unknown", 1, 1, message))
    return problems
