"""Pages as copies are found (issue 24): the same page with other spacing, tabs, no-break
spaces, CRLF line ends, its lines rendered as table rows, title lines above it, two copies in
one file, a figure's line deleted or reformatted.

The pages are written by tests/page_render.py from random consistent documents in every
layout, then transformed here, each transform moving every figure's column as it moves the
text, written from the variants real copies show (not from the reader's code). Properties:
a variant reads back to the same document with every figure where it now stands; a file of
two copies is two documents, compared; deleting or reformatting a figure's line never gives
a clean run with fewer figures.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from validator import pointer as jp
from validator.engine import Engine
from validator.pipeline.run import check_documents
from validator.sources.pages import LAYOUT_NAMES, parse_page
from validator.sources.problems import PageOptions

from . import oracle
from .conftest import FIXTURES, SHARED
from .page_render import RENDERERS
from .test_page_layouts import _expected, _without_prose, page_documents

Positions = dict[str, tuple[int, int]]
# one line's new text, and where a character at index i of the old line now stands
LineChange = Callable[[str], tuple[str, Callable[[int], int]]]


def _per_line(change: LineChange, only: set[int] | None = None) -> Callable[..., Any]:
    def transform(lines: list[str], positions: Positions) -> tuple[list[str], Positions]:
        moves: dict[int, Callable[[int], int]] = {}
        out = []
        for number, text in enumerate(lines, 1):
            if only is not None and number not in only:
                out.append(text)
                continue
            new, move = change(text)
            out.append(new)
            moves[number] = move
        moved = {}
        for at, (line, column) in positions.items():
            move = moves.get(line)
            moved[at] = (line, move(column - 1) + 1) if move else (line, column)
        return out, moved

    return transform


def _respace(separator: str) -> LineChange:
    """Every space of a line written as `separator` (two spaces, a tab, a no-break space)."""

    def change(text: str) -> tuple[str, Callable[[int], int]]:
        grown = len(separator) - 1
        return text.replace(" ", separator), lambda i: i + grown * text[:i].count(" ")

    return change


def _indent(text: str) -> tuple[str, Callable[[int], int]]:
    return "  " + text + "   ", lambda i: i + 2


def table_rows(lines: list[str], positions: Positions) -> tuple[list[str], Positions]:
    """Each line with a figure as an archive renders a table row: "| PR Political Rights |
    5 40 |", a cell separator at each end and before the line's first figure."""
    first: dict[int, int] = {}
    for line, column in positions.values():
        first[line] = min(first.get(line, column), column)
    out = list(lines)
    moves: dict[int, Callable[[int], int]] = {}
    for line, column in first.items():
        text = lines[line - 1]
        if "|" in text or not text.strip():
            continue
        cut = column - 1
        if cut > 0 and text[cut - 1] == " ":
            out[line - 1] = "| " + text[:cut] + "| " + text[cut:] + " |"
            moves[line] = lambda i, cut=cut: i + 2 if i < cut else i + 4
        else:
            out[line - 1] = "| " + text + " |"
            moves[line] = lambda i: i + 2
    moved = {}
    for at, (line, column) in positions.items():
        move = moves.get(line)
        moved[at] = (line, move(column - 1) + 1) if move else (line, column)
    return out, moved


_TITLES = {"nit": "Nations in Transit", "fiw": "Freedom in the World", "fotn": "Freedom on the Net"}
_IDENTITY = ("/country", "/edition")


def titles(doc: dict[str, Any]) -> Callable[..., Any]:
    """The lines a saved page may open with: the browser's title, the survey's title and
    edition; every figure moves down by as many lines."""

    def transform(lines: list[str], positions: Positions) -> tuple[list[str], Positions]:
        head = [f"{doc['country']} | Freedom House", ""]
        if doc["survey"] in _TITLES:
            head += [f"{_TITLES[doc['survey']]} {doc['edition']}", ""]
        moved = {at: (line + len(head), column) for at, (line, column) in positions.items()}
        return head + lines, moved

    return transform


