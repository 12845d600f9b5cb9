"""`fix`: derived figures rewritten in place, every other byte kept.

Properties over random consistent documents of the three surveys (validator.testing), written
as YAML (with comments) and JSON: corrupting any set of the derived figures a fix writes and
running `fix` restores the original bytes exactly; `fix` is idempotent; it never writes a
primary figure; the fixed file checks clean.
"""

from __future__ import annotations

import copy
import functools
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from validator import pointer as jp
from validator.cli import main
from validator.document import Document
from validator.engine import Engine
from validator.packs.loading import RulePack
from validator.pipeline import fixing
from validator.pipeline.fix import run_fix
from validator.pipeline.fixing import fix, fixable_rules, value_of
from validator.pipeline.run import check_documents
from validator.sources import load_paths
from validator.sources.problems import PageOptions
from validator.testing import corrupt, derived_pointers, documents
from validator.value_edits import NotEditable, edit, token_end

from .conftest import FIXTURES


def _to_yaml(doc: dict[str, Any]) -> str:
    class Dumper(yaml.SafeDumper):
        pass

    Dumper.add_representer(
        Decimal, lambda d, v: d.represent_scalar("tag:yaml.org,2002:float", format(v, "f"))
    )
    body = yaml.dump(doc, Dumper=Dumper, sort_keys=False)
    # a comment at the top and one after a figure: kept by fix
    return "# transcribed by hand, checked twice\n" + body.replace("\n", "  # the survey\n", 1)


def _to_json(doc: dict[str, Any]) -> str:
    text = json.dumps(doc, indent=2, default=lambda o: f"@@{o}@@")  # Decimals as their digits
    return text.replace('"@@', "").replace('@@"', "") + "\n"


WRITERS = {".yaml": _to_yaml, ".json": _to_json}


def _fix(engine: Engine, packs: list[RulePack], path: Path, dry_run: bool = False) -> Any:
    docs, problems = load_paths([path])
    assert problems == []
    return run_fix(packs, engine, docs, False, None, dry_run, PageOptions())


def _fixable_pointers(
    engine: Engine, packs: list[RulePack], doc: dict[str, Any], shift: int = 1
) -> list[str]:
    """The derived figures of `doc` that a fix writes: corrupted alone (by `shift`), a
    fixable rule reports it with one value to write (a rating pushed off its scale is a range
    finding, not a figure to write)."""
    fixable = fixable_rules(packs)
    found = []
    for at in derived_pointers(doc):
        bad = corrupt(doc, at, shift)
        report = check_documents(engine, [Document("doc.yaml", bad)])
        here = [f for f in report.findings if f.pointer == at]
        writable = here and value_of(here[0].expected, jp.resolve(bad, at)) is not None
        if writable and all(f.rule in fixable for f in report.findings):
            found.append(at)
    return found


@pytest.mark.slow
@pytest.mark.parametrize("suffix", sorted(WRITERS))
@pytest.mark.parametrize("survey", ["nit", "fiw", "fotn"])
@given(data=st.data())
def test_fix_restores_corrupted_derived_figures_byte_for_byte(
    engine: Engine,
    packs: list[RulePack],
    tmp_path_factory: pytest.TempPathFactory,
    survey: str,
    suffix: str,
    data: st.DataObject,
) -> None:
    doc = data.draw(documents(survey))
    shift = data.draw(st.sampled_from([1, -1, 2]))
    pointers = _fixable_pointers(engine, packs, doc, shift)
    chosen = data.draw(
        st.lists(st.sampled_from(pointers), unique=True, min_size=1) if pointers else st.just([])
    )
    bad = doc
    for at in chosen:
        bad = corrupt(bad, at, shift)

    path = tmp_path_factory.mktemp("fix") / f"doc{suffix}"
    original = WRITERS[suffix](doc)
    corrupted = WRITERS[suffix](bad)
    path.write_text(corrupted)
    outcome = _fix(engine, packs, path)
    if outcome.fixed.suspects:
        # two corrupted figures that happen to agree with each other as printed (a score and
        # the total that adds it): the inputs may be the wrong ones, nothing is written
        assert path.read_text() == corrupted and outcome.fixed.report.findings
        return
    assert path.read_text() == original
    # each change once, at a derived figure, from the corrupted value to the original one
    assert sorted(c.pointer for c in outcome.fixed.changes) == sorted(chosen)
    assert outcome.fixed.report.findings == []
    # idempotent: nothing more to fix, not a byte changed
    again = _fix(engine, packs, path)
    assert again.changes == 0 and path.read_text() == original


