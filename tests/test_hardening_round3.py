"""Issue 26, hardening, third round: each item a test that failed before its fix.

Item 12: a run in which no rule compared any figure does not pass, whatever made it so (no
packs left, --ignore or --select of everything, a configuration), for check, audit and fix,
as an empty path list does not. Items 8, 10, 11: what a run reads and lints. Items 1-6: what
it writes, and where (validator/atomic.py says the policy; docs/hostile-input.md, "What
report-validator writes").
"""

from __future__ import annotations

import json
import os
import shutil
import stat
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


# -- items 1-6: what the tool writes stays where the user said ------------------------------


def _wrong_copy(folder: Path, name: str = "doc.yaml") -> Path:
    doc = folder / name
    text = SYRIA.read_text()
    total = next(line for line in text.splitlines() if line.startswith("total_score:"))
    doc.write_text(text.replace(total, "total_score: 99"))
    return doc


def _total(path: Path) -> str:
    return next(t for t in path.read_text().splitlines() if t.startswith("total_score:"))


def test_fix_of_a_symbolic_link_fixes_the_file_it_names_and_keeps_the_link(
    tmp_path: Path,
) -> None:
    real = _wrong_copy(tmp_path, "real.yaml")
    link = tmp_path / "link.yaml"
    link.symlink_to(real.name)
    assert main(["fix", str(link)]) == 1  # fixed: files changed
    assert link.is_symlink() and os.readlink(link) == "real.yaml"
    assert _total(real) != "total_score: 99"
    assert main(["check", str(real)]) == 0


def test_fix_keeps_hard_links_mode_and_owner(tmp_path: Path) -> None:
    doc = _wrong_copy(tmp_path)
    other = tmp_path / "other-name.yaml"
    os.link(doc, other)
    doc.chmod(0o640)
    owner = None
    if os.geteuid() == 0:  # a file of another user, fixed by root, stays that user's
        os.chown(doc, 4242, 4343)
        owner = (4242, 4343)
    inode = doc.stat().st_ino
    assert main(["fix", str(doc)]) == 1
    after = doc.stat()
    assert after.st_ino == inode and after.st_nlink == 2
    assert _total(other) == _total(doc) != "total_score: 99"  # both names see the fix
    assert after.st_mode & 0o777 == 0o640
    if owner is not None:
        assert (after.st_uid, after.st_gid) == owner


def test_fix_of_a_file_with_another_owner_keeps_it(tmp_path: Path) -> None:
    doc = _wrong_copy(tmp_path)
    if os.geteuid() != 0:
        pytest.skip("only root can give a file to another user")
    os.chown(doc, 4242, 4343)
    assert main(["fix", str(doc)]) == 1
    assert (doc.stat().st_uid, doc.stat().st_gid) == (4242, 4343)


