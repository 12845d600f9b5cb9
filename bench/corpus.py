"""Write the FIW 2013-2024 workbook's rows as report documents, one file each, JSON and YAML.

    python bench/corpus.py OUT_DIR [WORKBOOK]

Needs openpyxl (a benchmark-only dependency). Issue 3 will give `report-validator import`; until
then this is the benchmark's own small converter of the workbook's documented columns.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import yaml

STATUS = {"F": "Free", "PF": "Partly Free", "NF": "Not Free"}


def rows(workbook: Path) -> list[dict[str, object]]:
    import openpyxl

    book = openpyxl.load_workbook(workbook, read_only=True, data_only=True)
    values = list(book["FIW13-24"].iter_rows(values_only=True))
    header = values[1]
    docs = []
    for raw in values[2:]:
        row = dict(zip(header, raw, strict=False))
        if not row.get("Country/Territory"):
            continue
        indicators = {h: row[h] for h in header if re.fullmatch(r"[A-G]\d", str(h))}
        doc: dict[str, object] = {
            "survey": "fiw", "country": row["Country/Territory"], "edition": row["Edition"],
            "territory": row["C/T"] == "t", "indicators": indicators,
            "subcategories": {letter: row[letter] for letter in "ABCDEFG"},
            "add_q": row["Add Q"], "add_a": row["Add A"],
            "political_rights_score": row["PR"], "civil_liberties_score": row["CL"],
            "total_score": row["Total"], "political_rights_rating": row["PR rating"],
            "civil_liberties_rating": row["CL rating"], "status": STATUS[str(row["Status"])],
        }
        docs.append(doc)
    return docs


def write(docs: list[dict[str, object]], out: Path) -> None:
    for form in ("json", "yaml"):
        (out / form).mkdir(parents=True, exist_ok=True)
    for index, doc in enumerate(docs):
        name = f"{doc['edition']}-{index:04d}"
        (out / "json" / f"{name}.json").write_text(json.dumps(doc, ensure_ascii=False))
        (out / "yaml" / f"{name}.yaml").write_text(
            yaml.safe_dump(doc, sort_keys=False, allow_unicode=True))


if __name__ == "__main__":
    target = Path(sys.argv[1])
    source = Path(sys.argv[2]) if len(sys.argv) > 2 else \
        Path(__file__).resolve().parents[2] / "shared/data/All_data_FIW_2013-2024.xlsx"
    documents = rows(source)
    write(documents, target)
    print(f"{len(documents)} documents written to {target}/json and {target}/yaml")
