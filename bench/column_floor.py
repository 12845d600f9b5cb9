"""The floor of item 2 of issue 28 (tables at column speed), measured in the standard
library: the FIW 2013-2024 CSV read into columns, each distinct cell text parsed once (whole
numbers int, the rest Decimal), against our reading of it into located documents
(`sources.spreadsheet.parse_csv`), in one process, best of N alternated.

    python bench/column_floor.py [bench/out/table/FIW13-24.csv] [--repeat N]

What it says: how much of the CSV run a column reader could take off the reading stage
alone, before any rule is judged column-wise (which the run already does).
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def columns(text: str, header_row: int = 2) -> tuple[list[str], list[list[Any]]]:
    """The table's columns below its header row, values parsed once per distinct text."""
    rows = list(csv.reader(text.splitlines()))
    header = rows[header_row - 1]
    found: list[list[Any]] = [[] for _ in header]
    parsed: dict[str, Any] = {}
    for row in rows[header_row:]:
        for index, cell in enumerate(row):
            if cell in parsed:
                value = parsed[cell]
            else:
                stripped = cell.strip()
                try:
                    value = int(stripped) if stripped.isdigit() else Decimal(stripped)
                except InvalidOperation:
                    value = cell
                parsed[cell] = value
            found[index].append(value)
    return header, found


def main() -> None:
    from validator.sources.spreadsheet import parse_csv

    parser = argparse.ArgumentParser()
    parser.add_argument("csv", nargs="?", default=str(HERE / "out" / "table" / "FIW13-24.csv"))
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    text = Path(args.csv).read_text(encoding="utf-8")
    header, read = columns(text)
    documents, problems = parse_csv(text, Path(args.csv).name, args.csv)
    assert len(read[0]) == len(documents) and not problems, (len(read[0]), len(documents))
    best = {"columns": float("inf"), "documents": float("inf")}
    for _ in range(args.repeat):
        for name, work in (
            ("columns", lambda: columns(text)),
            ("documents", lambda: parse_csv(text, "t.csv", "t.csv")),
        ):
            started = time.perf_counter()
            work()
            best[name] = min(best[name], time.perf_counter() - started)
    rows = len(documents)
    print(
        f"{rows:,} rows, {len(header)} columns: into columns {best['columns'] * 1000:.0f} ms, "
        f"into documents {best['documents'] * 1000:.0f} ms "
        f"({best['documents'] / best['columns']:.0f}x)"
    )


if __name__ == "__main__":
    main()
