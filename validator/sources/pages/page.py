"""What every page layout reads with: the page's lines, the figures read so far with their
line and column, and the problems that keep a page from being checked.

Readers are string operations and anchored patterns whose last group is greedy to the last
non-space (`.*\\S`): a lazy group before `\\s*$` retries a run of spaces at every character,
which a line of 160,000 spaces made take minutes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType
from typing import Any, TypeVar, cast

from validator import pointer as jp
from validator.locations import data_dir
from validator.source_map import Position
from validator.sources.numbers import RawNumber, bounded_decimal, bounded_int, out_of_bounds
from validator.sources.problems import SourceProblem

_PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_WHOLE = re.compile(r"-?\d+")
_GROUPED = re.compile(r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_DECIMAL_COMMA = re.compile(r"-?\d+,\d+")
# a figure as a page may print it, a thousands separator or a decimal comma included (they
# are read to be reported, not taken)
NUMBER = r"[-\d.,]*\d"
# "(0 = Best, 100 = Worst)", "(1 = Most Free, 7 = Least Free)": a scale printed with a figure
_SCALE = re.compile(r"\([^()]*=[^()]*\)")

MISSING = "missing"  # a label the page prints without its figure


def normalise(text: str) -> tuple[str, list[int] | None]:
    """A line as the readers see it, and the column (from 0) in the line as given of each of
    its characters (None where the two are the same). Every run of white space (tabs, no-break
    spaces, several spaces) is one space, none at either end; a table row's cell separators
    (a line that starts or ends with "|", as archives and the 2025 site render the score
    block: "| PR Political Rights | 0 40 |") are white space. One pass over the line."""
    stripped = text.strip()
    row = stripped.startswith("|") or stripped.endswith("|")
    if not row and " ".join(text.split()) == text:
        return text, None
    out: list[str] = []
    columns: list[int] = []
    pending = False  # white space seen since the last character kept
    for index, char in enumerate(text):
        if char.isspace() or (row and char == "|"):
            pending = bool(out)
            continue
        if pending:
            out.append(" ")
            columns.append(index - 1)
            pending = False
        out.append(char)
        columns.append(index)
    return "".join(out), columns


@dataclass
class Page:
    """A page's lines as the readers see them (`normalise`), and the figures read from them.
    A reader's line and column are in those lines; positions and problems are kept in the
    page as given (`at`)."""

    raw: list[str]
    layout: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    positions: dict[str, Position] = field(default_factory=lambda: {"": (1, 1)})
    problems: list[SourceProblem] = field(default_factory=list)  # numbers that cannot be read
    # labels the page prints without their figure (a copy that lost a graphic)
    missing: list[tuple[str, int]] = field(default_factory=list)
    # lines (as given) whose figures a reader took without keeping them at a pointer of
    # their own: a total repeated beside the block, compared with it
    seen: set[int] = field(default_factory=set)
    notes: dict[str, Any] = field(default_factory=dict)  # what one step leaves for another
    # the layouts the page is read with (a hub page's steps read other layouts' blocks)
    layouts: tuple[Any, ...] = ()
    lines: list[str] = field(init=False)
    _columns: list[list[int] | None] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        normalised = [normalise(text) for text in self.raw]
        self.lines = [text for text, _ in normalised]
        self._columns = [columns for _, columns in normalised]

    def at(self, line: int, column: int) -> Position:
        """The position in the page as given of a line and column of `lines` (from 1)."""
        columns = self._columns[line - 1] if 0 < line <= len(self._columns) else None
        if columns is None or not columns:
            return line, column
        index = min(max(column - 1, 0), len(columns) - 1)
        return line, columns[index] + 1 + max(column - 1 - index, 0)

    def place(self, at: str, line: int, column: int) -> None:
        """Record where the value at `at` stands (a line and column of `lines`)."""
        self.positions[at] = self.at(line, column)

    def problem(self, rule: str, line: int, column: int, message: str) -> SourceProblem:
        return SourceProblem(rule, *self.at(line, column), message)

    def number(self, text: str, line: int, column: int, decimal: bool = False) -> Any:
        """The number printed as `text`, or None and a problem saying why it cannot be read
        (a thousands separator, a decimal comma: not how the publisher prints figures)."""
        if _PLAIN_NUMBER.fullmatch(text):
            whole = not decimal and _WHOLE.fullmatch(text)
            value = bounded_int(text) if whole else bounded_decimal(text)
            if value is not None and not isinstance(value, RawNumber):
                return value
            problem = self.problem("number-out-of-bounds", line, column, out_of_bounds(text))
            self.problems.append(problem)  # 5,000 digits: not a figure, and no int() of it
            return None
        if _GROUPED.fullmatch(text):
            why = "has a thousands separator"
        elif _DECIMAL_COMMA.fullmatch(text):
            why = "has a decimal comma"
        else:
            why = "is not a number"
        message = (
            f"{text!r} {why}; the publisher prints figures as 1.25 or 23: the page is not checked"
        )
        self.problems.append(self.problem("page-number-format", line, column, message))
        return None

    def put(self, at: str, value: Any, line: int, column: int) -> None:
        node = self.data
        *path, last = jp.split(at)
        for segment in path:
            node = node.setdefault(segment, [] if segment in _LISTS else {})
        if isinstance(node, list):
            node.append(value)
        else:
            node[last] = value
        self.place(at, line, column)

    def figure(self, at: str, text: str, line: int, column: int, decimal: bool = False) -> bool:
        """Put the number printed as `text` at `at`; False when it cannot be read."""
        value = self.number(text, line, column, decimal)
        if value is None:
            return False
        self.put(at, value, line, column)
        return True

    def find(
        self, pattern: re.Pattern[str], stop: int | None = None
    ) -> tuple[int, re.Match[str]] | None:
        """The first line (numbered from 1), among the first `stop`, that the pattern finds."""
        for number, text in enumerate(self.lines[:stop], 1):
            match = pattern.search(text)
            if match:
                return number, match
        return None

    def after(self, heading: str) -> tuple[int, str] | None:
        """The first non-empty line after the line `heading` (compared stripped)."""
        for number, text in enumerate(self.lines):
            if text.strip() == heading:
                return self.next_text(number + 1)
        return None

    def next_text(self, start: int) -> tuple[int, str] | None:
        """The first non-empty line from `start` (0-based): its number (from 1) and text."""
        for later in range(start, len(self.lines)):
            if self.lines[later].strip():
                return later + 1, self.lines[later]
        return None

    def read_labelled(self, label: str, at: str, stop: int, decimal: bool = False) -> None:
        """The figure a label gives (`labelled`), put at `at`: a status as the schema spells
        it, a number as printed. A label printed without its figure is kept in `missing`."""
        survey = self.data["survey"]
        if at == "/status":
            found = self.labelled(label, stop, lambda text: status_of(survey, text) is not None)
            word = status_of(survey, found[0]) if found else None
            if found and word is not None:
                self.put(at, word, found[1], found[2])
            return
        found = self.labelled(label, stop, looks_like_a_number)
        if found is not None and found[0] != MISSING:
            self.figure(at, *found, decimal=decimal)

    def labelled(
        self, label: str, stop: int, looks_right: Callable[[str], bool]
    ) -> tuple[str, int, int] | None:
        """The figure a label gives, on its line or on the next lines: "Total Score: 61",
        "Total Score:" then "61", "Freedom on the Net Total" then "(0 = best, 100 = worst)"
        then "55". A scale in parentheses and empty lines are passed over; a label followed
        by another text is a label printed without its figure (`missing`): on a later
        line, only a text that `looks_right` (a number, a status word) is the figure, so
        the next label or a paragraph is not taken for it. Only a line
        that starts with the label (and a colon, a space, a parenthesis or nothing) is one:
        "Press Freedom Status:" is not "Status:". Returns (text, line, column)."""
        for number in range(min(stop, len(self.lines))):
            text = self.lines[number]
            stripped = text.lstrip()
            if not stripped.casefold().startswith(label.casefold()):
                continue
            rest = stripped[len(label) :]
            if rest and rest[0] not in ": (":
                continue
            offset = len(text) - len(stripped) + len(label)
            found = _value_in(text, offset)
            if found is not None:
                return found[0], number + 1, found[1]
            for later in range(number + 1, min(number + 6, len(self.lines))):
                if _is_label(self.lines[later]):
                    break  # the next label: this one has no figure
                found = _value_in(self.lines[later], 0)
                if found is not None and looks_right(found[0]):
                    return found[0], later + 1, found[1]
                if self.lines[later].strip() and not _only_scale(self.lines[later]):
                    break
            self.missing.append((label, number + 1))
            return MISSING, number + 1, 1
        return None


_LISTS = frozenset({"changes", "rating_changes"})


def _value_in(text: str, offset: int) -> tuple[str, int] | None:
    """The value a line gives after `offset`: colons and scales in parentheses passed over,
    up to the next scale ("22 (0 = Least Free, ...)" gives 22,
    "(1 = best, 7 = worst): 6" gives 6); its column. Positions, not slices: a line of
    forty thousand colons is read once."""
    start = offset
    while True:
        space = _SPACE.match(text, start)  # `\s*` matches everywhere, maybe nothing
        start = space.end() if space else start
        scale = _SCALE.match(text, start)
        if text.startswith(":", start):
            start += 1
        elif scale:
            start = scale.end()
        else:
            break
    end = _SCALE.search(text, start)
    value = text[start : end.start() if end else len(text)].rstrip()
    return (value, start + 1) if value else None


_SPACE = re.compile(r"\s*")


def looks_like_a_number(text: str) -> bool:
    """A figure as a page may print it, a thousands separator or a decimal comma included
    (they are read to be reported): digits, signs, points and commas."""
    return _FIGURE.fullmatch(text) is not None


_FIGURE = re.compile(r"-?[\d.,]*\d")


def _is_label(text: str) -> bool:
    """ "Civil Liberties:", "Population: 17 million": a label, not a figure."""
    stripped = text.strip()
    return stripped.endswith(":") or ": " in stripped


def _only_scale(text: str) -> bool:
    return not _SCALE.sub("", text).strip()


# the schemas of plug-in surveys whose pages are being read (PageOptions.schemas), set by
# parse_page for the time it reads a page
PLUGGED: ContextVar[Mapping[str, Any]] = ContextVar("plugged_schemas", default=MappingProxyType({}))


def schema(survey: str) -> dict[str, Any]:
    """A survey's schema: a plug-in's while its pages are read, else the bundled one."""
    plugged = PLUGGED.get().get(survey)
    return plugged if isinstance(plugged, dict) else _bundled(survey)


@cache
def _bundled(survey: str) -> dict[str, Any]:
    path = data_dir("schemas") / f"{survey}.schema.json"
    if not path.is_file():
        return {}
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


F = TypeVar("F", bound=Callable[..., Any])


def by_schema(function: F) -> F:
    """A cache of what a survey's schema gives, for the bundled schemas; a plug-in's is
    worked out each time (two runs in one process may plug in two schemas of one name)."""
    cached = cache(function)

    def lookup(survey: str, *args: Any) -> Any:
        if survey in PLUGGED.get():
            return function(survey, *args)
        return cached(survey, *args)

    return cast(F, lookup)


@by_schema
def titles(survey: str, at: str) -> dict[str, str]:
    """Display title -> key, from the schema (e.g. "Civil Society" -> civil_society)."""
    node = jp.resolve(schema(survey), at)
    if not isinstance(node, dict):
        return {}
    return {
        sub["title"]: key for key, sub in node.items() if isinstance(sub, dict) and "title" in sub
    }


@by_schema
def statuses(survey: str) -> dict[str, str]:
    """A status as a page may print it, in capitals or not -> as the schema spells it at the
    top of a page (in capitals on a mirror)."""
    found = schema(survey)
    definitions = found.get("$defs", {})
    node = definitions.get("status") or definitions.get("regime") or {}
    spelled = [word for word in node.get("enum", []) if word[:1].isupper()]
    return {word.upper(): word for word in spelled}


def status_of(survey: str, text: str) -> str | None:
    """The status a line states, as the schema spells it, or None."""
    return statuses(survey).get(text.strip().upper())


_DIGITS = "0123456789"


def _two_decimals(token: str, separator: str) -> tuple[str, int] | None:
    """The number a score token ends with, cut to two decimals ("11.1.251" gives "1.25": the
    digits after the second, one or two, are display artefacts), and where it starts in the
    token; None when the token does not end with one (a run of digits is not a score).
    String operations: a token of forty thousand digits is read once."""
    head, mark, fraction = token.rpartition(separator)
    if not mark or not 2 <= len(fraction) <= 4 or not fraction.isdigit() or not fraction.isascii():
        return None
    whole = head[len(head.rstrip(_DIGITS)) :]
    if not whole:
        return None
    start = len(head) - len(whole)
    if start > 0 and head[start - 1] == "-":
        start, whole = start - 1, "-" + whole
    return f"{whole}{separator}{fraction[:2]}", start


def score_of(text: str, separator: str = ".") -> tuple[str, int] | None:
    """ "1.251 7.007" at the end of a line: the score as printed to two decimals, and its
    column (from 1); the maximum must be a number of two decimals or more."""
    parts = text.rsplit(" ", 2)
    if len(parts) < 2:
        return None
    score, maximum = parts[-2], parts[-1]
    if _two_decimals(maximum, separator) is None or maximum.startswith("-"):
        return None
    found = _two_decimals(score, separator)
    if found is None:
        return None
    written, start = found
    return written, len(text) - len(maximum) - 1 - len(score) + start + 1


def read_last_year(page: Page, heading: str, number_at: str, survey: str) -> None:
    """ "Last Year's Score & Status" and the line after it: "23 100 <status>" (the site) or
    "23 / 100 <status>" (a mirror), "23 / 100" alone or "23 100"; the heading compared
    without regard to case. A heading printed without its pair is said (`missing`)."""
    for index, text in enumerate(page.lines):
        if text.casefold() == heading.casefold():
            found = page.next_text(index + 1)
            break
    else:
        return
    match = _LAST_YEAR.match(found[1]) if found else None
    if found is None or match is None:
        page.missing.append((heading, index + 1))
        return
    line = found[0]
    page.figure(number_at, match.group("value"), line, match.start("value") + 1)
    word = match.group("status")
    if word:
        page.put("/last_year/status", status_of(survey, word) or word, line, match.start(2) + 1)


_LAST_YEAR = re.compile(rf"^(?P<value>{NUMBER}) (?:/ )?100(?: (?P<status>.*\S))?$")


def incomplete(page: Page, what: str) -> SourceProblem:
    return SourceProblem(
        "incomplete-page",
        len(page.lines),
        1,
        f"the page ends with {what}: it looks cut off and is not checked",
    )


@by_schema
def all_titles(survey: str) -> tuple[str, ...]:
    """Every title a survey's schema gives a figure (categories, ratings), longest first."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            title = node.get("title")
            if isinstance(title, str) and "document" not in title:
                found.add(title)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema(survey))
    return tuple(sorted(found, key=len, reverse=True))