TRANSFORMS = {
    "two spaces": _per_line(_respace("  ")),
    "tabs": _per_line(_respace("\t")),
    "no-break spaces": _per_line(_respace("\u00a0")),
    "indented": _per_line(_indent),
    "table rows": table_rows,
}


def _render(layout: str, doc: dict[str, Any]) -> tuple[list[str], Positions]:
    text, positions = RENDERERS[layout](doc)
    return text.splitlines(), dict(positions)


@pytest.mark.parametrize("layout", LAYOUT_NAMES)
@given(data=st.data())
def test_a_page_in_any_variant_reads_back_to_its_document(layout: str, data: st.DataObject) -> None:
    doc = data.draw(page_documents(layout))
    lines, positions = _render(layout, doc)
    names = data.draw(st.lists(st.sampled_from(sorted(TRANSFORMS)), min_size=1, unique=True))
    for name in names:
        lines, positions = TRANSFORMS[name](lines, positions)
    titled = data.draw(st.booleans())
    if titled:
        lines, positions = titles(doc)(lines, positions)
    ending = data.draw(st.sampled_from(["\n", "\r\n"]))
    text = ending.join(lines) + ending
    [read], problems = parse_page(text, "page.txt")
    assert problems == [], (names, titled, problems)
    assert read.layout == layout
    assert _without_prose(read.data) == _expected(layout, doc)
    for at, where in positions.items():
        if titled and at in _IDENTITY:
            continue  # the title line may be where the identity is read now
        assert read.source_map.locate(at) == where, (at, names)


@pytest.mark.parametrize("layout", LAYOUT_NAMES)
@given(data=st.data())
def test_a_file_of_two_copies_is_two_documents_compared(
    engine: Engine, layout: str, data: st.DataObject
) -> None:
    """Two copies of one page in a file: two documents, each at its own lines; the second
    with another figure is found (by a rule or as a conflict), never "first one wins"."""
    doc = data.draw(page_documents(layout))
    lines, positions = _render(layout, doc)
    separator = data.draw(st.sampled_from([[], [""], ["", "Placeholder footer.", ""]]))
    doubled = [*lines, *separator, *lines]
    read, problems = parse_page("\n".join(doubled) + "\n", "page.txt")
    assert problems == []
    assert len(read) == 2
    first, second = read
    assert first.data == second.data
    shift = len(lines) + len(separator)
    for at, (line, column) in positions.items():
        if at in _IDENTITY:
            continue
        assert first.source_map.locate(at) == (line, column), at
        assert second.source_map.locate(at) == (line + shift, column), at
    assert check_documents(engine, read).findings == []
    # the second copy with one figure changed
    at = data.draw(st.sampled_from(_figures(doc, positions)))
    line, column = positions[at]
    text = lines[line - 1]
    token = text[column - 1 :].split(" ")[0]
    changed = _other(token)
    second_copy = list(lines)
    second_copy[line - 1] = text[: column - 1] + changed + text[column - 1 + len(token) :]
    read, problems = parse_page("\n".join([*lines, *separator, *second_copy]) + "\n", "page.txt")
    report = check_documents(engine, read, [("page.txt", p) for p in problems])
    assert report.findings, (at, token, changed)


def _figures(doc: dict[str, Any], positions: Positions) -> list[str]:
    """The pointers of a page's figures (numbers and statuses; not its identity, not a
    list's heading)."""
    found = []
    for at in sorted(positions):
        value = jp.resolve(doc, at)
        if at not in _IDENTITY and not isinstance(value, dict | list):
            found.append(at)
    return found


def _other(token: str) -> str:
    """Another value as the page would print it: its first digit changed (the last may be
    a display artefact: "1.251"), or a word."""
    for index in range(len(token)):
        if token[index].isdigit():
            digit = str((int(token[index]) + 1) % 10)
            return token[:index] + digit + token[index + 1 :]
    return token + "x"


def _figure_count(engine: Engine, text: str) -> tuple[int, int]:
    """(figures read, findings) of a run on a page's text."""
    documents, problems = parse_page(text, "page.txt")
    report = check_documents(engine, documents, [("page.txt", p) for p in problems])
    return sum(report.coverage.figures.values()), len(report.findings)


