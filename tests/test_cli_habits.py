"""The habits users bring from ruff and check-jsonschema: a mistyped option gets a "did you
mean", `--exit-zero`, `--statistics`, `--quiet`, `--exclude` / `--extend-exclude`,
`check -` with `--stdin-filename`, `fix --show-fixes / --no-show-fixes`."""

from __future__ import annotations

import io
import json
import os
import shutil
from collections import Counter
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from validator.cli import main
from validator.exits import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS

from .conftest import FIXTURES, ROOT

INVALID = FIXTURES / "invalid"
VALID = FIXTURES / "valid"
WRONG = INVALID / "nit-wrong-democracy-score.yaml"


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _findings(capsys: pytest.CaptureFixture[str], *argv: str) -> list[dict[str, object]]:
    code, out, _ = _run(capsys, *argv, "--format", "json")
    assert code in (EXIT_CLEAN, EXIT_FINDINGS), out
    found: list[dict[str, object]] = json.loads(out)["findings"]
    return found


@pytest.mark.parametrize(
    ("argv", "meant"),
    [
        (["check", "fixtures/valid", "--fial-on", "error"], "--fail-on"),
        (["check", "fixtures/valid", "--exlcude", "x"], "--exclude"),
        (["check", "fixtures/valid", "--statsitics"], "--statistics"),
        (["check", "fixtures/valid", "--statistic"], "--statistics"),  # no abbreviations
        (["audit", "fixtures/valid", "--qiet"], "--quiet"),
        (["fix", "fixtures/valid", "--dfif"], "--diff"),
        (["rules", "list", "--no-bundeld-rules"], "--no-bundled-rules"),
        (["import", "fixtures/valid", "--out", "x", "--overwirte"], "--overwrite"),
    ],
)
def test_a_mistyped_option_gets_the_one_meant(
    argv: list[str], meant: str, capsys: pytest.CaptureFixture[str], in_root: None
) -> None:
    code, _, err = _run(capsys, *argv)
    assert code == EXIT_ERROR
    assert err.rstrip().endswith(f"; did you mean {meant}?"), err


def test_an_option_like_none_gets_no_guess(
    capsys: pytest.CaptureFixture[str], in_root: None
) -> None:
    code, _, err = _run(capsys, "check", "fixtures/valid", "--zzzzzzzz")
    assert code == EXIT_ERROR and "unrecognized arguments: --zzzzzzzz" in err
    assert "did you mean" not in err


def test_exit_zero_passes_findings_but_not_errors_of_use(
    capsys: pytest.CaptureFixture[str], in_root: None
) -> None:
    assert _run(capsys, "check", str(INVALID))[0] == EXIT_FINDINGS
    code, out, _ = _run(capsys, "check", str(INVALID), "--exit-zero")
    assert code == EXIT_CLEAN and "16 errors" in out  # still reported
    assert _run(capsys, "audit", str(INVALID), "--exit-zero", "-q")[0] == EXIT_CLEAN
    # what is not a finding still fails: a selector naming no rule, a path that is not there
    assert _run(capsys, "check", str(INVALID), "--exit-zero", "--select", "nitt")[0] == EXIT_ERROR
    assert _run(capsys, "check", "no/such/path", "--exit-zero")[0] == EXIT_ERROR


def test_statistics_count_each_rule_as_the_findings_do(
    capsys: pytest.CaptureFixture[str], in_root: None
) -> None:
    paths = [str(INVALID), str(FIXTURES / "sources")]
    findings = _findings(capsys, "check", *paths)
    expected = Counter((f["rule"], f["severity"]) for f in findings)
    code, out, _ = _run(capsys, "check", *paths, "--statistics")
    assert code == EXIT_FINDINGS
    *rows, closing = out.splitlines()
    said = [row.split()[:3] for row in rows]
    assert Counter({(rule, severity): int(n) for n, severity, rule in said}) == expected
    assert [int(n) for n, _, _ in said] == sorted((int(n) for n, _, _ in said), reverse=True)
    assert closing.endswith(f"{sum(f['severity'] == 'error' for f in findings)} errors, 3 warnings")
    # the rule's summary follows its id (rules list says the same)
    assert any("The Democracy Score is not the mean" in row for row in rows)
    # other formats are untouched by it
    assert _findings(capsys, "check", *paths, "--statistics") == findings