_LONGEST_SCORE_LINE = 160  # a score line is a label and its figures, not a paragraph
# what may stand beside a label on a line of figures: numbers, their separators and signs,
# a change in parentheses (five less, printed with a minus sign)
_FIGURES_ONLY = re.compile(r"[\s\d.,:/+\-−–()]*\d[\s\d.,:/+\-−–()]*")
# or a figure first and a word or two after it ("61 points", "5 pts 40")
_FIGURE_FIRST = re.compile(r"[\s:]*-?\d")
_SHORT_TAIL = 24
_SCALE_WORDS = re.compile(r"\([^()]*[A-Za-z][^()]*\)")
_CODE = re.compile(r"^(?:[A-Z]{1,2}\d?\.?)(?= )")
# a line of figures alone that opens with a number and has a maximum: "14 / 40", "0 / / 100"
_FRACTION = re.compile(r"-?\d[\d.,]*[\s\d.,/]*/[\s\d.,/]*")
# what may stand before a label on a score line: a bullet, a year ("• 2013 Freedom On the
# Net Total")
_LEAD = re.compile(r"[•\-\s]*(?:\d{4})?\s*")


def unread_figures(page: Page, labels: tuple[str, ...]) -> list[SourceProblem]:
    """Lines that carry a figure beside a label the layout knows ("PR Political Rights 14",
    "Total Score: | 32 |", "political rights 14 / 40"), or a score over its maximum alone
    ("14 / 40"), on which no figure was read: each is said where it stands, so a figure a
    reader did not take never drops out of the check in silence."""
    read = {line for at, (line, _) in page.positions.items() if at} | page.seen
    folded = [label.casefold() for label in labels]
    problems = []
    for number, text in enumerate(page.lines, 1):
        if len(text) > _LONGEST_SCORE_LINE or number in read:  # normalising keeps lines
            continue
        if not any(char.isdigit() for char in text):
            continue
        lowered = text.casefold()
        label = next((lb for lb in folded if lb in lowered), None)
        if label is None:
            if not _FRACTION.fullmatch(text):
                continue
            rest, named, after = text, "a score over its maximum", 0
        else:
            at = lowered.index(label)
            before = _LEAD.sub("", _CODE.sub("", text[:at].strip()), count=1).strip()
            rest = _SCALE_WORDS.sub(" ", text[at + len(label) :])
            figure_first = _FIGURE_FIRST.match(rest) and len(rest.strip()) <= _SHORT_TAIL
            if before or not (_FIGURES_ONLY.fullmatch(rest) or figure_first):
                continue
            named, after = text[at : at + len(label)], at + len(label)
        # the figure: the first digit after the label (`rest` is what follows it, scales
        # taken out, so it holds one)
        digit = next(i for i in range(after, len(text)) if text[i].isdigit())
        message = (
            f'{named} is printed with a figure here that was not read ("{text}"): the figure is '
            f"not checked; the {page.layout} layout prints it as docs/pages.md shows"
        )
        problems.append(page.problem("page-figure-unread", number, digit + 1, message))
    return problems


def figures_missing(page: Page) -> SourceProblem:
    """Labels of the score block printed without their figures (a copy that lost the
    graphic that showed them): said, and the page is checked for what it does print."""
    missing = sorted(page.missing, key=lambda m: m[1])
    labels = ", ".join(label.rstrip(":") for label, _ in missing)
    return SourceProblem(
        "page-figures-missing",
        missing[0][1],
        1,
        f"the page prints {labels} without a figure: only the figures it prints are checked",
    )