def test_fix_refuses_a_read_only_file_says_why_and_fixes_the_others(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    locked = _wrong_copy(tmp_path, "locked.yaml")
    locked.chmod(0o444)
    free = _wrong_copy(tmp_path, "free.yaml")
    free.write_text(free.read_text().replace("country: Syria", "country: Syria Copy"))
    assert main(["fix", str(locked), str(free)]) == 1
    out = capsys.readouterr().out
    assert f"{locked}: not fixed: cannot write: read-only" in out
    assert _total(locked) == "total_score: 99" and locked.stat().st_mode & 0o777 == 0o444
    assert _total(free) != "total_score: 99"


@pytest.mark.skipif(
    not hasattr(os, "mknod") or os.geteuid() != 0, reason="making a device node needs root"
)
@pytest.mark.parametrize("option", ["--output", "--write-baseline"])
def test_a_report_to_a_device_is_written_into_it_never_replacing_it(
    tmp_path: Path, option: str
) -> None:
    """As root, `--output /dev/null` replaced the system's /dev/null with a regular file.
    Tested on a null device of the test's own (the same major and minor numbers), never on
    the system's: a regression must not break the machine it runs on."""
    null = tmp_path / "null"
    os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    before = null.stat()
    args = ["check", str(SYRIA), option, str(null)]
    if option == "--output":
        args += ["--format", "json"]
    assert main(args) == 0
    after = null.stat()
    assert stat.S_ISCHR(after.st_mode) and (after.st_ino, after.st_rdev) == (
        before.st_ino,
        before.st_rdev,
    )


def test_a_report_to_a_symbolic_link_is_written_through_it(tmp_path: Path) -> None:
    real = tmp_path / "reports" / "report.json"
    real.parent.mkdir()
    link = tmp_path / "latest.json"
    link.symlink_to(real)
    assert main(["check", str(SYRIA), "--format", "json", "--output", str(link)]) == 0
    assert link.is_symlink() and json.loads(real.read_text())["findings"] == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_report_to_a_fifo_is_streamed_to_its_reader_or_refused_without_one(
    tmp_path: Path,
) -> None:
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    command = [sys.executable, "-m", "validator", "check", str(SYRIA), "--format", "json"]
    alone = subprocess.run(
        [*command, "--output", str(fifo)], capture_output=True, text=True, timeout=60, check=False
    )
    assert alone.returncode == 2 and "no process reads" in alone.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE, text=True)
    done = subprocess.run(
        [*command, "--output", str(fifo)], capture_output=True, text=True, timeout=60, check=False
    )
    received, _ = reader.communicate(timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(received)["findings"] == [] and stat.S_ISFIFO(fifo.stat().st_mode)


def test_import_never_writes_through_a_link_out_of_its_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    (out).mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (out / "fiw").symlink_to(elsewhere, target_is_directory=True)
    assert main(["import", str(SYRIA), "--out", str(out)]) == 1
    assert "leads outside" in capsys.readouterr().out
    assert list(elsewhere.rglob("*.yaml")) == []


def test_import_keeps_a_document_edited_by_hand_unless_told_to_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["import", str(SYRIA), "--out", str(out)]) == 0
    [written] = list(out.rglob("*.yaml"))
    assert main(["import", str(SYRIA), "--out", str(out)]) == 0  # the same text: fine
    edited = written.read_text() + "# checked by hand, see the ticket\n"
    written.write_text(edited)
    capsys.readouterr()
    assert main(["import", str(SYRIA), "--out", str(out)]) == 1
    assert "exists with other text" in capsys.readouterr().out
    assert written.read_text() == edited
    assert main(["import", str(SYRIA), "--out", str(out), "--overwrite"]) == 0
    assert written.read_text() != edited


def test_two_reports_of_one_audit_at_one_file_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`audit --json X --csv Y` where X is the file Y's tallies go to: the JSON report was
    overwritten without a word."""
    csv = tmp_path / "out.csv"
    tallies = tmp_path / "out-tallies.csv"
    code = main(["audit", str(SYRIA), "-q", "--json", str(tallies), "--csv", str(csv)])
    assert code == 2
    assert "would both be written to" in capsys.readouterr().err
    assert not tallies.exists() and not csv.exists()


# -- item 9: a plug-in schema's pattern runs in linear time --------------------------------

CATASTROPHIC = ["(x+x+)+y", "(a+)+$", "(a|aa)+$", "(.*a){20}", "^(\\w+\\s?)*$"]


@pytest.mark.parametrize("pattern", CATASTROPHIC)
def test_a_catastrophic_pattern_is_matched_in_linear_time(tmp_path: Path, pattern: str) -> None:
    """`(x+x+)+y` against thirty x's ran past 60 s under Python's matcher; under RE2 the
    classic catastrophic patterns take milliseconds against 100,000 characters. Run in a
    process of its own, so that a hang fails the test instead of the suite."""
    index = Path(shutil.copytree(INDEX, tmp_path / "index"))
    path = index / "democracy-index.schema.json"
    schema = json.loads(path.read_text())
    schema["properties"]["country"]["pattern"] = pattern
    path.write_text(json.dumps(schema))
    doc = index / "documents" / "norway-2021.yaml"
    doc.write_text(doc.read_text().replace("country: Norway", "country: " + "x" * 100_000))
    done = subprocess.run(
        [sys.executable, "-m", "validator", "check", str(doc), "--rules", str(index)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr and "internal-error" not in done.stdout


def test_without_re2_a_pattern_is_refused_when_compiled(monkeypatch: pytest.MonkeyPatch) -> None:
    from validator.schema_compiler import Refused, compile_node

    monkeypatch.setitem(sys.modules, "re2", None)  # `import re2` raises ImportError
    schema = {"type": "string", "pattern": "(x+x+)+y"}
    with pytest.raises(Refused, match="google-re2"):
        compile_node(schema, "plugin.schema.json", lambda ref, base: ({}, base))


def test_a_pattern_re2_cannot_match_in_linear_time_is_refused_by_lint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A back-reference has no linear-time matcher: refused, with RE2's reason."""
    index = Path(shutil.copytree(INDEX, tmp_path / "index"))
    path = index / "democracy-index.schema.json"
    schema = json.loads(path.read_text())
    schema["properties"]["country"]["pattern"] = "^(a+)\\1$"
    path.write_text(json.dumps(schema))
    assert main(["rules", "lint", str(index)]) == 2
    assert "cannot be matched in linear time" in capsys.readouterr().out