def test_quiet_prints_the_findings_only(capsys: pytest.CaptureFixture[str], in_root: None) -> None:
    code, loud, _ = _run(capsys, "check", str(INVALID))
    code_q, quiet, _ = _run(capsys, "check", str(INVALID), "--quiet")
    assert code == code_q == EXIT_FINDINGS
    assert quiet.splitlines() == loud.splitlines()[:-2]  # no coverage and closing lines
    assert _run(capsys, "check", str(VALID), "-q")[:2] == (EXIT_CLEAN, "")
    code, out, _ = _run(capsys, "check", str(INVALID), "--statistics", "-q")
    assert "documents checked" not in out and "core/parse-error" in out


def test_show_fixes_lists_each_fix_or_only_the_closing_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("shown", "hidden", "quiet"):
        (tmp_path / name).mkdir()
        shutil.copy(WRONG, tmp_path / name / WRONG.name)
    code, shown, _ = _run(capsys, "fix", str(tmp_path / "shown"), "--ignore", "core")
    assert code == EXIT_FINDINGS
    assert "fixed /democracy_score: 1.31 -> 1.29" in shown
    code, hidden, _ = _run(
        capsys, "fix", str(tmp_path / "hidden"), "--ignore", "core", "--no-show-fixes"
    )
    assert hidden.splitlines() == shown.splitlines()[-1:]  # the closing line only
    assert hidden.startswith("1 figures fixed in 1 files")
    code, quiet, _ = _run(
        capsys, "fix", str(tmp_path / "quiet"), "--ignore", "core", "--no-show-fixes", "-q"
    )
    assert quiet == ""
    for name in ("hidden", "quiet"):  # written all the same
        assert (tmp_path / name / WRONG.name).read_text() == (
            tmp_path / "shown" / WRONG.name
        ).read_text()


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))


TEXT_FIXTURES = sorted(
    p for folder in (VALID, INVALID, FIXTURES / "pages", FIXTURES / "sources")
    for p in folder.iterdir()
    if p.suffix in (".yaml", ".json", ".txt", ".csv")
)  # fmt: skip


@pytest.mark.parametrize("path", TEXT_FIXTURES, ids=lambda p: p.name)
def test_standard_input_is_checked_as_the_file_it_names(
    path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    in_root: None,
) -> None:
    name = str(path.relative_to(ROOT))
    by_path = _findings(capsys, "check", name)
    _stdin(monkeypatch, path.read_bytes())
    by_stdin = _findings(capsys, "check", "-", "--stdin-filename", name)
    assert by_stdin == by_path


def test_standard_input_takes_the_place_of_its_file_in_a_run(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    in_root: None,
) -> None:
    """An editor's unsaved text, checked with the rest of the folder: the file on disk of
    that name is not read, the text is (with the previous editions the run holds)."""
    folder = tmp_path / "reports"
    shutil.copytree(VALID, folder)
    target = folder / "nit-2018-kazakhstan.yaml"
    clean = _findings(capsys, "check", str(folder))
    assert clean == []
    edited = target.read_text().replace("democracy_score: 1.29", "democracy_score: 1.31")
    assert edited != target.read_text()
    _stdin(monkeypatch, edited.encode())
    found = _findings(capsys, "check", "-", str(folder), "--stdin-filename", str(target))
    assert [(f["rule"], f["source"]) for f in found] == [
        ("nit/democracy-score-differs-from-mean", str(target))
    ]
    _stdin(monkeypatch, edited.encode())
    _, out, _ = _run(capsys, "check", "-", str(folder), "--stdin-filename", str(target))
    documents = len(list(folder.iterdir()))
    assert f"{documents} documents checked" in out  # once, not twice


