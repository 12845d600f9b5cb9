"""Report pages as plain text, in every layout the publisher and its mirrors used.

A page is recognised by its content (`LAYOUTS`, in order: the first that knows the page
reads it), then every number it states is read with the line and column where it stands,
into the same canonical document a YAML file would give: the score block, each category or
indicator, the stated changes, the sidebar. The document says which layout it was read in
(`Document.layout`), for the audit's tally. What a page cannot give: a country or an edition
it does not state (`--country`, `--edition`); a page cut in the middle of a list it prints
(`core/incomplete-page`) is not checked; labels printed without their figure are said
(`core/page-figures-missing`) and the rest is checked.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from validator import pointer as jp
from validator.document import Document
from validator.source_map import SourceMap
from validator.sources.pages import fiw, fotn, hub, nit
from validator.sources.pages.page import Page, all_titles, figures_missing, unread_figures
from validator.sources.problems import PageOptions, SourceProblem


@dataclass(frozen=True)
class Layout:
    name: str
    survey: str
    recognise: Callable[[list[str]], bool]
    read: Callable[[Page], list[SourceProblem]]  # problems that keep the page from a check
    # a line that opens the layout's score block, which one copy of a page holds once: a
    # file holding it twice holds two pages, each read as a document of its own
    anchor: Callable[[str], bool]
    # the figures every copy of the layout prints in its score block, with the label a
    # person looks for: a page that lacks one says so (`core/page-figures-missing`)
    expects: tuple[tuple[str, str], ...] = ()
    # where the page states its edition when nothing else did: (pattern, years to add)
    edition_mark: tuple[str, int] | None = None


def _starts(*labels: str) -> Callable[[str], bool]:
    folded = tuple(label.casefold() for label in labels)
    return lambda line: line.casefold().startswith(folded)


_FIW_SCORES = (
    ("/political_rights_score", "Political Rights"),
    ("/civil_liberties_score", "Civil Liberties"),
)
_FIW_RATINGS = (
    ("/freedom_rating", "Freedom Rating"),
    ("/political_rights_rating", "Political Rights rating"),
    ("/civil_liberties_rating", "Civil Liberties rating"),
)
_KEY_DEVELOPMENTS = (r"Key Developments in (?P<year>\d{4})", 1)

# In the order they are tried: a hub page holds a site block of two surveys; a site page of
# 2020 on holds no label of the older layouts.
LAYOUTS: tuple[Layout, ...] = (
    Layout(
        "country-hub",
        "country-hub",
        hub.recognise,
        hub.read,
        _starts("Freedom at a Glance"),
        (
            ("/glance/global_freedom/score", "Global Freedom"),
            ("/global_freedom/political_rights_score", "global_freedom political_rights_score"),
            ("/global_freedom/civil_liberties_score", "global_freedom civil_liberties_score"),
        ),
    ),
    Layout(
        "nit-site",
        "nit",
        nit.recognise,
        nit.read,
        _starts("DEMOCRACY-PERCENTAGE "),
        (
            ("/status", "the regime above DEMOCRACY-PERCENTAGE"),
            ("/democracy_percentage", "Democracy Percentage"),
            ("/democracy_score", "Democracy Score"),
        ),
        (r"Score changes in (?P<year>\d{4})", 0),
    ),
    Layout(
        "fiw-site",
        "fiw",
        fiw.recognise_site,
        fiw.read_site,
        fiw.site_anchor,
        (("/status", "the status"), *_FIW_SCORES),
        _KEY_DEVELOPMENTS,
    ),
    Layout(
        "fiw-mirror",
        "fiw",
        fiw.recognise_mirror,
        fiw.read_mirror,
        fiw.mirror_anchor,
        (("/status", "the status"), *_FIW_SCORES),
        _KEY_DEVELOPMENTS,
    ),
    Layout(
        "fiw-2017-2019",
        "fiw",
        fiw.recognise_2017,
        fiw.read_2017,
        _starts("Aggregate Score:"),
        (("/status", "Freedom Status"), ("/total_score", "Aggregate Score"), *_FIW_RATINGS),
        _KEY_DEVELOPMENTS,
    ),
    Layout(
        "fiw-2013-2016",
        "fiw",
        fiw.recognise_2013,
        fiw.read_2013,
        fiw.anchor_2013,
        (("/status", "Status"), *_FIW_RATINGS, *_FIW_SCORES),
    ),
    Layout(
        "fotn-site",
        "fotn",
        fotn.recognise_site,
        fotn.read_site,
        fotn.site_anchor,
        (("/status", "the status"),),
    ),
    Layout(
        "fotn-mirror",
        "fotn",
        fotn.recognise_mirror,
        fotn.read_mirror,
        fotn.mirror_anchor,
        (("/status", "the status"),),
    ),
    Layout(
        "fotn-2015-2018",
        "fotn",
        fotn.recognise_2015,
        fotn.read_2015,
        _starts("Total Score:"),
        (("/status", "Status"), ("/total_score", "Total Score")),
    ),
    Layout(
        "fotn-2011-2014",
        "fotn",
        fotn.recognise_2011,
        fotn.read_2011,
        _starts("Freedom on the Net Status"),
        (("/status", "Freedom on the Net Status"), ("/total_score", "Freedom on the Net Total")),
    ),
)
LAYOUT_NAMES = tuple(layout.name for layout in LAYOUTS)
_SURVEY_TITLES = {
    "nit": "Nations in Transit",
    "fiw": "Freedom in the World",
    "fotn": "Freedom on the Net",
}


def layout_of(lines: list[str]) -> Layout | None:
    return next((layout for layout in LAYOUTS if layout.recognise(lines)), None)


def parse_page(
    text: str, shown: str, options: PageOptions | None = None
) -> tuple[list[Document], list[SourceProblem]]:
    """The documents of a page's text (one a copy of a page it holds), or the problems that
    keep them from being checked."""
    options = options or PageOptions()
    raw = text.splitlines()
    whole = Page(raw)
    layout = layout_of(whole.lines)
    if layout is None:
        return [], [_not_a_page(whole)]
    documents: list[Document] = []
    problems: list[SourceProblem] = []
    for start, end in _copies(whole.lines, layout):
        page = whole if (start, end) == (0, len(raw)) else Page(raw[start:end])
        found, said = _parse_one(page, layout_of(page.lines) or layout, shown, options)
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


def _not_a_page(page: Page) -> SourceProblem:
    """A page of no known layout: a publisher's page without a score block (a mirror that
    kept the narrative only) is said as such; anything else is not a report page."""
    for number, text in enumerate(page.lines[:10], 1):
        for survey, title in _SURVEY_TITLES.items():
            if text.casefold().startswith(title.casefold() + " ") and _YEAR.search(text):
                message = (
                    f"a {title} page without its score block: no figure on it to check "
                    f"({survey}; give a copy that shows the scores, or the publisher's data)"
                )
                return SourceProblem("page-without-figures", number, 1, message)
    message = (
        "not a Freedom House report page: no score block of a known layout in its first "
        "lines (NIT, FIW, FOTN country pages since 2011, their mirrors, country hub pages)"
    )
    return SourceProblem("not-a-report-page", 1, 1, message)


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_IS_YEAR = re.compile(r"(?:19|20)\d\d")


def _copies(lines: list[str], layout: Layout) -> list[tuple[int, int]]:
    """Where each copy of a page starts and ends in a file that holds several: a copy starts
    as far above its score block's first line as the first copy's does. A hub page holds the
    other surveys' site blocks, so only a hub's own line opens another copy of it."""
    layouts = (layout,) if layout.survey == "country-hub" else LAYOUTS
    anchors = [i for i, text in enumerate(lines) if any(lay.anchor(text) for lay in layouts)]
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
    page: Page, layout: Layout, shown: str, options: PageOptions
) -> tuple[list[Document], list[SourceProblem]]:
    page.layout = layout.name
    page.put("/survey", layout.survey, 1, 1)
    cut = layout.read(page)
    if layout.survey in ("nit", "fiw"):
        _read_sidebar(page)
    if page.problems:  # numbers that cannot be read: a partial check would mislead
        return [], [replace(p, layout=layout.name) for p in page.problems]
    if cut:  # a truncated copy: its fragments are not checked
        return [], [replace(p, layout=layout.name) for p in cut]
    _read_titles(page, layout)
    problems = _identity(page, layout, options)
    if layout.survey == "fotn":
        fotn.read_scale(page)
    _expected(page, layout)
    if page.missing:
        problems.append(figures_missing(page))
    problems.extend(unread_figures(page, _labels(layout)))
    document = Document(shown, page.data, SourceMap(page.positions), layout=layout.name)
    return [document], problems


def _expected(page: Page, layout: Layout) -> None:
    """A figure every copy of the layout prints and this one does not: said with the
    others a copy printed without their figures."""
    said = tuple(label.casefold() for label, _ in page.missing)
    first = min((line for at, (line, _) in page.positions.items() if at), default=1)
    for at, label in layout.expects:
        if at not in page.positions and not label.casefold().startswith(said or ("\0",)):
            page.missing.append((label, first))


def _labels(layout: Layout) -> tuple[str, ...]:
    """The labels of a score line: those the layout expects, the titles its survey's schema
    gives (categories, ratings) and the labels every survey prints its totals with."""
    survey = layout.survey
    named = [label for _, label in layout.expects if not label.startswith("the ")]
    named.extend(all_titles(survey))
    return (*named, *_TOTAL_LABELS)


_TOTAL_LABELS = (
    "Political Rights",
    "Civil Liberties",
    "Total Score",
    "Aggregate Score",
    "Freedom Rating",
    "Democracy Score",
    "Democracy Percentage",
    "Freedom on the Net Total",
    "Global Freedom",
    "Internet Freedom",
)
_TITLE = re.compile(
    r"^(?P<survey>Nations in Transit|Freedom in the World|Freedom on the Net) (?P<year>\d{4})$",
    re.IGNORECASE,
)
_SITE_TITLE = re.compile(r"^(?P<country>[^|]*[^|\s]) \| Freedom House$", re.IGNORECASE)
_FIELD = re.compile(r"^(?P<field>Country|Year) ?: ?(?P<value>\S.*)$", re.IGNORECASE)


def _read_titles(page: Page, layout: Layout) -> None:
    """Identity lines above the score block that no layout's reader took: "Nations in
    Transit 2019" (the survey's title and its edition), "Kazakhstan | Freedom House" (the
    browser's title), "Country: Brazil" and "Year: 2016" (refworld's fields). They give
    identity, never a figure; a title of another survey is not this page's edition."""
    title = _SURVEY_TITLES.get(layout.survey, "").casefold()
    for number, text in enumerate(page.lines[:15], 1):
        match = _TITLE.match(text)
        if match and match.group("survey").casefold() == title and "edition" not in page.data:
            page.put("/edition", int(match.group("year")), number, match.start("year") + 1)
            continue
        match = _SITE_TITLE.match(text)
        if match and "country" not in page.data:
            page.put("/country", match.group("country"), number, 1)
            continue
        match = _FIELD.match(text)
        if match is None:
            continue
        value, column = match.group("value").strip(), match.start("value") + 1
        if match.group("field").casefold() == "country" and "country" not in page.data:
            page.put("/country", value, number, column)
        elif (
            _IS_YEAR.fullmatch(value)
            and "edition" not in page.data
            and layout.survey != "country-hub"
        ):
            page.put("/edition", int(value), number, column)


_COUNTRY = re.compile(r"^On (?P<country>\S(?:.*\S)?)\s*$")


def _identity(page: Page, layout: Layout, options: PageOptions) -> list[SourceProblem]:
    """The country and the edition: given (--country, --edition), read from the page's
    title or heading, or a problem asking for them. A hub page has no edition."""
    problems = []
    found = page.find(_COUNTRY)
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
                'the page does not name its country ("On ..." or a title); give --country',
            )
        )
    if layout.survey == "country-hub":
        return problems
    given = options.edition_of(layout.survey)
    if given is not None:
        page.data["edition"] = given
        return problems
    if "edition" in page.data:
        return problems
    mark = layout.edition_mark
    found = page.find(re.compile(mark[0])) if mark else None
    if mark and found:
        year = int(found[1].group("year")) + mark[1]
        page.put("/edition", year, found[0], found[1].start("year") + 1)
        return problems
    said = f'("{mark[0].partition(" (?P")[0]} ...")' if mark else f"({layout.name} layout)"
    message = f"the page does not say its edition {said}; give --edition"
    problems.append(SourceProblem("page-identity-unknown", 1, 1, message))
    return problems


def _read_sidebar(page: Page) -> None:
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