# -- item 7: what a configuration, a previous root and a case file read stays inside ---------


@pytest.mark.parametrize("how", ["../", "an absolute path", "a link"])
@pytest.mark.parametrize("key", ["rules", "previous-root"])
def test_a_configuration_reads_only_its_own_repository(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], how: str, key: str
) -> None:
    """`rules: [../outside/token.txt]` was read and its first line printed in a finding: a
    secret reached the terminal and CI logs."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "token.txt"
    secret.write_text("SECRET-TOKEN-123: hunter2\n")
    target = {
        "../": "../outside/token.txt" if key == "rules" else "../outside",
        "an absolute path": str(secret if key == "rules" else outside),
        "a link": "inside",
    }[how]
    if how == "a link":
        (repo / "inside").symlink_to(secret if key == "rules" else outside)
    config = repo / ".report-validator.yaml"
    config.write_text(f"{key}: {[target] if key == 'rules' else target}\n".replace("'", ""))
    doc = repo / "doc.yaml"
    shutil.copy(SYRIA, doc)
    assert main(["check", str(doc), "--config", str(config)]) == 2
    captured = capsys.readouterr()
    assert "outside the repository" in captured.err
    assert "SECRET" not in captured.out + captured.err
    config.write_text(config.read_text() + "paths-outside: true\n")  # said in so many words
    main(["check", str(doc), "--config", str(config)])
    assert "outside the repository" not in capsys.readouterr().err


def test_a_previous_edition_behind_a_link_out_of_the_root_is_not_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--previous-root: a link inside the root to a file elsewhere was read and used."""
    root = tmp_path / "published"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    previous = FIXTURES / "valid" / "fiw-2022-kazakhstan.yaml"
    shutil.copy(previous, elsewhere / "kazakhstan.yaml")
    folder = root / "fiw" / "2022"
    folder.mkdir(parents=True)
    (folder / "kazakhstan.yaml").symlink_to(elsewhere / "kazakhstan.yaml")
    page = FIXTURES / "pages" / "fiw-2023-kazakhstan.txt"
    main(["check", str(page), "--previous-root", str(root), "--format", "json"])
    captured = capsys.readouterr()
    assert "leads outside" in captured.out + captured.err
    (folder / "kazakhstan.yaml").unlink()
    shutil.copy(previous, folder / "kazakhstan.yaml")  # inside the root: used
    main(["check", str(page), "--previous-root", str(root), "--format", "json"])
    assert "leads outside" not in capsys.readouterr().out


def test_a_case_base_outside_the_cases_root_is_refused(tmp_path: Path) -> None:
    from validator.pipeline.cases import CaseError, document_of

    root = tmp_path / "fixtures"
    root.mkdir()
    (tmp_path / "secret.yaml").write_text("token: hunter2\n")
    with pytest.raises(CaseError, match="outside"):
        document_of({"base": "../secret.yaml"}, root, "case.yaml")


# -- items 13-15: fix edits what it must and keeps every other byte -------------------------

KAZAKHSTAN = FIXTURES / "valid" / "fiw-2022-kazakhstan.yaml"
_FLOW = "subcategories: {A: 1, B: 3, C: 1, D: 4, E: 2, F: 4, G: 8}"


def _json_variant(source: str, newline: str) -> tuple[str, str]:
    import yaml

    data = yaml.safe_load(KAZAKHSTAN.read_text())
    data["source"] = source
    good = json.dumps(data, ensure_ascii=False, indent=2).replace("\n", newline)
    return good.replace('"total_score": 23', '"total_score": 33'), good


