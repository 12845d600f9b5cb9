"""The pre-commit hook, installed by the real pre-commit tool from this repository."""

from __future__ import annotations

import fcntl
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


def _snapshot(folder: Path) -> tuple[Path, str]:
    """This checkout as it is (uncommitted work too), committed in a repository of its own:
    what a user's `.pre-commit-config.yaml` names with `repo:` and `rev:`."""
    source = folder / "report-validator"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(source)], check=True)
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, listed):
        path = ROOT / os.fsdecode(name)
        if path.is_file():
            (source / os.fsdecode(name)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, source / os.fsdecode(name))
    _git(source, "add", "-A")
    _git(source, "commit", "-q", "--allow-empty", "-m", "snapshot")
    sha = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=source, capture_output=True, text=True, check=True
    ).stdout.strip()
    return source, sha


@pytest.fixture(scope="session")
def hook_repository(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, Path]:
    """One snapshot of this checkout and one pre-commit cache for every pre-commit test, on
    every xdist worker (made once, under a lock, beside the workers' own temporary folders):
    pre-commit builds the hook's environment once for the snapshot's commit, as for a user
    whose configuration names one `rev:`, instead of once per test."""
    base = tmp_path_factory.getbasetemp()
    # under xdist each worker's folder is below the session's; alone, the session's is it
    shared = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "pre-commit"
    shared.mkdir(exist_ok=True)
    with (shared / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        made = shared / "sha"
        if not made.exists():
            _, sha = _snapshot(shared)
            made.write_text(sha)
        return shared / "report-validator", made.read_text(), shared / "cache"


def _hook(
    repo: Path,
    hook_repository: tuple[Path, str, Path],
    hook_id: str,
    files: tuple[Path, ...] = (),
    args: str = "",
) -> subprocess.CompletedProcess[str]:
    """`pre-commit run` of one hook of the snapshot, named in the repository's
    `.pre-commit-config.yaml` as a user names it (`repo:`, `rev:`); every file git has when
    no file is given, names as git gives them."""
    source, sha, cache = hook_repository
    (repo / ".pre-commit-config.yaml").write_text(
        "repos:\n"
        f"  - repo: {source}\n"
        f"    rev: {sha}\n"
        "    hooks:\n"
        f"      - id: {hook_id}\n"
        "        exclude: ^\\.pre-commit-config\\.yaml$\n"
        f"{args}"
    )
    _git(repo, "add", ".pre-commit-config.yaml")
    chosen = ["--files", *(str(f.relative_to(repo)) for f in files)] if files else ["--all-files"]
    return subprocess.run(
        [str(PRE_COMMIT), "run", hook_id, "--verbose", *chosen],
        cwd=repo,
        env={**os.environ, "PRE_COMMIT_HOME": str(cache)},
        capture_output=True,
        text=True,
        timeout=900,
    )


@pytest.mark.skipif(
    PRE_COMMIT is None, reason="pre-commit is not installed (pip install '.[test]')"
)
@pytest.mark.skipif(
    not (ROOT / ".git").exists(), reason="a snapshot is cloned from this checkout's git"
)
def test_hook_fails_a_bad_file_and_passes_a_good_one(
    tmp_path: Path, hook_repository: tuple[Path, str, Path]
) -> None:
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

    def hook(*files: Path) -> subprocess.CompletedProcess[str]:
        return _hook(repo, hook_repository, "report-validator", files)

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
    print(f"pre-commit run on one file, hook environment built: {seconds:.2f} s")


@pytest.mark.skipif(
    PRE_COMMIT is None, reason="pre-commit is not installed (pip install '.[test]')"
)
@pytest.mark.skipif(
    not (ROOT / ".git").exists(), reason="a snapshot is cloned from this checkout's git"
)
def test_the_fix_hook_repairs_and_fails_so_the_change_is_reviewed(
    tmp_path: Path, hook_repository: tuple[Path, str, Path]
) -> None:
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

    def hook() -> subprocess.CompletedProcess[str]:
        return _hook(repo, hook_repository, "report-validator-fix")

    repaired = hook()
    assert repaired.returncode == 1, repaired.stdout + repaired.stderr
    assert "files were modified by this hook" in repaired.stdout
    assert "fixed /total_score: 32 -> 23" in repaired.stdout
    assert path.read_text() == "# checked against the all-data workbook\n" + good
    _git(repo, "add", ".")
    again = hook()
    assert again.returncode == 0, again.stdout + again.stderr


@pytest.mark.skipif(
    PRE_COMMIT is None, reason="pre-commit is not installed (pip install '.[test]')"
)
@pytest.mark.skipif(
    not (ROOT / ".git").exists(), reason="a snapshot is cloned from this checkout's git"
)
def test_the_readmes_hook_configurations_work_as_documented(
    tmp_path: Path, hook_repository: tuple[Path, str, Path]
) -> None:
    """Issue 25, item 5, through the real pre-commit: the README's configuration with
    `args: [--previous-root, reports]` (it failed every commit: the entry ended with `--`);
    `previous-root` of .report-validator.yaml (the entry's overrode it); a commit that
    changes the configuration and a rule pack (it failed with core/unknown-survey); a file
    named like an option is still a file."""
    repo = tmp_path / "data"
    repo.mkdir()
    _git(repo, "init", "-q")
    kazakhstan = (FIXTURES / "valid" / "fiw-2024-kazakhstan.yaml").read_text()
    # the FIW 2023 page states last year's total and status: compared with FIW 2022, found
    # under the previous root
    this_year = repo / "reports" / "fiw" / "2023" / "kazakhstan.txt"
    this_year.parent.mkdir(parents=True)
    this_year.write_text((FIXTURES / "pages" / "fiw-2023-kazakhstan.txt").read_text())
    last_year = repo / "reports" / "fiw" / "2022" / "kazakhstan.yaml"
    last_year.parent.mkdir(parents=True)
    last_year.write_text((FIXTURES / "valid" / "fiw-2022-kazakhstan.yaml").read_text())

    def run(args: str, *files: Path) -> subprocess.CompletedProcess[str]:
        _git(repo, "add", "-A")
        return _hook(
            repo, hook_repository, "report-validator", files, "        files: ^reports/\n" + args
        )

    # the README's configuration: args after the entry are options, the previous edition is
    # found under reports/ (no core/previous-edition-missing)
    done = run("        args: [--previous-root, reports]\n", this_year)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "previous-edition-missing" not in done.stdout and "100% checked" in done.stdout
    # the same root from .report-validator.yaml, no args
    (repo / ".report-validator.yaml").write_text("previous-root: reports\n")
    done = run("", this_year)
    assert done.returncode == 0 and "previous-edition-missing" not in done.stdout, done.stdout
    # without either, the repository's top: the previous edition is not there, and said
    (repo / ".report-validator.yaml").unlink()
    done = run("        args: [--coverage]\n", this_year)
    assert "previous-edition-missing" in done.stdout, done.stdout
    # a commit that changes the configuration and a rule pack under reports/: not checked
    # as reports (said), and the report beside them still is
    (repo / "reports" / ".report-validator.yaml").write_text("fail-on: warning\n")
    pack = repo / "reports" / "our-pack.yaml"
    pack.write_text((ROOT / "rules" / "nit.yaml").read_text().replace("pack: nit", "pack: ours"))
    done = run("", this_year, pack, repo / "reports" / ".report-validator.yaml")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "unknown-survey" not in done.stdout and "own configuration" in done.stdout
    # a wrong figure in a file named like an option: found, never taken as an option
    trick = repo / "reports" / "--fail-on=info.yaml"
    trick.write_text(kazakhstan.replace("total_score: 23", "total_score: 32"))
    done = run("        args: [--previous-root, reports]\n", trick)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "fiw/total-score-differs-from-sum" in done.stdout
