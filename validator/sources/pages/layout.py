"""Page layouts as data (rules/layouts/pages/*.yaml): how a layout is recognised, where its
country and edition are stated, which figures every copy prints, and the steps that read it.

A layout names steps (`validator.sources.pages.steps.STEPS`, a closed registry, like the
check kinds) and gives each its labels, pointers and templates. A template is a line as the
page prints it, with placeholders: `{figure}` (a number as printed), `{maximum}` (a whole
number), `{change}` ("-5", "+3", a minus sign too), `{year}`, `{code}` ("A1", "B"),
`{status}`, `{country}`, `{title}` and `{text}` (free text), `{figure2}` and the like for a
second one that is not read, and `[...]` around what a copy may leave out:

    PR Political Rights[:] {figure}[ [/ ]{maximum}]

Templates are compiled by this module into anchored patterns of its own pieces (the literal
text escaped, letter case ignored), never taken as regular expressions: a layout file cannot
ask for a pattern that backtracks, and at most one free-text placeholder stands in a
template (`lint`). Lines are matched after `Page` normalised them (one space between words).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

from validator.locations import data_dir
from validator.rulepack.build import BuildError, build
from validator.rulepack.models import FORBID_EXTRA
from validator.sources.pages.steps import STEPS
from validator.sources.pages.templates import (
    PLACEHOLDERS,
    Mark,
    TemplateError,
    compile_template,
    match_template,
)
from validator.sources.yaml_source import parse_yaml

__all__ = [
    "PLACEHOLDERS",
    "Identity",
    "Mark",
    "PageLayout",
    "Step",
    "TemplateError",
    "compile_template",
    "folder_layouts",
    "layout_files",
    "layout_pointers",
    "layout_schema_paths",
    "load_layout",
    "match_template",
    "page_layouts",
]


@dataclass(frozen=True)
class Identity:
    """Where a page states its country or edition: a line whose text after `after` (or the
    whole line) the template matches, among the first `within` lines; its `{year}` plus
    `add` is the edition, its `{country}` the country, or with `country_above` the nearest
    line above it that holds text (unless that line is one of `not_country`)."""

    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA
    template: str
    after: str | None = None
    add: int = 0
    within: int | None = None
    country_above: bool = False
    not_country: tuple[str, ...] = ()
    # from this year on the text is read two ways (NIT's "Score changes in 2022" names the
    # edition on pages up to 2022 and the year covered on later ones): an edition read from
    # it alone is said to be uncertain, `add` or `add` + 1
    uncertain_from: int | None = None

    def find(self, line: str) -> tuple[re.Match[str], int] | None:
        """The match on a line, and the column (from 0) the matched text starts at."""
        start = 0
        if self.after is not None:
            at = line.casefold().find(self.after.casefold())
            if at < 0:
                return None
            start = at + len(self.after)
        found = match_template(self.template, line[start:])
        return (found, start) if found else None


@dataclass(frozen=True)
class Step:
    """One named step of a layout's reading: its parameters as the file gives them (what
    lint reads) and as the step takes them, built once when the layout loads."""

    step: str
    params: dict[str, Any]
    built: Any = None


@dataclass(frozen=True)
class PageLayout:
    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA
    layout: str
    survey: str
    summary: str
    source: str
    priority: int  # the order layouts are tried in (a hub page holds site blocks)
    # ways a page of the layout is known: every mark of one of them is among its first
    # `within` lines
    recognise: tuple[tuple[Mark, ...], ...]
    anchor: Mark  # the line that opens a copy's score block, once per copy
    read: tuple[Step, ...]
    within: int = 40
    identity: tuple[Identity, ...] = ()
    # pointer -> the label a person looks for: every copy prints it
    expects: dict[str, str] = field(default_factory=dict)
    # more labels a score line of the layout may carry, for the lines no step took
    # (`core/page-figure-unread`); those of `expects`, `labelled` steps and the schema's
    # titles count too
    labels: tuple[str, ...] = ()
    # the survey's name as its pages print it ("Freedom on the Net"): a page that opens with
    # it and a year, and has no score block of any layout, is a page without figures
    title: str | None = None

    @property
    def name(self) -> str:
        return self.layout

    def recognises(self, lines: list[str]) -> bool:
        top = lines[: self.within]
        return any(
            all(any(mark.matches(line) for line in top) for mark in marks)
            for marks in self.recognise
        )


def load_layout(data: Any, shown: str) -> PageLayout:
    """A page layout from a file's data; BuildError says what is wrong with it."""
    if not isinstance(data, dict):
        raise BuildError(f"{shown}: a page layout is a mapping")
    steps = []
    for index, item in enumerate(data.get("read") or ()):
        if not isinstance(item, dict) or not isinstance(item.get("step"), str):
            raise BuildError(f"{shown}: read[{index}] names no step")
        params = {k: v for k, v in item.items() if k != "step"}
        kind = STEPS.get(item["step"])
        if kind is None:
            known = ", ".join(sorted(STEPS))
            raise BuildError(f"{shown}: read[{index}]: unknown step {item['step']!r} ({known})")
        try:
            typed: Any = build(kind.Params, params)
            kind.check(typed)
        except (BuildError, TemplateError) as error:
            raise BuildError(f"{shown}: read[{index}] ({item['step']}): {error}") from None
        steps.append(Step(item["step"], params, typed))
    rest = {k: v for k, v in data.items() if k != "read"}
    try:
        layout = build(PageLayout, {**rest, "read": []})
    except BuildError as error:
        raise BuildError(f"{shown}: {error}") from None
    try:
        for mark in (*(m for marks in layout.recognise for m in marks), layout.anchor):
            if mark.template is not None:
                compile_template(mark.template)
        for identity in layout.identity:
            compile_template(identity.template)
    except TemplateError as error:
        raise BuildError(f"{shown}: {error}") from None
    return PageLayout(**{**layout.__dict__, "read": tuple(steps)})