@pytest.mark.slow
@pytest.mark.parametrize("survey", ["nit", "fiw", "fotn"])
@given(data=st.data())
def test_fix_never_writes_a_primary_figure(
    engine: Engine,
    packs: list[RulePack],
    tmp_path_factory: pytest.TempPathFactory,
    survey: str,
    data: st.DataObject,
) -> None:
    """A primary figure corrupted (an indicator, a NIT rating, a FOTN category): whatever fix
    writes, it is a derived figure, and the primary stays as written."""
    doc = data.draw(documents(survey))
    primaries = {
        "nit": [f"/ratings/{k}" for k in doc.get("ratings", {})],
        "fiw": [f"/indicators/{k}" for k in doc.get("indicators", {})],
        "fotn": [f"/categories/{k}" for k in doc.get("categories", {})],
    }[survey]
    at = data.draw(st.sampled_from(primaries))
    bad = corrupt(doc, at, 1)
    path = tmp_path_factory.mktemp("fix") / "doc.yaml"
    path.write_text(_to_yaml(bad))
    outcome = _fix(engine, packs, path)
    derived = set(derived_pointers(doc)) | {
        p for p in _all_pointers(doc) if not p.startswith(("/ratings", "/indicators"))
    }
    for change in outcome.fixed.changes:
        assert change.pointer != at and change.pointer in derived
    [fixed], _ = load_paths([path])
    assert jp.resolve(fixed.data, at) == jp.resolve(bad, at)


def _all_pointers(doc: Any, base: str = "") -> list[str]:
    if isinstance(doc, dict):
        return [p for k, v in doc.items() for p in _all_pointers(v, f"{base}/{k}")]
    if isinstance(doc, list):
        return [p for i, v in enumerate(doc) for p in _all_pointers(v, f"{base}/{i}")]
    return [base]


# -- the command --------------------------------------------------------------------------


def _copy(tmp_path: Path, name: str, old: str, new: str) -> Path:
    source = FIXTURES / "valid" / name
    target = tmp_path / name
    text = source.read_text()
    assert old in text
    target.write_text(text.replace(old, new))
    return target


