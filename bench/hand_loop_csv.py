"""The floor on a table: the FIW 2013-2024 CSV read with the csv module, the FIW arithmetic
in a plain loop (bench/hand_loop.py's, on columns by header name).

    python bench/hand_loop_csv.py FIW13-24.csv
"""

from __future__ import annotations

import csv
import sys
from decimal import Decimal

from hand_loop import CL_TABLE, PR_TABLE, STATUS, lookup

LETTERS = "ABCDEFG"
WORDS = {"F": "Free", "PF": "Partly Free", "NF": "Not Free"}


def problems(row: dict[str, str]) -> int:
    found = 0
    ind = {k: int(v) for k, v in row.items() if len(k) == 2 and k[0] in LETTERS and k[1].isdigit()}
    found += sum(1 for v in ind.values() if not 0 <= v <= 4)
    for letter in LETTERS:
        found += int(row[letter]) != sum(v for k, v in ind.items() if k[0] == letter)
    edition = int(row["Edition"])
    add_a = int(float(row["Add A"])) if row["Add A"] not in ("", "N/A") and edition <= 2017 else 0
    pr_score, cl_score = int(row["PR"]), int(row["CL"])
    pr = sum(v for k, v in ind.items() if k[0] in "ABC") + add_a - int(row["Add Q"])
    found += pr != pr_score
    found += sum(v for k, v in ind.items() if k[0] in "DEFG") != cl_score
    found += int(row["Total"]) != pr_score + cl_score
    pr_rating, cl_rating = lookup(PR_TABLE, pr_score), lookup(CL_TABLE, cl_score)
    found += pr_rating != int(row["PR rating"])
    found += cl_rating != int(row["CL rating"])
    status = lookup(STATUS, Decimal(pr_rating + cl_rating) / 2)  # type: ignore[operator]
    found += status != WORDS[row["Status"]]
    return found


if __name__ == "__main__":
    with open(sys.argv[1], newline="") as handle:
        next(handle)  # the title row
        rows = list(csv.DictReader(handle))
    print(f"{len(rows)} rows, {sum(problems(row) for row in rows)} problems")
