"""The documentation holds: every page of docs/ is in the site's navigation (mkdocs.yml),
every relative link of the README and the pages leads to a file (and a heading) that is
there, and each example run from the repository's top (`$ report-validator ...` over the
fixtures and examples) prints what the page says it prints."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml

from validator.cli import main

from .conftest import ROOT

DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md"))


def _nav_pages(nav: object) -> list[str]:
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, list):
        return [page for item in nav for page in _nav_pages(item)]
    if isinstance(nav, dict):
        return [page for value in nav.values() for page in _nav_pages(value)]
    return []


def test_every_page_is_in_the_navigation_once() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    listed = _nav_pages(config["nav"])
    assert sorted(listed) == sorted(p.name for p in PAGES)
    assert config["strict"] is True


def _anchor(heading: str) -> str:
    """A heading's anchor as MkDocs (Python-Markdown's toc) makes it."""
    text = re.sub(r"[`*]", "", heading).strip().lower()
    text = re.sub(r"[^\w\s-]", "", text)
    return re.sub(r"[\s-]+", "-", text).strip("-")


def _anchors(page: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)
    return {_anchor(h) for h in re.findall(r"^#+ (.+)$", text, re.M)}


@pytest.mark.parametrize("page", [ROOT / "README.md", *PAGES], ids=lambda p: p.name)
def test_every_relative_link_leads_somewhere(page: Path) -> None:
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target):
            continue  # an address on the web
        path, _, anchor = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        assert file.exists(), f"{page.name}: {target}"
        if anchor and file.suffix == ".md":
            assert anchor in _anchors(file), f"{page.name}: {target}"


def _examples() -> list[tuple[str, str, str]]:
    """(page, command, output) of each `$ report-validator ...` in a text block whose
    paths are all in the repository (the others need files the reader has: a workbook
    downloaded, a folder of their own)."""
    found = []
    for page in [ROOT / "README.md", *PAGES]:
        text = page.read_text(encoding="utf-8")
        for block in re.findall(r"```(?:text|console)\n(.*?)```", text, re.S):
            runs = re.split(r"(?m)^\$ ", block)[1:]
            for run in runs:
                command, _, output = run.partition("\n")
                words = shlex.split(command.split("  #")[0])
                paths = [w for w in words[2:] if not w.startswith("-") and _is_path(w)]
                if (
                    words[0] == "report-validator"
                    and paths
                    and all((ROOT / p).exists() for p in paths)
                ):
                    found.append((page.name, command, output))
    return found


def _is_path(word: str) -> bool:
    return "/" in word or word.endswith((".yaml", ".json", ".txt", ".xlsx", ".csv"))


# The example over ../shared (the four official workbooks) is held by test_every_figure,
# which runs that check anyway (ten seconds not spent twice).
EXAMPLES = [example for example in _examples() if "../shared" not in example[1]]


def test_the_examples_are_found() -> None:
    pages = {
        example.values[0] if hasattr(example, "values") else example[0] for example in EXAMPLES
    }
    # the README's, the site's first page's, usage's two and the two example indices'
    assert {"README.md", "index.md", "usage.md", "fragile-states-index.md"} <= pages
    assert "rule-of-law-index.md" in pages


@pytest.mark.parametrize(("page", "command", "output"), EXAMPLES, ids=lambda v: str(v)[:60])
def test_each_example_prints_what_its_page_says(
    page: str,
    command: str,
    output: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT)
    words = shlex.split(command.split("  #")[0])
    main([*words[1:], "--no-config"] if words[1] == "check" else words[1:])
    printed = capsys.readouterr().out
    # a page shows the whole output, or its last lines (`...` before the first of them)
    shown = re.sub(r"^\.\.\.[ \n]", "", output)
    assert printed.endswith(shown), f"{page}: {command}"
