"""No data loss (issue 6): inputs are never modified, every write is whole or not at all,
and a write over a file the run reads is refused."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from validator import atomic
from validator.cli import main


def _digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(FIXTURES / "valid", folder)
    shutil.copytree(FIXTURES / "invalid", folder / "invalid")
    return folder


def test_a_check_with_every_output_leaves_its_inputs_as_they_were(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _digests(data)
    out = tmp_path / "out"
    out.mkdir()
    args = ["check", str(data), "--write-baseline", str(out / "baseline.json")]
    for fmt in ("text", "json", "sarif", "junit", "github"):
        args += ["--format", fmt, "--output", str(out / f"report.{fmt}")]
    assert main(args) == 0  # --write-baseline exits 0
    assert main(["check", str(data), "--baseline", str(out / "baseline.json")]) == 0
    assert main(["import", str(data), "--out", str(out / "imported")]) == 1
    capsys.readouterr()
    assert _digests(data) == before
    assert sorted(p.name for p in out.iterdir()) == [
        "baseline.json",
        "imported",
        "report.github",
        "report.json",
        "report.junit",
        "report.sarif",
        "report.text",
    ]


def test_an_output_over_an_input_is_refused(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = data / "fiw-2024-syria.yaml"
    before = target.read_bytes()
    assert main(["check", str(target), "--format", "json", "--output", str(target)]) == 2
    assert main(["check", str(data), "--write-baseline", str(target)]) == 2
    err = capsys.readouterr().err
    assert "not overwritten" in err
    assert target.read_bytes() == before


def test_an_earlier_report_in_the_checked_folder_is_replaced(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = data / "report.json"
    one = ["check", str(data / "fiw-2024-syria.yaml"), "--format", "json", "--output", str(report)]
    assert main(one) == 0
    first = report.read_text()
    assert main(["check", str(data), "--write-baseline", str(data / "baseline.json")]) == 0
    assert main(["check", str(data), "--write-baseline", str(data / "baseline.json")]) == 0
    everything = ["check", str(data), "--format", "json", "--output", str(report)]
    assert main(everything) == 1  # the report of the first run is replaced, not refused
    assert json.loads(report.read_text())["summary"]["documents"] > 1
    assert main(one) == 0
    assert report.read_text() == first
    capsys.readouterr()


def test_import_never_writes_over_its_sources(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "canonical"
    assert main(["import", str(FIXTURES / "valid" / "fiw-2024-syria.yaml"), "--out", str(out)]) == 0
    [written] = list(out.rglob("*.yaml"))
    written.write_text(written.read_text().replace("total_score: 1", "total_score: 1 # edited"))
    before = written.read_bytes()
    assert main(["import", str(out), "--out", str(out)]) == 1
    assert "not overwritten" in capsys.readouterr().out
    assert written.read_bytes() == before


def test_an_interrupted_write_leaves_the_old_file_and_no_debris(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.json"
    target.write_text("the previous report\n")
    target.chmod(0o640)

    def interrupted(src: str, dst: str) -> None:
        raise KeyboardInterrupt  # Ctrl-C between writing and renaming

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic.write_text(target, "x" * 1_000_000)
    assert target.read_text() == "the previous report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]
    monkeypatch.undo()
    atomic.write_text(target, "the new report\n")
    assert target.read_text() == "the new report\n"
    assert target.stat().st_mode & 0o777 == 0o640  # the file keeps its permissions
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_a_write_replaces_the_file_rather_than_rewriting_it(tmp_path: Path) -> None:
    """A reader holding the old file keeps reading the whole old file."""
    target = tmp_path / "baseline.json"
    target.write_text("old\n")
    with target.open() as reader:
        atomic.write_text(target, "new\n")
        assert reader.read() == "old\n"
    assert target.read_text() == "new\n"


@pytest.mark.parametrize("option", [["--format", "json", "--output"], ["--write-baseline"]])
def test_a_report_or_baseline_that_cannot_be_written_is_a_usage_error(
    option: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "no" / "such" / "folder" / "report.json"
    code = main(["check", str(FIXTURES / "valid"), *option, str(missing)])
    err = capsys.readouterr().err
    assert code == 2
    assert "cannot write" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "content",
    [b"\x86\x00binary", b"[" * 100_000, b'{"version": 1, "findings": 5}', b"[]", b""],
    ids=["binary", "deep", "findings-not-a-list", "a-list", "empty"],
)
def test_a_broken_baseline_is_a_usage_error(
    content: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    baseline = tmp_path / "baseline.json"
    baseline.write_bytes(content)
    code = main(["check", str(FIXTURES / "valid"), "--baseline", str(baseline)])
    err = capsys.readouterr().err
    assert code == 2
    assert "cannot read the baseline" in err or "not a report-validator baseline" in err
    assert "Traceback" not in err