@pytest.mark.parametrize(
    "variant",
    [
        "a flow mapping over three lines",
        "a value on a continuation line",
        "an anchor",
        "a tag",
        "JSON with U+2028 in a string",
        "JSON with CR line ends",
    ],
)
def test_fix_edits_the_value_and_keeps_every_other_byte(tmp_path: Path, variant: str) -> None:
    """Before: a flow mapping over several lines lost the comma after the value (`33,`
    became `23`) or was refused, as was a value on a continuation line; U+2028 in a JSON
    string and CR line ends were refused ("would not read back"); an anchor or a tag before
    the value was dropped. Now each is fixed, every other byte as it was."""
    text = KAZAKHSTAN.read_text()
    suffix = ".yaml"
    if variant == "a flow mapping over three lines":
        good = text.replace(
            _FLOW, "subcategories: {A: 1, B: 3,\n  C: 1, D: 4, E: 2,\n  F: 4, G: 8}"
        )
        bad = good.replace("E: 2,", "E: 9,")
    elif variant == "a value on a continuation line":
        good = text.replace(_FLOW, "subcategories: {A: 1, B: 3, C: 1, D: 4, E:\n    2, F: 4, G: 8}")
        bad = good.replace("\n    2, F", "\n    9, F")
    elif variant in ("an anchor", "a tag"):
        mark = "&t" if variant == "an anchor" else "!!int"
        good = text.replace("total_score: 23", f"total_score: {mark} 23")
        bad = good.replace(f"{mark} 23", f"{mark} 33")
    else:
        suffix = ".json"
        if variant == "JSON with U+2028 in a string":
            bad, good = _json_variant("All data\u2028sheet FIW13-24", "\n")
        else:
            bad, good = _json_variant("All data, sheet FIW13-24", "\r")
    path = tmp_path / f"doc{suffix}"
    path.write_bytes(bad.encode("utf-8"))
    assert main(["fix", str(path)]) == 1  # fixed: files changed
    assert path.read_bytes() == good.encode("utf-8")
    assert main(["check", str(path)]) == 0


# -- issue 25, item 6 (with the writes above): fix's output like check's ---------------------


def test_fix_diff_into_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    """`fix --diff | head -1` ended in a BrokenPipeError traceback."""
    for number in range(300):
        doc = _wrong_copy(tmp_path, f"d{number}.yaml")
        doc.write_text(doc.read_text().replace("country: Syria", f"country: Syria {number}"))
    fix = subprocess.Popen(
        [sys.executable, "-m", "validator", "fix", "--diff", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert fix.stdout is not None and fix.stdout.readline().startswith(b"---")
    fix.stdout.close()  # as `head -1` does
    _, err = fix.communicate(timeout=120)
    assert b"Traceback" not in err and b"BrokenPipe" not in err
    assert fix.returncode == 141


def test_fix_escapes_file_names_as_check_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "we\x1b[31mird.yaml").write_text("x")
    main(["fix", str(tmp_path)])
    out = capsys.readouterr().out
    assert "\x1b" not in out and "we\\x1b[31mird.yaml" in out


# -- issue 25, item 5: the hook's arguments ------------------------------------------------


def test_the_hook_reads_pre_commits_arguments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from validator.cli import build_parser
    from validator.commands.hook import hook_argv

    monkeypatch.chdir(tmp_path)
    (tmp_path / "--fail-on=info.yaml").write_text("x")
    (tmp_path / "doc.yaml").write_text("x")
    (tmp_path / ".report-validator.yaml").write_text("fail-on: warning\n")
    (tmp_path / "pack.yaml").write_text("pack: ours\nrules: {}\n")
    parser = build_parser()
    argv = hook_argv(
        parser,
        ["check", "--previous-root", "reports", "--fail-on=info.yaml", "doc.yaml", "pack.yaml"],
    )
    assert argv == ["check", "--previous-root", "reports", "--", "--fail-on=info.yaml", "doc.yaml"]
    assert hook_argv(parser, ["check", ".report-validator.yaml"]) is None  # own files only
    with pytest.raises(ValueError, match="no such option"):
        hook_argv(parser, ["check", "--no-such-option", "doc.yaml"])
    with pytest.raises(ValueError, match="needs a value"):
        hook_argv(parser, ["check", "--previous-root"])


@pytest.mark.parametrize("into", ["a pipe", "a file"])
def test_a_report_to_dev_stdout_reaches_the_pipe_or_file_behind_it(
    tmp_path: Path, into: str
) -> None:
    """`--output /dev/stdout`: the kernel's name for whatever standard output is (a pipe has
    no path of its own: the report was an error; a file was replaced by its rename)."""
    command = [
        sys.executable, "-m", "validator", "check", str(SYRIA), "--format", "json",
        "--output", "/dev/stdout",
    ]  # fmt: skip
    if into == "a pipe":
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["summary"]["documents"] == 1
        return
    out = tmp_path / "report.json"
    with out.open("w") as handle:
        done = subprocess.run(command, stdout=handle, stderr=subprocess.PIPE, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(out.read_text())["summary"]["documents"] == 1
