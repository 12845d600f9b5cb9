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
from validator.sources.pages.page import Page, figures_missing
from validator.sources.problems import PageOptions, SourceProblem


@dataclass(frozen=True)
class Layout:
    name: str
    survey: str
    recognise: Callable[[list[str]], bool]
    read: Callable[[Page], list[SourceProblem]]  # problems that keep the page from a check
    # where the page states its edition when nothing else did: (pattern, years to add)
    edition_mark: tuple[str, int] | None = None


# In the order they are tried: a hub page holds a site block of two surveys; a site page of
# 2020 on holds no label of the older layouts.
LAYOUTS: tuple[Layout, ...] = (
    Layout("country-hub", "country-hub", hub.recognise, hub.read),
    Layout("nit-site", "nit", nit.recognise, nit.read, (r"Score changes in (?P<year>\d{4})", 0)),
    Layout(
        "fiw-site",
        "fiw",
        fiw.recognise_site,
        fiw.read_site,
        (r"Key Developments in (?P<year>\d{4})", 1),
    ),
    Layout(
        "fiw-mirror",
        "fiw",
        fiw.recognise_mirror,
        fiw.read_mirror,
        (r"Key Developments in (?P<year>\d{4})", 1),
    ),
    Layout(
        "fiw-2017-2019",
        "fiw",
        fiw.recognise_2017,
        fiw.read_2017,
        (r"Key Developments in (?P<year>\d{4})", 1),
    ),
    Layout("fiw-2013-2016", "fiw", fiw.recognise_2013, fiw.read_2013),
    Layout("fotn-site", "fotn", fotn.recognise_site, fotn.read_site),
    Layout("fotn-mirror", "fotn", fotn.recognise_mirror, fotn.read_mirror),
    Layout("fotn-2015-2018", "fotn", fotn.recognise_2015, fotn.read_2015),
    Layout("fotn-2011-2014", "fotn", fotn.recognise_2011, fotn.read_2011),
)
LAYOUT_NAMES = tuple(layout.name for layout in LAYOUTS)


def layout_of(lines: list[str]) -> Layout | None:
    return next((layout for layout in LAYOUTS if layout.recognise(lines)), None)


def parse_page(
    text: str, shown: str, options: PageOptions | None = None
) -> tuple[list[Document], list[SourceProblem]]:
    """The document of a page's text, or the problems that keep it from being checked."""
    options = options or PageOptions()
    lines = text.splitlines()
    layout = layout_of(lines)
    if layout is None:
        message = (
            "not a Freedom House report page: no score block of a known layout in its first "
            "lines (NIT, FIW, FOTN country pages since 2011, their mirrors, country hub pages)"
        )
        return [], [SourceProblem("not-a-report-page", 1, 1, message)]
    page = Page(lines, layout.name)
    page.put("/survey", layout.survey, 1, 1)
    cut = layout.read(page)
    if layout.survey in ("nit", "fiw"):
        _read_sidebar(page)
    if page.problems:  # numbers that cannot be read: a partial check would mislead
        return [], [replace(p, layout=layout.name) for p in page.problems]
    if cut:  # a truncated copy: its fragments are not checked
        return [], [replace(p, layout=layout.name) for p in cut]
    problems = _identity(page, layout, options)
    if page.missing:
        problems.append(figures_missing(page))
    document = Document(shown, page.data, SourceMap(page.positions), layout=layout.name)
    return [document], problems


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
