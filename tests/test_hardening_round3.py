"""Issue 26, hardening, third round: each item a test that failed before its fix.

Item 12: a run in which no rule compared any figure does not pass, whatever made it so (no
packs left, --ignore or --select of everything, a configuration), for check, audit and fix,
as an empty path list does not.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from validator.cli import main

from .conftest import FIXTURES

SYRIA = FIXTURES / "valid" / "fiw-2024-syria.yaml"


@pytest.fixture
def wrong_total(tmp_path: Path) -> Path:
    """Syria FIW2024 with a total no sum gives: any rule that looks finds it."""
    doc = tmp_path / "doc.yaml"
    text = SYRIA.read_text()
    total = next(line for line in text.splitlines() if line.startswith("total_score:"))
    doc.write_text(text.replace(total, "total_score: 99"))
    return doc


def _config(folder: Path, text: str) -> list[str]:
    (folder / ".report-validator.yaml").write_text(text)
    return ["--config", str(folder / ".report-validator.yaml")]


@pytest.mark.parametrize(
    "how",
    ["ignore every survey", "no packs", "configuration without packs", "select another survey"],
)
@pytest.mark.parametrize("command", ["check", "audit", "fix"])
def test_a_run_in_which_no_rule_compared_a_figure_does_not_pass(
    wrong_total: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    how: str,
    command: str,
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    args = {
        "ignore every survey": ["--ignore", "fiw,nit,fotn"],
        "no packs": ["--no-bundled-rules", "--rules", str(empty)],
        "configuration without packs": _config(
            tmp_path, f"bundled-rules: false\nrules: [{empty}]\n"
        ),
        "select another survey": ["--select", "nit"],
    }[how]
    extra = ["-q"] if command == "audit" else []
    assert main([command, str(wrong_total), *args, *extra]) == 2
    err = capsys.readouterr().err
    assert "no rule compared any of the" in err and "nothing was checked" in err


def test_a_run_that_compares_some_figures_is_judged_by_its_findings(
    wrong_total: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Only where nothing at all was compared: a --select that compares the total finds it."""
    assert main(["check", str(wrong_total), "--select", "fiw/total-score-differs-from-sum"]) == 1
    assert "nothing was checked" not in capsys.readouterr().err
    assert main(["check", str(SYRIA)]) == 0


