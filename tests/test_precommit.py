"""The pre-commit hook, installed by the real pre-commit tool from this repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import FIXTURES, ROOT

_BESIDE = Path(sys.executable).with_name("pre-commit")
PRE_COMMIT = shutil.which("pre-commit") or (str(_BESIDE) if _BESIDE.exists() else None)


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=test", "-c", "user.email=test@example.invalid", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


@pytest.mark.skipif(
    PRE_COMMIT is None, reason="pre-commit is not installed (pip install '.[test]')"
)
@pytest.mark.skipif(
    not (ROOT / ".git").exists(), reason="try-repo needs this checkout to be a git repository"
)
def test_hook_fails_a_bad_file_and_passes_a_good_one(tmp_path: Path) -> None:
    repo = tmp_path / "reports"
    repo.mkdir()
    _git(repo, "init", "-q")
    good = repo / "nit" / "2018" / "kazakhstan.yaml"
    good.parent.mkdir(parents=True)
    good.write_text((FIXTURES / "valid" / "nit-2018-kazakhstan.yaml").read_text())
    bad = repo / "fiw" / "2024" / "kazakhstan.yaml"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        (FIXTURES / "valid" / "fiw-2024-kazakhstan.yaml")
        .read_text()
        .replace("total_score: 23", "total_score: 32")
    )
    _git(repo, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}

    def hook(*files: Path) -> subprocess.CompletedProcess[str]:
        chosen = ["--files", *(str(f.relative_to(repo)) for f in files)] if files else []
        return subprocess.run(
            [
                str(PRE_COMMIT),
                "try-repo",
                str(ROOT),
                "report-validator",
                "--verbose",
                *(chosen or ["--all-files"]),  # every file git has, names as git gives them
            ],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )

    failed = hook(bad)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "fiw/2024/kazakhstan.yaml" in failed.stdout
    assert "fiw/total-score-differs-from-sum" in failed.stdout
    assert "expected 23" in failed.stdout
    started = time.perf_counter()
    passed = hook(good)
    seconds = time.perf_counter() - started
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout
    # a file named like an option is a file to check, not an option that switches the
    # gate off (the hook's entry ends with --)
    trick = repo / "--select=none.yaml"
    trick.write_text(bad.read_text())
    workbook = repo / "book.csv"  # workbooks and CSV exports are checked too
    workbook.write_text("a,b\n1,2\n")
    _git(repo, "add", ".")
    tricked = hook()
    assert tricked.returncode == 1, tricked.stdout + tricked.stderr
    assert (
        "--select=none.yaml" in tricked.stdout
        and "fiw/total-score-differs-from-sum" in tricked.stdout
    )
    assert "book.csv" in tricked.stdout and "core/unknown-layout" in tricked.stdout
    print(f"pre-commit try-repo on one file (builds a fresh hook environment): {seconds:.2f} s")


@pytest.mark.skipif(
    PRE_COMMIT is None, reason="pre-commit is not installed (pip install '.[test]')"
)
@pytest.mark.skipif(
    not (ROOT / ".git").exists(), reason="try-repo needs this checkout to be a git repository"
)
def test_the_fix_hook_repairs_and_fails_so_the_change_is_reviewed(tmp_path: Path) -> None:
    """`report-validator-fix` rewrites a wrong total in place (comments kept) and fails the
    commit, as formatters do; run again on the repaired file, it passes."""
    repo = tmp_path / "reports"
    repo.mkdir()
    _git(repo, "init", "-q")
    good = (FIXTURES / "valid" / "fiw-2024-kazakhstan.yaml").read_text()
    path = repo / "fiw" / "2024" / "kazakhstan.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(
        "# checked against the all-data workbook\n"
        + good.replace("total_score: 23", "total_score: 32")
    )
    _git(repo, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}

    def hook() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                str(PRE_COMMIT),
                "try-repo",
                str(ROOT),
                "report-validator-fix",
                "--verbose",
                "--all-files",
            ],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )

    repaired = hook()
    assert repaired.returncode == 1, repaired.stdout + repaired.stderr
    assert "files were modified by this hook" in repaired.stdout
    assert "fixed /total_score: 32 -> 23" in repaired.stdout
    assert path.read_text() == "# checked against the all-data workbook\n" + good
    _git(repo, "add", ".")
    again = hook()
    assert again.returncode == 0, again.stdout + again.stderr