def test_standard_input_without_a_name_is_yaml_named_dash(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch, WRONG.read_bytes())
    code, out, _ = _run(capsys, "check", "-")
    assert code == EXIT_FINDINGS
    assert out.startswith("-:14:18: error nit/democracy-score-differs-from-mean")
    _stdin(monkeypatch, b"\xff\xfe not utf-8")
    code, out, _ = _run(capsys, "check", "-")
    assert code == EXIT_FINDINGS and "core/not-utf8" in out
    _stdin(monkeypatch, b"a: 1")
    code, out, _ = _run(capsys, "check", "-", "--stdin-filename", "book.xlsx")
    assert code == EXIT_FINDINGS and "core/unsupported-file" in out


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "fixtures/valid", "--stdin-filename", "x.yaml"],  # no `-`
        ["check", "-", "-"],
        ["check", "-", "--fix"],
    ],
)
def test_standard_input_misused_is_an_error_of_use(
    argv: list[str], capsys: pytest.CaptureFixture[str], in_root: None
) -> None:
    code, _, err = _run(capsys, *argv)
    assert code == EXIT_ERROR and "standard input" in err


# A folder tree: names from a small alphabet so that patterns match some of them.
_NAMES = st.text(alphabet="ab.", min_size=1, max_size=3).filter(lambda n: n not in (".", ".."))
_TREES = st.lists(st.lists(_NAMES, min_size=1, max_size=3), min_size=1, max_size=8)
_PATTERNS = st.lists(
    st.sampled_from(["a", "b*", "*.a", ".*", "a/b", "a*/*", "?", "ab", "*"]), max_size=3
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(trees=_TREES, exclude=st.none() | _PATTERNS, extend=_PATTERNS)
def test_exclude_leaves_out_exactly_what_a_pattern_matches(
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
    trees: list[list[str]],
    exclude: list[str] | None,
    extend: list[str],
) -> None:
    """A file is checked unless a pattern matches its name, or the name or path (below the
    folder given) of a folder above it, or its own path below that folder; --exclude
    replaces the default (hidden names), --extend-exclude adds to either."""
    root = tmp_path_factory.mktemp("tree")
    files: set[PurePosixPath] = set()
    for parts in trees:
        below = PurePosixPath(*parts[:-1], parts[-1] + ".yaml")
        if any(PurePosixPath(*below.parts[: i + 1]) in files for i in range(len(parts) - 1)):
            continue  # a file where a folder is wanted
        if any(f.parts[: len(below.parts)] == below.parts for f in files):
            continue
        (root / below).parent.mkdir(parents=True, exist_ok=True)
        (root / below).write_text(WRONG.read_text())
        files.add(below)
    patterns = [*(exclude if exclude is not None else [".*"]), *extend]

    def left_out(path: PurePosixPath) -> bool:
        prefixes = [PurePosixPath(*path.parts[: i + 1]) for i in range(len(path.parts))]
        return any(
            fnmatchcase(p.name, pattern) or fnmatchcase(str(p), pattern)
            for p in prefixes
            for pattern in patterns
        )

    expected = sorted(str(root / f) for f in files if not left_out(f))
    argv = ["check", str(root), "--format", "json", "--allow-empty", "--ignore", "core"]
    if exclude is not None:
        argv += ["--exclude", ",".join(exclude)] if exclude else ["--exclude", ""]
    for pattern in extend:
        argv += ["--extend-exclude", pattern]
    code = main(argv)
    out = capsys.readouterr().out
    if not expected:
        assert code == EXIT_CLEAN  # --allow-empty: said on stderr
        return
    checked = sorted({f["source"] for f in json.loads(out)["findings"]})
    assert checked == expected  # each checked file has the wrong Democracy Score


def test_a_file_named_is_checked_whatever_exclude_says(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hidden = tmp_path / ".draft.yaml"
    shutil.copy(WRONG, hidden)
    assert _run(capsys, "check", str(tmp_path), "--allow-empty")[0] == EXIT_CLEAN
    code, out, _ = _run(capsys, "check", str(hidden), "--extend-exclude", "*.yaml")
    assert code == EXIT_FINDINGS and os.fspath(hidden) in out


def test_the_configuration_excludes_and_the_flags_replace_or_extend_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`exclude` and `extend-exclude` of .report-validator.yaml, under the flags as ruff
    merges them: --exclude replaces the file's exclude, --extend-exclude adds to its own."""
    for name in ("a", "b", "c", ".d"):
        (tmp_path / name).mkdir()
        shutil.copy(WRONG, tmp_path / name / f"{name.strip('.')}.yaml")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".report-validator.yaml").write_text("exclude: [a]\nextend-exclude: [b]\n")
    monkeypatch.chdir(tmp_path)

    def checked(*flags: str) -> list[str]:
        found = _findings(capsys, "check", ".", "--ignore", "core", *flags)
        return sorted({Path(str(f["source"])).parent.name for f in found})

    assert checked() == [".d", "c"]  # the file's exclude replaced the default (.*)
    assert checked("--exclude", ".*") == ["a", "c"]  # the flag replaced the file's
    assert checked("--extend-exclude", "c") == [".d"]  # added to the file's b
    assert checked("--no-config") == ["a", "b", "c"]
    (tmp_path / ".report-validator.yaml").write_text("exclude: a\n")
    code, _, err = _run(capsys, "check", ".")
    assert code == EXIT_ERROR and "exclude must be a list" in err


@pytest.mark.parametrize("command", [["rules", "lint"], ["rules", "test"], ["import"]])
def test_quiet_leaves_out_only_the_closing_line(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str], in_root: None
) -> None:
    extra = ["fixtures/valid", "--out", str(tmp_path / "out")] if command == ["import"] else []
    code, loud, _ = _run(capsys, *command, *extra)
    if command == ["import"]:
        shutil.rmtree(tmp_path / "out")
    code_q, quiet, _ = _run(capsys, *command, *extra, "-q")
    assert code == code_q
    assert loud.splitlines()[:-1] == quiet.splitlines()