_REFORMATS: dict[str, Callable[[str, int, int], str]] = {
    # the figure's line as a hostile or careless copy may give it
    "deleted": lambda text, start, end: "",
    "maximum dropped": lambda text, start, end: (
        text[:end] + text[end:].split(" ", 2)[-1] if text[end:].count(" ") >= 2 else text[:end]
    ),
    "a slash added": lambda text, start, end: text[:end] + " /" + text[end:],
    "a colon before": lambda text, start, end: (
        text[: start - 1].rstrip() + ": " + text[start - 1 :] if start > 1 else text
    ),
    "lower case": lambda text, start, end: text.lower(),
    "upper case": lambda text, start, end: text.upper(),
    "a word after": lambda text, start, end: text[:end] + " points" + text[end:],
}


# figures stated in a sentence of prose ("As a result, ...'s Democracy Score improved from 1.29
# to 1.32"; "Ratings Change: ..."): a sentence reworded is not a score line; not held here
_SENTENCES = (
    "/changes",
    "/democracy_score_change",
    "/last_year/democracy_score",
    "/rating_changes",
    "/trend_arrow",
)


# "2013 Freedom On the Net Total (0 = Best, 100 = Worst) 59": on some FOTN 2012-2014 pages
_OPTIONAL_LINES = {("fotn-2011-2014", "/last_year/total_score")}


@pytest.mark.parametrize("layout", LAYOUT_NAMES)
@given(data=st.data())
def test_a_figure_line_deleted_or_reformatted_never_passes_with_fewer_figures(
    engine: Engine, layout: str, data: st.DataObject
) -> None:
    doc = data.draw(page_documents(layout))
    lines, positions = _render(layout, doc)
    text = "\n".join(lines) + "\n"
    figures, findings = _figure_count(engine, text)
    assert findings == 0
    stated = [at for at in _figures(doc, positions) if not at.startswith(_SENTENCES)]
    at = data.draw(st.sampled_from(stated))
    how = data.draw(st.sampled_from(sorted(_REFORMATS)))
    # a line only some copies print: deleted, it leaves a page like those copies
    assume(not (how == "deleted" and (layout, at) in _OPTIONAL_LINES))
    line, column = positions[at]
    old = lines[line - 1]
    end = column - 1 + len(old[column - 1 :].split(" ")[0])
    changed = list(lines)
    changed[line - 1] = _REFORMATS[how](old, column, end)
    after, found = _figure_count(engine, "\n".join(changed) + "\n")
    assert after >= figures or found > 0, (at, how, old, changed[line - 1])


# -- real copies' variants, one by one -------------------------------------------------------

PAGES = FIXTURES / "pages"
VARIANTS = FIXTURES / "page-variants"


def _check(engine: Engine, text: str, options: PageOptions | None = None) -> tuple[list[Any], Any]:
    documents, problems = parse_page(text, "page.txt", options)
    return documents, check_documents(engine, documents, [("page.txt", p) for p in problems])


@pytest.mark.parametrize(
    "line",
    [
        "PR Political Rights 5 40",
        "PR Political Rights 5",
        "PR Political Rights 5 / 40",
        "PR Political Rights\t5\t40",
        "PR  Political  Rights  5  40",
        "pr political rights 5 40",
        "PR\u00a0Political Rights\u00a05 40",
        "| PR Political Rights | 5 40 |",
        "PR Political Rights: 5 / 40",
    ],
)
def test_the_fiw_site_score_line_as_copies_print_it_is_read(engine: Engine, line: str) -> None:
    """FIW 2023 Kazakhstan (PR 5): the score line in every spelling copies show reads 5,
    where it stands; a wrong figure on it (6) is found, never dropped."""
    text = (PAGES / "fiw-2023-kazakhstan.txt").read_text()
    assert "PR Political Rights 5 40" in text
    [doc], report = _check(engine, text.replace("PR Political Rights 5 40", line))
    assert doc.data["political_rights_score"] == 5 and report.findings == []
    assert doc.source_map.locate("/political_rights_score") == (2, line.index("5") + 1)
    wrong = line.replace("5", "6", 1)
    _, report = _check(engine, text.replace("PR Political Rights 5 40", wrong))
    assert report.findings, wrong