def test_a_file_without_figures_is_not_a_run_that_checked_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A publisher's page without a score block gives no document: it is said (a warning),
    and the run is judged by that, not refused as one whose rules compared nothing."""
    page = tmp_path / "page.txt"
    shutil.copy(FIXTURES / "page-variants" / "fotn-2018-kazakhstan-mirror-no-scores.txt", page)
    assert main(["check", str(page)]) == 0
    assert main(["check", str(page), "--fail-on", "warning"]) == 1
    assert "nothing was checked" not in capsys.readouterr().err


# -- item 11: a plug-in schema that cannot be checked with is refused when packs load --------

INDEX = FIXTURES / "another-index"


def _schema_broken(folder: Path, change: str) -> None:
    path = folder / "democracy-index.schema.json"
    schema = json.loads(path.read_text())
    score = schema["properties"]["overall_score"]
    if change == "x-role a list":
        score["x-role"] = ["prose"]
    elif change == "x-role a number":
        score["x-role"] = 5
    elif change == "x-role misspelt":
        score["x-role"] = "provenence"
    elif change == "maximum NaN":
        score["maximum"] = "NaN"
    elif change == "minLength negative":
        schema["properties"]["country"]["minLength"] = -1
    else:
        assert change == "$ref loop"
        schema["$defs"] = {"a": {"$ref": "#/$defs/b"}, "b": {"allOf": [{"$ref": "#/$defs/a"}]}}
        schema["properties"]["overall_score"] = {"$ref": "#/$defs/a"}
    path.write_text(json.dumps(schema))


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ("x-role a list", "x-role at /properties/overall_score is ['prose']"),
        ("x-role a number", "x-role at /properties/overall_score is 5"),
        ("x-role misspelt", "it must be one of provenance, prose, convention"),
        ("maximum NaN", "maximum must be a number, not 'NaN'"),
        ("minLength negative", "minLength must be a whole number of 0 or more"),
        ("$ref loop", "a $ref loop"),
    ],
)
def test_a_schema_no_document_could_be_checked_with_is_refused_by_lint_and_every_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], change: str, said: str
) -> None:
    """Before: a non-string x-role was a traceback; "maximum": "NaN" and a $ref loop passed
    lint and made every document core/internal-error. Now lint and every run refuse them
    (exit 2), with the reason, and nothing crashes."""
    index = Path(shutil.copytree(INDEX, tmp_path / "index"))
    _schema_broken(index, change)
    assert main(["rules", "lint", str(index)]) == 2
    out = capsys.readouterr().out
    assert said in out and "democracy-index.schema.json" in out
    assert main(["check", str(index / "documents"), "--rules", str(index)]) == 2
    captured = capsys.readouterr()
    assert "internal-error" not in captured.out + captured.err
    assert "Traceback" not in captured.err


def test_a_recursive_schema_of_parts_is_no_loop(tmp_path: Path) -> None:
    """A schema that refers to itself through a part of the value (a tree) is fine."""
    from validator.schema_compiler import compile_node

    tree = {
        "$defs": {"node": {"type": "object", "properties": {"child": {"$ref": "#/$defs/node"}}}},
        "$ref": "#/$defs/node",
    }

    def resolve(ref: str, base: str) -> tuple[dict[str, Any], str]:
        return tree["$defs"]["node"], base

    node = compile_node(tree, "tree.json", resolve)
    assert node.valid({"child": {"child": {}}}) and not node.valid({"child": 5})


# -- item 10: every numeric parameter of a pack is bounded at lint ---------------------------


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        ("digits: 2}", "digits: 2, tolerance: 100000000}", "tolerance must be 0 to 1,000"),
        ("digits: 2}", "digits: 2, tolerance: -1}", "tolerance must be 0 to 1,000"),
        ("digits: 2}", "digits: 99}", "digits must be 0 to 12 decimals"),
    ],
)
def test_a_numeric_parameter_out_of_bounds_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, said: str
) -> None:
    index = Path(shutil.copytree(INDEX, tmp_path / "index"))
    pack = index / "democracy-index.yaml"
    assert old in pack.read_text()
    pack.write_text(pack.read_text().replace(old, new))
    assert main(["rules", "lint", str(index)]) == 2
    assert said in capsys.readouterr().out


@pytest.mark.parametrize("significant", [0, 31, 1_000_000_000])
def test_a_precision_that_would_take_unbounded_work_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], significant: int
) -> None:
    """`significant: 1000000000` passed lint and computed 10 ** 999999999 for each share."""
    bundled = (Path(__file__).parent.parent / "rules" / "fiw-distribution.yaml").read_text()
    folder = tmp_path / "pack"
    folder.mkdir()
    text = bundled.replace("pack: fiw-distribution", "pack: fiw-distribution-copy", 1)
    (folder / "copy.yaml").write_text(
        text.replace("significant: 15", f"significant: {significant}")
    )
    assert main(["rules", "lint", str(folder)]) == 2
    assert "significant must be 1 to 30 digits" in capsys.readouterr().out


# -- item 8: a configuration, baseline or schema named as a FIFO does not block the run ------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
@pytest.mark.parametrize("what", ["--config", "--baseline", "a schema beside the pack"])
def test_a_fifo_given_as_a_configuration_baseline_or_schema_is_refused_not_waited_on(
    tmp_path: Path, what: str
) -> None:
    """Run in a process of its own with a time limit: before, opening the FIFO waited for a
    writer forever. Now it is refused at once (exit 2), with the reason."""
    fifo = tmp_path / "named.fifo"
    args = ["check", str(SYRIA)]
    if what == "a schema beside the pack":
        index = Path(shutil.copytree(INDEX, tmp_path / "index"))
        (index / "democracy-index.schema.json").unlink()
        os.mkfifo(index / "democracy-index.schema.json")
        args += ["--rules", str(index)]
    else:
        os.mkfifo(fifo)
        args += [what, str(fifo)]
    done = subprocess.run(
        [sys.executable, "-m", "validator", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert "not a regular file" in done.stdout + done.stderr
    assert "Traceback" not in done.stderr
