"""One run for every entry point: `check`, `audit --jobs 1` and `audit --jobs 2` give the same
findings, coverage and exit code on generated runs of many files and folders, and the
audit's tallies equal tallies computed here from `check --format json` and from the
documents themselves (issue 25). Also the three places where the two had drifted apart."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from validator.cli import main
from validator.sources import load_paths
from validator.testing import corrupt, derived_pointers, documents

from .conftest import FIXTURES
from .test_properties import _to_json, _to_yaml

# a plug-in index whose ranks are over the whole run (`scope: run`): its records sit in
# different files, as one country per file
RANK_PACK = """pack: x
summary: an index with ranks
survey: x
rules:
  rank-differs-from-scores:
    summary: s
    rationale: r
    fix: f
    source: s
    severity: error
    check: aggregate
    at: /rank
    params:
      {value: /rank, of: rank, field: /score, group: {survey: x, match: [/edition], scope: run}}
"""
RANK_SCHEMA = {
    "type": "object",
    "required": ["survey", "country", "edition", "score", "rank"],
    "properties": {"score": {"type": "integer"}, "rank": {"type": "integer"}},
}


def _pack(tmp_path: Path) -> Path:
    folder = tmp_path / "packs"
    folder.mkdir(exist_ok=True)
    (folder / "x.yaml").write_text(RANK_PACK)
    (folder / "x.schema.json").write_text(json.dumps(RANK_SCHEMA))
    return folder


def _check(paths: list[Path], out: Path, *options: str) -> tuple[int, dict[str, Any]]:
    code = main(["check", *map(str, paths), "--format", "json", "--output", str(out), *options])
    return code, json.loads(out.read_text(encoding="utf-8"))


def _audit(paths: list[Path], out: Path, jobs: int, *options: str) -> tuple[int, dict[str, Any]]:
    argv = ["audit", *map(str, paths), "--json", str(out), "--quiet", "--jobs", str(jobs)]
    code = main([*argv, *options])
    return code, json.loads(out.read_text(encoding="utf-8"))


# -- the three divergences, each a test that failed before the run was one ---------------------


def test_a_group_over_the_whole_run_is_checked_by_the_audit_as_by_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Three records in three files, ranks over the run: check gave 2 errors, the audit
    none (its workers saw one file each)."""
    data = tmp_path / "data"
    data.mkdir()
    for country, score, rank in (("A", 9, 1), ("B", 7, 3), ("C", 8, 1)):
        record = {"survey": "x", "country": country, "edition": 2021, "score": score}
        (data / f"{country}.yaml").write_text(_to_yaml({**record, "rank": rank}))
    rules = ["--rules", str(_pack(tmp_path))]
    code, checked = _check([data], tmp_path / "c.json", *rules)
    assert code == 1
    wrong = sorted((f["country"], f["expected"], f["actual"]) for f in checked["findings"])
    assert wrong == [("C", "2", "1")]
    for jobs in (1, 2):
        code_a, audited = _audit([data], tmp_path / f"a{jobs}.json", jobs, *rules)
        assert code_a == code
        assert audited["findings"] == checked["findings"]
        assert audited["summary"]["figures_checked"] == checked["summary"]["figures_checked"]


