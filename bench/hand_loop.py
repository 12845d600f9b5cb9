"""The practical limit: a minimal hand-written loop over the same files, same arithmetic.

    python bench/hand_loop.py FOLDER

Parses each file (exact decimals, libyaml for YAML) and checks what the FIW pack checks on
these rows: indicator ranges, subcategory sums, PR with Add Q (and Add A before 2018), CL,
total, the two rating tables and the status from the Freedom Rating. No positions, no
schema, no messages beyond a count: the floor a general tool is measured against.
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path

import yaml

PR_TABLE = [(36, 40, 1), (30, 35, 2), (24, 29, 3), (18, 23, 4), (12, 17, 5), (6, 11, 6), (-4, 5, 7)]
CL_TABLE = [(53, 60, 1), (44, 52, 2), (35, 43, 3), (26, 34, 4), (17, 25, 5), (8, 16, 6), (0, 7, 7)]
STATUS = [
    (Decimal("1.0"), Decimal("2.5"), "Free"),
    (Decimal("3.0"), Decimal("5.0"), "Partly Free"),
    (Decimal("5.5"), Decimal("7.0"), "Not Free"),
]


def lookup(table: list[tuple[object, object, object]], value: object) -> object:
    for low, high, result in table:
        if low <= value <= high:  # type: ignore[operator]
            return result
    return None


def problems(doc: dict[str, object]) -> int:
    found = 0
    ind: dict[str, int] = doc["indicators"]  # type: ignore[assignment]
    found += sum(1 for v in ind.values() if not 0 <= v <= 4)
    sub: dict[str, int] = doc["subcategories"]  # type: ignore[assignment]
    for letter, total in sub.items():
        found += total != sum(v for k, v in ind.items() if k[0] == letter)
    add_a = doc["add_a"] if isinstance(doc["add_a"], int) and doc["edition"] <= 2017 else 0  # type: ignore[operator]
    pr = sum(v for k, v in ind.items() if k[0] in "ABC") + add_a - doc["add_q"]  # type: ignore[operator]
    cl = sum(v for k, v in ind.items() if k[0] in "DEFG")
    found += pr != doc["political_rights_score"]
    found += cl != doc["civil_liberties_score"]
    found += doc["total_score"] != doc["political_rights_score"] + doc["civil_liberties_score"]  # type: ignore[operator]
    pr_rating = lookup(PR_TABLE, doc["political_rights_score"])
    cl_rating = lookup(CL_TABLE, doc["civil_liberties_score"])
    found += pr_rating != doc["political_rights_rating"]
    found += cl_rating != doc["civil_liberties_rating"]
    found += lookup(STATUS, Decimal(pr_rating + cl_rating) / 2) != doc["status"]  # type: ignore[operator]
    return found


def load(path: Path) -> dict[str, object]:
    text = path.read_text()
    if path.suffix == ".json":
        return json.loads(text, parse_float=Decimal)  # type: ignore[no-any-return]
    return yaml.load(text, Loader=yaml.CSafeLoader)  # type: ignore[no-any-return]


if __name__ == "__main__":
    files = sorted(p for p in Path(sys.argv[1]).rglob("*") if p.suffix in (".json", ".yaml"))
    total = sum(problems(load(p)) for p in files)
    print(f"{len(files)} documents, {total} problems")