def layout_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.yaml"))


@cache
def page_layouts() -> tuple[PageLayout, ...]:
    """The bundled page layouts, in the order they are tried; an invalid one is a
    programming error caught by the tests."""
    found = []
    for path in layout_files(data_dir("rules") / "layouts" / "pages"):
        data, _, problems = parse_yaml(path.read_text(encoding="utf-8"))
        if problems:
            raise BuildError(f"{path}: {problems[0].message}")
        found.append(load_layout(data, str(path)))
    return tuple(sorted(found, key=lambda layout: layout.priority))


LAYOUTS_FOLDER = Path("layouts") / "pages"  # beside a pack, as rules/layouts/pages/ is


def folder_layouts(folder: Path) -> tuple[list[tuple[Path, PageLayout]], list[tuple[Path, str]]]:
    """The page layouts of a folder's layouts/pages/ (a plug-in's, beside its pack), and
    what is wrong with those that cannot be read (a file, and why)."""
    found: list[tuple[Path, PageLayout]] = []
    problems: list[tuple[Path, str]] = []
    for path in layout_files(folder / LAYOUTS_FOLDER):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            problems.append((path, f"the page layout cannot be read: {error}"))
            continue
        data, _, parsed = parse_yaml(text)
        if parsed:
            problems.append((path, f"the page layout is not valid YAML: {parsed[0].message}"))
            continue
        try:
            found.append((path, load_layout(data, path.name)))
        except BuildError as error:
            problems.append((path, str(error)))
    return found, problems


def layout_pointers(layout: PageLayout) -> list[str]:
    """Every document pointer a layout writes or expects (templates such as {key} kept)."""
    found = list(layout.expects)

    def walk(node: Any, key: str) -> None:
        if isinstance(node, dict):
            for name, value in node.items():
                walk(value, name if key != "labels" else "at")
        elif isinstance(node, list | tuple):
            for value in node:
                walk(value, key)
        elif isinstance(node, str) and node.startswith("/") and key in _POINTER_PARAMS:
            found.append(node)

    for step in layout.read:
        if step.step != "embedded":  # another layout's block: its pointers are that layout's
            walk(step.params, "")
    return found


# the step parameters that name document pointers (`keys`: schema paths, checked apart)
_POINTER_PARAMS = frozenset({"at", "total", "field", "unless_missing", "decimal"})


def layout_schema_paths(layout: PageLayout) -> list[str]:
    """The schema paths a layout's steps read keys and titles from (`keys`)."""
    found = []
    for step in layout.read:
        params = step.params
        for value in (params.get("keys"), (params.get("titles") or {}).get("keys")):
            if isinstance(value, str):
                found.append(value)
    return found