@pytest.mark.parametrize(
    "line",
    ["PR Political Rights 5 points", "PR Political Rights (5) 40", "PR Political Rights five"],
)
def test_a_score_line_no_reader_takes_is_said_where_it_stands(engine: Engine, line: str) -> None:
    text = (PAGES / "fiw-2023-kazakhstan.txt").read_text()
    _, report = _check(engine, text.replace("PR Political Rights 5 40", line))
    assert report.findings, line
    assert {f.line for f in report.findings} & {2, 1}, report.findings


def test_a_title_line_gives_identity_never_the_status(engine: Engine) -> None:
    """NIT 2019 Kosovo as the site prints it under its title (35.12, 3.11, Transitional or
    Hybrid Regime): the title gives the edition, the regime is the line above the score."""
    [doc], report = _check(engine, (VARIANTS / "nit-2019-kosovo-title.txt").read_text())
    assert (doc.country, doc.edition, doc.data["status"]) == (
        "Kosovo",
        2019,
        "Transitional or Hybrid Regime",
    )
    assert report.findings == []


def test_refworld_fields_give_identity(engine: Engine) -> None:
    text = (PAGES / "fiw-2014-kazakhstan-mirror.txt").read_text().splitlines()
    title = next(i for i, t in enumerate(text) if t.startswith("Freedom in the World"))
    text[title] = "Country: Kazakhstan"
    text.insert(title + 1, "Year:2014")
    [doc], report = _check(engine, "\n".join(text))
    assert (doc.country, doc.edition) == ("Kazakhstan", 2014)
    assert doc.source_map.locate("/country") == (title + 1, 10)
    assert report.findings == []


def test_a_fiw_site_copy_of_the_score_block_alone_is_checked_and_the_list_said(
    engine: Engine,
) -> None:
    lines = (PAGES / "fiw-2023-kazakhstan.txt").read_text().splitlines()
    block = "\n".join(lines[: lines.index("header1 Overview")])
    [doc], report = _check(engine, block, PageOptions(country="Kazakhstan", edition=2023))
    assert doc.data["political_rights_score"] == 5 and "indicators" not in doc.data
    [finding] = report.findings
    assert finding.rule == "core/page-figures-missing" and "25 indicator scores" in finding.message
    assert finding.severity.name == "WARNING"


def test_a_fiw_2014_copy_that_lost_its_ratings_is_read_for_the_rest(engine: Engine) -> None:
    text = (PAGES / "fiw-2014-kazakhstan-mirror.txt").read_text().splitlines()
    kept = [
        t
        for t in text
        if not t.lower().startswith(("freedom rating", "political rights (", "civil liberties ("))
    ]
    assert len(kept) == len(text) - 3
    [doc], report = _check(engine, "\n".join(kept))
    assert doc.layout == "fiw-2013-2016"
    assert doc.data["subcategories"]["G"] == 8
    assert [f.rule for f in report.findings] == ["core/page-figures-missing"]
    assert "Freedom Rating" in report.findings[0].message


def test_a_mirror_without_a_score_block_is_said_as_such(engine: Engine) -> None:
    text = (VARIANTS / "fotn-2018-kazakhstan-mirror-no-scores.txt").read_text()
    documents, report = _check(engine, text)
    assert documents == []
    assert [f.rule for f in report.findings] == ["core/page-without-figures"]


def test_a_fotn_table_row_is_read(engine: Engine) -> None:
    """FOTN 2015 Kazakhstan (61: 14/23/24) with its score lines as an archive's table rows."""
    text = (PAGES / "fotn-2015-kazakhstan.txt").read_text()
    rows = "\n".join(
        f"| {line.replace(': ', ': | ', 1)} |"
        if line.startswith(("Total Score:", "Obstacles"))
        else line
        for line in text.splitlines()
    )
    assert "| Total Score: | " in rows
    [doc], report = _check(engine, rows)
    assert doc.data["total_score"] == 61 and doc.data["categories"]["obstacles_to_access"] == 14
    assert report.findings == []


