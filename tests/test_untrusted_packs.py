"""Rule packs are data from possibly untrusted authors (issue 6): a pack cannot run code,
import modules, read or write files beyond what the run was given, or make the run hang or
exhaust memory. A bad pack is findings at file:line and exit code 2, nothing checked.

The strongest evidence is the interpreter's own audit log (PEP 578): while a hostile pack
is loaded and used, no module is imported, no process started, no code compiled or
executed, and no file opened outside the pack, the document and the bundled data.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, ROOT
from validator.cli import main
from validator.packs.cache import cache_dir

DOCUMENT = FIXTURES / "valid" / "nit-2018-kazakhstan.yaml"
NIT_PACK = ROOT / "rules" / "nit.yaml"

_events: list[tuple[str, tuple[Any, ...]]] | None = None


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if _events is not None:
        _events.append((event, args))


sys.addaudithook(_hook)  # hooks cannot be removed; it records only inside `_audited`


class _Audit:
    def __init__(self) -> None:
        self.events: list[tuple[str, tuple[Any, ...]]] = []

    def of(self, *names: str) -> list[tuple[str, tuple[Any, ...]]]:
        return [e for e in self.events if e[0] in names]


def _audited() -> Iterator[_Audit]:
    global _events
    audit = _Audit()
    _events = audit.events
    try:
        yield audit
    finally:
        _events = None


@pytest.fixture
def audited(capsys: pytest.CaptureFixture[str]) -> Iterator[_Audit]:
    """The audit events of the test's body, after a warm-up run with the bundled packs has
    imported every module and built every type a check needs."""
    main(["check", str(FIXTURES / "valid")])
    capsys.readouterr()
    yield from _audited()


def _pack(folder: Path, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "pack.yaml").write_text(text)
    return folder


def _check(rules: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["check", str(DOCUMENT), "--rules", str(rules)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out + err


EVIL_RULE = """\
pack: evil
summary: a pack from a pull request
survey: nit
rules:
  r:
    summary: s
    rationale: r
    fix: f
    source: s
    severity: error
    check: {check}
    at: /ratings/*
    params: {params}
"""


def _rule(check: str = "range", params: str = "{min: 1, max: 7, step: 0.25}") -> str:
    return EVIL_RULE.format(check=check, params=params)


HOSTILE: dict[str, tuple[str, int]] = {
    # the pack text, the line of the finding
    "python-object-tag": (
        "pack: evil\nsummary: !!python/object/apply:os.system ['touch {canary}']\nrules: {{}}\n",
        2,
    ),
    "python-name-tag": ("pack: !!python/name:os.system\nsummary: x\nrules: {{}}\n", 1),
    "kind-naming-a-function": (_rule(check="os.system"), 11),
    "kind-naming-a-module": (_rule(check="validator.cli.main"), 11),
    "unknown-parameter": (_rule(params="{min: 1, max: 7, step: 0.25, eval: 'import os'}"), 13),
    "billion-laughs": (
        "pack: evil\nsummary: x\na: &a [1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
        "c: [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n",
        3,
    ),
    "deep-nesting": ("pack: evil\nsummary: x\nrules: " + "[" * 5000 + "]" * 5000 + "\n", 3),
    "huge-number": (_rule(params="{min: 1, max: 1e99999999999, step: 0.25}"), 13),
    "rounding-to-a-billion-decimals": (
        _rule(
            check="mean_equals",
            params="{value: /democracy_score, parts: [/ratings/*], digits: 1000000000}",
        ),
        13,
    ),
    "a-thousand-steps": (
        _rule(
            check="linear_formula",
            params="{value: /democracy_percentage, input: {mean: [/ratings/*]}, digits: 2, steps: ["
            + ", ".join(["{op: multiply, by: 100000000000000}"] * 1000)
            + "]}",
        ),
        13,
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_pack_is_refused_with_its_line(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], audited: _Audit
) -> None:
    canary = tmp_path / "ran"
    text, line = HOSTILE[case]
    rules = _pack(tmp_path / "rules", text.replace("{canary}", str(canary)).replace("{{}}", "{}"))
    code, output = _check(rules, capsys)
    assert code == 2
    assert f"{rules / 'pack.yaml'}:{line}:" in output
    assert "core/invalid-rule-pack" in output
    assert "nothing was checked" in output
    assert not canary.exists()
    assert audited.of("os.system", "subprocess.Popen", "exec", "compile") == []
    assert audited.of("import") == []


def test_a_pack_reads_nothing_but_itself_and_the_run_s_inputs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], audited: _Audit
) -> None:
    text = NIT_PACK.read_text().replace("pack: nit", "pack: mine", 1)
    rules = _pack(tmp_path / "rules", text)
    audited.events.clear()
    code, output = _check(rules, capsys)
    assert code == 0, output
    # a file descriptor opened again as a stream (os.fdopen: the path was audited at os.open)
    opened = {
        Path(str(args[0])).resolve()
        for _, args in audited.of("open")
        if args[0] and not isinstance(args[0], int)
    }
    allowed = (
        rules.resolve(),
        DOCUMENT.resolve(),
        (ROOT / "schemas").resolve(),
        (ROOT / "rules").resolve(),  # the bundled packs, which a pack given adds to
        cache_dir().resolve(),  # the run's own cache of loaded packs
        *(
            p.resolve()
            for p in (Path.cwd() / "pyproject.toml", Path.cwd() / ".report-validator.yaml")
        ),
    )
    assert opened and all(
        any(path == root or path.is_relative_to(root) for root in allowed) for path in opened
    ), sorted(map(str, opened))
    assert audited.of("import") == []
    assert audited.of("os.system", "subprocess.Popen", "exec", "compile") == []


def test_a_link_out_of_the_pack_folder_is_not_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("pack: SECRET-CONTENT\n")
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "leak.yaml").symlink_to(secret)
    code, output = _check(rules, capsys)
    assert code == 2
    assert f"{rules / 'leak.yaml'}:1:1" in output
    assert "SECRET-CONTENT" not in output


def test_a_schema_linked_out_of_the_pack_folder_is_not_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "secret.json"
    secret.write_text('{"SECRET-CONTENT": 1')  # not even JSON: its text would be in the error
    rules = _pack(tmp_path / "rules", NIT_PACK.read_text().replace("pack: nit", "pack: mine", 1))
    (rules / "leak.schema.json").symlink_to(secret)
    code, output = _check(rules, capsys)
    assert code == 2
    assert "a symbolic link that leads outside the rule-pack folder: not read" in output
    assert "SECRET-CONTENT" not in output


def test_an_oversized_pack_is_not_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rules = _pack(tmp_path / "rules", "pack: big\nsummary: " + "x" * 2_000_000 + "\n")
    code, output = _check(rules, capsys)
    assert code == 2
    assert "larger than the limit" in output


@pytest.mark.parametrize(
    ("pack", "document"),
    [
        # exact grid checks on numbers at the loader's bounds: no Decimal context error
        (_rule(params="{min: -99999999999999, max: 99999999999999, step: 1.0e-29}"), None),
        # a glob that backtracks exponentially in a naive matcher, against a 100,000
        # character key: segments are matched with atomic groups (fnmatch.translate). The
        # pack brings a survey whose schema allows any key (the NIT schema allows no such
        # key, and the pointer would be refused before the run)
        (
            _rule()
            .replace("survey: nit", "survey: open")
            .replace("at: /ratings/*", "at: /ratings/" + "*a" * 30 + "*b"),
            # JSON: a YAML key is at most 1,024 characters
            '{"survey": "open", "country": "X", "edition": 1, "ratings": {"%s": 1}}'
            % ("a" * 100_000),
        ),
    ],
    ids=["tiny-step", "pathological-wildcard"],
)
def test_a_pack_cannot_make_the_run_hang(pack: str, document: str | None, tmp_path: Path) -> None:
    """Run in a process of its own, so that a hang fails the test instead of the suite."""
    rules = _pack(tmp_path / "rules", pack)
    (rules / "open.schema.json").write_text('{"type": "object"}')
    target = DOCUMENT
    if document is not None:
        target = tmp_path / ("document.json" if document.startswith("{") else "document.yaml")
        target.write_text(document)
    done = subprocess.run(
        [sys.executable, "-m", "validator", "check", str(target), "--rules", str(rules)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "Traceback" not in done.stderr
    if document is None:
        assert done.returncode == 0, done.stdout + done.stderr
    else:  # the key matches no glob: no rule compared a figure, and the run says so (exit 2)
        assert done.returncode == 2 and "nothing was checked" in done.stderr, done.stderr