def test_the_python_api_leaves_out_what_its_settings_exclude() -> None:
    from validator.api import Checker
    from validator.config import Config

    everything = Checker.load(Config()).check([VALID])
    without_nit = Checker.load(Config(extend_exclude=("nit-*",))).check([VALID])
    nit = sum(1 for p in VALID.iterdir() if p.name.startswith("nit-"))
    assert nit and without_nit.documents == everything.documents - nit
    assert Config(exclude=()).skip == () and Config().skip == (".*",)
    assert Config(exclude=("a",), extend_exclude=("b", "a")).skip == ("a", "b")


@given(
    st.text(alphabet=".aY/", max_size=8).filter(lambda n: "/" not in n and n not in ("", ".", ".."))
)
def test_a_walk_chooses_a_reader_by_the_suffix_a_named_file_would_get(name: str) -> None:
    """A file found below a folder and the same file named on the command line are read
    alike: `....yaml` is YAML both ways (the walk used os.path.splitext, which says it has
    no suffix)."""
    from validator.sources import _suffix

    assert _suffix(name) == PurePosixPath(name).suffix.lower()


def test_standard_input_past_the_limit_is_a_finding_and_not_read_whole(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An endless stream (`yes | report-validator check -`) is read up to the limit for a
    text, then said; the run does not hold it all first."""
    from validator.sources.text import MAX_TEXT_BYTES

    class Endless(io.RawIOBase):
        asked = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
            Endless.asked += len(buffer)
            assert Endless.asked <= 2 * MAX_TEXT_BYTES, "read past the limit"
            buffer[:] = b"y" * len(buffer)
            return len(buffer)

    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BufferedReader(Endless())))
    code, out, _ = _run(capsys, "check", "-")
    assert code == EXIT_FINDINGS and "core/file-too-large" in out