def test_a_line_of_digits_after_a_heading_is_read_in_linear_time() -> None:
    """Issue 24 item 4: the score after a category heading was found by a pattern that
    retried at every digit (40,000 digits: 10.9 s; bench/linear.py times the shape). A run
    of digits is no score: the rating is not read and the page is said to be cut."""
    lines = (PAGES / "nit-2018-kazakhstan.txt").read_text().splitlines()
    heading = next(i for i, t in enumerate(lines) if "pts" in t)
    lines[heading + 1] = "1." + "9" * 200_000 + " 7.00"
    documents, problems = parse_page("\n".join(lines), "page.txt")
    assert [p.rule for p in problems] == ["incomplete-page"] and documents == []


def test_the_scale_a_fotn_page_states_decides_its_bands(engine: Engine) -> None:
    """A FOTN page of an edition before 2019 as the site re-published it on the 2019 scale
    ("Scores are based on a scale of 0 (least free) to 100 (most free)"): Kazakhstan's 2023
    block (34, Not Free on that scale) under a 2016 coverage period is checked on the scale it
    states, not the edition's; without the statement, the 0 = best bands apply and 34 is not
    Not Free there."""
    text = (PAGES / "fotn-2023-kazakhstan.txt").read_text()
    text = text.replace("June 1, 2022 - May 31, 2023", "June 1, 2015 - May 31, 2016")
    [doc], report = _check(engine, text)
    assert (doc.edition, doc.data["scale"]) == (2016, "100-most-free")
    assert report.findings == []
    statement = "Scores are based on a scale of 0 (least free) to 100 (most free)."
    [doc], report = _check(engine, text.replace(statement, "Placeholder sentence."))
    assert "scale" not in doc.data
    assert [f.rule for f in report.findings] == ["fotn/status-outside-band-before-2019"]


# -- the tables that check a "last year" pair without the previous edition ----------------


def test_the_fiw_total_table_allows_exactly_the_statuses_of_every_split(
    packs: list[Any],
) -> None:
    """Every total from -4 to 100, every split into a PR score (-4 to 40) and a CL score (0
    to 60): the statuses the oracle's rating and status tables give are exactly those the
    pack's table allows for that total."""
    table = {p.name: p for p in packs}["fiw"].spec.tables["status-from-total-score"]
    for total in range(-4, 101):
        given = oracle.fiw_statuses_of_total(total)
        row = table.find(total)
        assert row is not None and {row.value, *row.also} == given, total


def test_the_nit_percentage_table_allows_the_regime_of_every_mean(packs: list[Any]) -> None:
    """Every mean of six or seven ratings on the 0.25 grid: its two-decimal Democracy Score
    gives the regime (the oracle's bands); its percentage printed as a whole number (either
    way a tie rounds) or to two decimals must be allowed that regime by the pack's table."""
    table = {p.name: p for p in packs}["nit"].spec.tables["regime-from-printed-percentage"]
    for mean, regime in oracle.nit_means():
        percentage = (mean - 1) / 6 * 100
        printed: set[Decimal | int] = {int(percentage), -int(-percentage)}
        printed = {p for p in printed if abs(percentage - p) <= Fraction(1, 2)}
        hundredths = Decimal(percentage.numerator) / Decimal(percentage.denominator)
        printed.add(hundredths.quantize(Decimal("0.01"), ROUND_HALF_UP))
        for value in printed:
            row = table.find(value)
            assert row is not None and regime in (row.value, *row.also), (mean, value)


@pytest.mark.skipif(not (SHARED / "data").is_dir(), reason="../shared is not beside the repository")
def test_every_fiw_record_of_2013_2024_is_allowed_by_the_total_table(packs: list[Any]) -> None:
    from validator.sources import load_paths

    table = {p.name: p for p in packs}["fiw"].spec.tables["status-from-total-score"]
    documents, _ = load_paths([SHARED / "data" / "All_data_FIW_2013-2024.xlsx"])
    pairs = [(d.data["total_score"], d.data["status"]) for d in documents]
    assert len(pairs) == 2515
    for total, status in pairs:
        row = table.find(total)
        assert row is not None and status in (row.value, *row.also), (total, status)


