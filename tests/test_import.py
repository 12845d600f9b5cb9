"""`import` writes canonical YAML that checks with the same findings as its source."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from validator.cli import main
from validator.engine import Engine
from validator.pipeline.run import check_documents
from validator.sources import load_paths
from validator.sources.yaml_source import parse_yaml

from .conftest import FIXTURES

NIT_PAGE = FIXTURES / "pages" / "nit-2018-kazakhstan.txt"


def _findings(engine: Engine, *paths: Path) -> list[tuple[object, ...]]:
    docs, _ = load_paths(list(paths))
    return sorted(
        (f.rule, f.pointer, f.expected, f.actual, f.country, f.edition)
        for f in check_documents(engine, docs).findings
    )


def test_csv_excerpts_import_and_check_the_same(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = FIXTURES / "sources"
    # South Africa 1973 cannot be read: a warning, which fails the run only from --fail-on
    # warning, as in `check`
    out, again = tmp_path / "out", tmp_path / "again"
    assert main(["import", str(source), "--out", str(out)]) == 0
    assert "warning core/unreadable-cell" in capsys.readouterr().out
    assert main(["import", str(source), "--out", str(again), "--fail-on", "warning"]) == 1
    written = out / "fiw" / "1974" / "maldives.yaml"
    data, _, problems = parse_yaml(written.read_text())
    assert problems == []
    assert data["edition_label"] == "Jan.-Feb. 1974" and data["status"] == "Partly Free"
    assert _findings(engine, out) == _findings(engine, source)


def test_a_corrupted_page_imports_with_its_finding(engine: Engine, tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(
        NIT_PAGE.read_text().replace("Democracy Score 1.29 7", "Democracy Score 1.31 7")
    )
    out = tmp_path / "out"
    assert main(["import", str(page), "--out", str(out)]) == 0
    imported = out / "nit" / "2018" / "kazakhstan.yaml"
    text = imported.read_text()
    assert "democracy_score: 1.31" in text and "local_democratic_governance: 1.50" in text
    assert _findings(engine, imported) == _findings(engine, page) != []


def test_a_repeated_record_that_disagrees_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = FIXTURES / "valid" / "fiw-2024-kazakhstan.yaml"
    second = tmp_path / "again.yaml"
    second.write_text(first.read_text().replace("status: Not Free", "status: Free"))
    out = tmp_path / "out"
    assert main(["import", str(first), str(second), "--out", str(out)]) == 1
    assert "differs from" in capsys.readouterr().out
    same = tmp_path / "same.yaml"
    same.write_text(first.read_text())
    assert main(["import", str(first), str(same), "--out", str(tmp_path / "out2")]) == 0
    assert (
        "1 record repeated in another source, agreeing on every figure" in capsys.readouterr().out
    )


def test_an_out_of_bounds_number_is_imported_as_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "huge.json"
    text = (FIXTURES / "valid" / "fiw-2023-kazakhstan.json").read_text()
    source.write_text(text.replace('"A1": 0', '"A1": 1' + "0" * 40, 1))
    out = tmp_path / "out"
    assert main(["import", str(source), "--out", str(out)]) == 1  # the source problem
    assert "core/number-out-of-bounds" in capsys.readouterr().out
    [written] = list(out.rglob("*.yaml"))
    assert "A1: 1" + "0" * 40 + "\n" in written.read_text()
    assert main(["check", str(written), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [f["rule"] for f in report["findings"]] == ["core/number-out-of-bounds"]


def test_the_tools_own_outputs_are_not_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "a.yaml").write_text((FIXTURES / "valid" / "fiw-2024-kazakhstan.yaml").read_text())
    assert main(["check", str(source), "--format", "json", "--output", str(source / "r.json")]) == 0
    assert main(["import", str(source), "--out", str(tmp_path / "out")]) == 0
    captured = capsys.readouterr()
    assert "skipped 1 file written by report-validator" in captured.err
    assert "1 document written" in captured.out


def test_a_record_given_by_two_sources_is_imported_as_one_document(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Scores from the aggregate workbook's FIW03-05 sheet, ratings and status from the
    ratings workbook, under two spellings of a name: one document with every figure."""
    sources = FIXTURES / "sources"
    scores = sources / "fiw-aggregate-2003-2005-excerpt.csv"
    ratings = sources / "fiw-ratings-2003-2005-excerpt.csv"
    out = tmp_path / "out"
    main(["import", str(scores), str(ratings), "--out", str(out)])
    assert "agreeing on every figure both give" in capsys.readouterr().out
    data, _, problems = parse_yaml((out / "fiw" / "2004" / "swaziland.yaml").read_text())
    assert problems == [] and not (out / "fiw" / "2004" / "eswatini.yaml").exists()
    assert (data["political_rights_score"], data["political_rights_rating"]) == (2, 7)
    assert data["status"] == "Not Free"
