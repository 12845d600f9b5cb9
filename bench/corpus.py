"""Write the FIW 2013-2024 workbook's rows as report documents, one file each, JSON and YAML.

    python bench/corpus.py OUT_DIR [WORKBOOK]

Reads the workbook with report-validator's own spreadsheet reader and layout (as
`report-validator import` does) and writes each record twice: as the canonical YAML document
`import` writes and as the same document in JSON (exact decimals, never through a float).
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from validator.document_writer import render, slug
from validator.sources import load_paths


def _json_default(value: Any) -> str:
    if isinstance(value, Decimal):
        return f"@@{value}@@"  # unquoted below: the digits as read
    raise TypeError(value)


def write(workbook: Path, out: Path) -> int:
    docs, problems = load_paths([workbook])
    if problems:
        raise SystemExit(f"{workbook}: {problems[0][1].message}")
    for form in ("json", "yaml"):
        (out / form).mkdir(parents=True, exist_ok=True)
    for index, doc in enumerate(docs):
        name = f"{doc.edition}-{slug(doc.country or '')}-{index:04d}"
        text = json.dumps(doc.data, ensure_ascii=False, default=_json_default)
        (out / "json" / f"{name}.json").write_text(text.replace('"@@', "").replace('@@"', ""))
        (out / "yaml" / f"{name}.yaml").write_text(render(doc, str(workbook)))
    return len(docs)


if __name__ == "__main__":
    target = Path(sys.argv[1])
    source = (
        Path(sys.argv[2])
        if len(sys.argv) > 2
        else Path(__file__).resolve().parents[2] / "shared/data/All_data_FIW_2013-2024.xlsx"
    )
    count = write(source, target)
    print(f"{count} documents written to {target}/json and {target}/yaml")