def test_fix_writes_the_derived_figures_in_order_and_says_each_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """FIW 2024 Kazakhstan with its Political Rights score, total and status wrong: the score
    is written from the indicators, then the total; the status follows."""
    path = _copy(tmp_path, "fiw-2024-kazakhstan.yaml", "total_score: 23", "total_score: 32")
    original = (FIXTURES / "valid" / "fiw-2024-kazakhstan.yaml").read_text()
    assert main(["fix", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "fixed /total_score: 32 -> 23 (fiw/total-score-differs-from-sum)" in out
    assert out.rstrip().endswith("1 figures fixed in 1 files; 0 other findings")
    assert path.read_text() == original
    assert main(["fix", str(tmp_path)]) == 0  # nothing left to fix
    assert main(["check", str(tmp_path)]) == 0


def test_diff_writes_nothing_and_shows_a_unified_diff(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _copy(
        tmp_path, "nit-2018-kazakhstan.yaml", "democracy_score: 1.29", "democracy_score: 1.39"
    )
    before = path.read_text()
    assert main(["fix", "--diff", str(path)]) == 1
    out = capsys.readouterr().out
    assert "-democracy_score: 1.39\n+democracy_score: 1.29\n" in out
    assert f"{path}:15:18: would fix /democracy_score: 1.39 -> 1.29" in out
    assert path.read_text() == before


def test_a_chain_of_derived_figures_is_fixed_to_its_end(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """FOTN 2024 Kazakhstan: the total and the status both wrong; the total is written from
    the categories, then the status from the total's band."""
    path = _copy(tmp_path, "fotn-2024-kazakhstan.yaml", "total_score: 34", "total_score: 44")
    text = path.read_text().replace("status: Not Free", "status: Partly Free")
    path.write_text(text)
    assert main(["fix", str(path)]) == 1
    assert path.read_text() == (FIXTURES / "valid" / "fotn-2024-kazakhstan.yaml").read_text()


def test_report_pages_and_workbooks_are_never_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "page.txt"
    text = (FIXTURES / "pages" / "fotn-2023-kazakhstan.txt").read_text()
    page.write_text(text.replace("\n34\n100\n", "\n35\n100\n"))
    before = page.read_bytes()
    assert main(["fix", str(page)]) == 1
    out = capsys.readouterr().out
    assert (
        f"{page}:2:1: would fix /total_score: 35 -> 34 (fotn/total-score-differs-from-sum)" in out
    )
    assert "1 in report pages or workbooks, which are not written" in out
    assert page.read_bytes() == before


def test_a_range_or_two_values_is_not_written_and_its_finding_stays(
    engine: Engine, packs: list[RulePack], tmp_path: Path
) -> None:
    """NIT 2023 Kazakhstan (a page of its summary): a percentage off what its score allows is
    a range ("5.25 to 5.42"), not a value to write."""
    page = tmp_path / "page.txt"
    text = (FIXTURES / "pages" / "nit-2023-kazakhstan-summary.txt").read_text()
    page.write_text(text.replace("Percentage 5.36 100", "Percentage 5.46 100"))
    outcome = _fix(engine, packs, page)
    assert outcome.changes == 0
    assert [f.rule for f in outcome.fixed.report.findings] == [
        "nit/democracy-percentage-differs-from-score"
    ]


def test_unsafe_fixes_take_last_years_figures_from_the_previous_edition(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """FIW 2023 Kazakhstan states last year's total; FIW 2022 in the run gives 23."""
    (tmp_path / "fiw-2022-kazakhstan.yaml").write_text(
        (FIXTURES / "valid" / "fiw-2022-kazakhstan.yaml").read_text()
    )
    path = _copy(
        tmp_path,
        "fiw-2023-kazakhstan.json",
        '"last_year": {"total_score": 23',
        '"last_year": {"total_score": 24',
    )
    # safe fixes only: nothing written, and the error stays: exit 1 (a fix-only step must not
    # go green over it; issue 25, item 6)
    assert main(["fix", str(tmp_path)]) == 1
    assert '"total_score": 24' in path.read_text()
    assert main(["fix", "--unsafe-fixes", str(tmp_path)]) == 1
    assert '"last_year": {"total_score": 23' in path.read_text()


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fix", str(tmp_path / "absent")]) == 2
    assert main(["fix", str(tmp_path)]) == 2  # an empty folder: nothing was fixed, said


@pytest.mark.parametrize(
    ("row", "column", "is_json", "value", "expected"),
    [
        ("status: Not Free  # checked\n", 9, False, "Free", "status: Free  # checked\n"),
        ("status: 'Not Free'\n", 9, False, "Free", "status: 'Free'\n"),
        ('status: "Not Free"\n', 9, False, "Free", 'status: "Free"\n'),
        ("x: {a: 1.50, b: 2}\n", 8, False, Decimal("1.25"), "x: {a: 1.25, b: 2}\n"),
        ('  "total_score": 23,\n', 18, True, 24, '  "total_score": 24,\n'),
        ('{"status": "Free"}\n', 12, True, "Not Free", '{"status": "Not Free"}\n'),
    ],
)
def test_a_value_is_rewritten_in_its_own_style(
    row: str, column: int, is_json: bool, value: Any, expected: str
) -> None:
    assert edit(row, is_json, [(1, column, value)]) == expected


def test_a_value_that_is_not_on_its_line_is_not_edited() -> None:
    with pytest.raises(NotEditable):
        token_end('s: "a\n', 3, False)
    with pytest.raises(NotEditable):
        token_end("s: |\n", 3, False)


def test_the_fix_hook_is_declared_for_pre_commit() -> None:
    hooks = yaml.safe_load((Path(__file__).parent.parent / ".pre-commit-hooks.yaml").read_text())
    fix = next(h for h in hooks if h["id"] == "report-validator-fix")
    assert fix["entry"] == "report-validator hook fix"
    assert subprocess.run([sys.executable, "-c", "import validator.pipeline.fix"]).returncode == 0


def test_a_figure_its_derived_figures_corroborate_is_not_fixed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One indicator mistyped (A3 1 -> 2): the indicators give subcategory A 2 and a Political
    Rights score of 6; the page says 1 and 5, and its total (23 = 5 + 18) agrees with 5. The
    score is not the likely culprit: nothing is written, and the fix says why."""
    path = _copy(tmp_path, "fiw-2024-kazakhstan.yaml", "A3: 1", "A3: 2")
    before = path.read_text()
    assert main(["fix", str(path)]) == 1  # nothing fixed, and the error stays
    out = capsys.readouterr().out
    assert (
        "not fixed: /subcategories/A 1, /political_rights_score 5 agree with /total_score 23 "
        "as printed (fiw/total-score-differs-from-sum)" in out
    )
    assert path.read_text() == before
    assert main(["check", str(path)]) == 1  # the finding stays


def test_check_fix_writes_first_then_checks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`check --fix`: the fixes said on stderr (stdout is the report, here JSON), the files
    checked as fixed, exit 1 because files changed; then nothing to fix, exit 0."""
    path = _copy(
        tmp_path, "nit-2018-kazakhstan.yaml", "democracy_score: 1.29", "democracy_score: 1.39"
    )
    assert main(["check", "--fix", str(path), "--format", "json"]) == 1
    captured = capsys.readouterr()
    assert "fixed /democracy_score: 1.39 -> 1.29" in captured.err
    assert json.loads(captured.out)["findings"] == []
    assert path.read_text() == (FIXTURES / "valid" / "nit-2018-kazakhstan.yaml").read_text()
    assert main(["check", "--fix", str(path)]) == 0


def test_line_endings_are_kept(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file written on Windows keeps its CRLF line endings: only the value changes."""
    original = (FIXTURES / "valid" / "nit-2018-kazakhstan.yaml").read_text().replace("\n", "\r\n")
    path = tmp_path / "nit.yaml"
    path.write_bytes(original.replace("democracy_score: 1.29", "democracy_score: 1.30").encode())
    assert main(["fix", str(path)]) == 1
    assert path.read_bytes() == original.encode()


def test_a_byte_order_mark_is_kept(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    original = (FIXTURES / "valid" / "fiw-2023-kazakhstan.json").read_text()
    path = tmp_path / "fiw.json"
    bad = original.replace('"status": "Not Free",', '"status": "Free",', 1)
    path.write_bytes(b"\xef\xbb\xbf" + bad.encode())
    assert main(["fix", str(path)]) == 1
    assert path.read_bytes() == b"\xef\xbb\xbf" + original.encode()


def test_a_file_that_cannot_be_edited_keeps_its_finding_counted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from validator.pipeline import fix as fix_command

    def refuse(*args: Any) -> str:
        raise NotEditable("a test refuses it")

    monkeypatch.setattr(fix_command, "_edited", refuse)
    path = _copy(
        tmp_path, "nit-2018-kazakhstan.yaml", "democracy_score: 1.29", "democracy_score: 1.39"
    )
    before = path.read_text()
    assert main(["fix", str(path)]) == 1  # its error stays: the run does not pass
    out = capsys.readouterr().out
    assert f"{path}: not fixed: a test refuses it" in out
    assert out.rstrip().endswith(
        "0 figures fixed in 0 files; 1 other findings (report-validator check lists them)"
    )
    assert path.read_text() == before


def test_a_finding_left_in_one_document_never_undoes_a_fix_in_another(
    engine: Engine, packs: list[RulePack], tmp_path: Path
) -> None:
    """Two files fixed in one run, a finding at the same pointer in each: Kazakhstan's wrong
    status is written, Syria's status outside the schema's words stays; a leftover finding
    is matched to its own document, not by its pointer alone."""
    kazakhstan, syria = tmp_path / "kazakhstan.yaml", tmp_path / "syria.yaml"
    text = (FIXTURES / "valid" / "fiw-2024-kazakhstan.yaml").read_text()
    kazakhstan.write_text(text.replace("status: Not Free", "status: Free", 1))
    text = (FIXTURES / "valid" / "fiw-2024-syria.yaml").read_text()
    syria.write_text(text.replace("status: Not Free", "status: Not Freeish", 1))
    docs, problems = load_paths([tmp_path])
    assert problems == [] and len(docs) == 2
    outcome = run_fix(packs, engine, docs, False, None, False, PageOptions())
    assert [(c.source, c.pointer, c.new) for cs in outcome.written.values() for c in cs] == [
        (str(kazakhstan), "/status", "Not Free")
    ]
    assert "status: Not Free\n" in kazakhstan.read_text()
    assert outcome.fixed is not None
    assert [(f.source, f.pointer) for f in outcome.fixed.report.findings] == [
        (str(syria), "/status")
    ]


@functools.cache
def _valid_documents() -> list[Document]:
    docs, problems = load_paths(sorted((FIXTURES / "valid").glob("*")))
    assert problems == [] and len(docs) >= 10
    return docs


@pytest.mark.slow
@given(data=st.data(), shift=st.sampled_from([1, -1, 2]), unsafe=st.booleans())
def test_fix_checking_again_only_what_a_change_touches_says_what_whole_runs_say(
    engine: Engine,
    packs: list[RulePack],
    data: st.DataObject,
    shift: int,
    unsafe: bool,
) -> None:
    """`fix` checks again, after each round, only the documents a change can touch (its
    record's other editions and sources, a group over its source): the reference checks the
    whole run every time. Several documents of one record (Kazakhstan's FIW 2022-2024, its
    FOTN 2023-2024), a record given twice (a second source), unrelated ones, derived figures
    corrupted in some (last year's too, which `--unsafe` writes from the previous edition):
    the same figures written, the same suspects, the same findings."""
    valid = _valid_documents()
    kazakhstan = [d for d in valid if "kazakhstan" in d.source and "nit" not in d.source]
    others = [d for d in valid if d not in kazakhstan]
    docs = kazakhstan + data.draw(
        st.lists(st.sampled_from(others), max_size=2, unique_by=lambda d: d.source)
    )
    docs += [
        Document(f"generated-{i}.yaml", doc)
        for i, doc in enumerate(data.draw(st.lists(documents(), max_size=1)))
    ]
    twice = data.draw(st.sampled_from(docs))
    docs.append(Document("again-" + Path(twice.source).name, copy.deepcopy(twice.data)))
    for i, doc in enumerate(docs):
        last_year = [f"/last_year/{k}" for k in doc.data.get("last_year", {})]
        at = data.draw(
            st.lists(st.sampled_from(derived_pointers(doc.data) + last_year), max_size=2)
        )
        bad = doc.data
        for pointer in at:
            bad = corrupt(bad, pointer, shift)
        docs[i] = Document(doc.source, bad)
    fixable = fixable_rules(packs, unsafe)

    def outcome() -> Any:
        fixed = fix(engine, docs, fixable)
        return (
            [d.data for d in fixed.documents],
            fixed.changes,
            fixed.suspects,
            sorted(map(repr, fixed.report.findings)),
            fixed.report.coverage.total_checked,
        )

    incremental = outcome()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            fixing._Related, "again", lambda self, found, changed: self.check(self.docs).findings
        )
        assert incremental == outcome()
