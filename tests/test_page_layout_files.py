"""Page layouts as data (issue 24, item 1): the files of rules/layouts/pages/ and their
templates. Each bundled layout passes the checks a plug-in's must pass (its pointers are its
survey's fields, its `keys` name properties, its templates compile); a template matches the
lines it describes and no other, in linear time; a layout file that is wrong says where."""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from validator.packs.lint import _allowed
from validator.pointer import resolve
from validator.rulepack.build import BuildError
from validator.schema_check import SUFFIX, Schemas
from validator.sources.pages import LAYOUT_NAMES, LAYOUTS
from validator.sources.pages.layout import (
    TemplateError,
    compile_template,
    layout_pointers,
    layout_schema_paths,
    load_layout,
    match_template,
)


def test_the_ten_layouts_are_files_tried_in_their_order() -> None:
    assert LAYOUT_NAMES == (
        "country-hub",
        "nit-site",
        "fiw-site",
        "fiw-mirror",
        "fiw-2017-2019",
        "fiw-2013-2016",
        "fotn-site",
        "fotn-mirror",
        "fotn-2015-2018",
        "fotn-2011-2014",
    )


@pytest.mark.parametrize("layout", LAYOUTS, ids=LAYOUT_NAMES)
def test_a_bundled_layout_names_only_fields_of_its_survey(layout: object) -> None:
    from validator.sources.pages.layout import PageLayout

    assert isinstance(layout, PageLayout)
    schemas = Schemas()
    pointers = layout_pointers(layout)
    assert pointers, layout.layout
    for pointer in pointers:
        assert _allowed(schemas, [layout.survey], pointer), (layout.layout, pointer)
    schema = schemas.schema(layout.survey + SUFFIX)
    for at in layout_schema_paths(layout):
        assert isinstance(resolve(schema, at), dict), (layout.layout, at)


@pytest.mark.parametrize(
    ("template", "line", "groups"),
    [
        (
            "PR Political Rights[:] {figure}[ [/ ]{maximum}]",
            "PR Political Rights 5 40",
            {"figure": "5"},
        ),
        (
            "PR Political Rights[:] {figure}[ [/ ]{maximum}]",
            "pr political rights: 5 / 40",
            {"figure": "5"},
        ),
        (
            "PR Political Rights[:] {figure}[ [/ ]{maximum}]",
            "PR Political Rights 5",
            {"figure": "5"},
        ),
        (
            "Political Rights[:] {figure}[ ]/[ ]{maximum}[ ({change})]",
            "Political Rights: 2 / 40 (−5)",
            {"figure": "2", "change": "−5"},
        ),
        (
            "{code}. {title}: {figure}[ ]/[ ]{maximum}",
            "A. Electoral Process: 2 / 12",
            {"code": "A", "title": "Electoral Process", "figure": "2"},
        ),
        (
            "Freedom on the Net {year} - {country}",
            "Freedom on the Net 2016 - Bosnia and Herzegovina",
            {"year": "2016", "country": "Bosnia and Herzegovina"},
        ),
        ("{text} {year}", "June 1, 2022 - May 31, 2023", {"year": "2023"}),
    ],
)
def test_a_template_matches_the_line_it_describes(
    template: str, line: str, groups: dict[str, str]
) -> None:
    match = match_template(template, line)
    assert match is not None
    for name, value in groups.items():
        assert match.group(name) == value


@pytest.mark.parametrize(
    ("template", "line"),
    [
        ("PR Political Rights[:] {figure}[ [/ ]{maximum}]", "PR Political Rights five 40"),
        ("PR Political Rights[:] {figure}[ [/ ]{maximum}]", "XPR Political Rights 5 40"),
        ("PR Political Rights[:] {figure}[ [/ ]{maximum}]", "PR Political Rights 5 40 more"),
        ("{year} Scores", "14 Scores"),
        ("Status[:] {status}", "Statuses: Free"),
    ],
)
def test_a_template_matches_no_other_line(template: str, line: str) -> None:
    assert match_template(template, line) is None


@pytest.mark.parametrize(
    ("template", "said"),
    [
        ("{figure} {nonsense}", "unknown placeholder"),
        ("{figure} {figure}", "twice"),
        ("{text} and {country}", "more than one free-text"),
        ("[a {figure}", "without its ']'"),
        ("a] {figure}", "without its '['"),
        ("a { figure", "brace that is no placeholder"),
    ],
)
def test_a_template_that_cannot_work_is_refused(template: str, said: str) -> None:
    with pytest.raises(TemplateError, match=re.escape(said)):
        compile_template(template)


_LITERAL = st.text(alphabet="abcdefghijklmnopqrstuvwxyz :.,()-&'", min_size=1, max_size=20)


@given(
    before=_LITERAL,
    after=_LITERAL,
    figure=st.from_regex(r"-?[0-9]{1,3}(\.[0-9]{1,2})?", fullmatch=True),
)
def test_a_template_reads_back_the_figure_it_was_written_with(
    before: str, after: str, figure: str
) -> None:
    """Any literal text around a figure: the line the template describes gives that figure
    back, whatever letters the literal text has (regular-expression characters included)."""
    template = before + "{figure}" + after
    line = before + figure + after
    match = match_template(template, line)
    assert match is not None and match.group("figure") == figure


@pytest.mark.parametrize(
    "template",
    [
        "{text} {year}",
        "Freedom on the Net {year} - {country}",
        "{code} {title}[:] {figure}[ [/ ]{maximum}]",
    ],
)
def test_a_template_matches_a_long_line_in_linear_time(template: str) -> None:
    """Only the module's own pieces, one free text at most: a line of 200,000 characters
    shaped to backtrack is decided in well under a second (a catastrophic pattern would take
    minutes)."""
    hostile = "A " + "1 " * 100_000 + "x"
    start = time.perf_counter()
    match_template(template, hostile)
    assert time.perf_counter() - start < 2


def test_a_layout_file_with_an_unknown_field_or_step_says_where() -> None:
    base = {
        "layout": "x",
        "survey": "fiw",
        "summary": "s",
        "source": "s",
        "priority": 1,
        "recognise": [[{"starts": "X"}]],
        "anchor": {"starts": "X"},
        "read": [{"step": "line", "template": "X {figure}", "at": {"figure": "/total_score"}}],
    }
    assert load_layout(base, "x.yaml").layout == "x"
    with pytest.raises(BuildError, match="unknown field"):
        load_layout({**base, "recognize": []}, "x.yaml")
    with pytest.raises(BuildError, match=r"read\[0\]: unknown step 'lines'"):
        load_layout({**base, "read": [{"step": "lines"}]}, "x.yaml")
    with pytest.raises(BuildError, match=r"`at` names \{status\}"):
        load_layout(
            {**base, "read": [{"step": "line", "template": "X {figure}", "at": {"status": "/s"}}]},
            "x.yaml",
        )
