"""An audit stopped mid-run (Ctrl-C on a terminal, SIGTERM from a scheduler) writes valid
reports of what it finished; the progress bar shows on a terminal and nowhere else."""

from __future__ import annotations

import json
import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from validator.pipeline.progress import Progress

from .conftest import FIXTURES, ROOT

COPIES = 1500  # documents: a few seconds of work, so that a signal lands mid-run


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Many FIW documents, each its own country (no conflicts, no previous editions)."""
    folder = tmp_path_factory.mktemp("archive")
    text = (FIXTURES / "valid" / "fiw-2024-syria.yaml").read_text(encoding="utf-8")
    for i in range(COPIES):
        body = text.replace("country: Syria", f"country: Country {i:04d}")
        (folder / f"{i:04d}.yaml").write_text(body, encoding="utf-8")
    return folder


def _command(archive: Path, out: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "validator",
        "audit",
        str(archive),
        "--jobs",
        "2",
        "--json",
        str(out / "audit.json"),
        "--html",
        str(out / "audit.html"),
        *extra,
    ]


def _partial(out: Path) -> dict[str, object]:
    report: dict[str, object] = json.loads((out / "audit.json").read_text(encoding="utf-8"))
    audit = report["audit"]
    assert isinstance(audit, dict)
    assert audit["complete"] is False
    assert 0 < audit["files_read"] < audit["files"] == COPIES
    assert audit["documents_checked"] == audit["files_read"]  # whole files only
    html = (out / "audit.html").read_text(encoding="utf-8")
    assert 'id="partial"' in html and html.rstrip().endswith("</html>")
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temporary files left
    return audit


def _stop_mid_run(archive: Path, out: Path, signum: int) -> tuple[int, bytes, bytes]:
    """Run an audit with standard error on a terminal, wait until the progress bar counts
    documents, send `signum` as a terminal or a scheduler would (to every process of the
    group), and return the exit code, standard output and what the terminal showed."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        _command(archive, out),
        stdin=terminal,
        stdout=subprocess.PIPE,
        stderr=terminal,
        cwd=ROOT,
        start_new_session=True,
    )
    os.close(terminal)
    seen = b""
    deadline = time.monotonic() + 60

    def counting() -> bool:
        last = seen.split(b"\r")[-1]
        return b"documents" in last and b" 0 documents" not in last

    while not counting():
        assert time.monotonic() < deadline, seen[-500:]
        if select.select([controller], [], [], 1)[0]:
            seen += os.read(controller, 4096)
    os.killpg(process.pid, signum)
    try:
        stdout, _ = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:  # a hang: fail, and leave no process behind
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise AssertionError(f"the audit did not end within 60 s of {signum!r}") from None
    # no worker outlives the audit (none left in its process group)
    assert subprocess.run(["pgrep", "-g", str(process.pid)], capture_output=True).stdout == b""
    try:
        while select.select([controller], [], [], 0.2)[0]:
            seen += os.read(controller, 4096)
    except OSError:  # the terminal closed with the process
        pass
    os.close(controller)
    return process.returncode, stdout, seen


def test_ctrl_c_on_a_terminal_stops_cleanly_with_a_partial_report(
    archive: Path, tmp_path: Path
) -> None:
    code, stdout, seen = _stop_mid_run(archive, tmp_path, signal.SIGINT)
    assert code == 130, stdout
    assert b"/1,500 files" in seen  # the progress bar was drawn on the terminal
    assert b"PARTIAL: stopped by Ctrl-C while reading files" in stdout
    assert b"Traceback" not in seen + stdout
    audit = _partial(tmp_path)
    assert audit["stopped"] == "stopped by Ctrl-C while reading files"


def test_sigterm_stops_cleanly_with_a_partial_report(archive: Path, tmp_path: Path) -> None:
    code, stdout, seen = _stop_mid_run(archive, tmp_path, signal.SIGTERM)
    assert code == 130, stdout
    assert b"PARTIAL: stopped by SIGTERM while reading files" in stdout
    assert b"Traceback" not in seen + stdout
    _partial(tmp_path)


def test_no_progress_bar_off_a_terminal(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "validator", "audit", str(FIXTURES / "valid"), "--jobs", "2"],
        capture_output=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0
    assert done.stderr == b""
    assert done.stdout.rstrip().endswith(b"12 documents checked: no findings")


def test_the_progress_line_fits_the_terminal() -> None:
    progress = Progress(None)
    progress.start("files", 12_345)
    progress.advance(1234, 5678, 9)
    line = progress.line(80)
    assert len(line) <= 79
    assert "1,234/12,345 files" in line and "5,678 documents" in line and "9 findings" in line
    assert line.startswith("[") and "#" in line
    assert len(progress.line(20)) <= 19


def test_a_stop_ends_a_busy_worker() -> None:
    """A worker in the middle of a long task is ended by a stop, not left running."""
    from validator.pipeline.schedule import _Pool
    from validator.pipeline.work import Setup
    from validator.pipeline_findings import Selection
    from validator.sources.problems import PageOptions

    pool = _Pool(1, Setup(None, Selection(), PageOptions()))
    pool.executor.submit(time.sleep, 60)
    deadline = time.monotonic() + 30
    while not getattr(pool.executor, "_processes", None):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    processes = list(pool.executor._processes.values())
    started = time.monotonic()
    pool._stop(kill=True)
    assert processes
    # killed: gone as soon as the system has reaped it (a loaded CI machine took over 2 s once)
    while any(p.is_alive() for p in processes):
        assert time.monotonic() - started < 10
        time.sleep(0.05)