@pytest.mark.parametrize(
    ("heading", "title", "edition", "uncertain"),
    [
        ("Score changes in 2020", None, 2020, False),  # the edition's own year: NIT2020
        ("Score changes in 2021", None, 2021, False),
        ("Score changes in 2022", None, 2022, True),  # NIT2022, or NIT2023 naming 2022
        ("Score changes in 2023", None, 2023, True),
        ("Score changes in 2022", "Nations in Transit 2023", 2023, False),  # the title settles it
        ("Score changes in 2022", "Nations in Transit 2022", 2022, False),
    ],
)
def test_a_nit_heading_gives_the_edition_or_says_it_is_uncertain(
    engine: Engine, heading: str, title: str | None, edition: int, uncertain: bool
) -> None:
    """NIT pages head their changes "Score changes in <year>": the edition's year up to
    NIT2022, the year covered from NIT2023 on. Either side of the change: a heading of 2021
    or before is the edition; one of 2022 on, with no title line, is filed under its year and
    said (page-edition-uncertain, a warning); a title line settles it."""
    lines = (PAGES / "nit-2020-kazakhstan.txt").read_text().splitlines()
    lines = [heading if "Score changes in" in t else t for t in lines]
    text = "\n".join(([title, ""] if title else []) + lines)
    [doc], problems = parse_page(text, "page.txt")
    assert doc.edition == edition
    assert [p.rule for p in problems] == (["page-edition-uncertain"] if uncertain else [])
    [doc], problems = parse_page(text, "page.txt", PageOptions(edition=edition + 1))
    assert doc.edition == edition + 1 and problems == []


def test_an_unread_score_line_with_its_scale_after_the_figure_is_said_at_the_figure(
    engine: Engine,
) -> None:
    """A label, its figure, then its scale ("Aggregate Score 22 (0 = Least Free, ...)") on a
    page whose layout has no such line: said at the figure's column (it was a crash of the
    reader, looking for the figure in the scale's place)."""
    line = "Aggregate Score 22 (0 = Least Free, 100 = Most Free)"
    text = (PAGES / "fiw-2023-kazakhstan.txt").read_text()
    text = text.replace("Last Year's Score & Status", f"{line}\nLast Year's Score & Status")
    _, report = _check(engine, text)
    [finding] = [f for f in report.findings if f.rule == "core/page-figure-unread"]
    assert finding.column == line.index("22") + 1


_PAGES = sorted((FIXTURES / "pages").glob("*.txt"))


@pytest.mark.parametrize("path", _PAGES, ids=[p.stem for p in _PAGES])
@given(cases=st.lists(st.sampled_from(["upper", "lower", "title", "swapcase"]), min_size=1))
def test_a_figures_label_is_read_in_any_letter_case(path: Path, cases: list[str]) -> None:
    """A copy that prints "FREEDOM RATING (1 = BEST, 7 = WORST): 5.5" or "civil liberties:
    5" gives the page's figures (the labels a layout names are matched in any case)."""
    text = path.read_text(encoding="utf-8")
    documents, _ = parse_page(text, path.name)
    assume(documents)
    lines = text.splitlines()
    changed = list(lines)
    for index, doc in enumerate(documents[:1]):
        positions = doc.source_map.positions or (doc.source_map.build or dict)()
        for count, (pointer, (line, column)) in enumerate(sorted(positions.items())):
            if not pointer or column <= 1 or line > len(lines):
                continue
            value = jp.resolve(doc.data, pointer)
            if isinstance(value, str) or "change" in pointer:
                continue  # a word (a status, a country), or a sentence: no label of a figure
            label, rest = lines[line - 1][: column - 1], lines[line - 1][column - 1 :]
            sentence = len(label.split()) > 8 or " from" in label
            if not sentence and not any(c.isdigit() for c in label):  # a label, no figure
                how = cases[(index + count) % len(cases)]
                changed[line - 1] = getattr(label, how)() + rest
    again, _ = parse_page("\n".join(changed) + "\n", path.name)
    assert [d.data for d in again] == [d.data for d in documents]