def test_a_record_assembled_from_two_workbooks_is_tallied_with_its_status(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """FIW 2003-2005: scores in the aggregate workbook, statuses in the ratings one; the
    audit's status tally counted the records by their first document, which has no status
    (`status: null` for every record)."""
    sources = FIXTURES / "sources"
    paths = [sources / "fiw-aggregate-2003-2005-excerpt.csv"]
    paths.append(sources / "fiw-ratings-2003-2005-excerpt.csv")
    _, audited = _audit(paths, tmp_path / "a.json", 1)
    merged = _by_edition(audited["statuses"])
    # the tally the ratings workbook alone gives, record for record; the records that only
    # the aggregate workbook gives have no status
    _, alone = _audit(paths[1:], tmp_path / "b.json", 1)
    assert alone["statuses"] and all(row["status"] for row in alone["statuses"])
    assert {k: n for k, n in merged.items() if k[2] is not None} == _by_edition(alone["statuses"])
    scores, _ = load_paths(paths[:1])
    ratings, _ = load_paths(paths[1:])
    only_scores = {d.record for d in scores} - {d.record for d in ratings}
    assert sum(n for k, n in merged.items() if k[2] is None) == len(only_scores)


def _by_edition(rows: list[dict[str, Any]]) -> dict[tuple[str, int, str], int]:
    return {(r["survey"], r["edition"], r["status"]): r["records"] for r in rows}


def test_findings_about_a_whole_file_are_named_by_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The worst documents listed a row "(the file)" for a file that could not be read."""
    (tmp_path / "broken.yaml").write_text("survey: [unclosed\n")
    (tmp_path / "nameless.yaml").write_text(_to_yaml({"survey": "fiw", "edition": 2024}))
    _, audited = _audit([tmp_path], tmp_path / "a.json", 1)
    assert audited["worst_documents"]
    html = tmp_path / "a.html"
    main(["audit", str(tmp_path), "--html", str(html), "--quiet"])
    page = html.read_text(encoding="utf-8")
    assert "(the file)" not in page
    assert "the file broken.yaml" in page
    assert "FIW 2024 document with no country" in page


# -- the differential property ------------------------------------------------------------------


@st.composite
def runs(draw: st.DrawFn) -> list[tuple[str, Any]]:
    """A run as (relative path, what to write there): documents of every survey in several
    folders and formats, some wrong, some read twice (the same or a differing copy), some
    with their previous edition in another folder; records of an index ranked over the
    whole run; sometimes a report page, a workbook excerpt, and the tool's own output."""
    files: list[tuple[str, Any]] = []
    docs = draw(st.lists(documents(), min_size=1, max_size=5))
    for index, doc in enumerate(docs):
        if draw(st.booleans()):
            pointers = derived_pointers(doc)
            if pointers:
                doc = corrupt(doc, draw(st.sampled_from(pointers)), draw(st.sampled_from([1, -1])))
        folder = draw(st.sampled_from(["a", "b", "a/deeper"]))
        suffix = draw(st.sampled_from([".yaml", ".json"]))
        files.append((f"{folder}/doc{index}{suffix}", doc))
        roll = draw(st.integers(0, 5))
        if roll == 0:  # the same record again, in another folder
            files.append((f"c/again{index}.yaml", doc))
        elif roll == 1:  # a copy that differs: a conflict
            pointers = derived_pointers(doc)
            if pointers:
                files.append((f"c/other{index}.yaml", corrupt(doc, pointers[0], 2)))
        elif roll == 2:  # last year's edition, in another folder
            files.append((f"b/last{index}.yaml", {**doc, "edition": doc["edition"] - 1}))
    ranked = draw(st.lists(st.tuples(st.integers(0, 9), st.integers(0, 1)), max_size=4))
    scores = [score for score, _ in ranked]
    for number, (score, off) in enumerate(ranked):
        rank = 1 + sum(other > score for other in scores) + off
        record = {"survey": "x", "country": f"C{number}", "edition": 2021, "score": score}
        files.append(
            (f"{draw(st.sampled_from(['a', 'b']))}/x{number}.yaml", {**record, "rank": rank})
        )
    if draw(st.booleans()):
        page = draw(st.sampled_from(sorted((FIXTURES / "pages").glob("*.txt"))))
        files.append((f"pages/{page.name}", page))
    if draw(st.booleans()):
        table = draw(st.sampled_from(sorted((FIXTURES / "sources").glob("*.csv"))))
        files.append((f"tables/{table.name}", table))
    if draw(st.booleans()):
        files.append(("a/earlier-report.json", "own-output"))
    return files


def _write(root: Path, files: list[tuple[str, Any]]) -> None:
    for relative, content in files:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            shutil.copyfile(content, path)
        elif content == "own-output":
            main(["check", str(FIXTURES / "valid"), "--format", "json", "--output", str(path)])
        elif path.suffix == ".json":
            path.write_text(_to_json(content), encoding="utf-8")
        else:
            path.write_text(_to_yaml(content), encoding="utf-8")


@pytest.mark.slow
@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(files=runs())
def test_check_and_the_audit_in_one_or_two_processes_agree(
    files: list[tuple[str, Any]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    root = tmp_path_factory.mktemp("run")
    data = root / "data"
    _write(data, files)
    out = root / "out"
    out.mkdir()
    rules = ["--rules", str(_pack(root))]
    # folders given in an order of their own, a file named twice is read twice
    paths = [data / "b", data / "a", data]
    paths = [p for p in paths if p.exists()]
    code, checked = _check(paths, out / "check.json", *rules)
    for jobs in (1, 2):
        code_a, audited = _audit(paths, out / f"audit{jobs}.json", jobs, *rules)
        assert code_a == code
        assert audited["findings"] == checked["findings"]
        assert audited["unchecked"] == checked["unchecked"]
        for key in ("figures", "figures_checked", "coverage", "findings", "errors", "warnings"):
            assert audited["summary"][key] == checked["summary"][key], key
        assert audited["audit"]["documents_checked"] == checked["summary"]["documents"]
        _tallies_agree(audited, checked, paths)


def _tallies_agree(audited: dict[str, Any], checked: dict[str, Any], paths: list[Path]) -> None:
    """The audit's tallies, from check's findings and from the documents read."""
    by_rule = Counter(f["rule"] for f in checked["findings"])
    assert audited["findings_by_rule"] == dict(by_rule)
    tallied = {t["rule"]: t["findings"] for t in audited["rules"]}
    for rule, n in tallied.items():
        expected = (
            sum(v for r, v in by_rule.items() if r.startswith("schema/"))
            if rule == "schema"
            else by_rule[rule]
        )
        assert n == expected, rule
    by_edition = Counter(
        (f["survey"], f["edition"], f["rule"])
        for f in checked["findings"]
        if f["survey"] is not None and f["country"] is not None and f["edition"] is not None
    )
    assert {
        (r["survey"], r["edition"], r["rule"]): r["findings"]
        for r in audited["findings_by_edition"]
    } == dict(by_edition)
    # statuses: each record once, with the first status any of its documents states, in
    # the order of the run (independent of the spool's SQL)
    docs, _ = load_paths(paths)
    first: dict[tuple[str, str, int], str | None] = {}
    for doc in docs:
        if None in doc.identity:
            continue
        key = doc.record
        status = doc.data.get("status")
        status = status if isinstance(status, str) else None
        if key not in first or (first[key] is None and status is not None):
            first[key] = status if key not in first or first[key] is None else first[key]
    expected_statuses = Counter((k[0], k[2], status) for k, status in first.items())
    assert _by_edition(audited["statuses"]) == dict(expected_statuses)
    layouts = Counter(doc.layout for doc in docs if doc.layout is not None)
    assert {t["layout"]: t["read"] for t in audited["layouts"] if t["read"]} == dict(layouts)


def test_an_audit_store_on_disk_keeps_no_document_in_memory(tmp_path: Path) -> None:
    """A check's store is in memory: its documents are kept as they are. An audit's is on
    disk, even with one job: its documents are pickled there, so memory stays flat."""
    from validator.engine import Engine
    from validator.packs.loading import load_packs, pack_paths
    from validator.pipeline.run import run
    from validator.pipeline.spool import Spool

    packs, _ = load_packs(pack_paths())
    engine = Engine(packs)
    on_disk = Spool(tmp_path / "spool.sqlite")
    try:
        done = run([FIXTURES / "valid"], engine, spool=on_disk)
        assert done.checked == 12 and on_disk._objects == []
    finally:
        on_disk.close()
    in_memory = Spool()
    done = run([FIXTURES / "valid"], engine, spool=in_memory)
    assert done.checked == 12 and len(in_memory._objects) > 0
    assert done.report().findings == []
