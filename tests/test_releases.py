"""Releases held together: one version in validator/version.py, the package's metadata,
the CHANGELOG's latest section, the README's pre-commit pin and every output that names the
tool; and versions that are semantic."""

from __future__ import annotations

import json
import re
from importlib.metadata import version
from xml.etree import ElementTree

import pytest

from validator.cli import main
from validator.version import __version__

from .conftest import FIXTURES, ROOT

SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")


def test_the_version_is_semantic_and_in_one_place() -> None:
    assert SEMVER.match(__version__), __version__
    assert version("report-validator") == __version__  # pyproject reads version.py
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert 'dynamic = ["version"]' in pyproject
    assert not re.search(r'^version\s*=\s*"', pyproject, re.M)  # no second copy


def test_the_changelog_has_a_section_per_release_the_latest_this_one() -> None:
    text = (ROOT / "CHANGELOG.md").read_text()
    headings = re.findall(r"^## \[([^\]]+)\](.*)$", text, re.M)
    assert headings[0][0] == "Unreleased"
    released = headings[1:]
    assert released and released[0][0] == __version__
    for name, rest in released:
        assert SEMVER.match(name), name
        assert re.fullmatch(r" - \d{4}-\d{2}-\d{2}", rest), rest
    numbers = [tuple(map(int, name.split("."))) for name, _ in released]
    assert numbers == sorted(numbers, reverse=True) and len(set(numbers)) == len(numbers)


def test_the_readme_and_the_hook_file_pin_this_release() -> None:
    for name in ("README.md", ".pre-commit-hooks.yaml"):
        pins = re.findall(r"^[#\s]*rev:\s*(\S+)", (ROOT / name).read_text(), re.M)
        assert pins and set(pins) == {f"v{__version__}"}, (name, pins)


def test_every_output_names_the_version(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"report-validator {__version__}"
    wrong = str(FIXTURES / "invalid" / "nit-wrong-democracy-score.yaml")
    main(["check", wrong, "--format", "json"])
    assert json.loads(capsys.readouterr().out)["tool"] == {
        "name": "report-validator",
        "version": __version__,
    }
    main(["check", wrong, "--format", "sarif"])
    driver = json.loads(capsys.readouterr().out)["runs"][0]["tool"]["driver"]
    assert driver["version"] == __version__
    main(["check", wrong, "--format", "junit"])
    root = ElementTree.fromstring(capsys.readouterr().out)
    said = {p.get("name"): p.get("value") for p in root.iter("property")}
    assert said == {"report-validator.version": __version__}


def test_the_audit_json_names_the_version(
    tmp_path: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "audit.json"  # type: ignore[operator]
    main(["audit", str(FIXTURES / "valid"), "--json", str(out), "-q"])
    capsys.readouterr()
    assert json.loads(out.read_text())["tool"]["version"] == __version__
