"""The Python API (`validator.api`, docs/api.md): its documented examples run, and it
gives what the command line gives, through the same run."""

from __future__ import annotations

import doctest
import json
import re
from pathlib import Path

import pytest

import validator
from validator import api
from validator.cli import main

from .conftest import FIXTURES, ROOT


def _readme_examples() -> str:
    """The Python API page (docs/api.md), as doctest text."""
    section = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    assert blocks, "the section shows examples"
    return "\n".join(blocks)


@pytest.mark.parametrize("module", [validator, api])
def test_the_docstring_examples_run(module: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    failed, attempted = doctest.testmod(module, optionflags=doctest.ELLIPSIS)  # type: ignore[arg-type]
    assert attempted and not failed


def test_the_readme_examples_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    parser = doctest.DocTestParser()
    test = parser.get_doctest(_readme_examples(), {}, "docs/api.md", "docs/api.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert test.examples and runner.failures == 0


def test_check_gives_what_the_command_gives(tmp_path: Path) -> None:
    paths = [FIXTURES / "invalid", FIXTURES / "valid", FIXTURES / "pages"]
    out = tmp_path / "check.json"
    main(["check", *map(str, paths), "--format", "json", "--output", str(out), "--no-config"])
    command = json.loads(out.read_text(encoding="utf-8"))
    report = validator.check(paths)
    assert [f.to_dict() for f in report.findings] == command["findings"]
    assert report.documents == command["summary"]["documents"]
    assert report.coverage.total_checked == command["summary"]["figures_checked"]


def test_what_the_command_refuses_raises_usage_error(tmp_path: Path) -> None:
    with pytest.raises(validator.UsageError, match="no such file or folder"):
        validator.check([tmp_path / "absent"])
    with pytest.raises(validator.UsageError, match="--ignore fiw/nope"):
        validator.check([FIXTURES / "valid"], ignore=["fiw/nope"])
    (tmp_path / "bad.yaml").write_text("pack: x\nrules: 3\n")
    with pytest.raises(validator.UsageError, match="the rule packs have"):
        validator.check([FIXTURES / "valid"], rules=[tmp_path / "bad.yaml"])


def test_a_checker_runs_documents_a_program_made() -> None:
    from validator.document import Document

    checker = api.Checker.load()
    good = {"survey": "fotn", "country": "Iceland", "edition": 2023, "status": "Free"}
    good |= {"categories": {"obstacles_to_access": 23, "limits_on_content": 33}}
    good["categories"]["violations_of_user_rights"] = 38
    good["total_score"] = 94
    assert checker.check_documents([Document("made.yaml", good)]).findings == []
    wrong = {**good, "total_score": 93}
    [finding] = checker.check_documents([Document("made.yaml", wrong)]).findings
    assert (finding.pointer, finding.expected, finding.actual) == ("/total_score", "94", "93")


def test_the_audit_spool_is_removed_when_the_block_ends() -> None:
    with validator.audit([FIXTURES / "valid"]) as run:
        folder = Path(run.spool.db.execute("PRAGMA database_list").fetchone()[2]).parent
        assert folder.is_dir()
        assert run.report().findings == []
    assert not folder.exists()


def test_fix_with_diff_writes_nothing_and_says_what_would_change(tmp_path: Path) -> None:
    source = (FIXTURES / "invalid" / "nit-wrong-democracy-score.yaml").read_text()
    path = tmp_path / "nit.yaml"
    path.write_text(source)
    outcome = validator.fix([path], diff=True)
    assert path.read_text() == source
    assert [c.pointer for cs in outcome.written.values() for c in cs] == ["/democracy_score"]
    assert any(line.startswith("+") and "1.29" in line for line in outcome.diff)
    validator.fix([path])
    assert validator.check([path]).findings == []


def test_importing_the_package_imports_no_api() -> None:
    import subprocess
    import sys

    code = "import sys, validator; print('validator.api' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
