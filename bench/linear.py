"""Linear time: doubling an input at most roughly doubles the time of every reader.

    python bench/linear.py [--size N]

Each shape is an input an adversary found to be quadratic (issue 16): generated at N, 2N
and 4N, read in process by the same loader `check` uses, best of 3. A ratio near 2 per
doubling is linear; near 4 is quadratic. Prints a table; exits 1 if a ratio passes 3.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = (ROOT / "fixtures" / "pages" / "nit-2018-kazakhstan.txt").read_text().splitlines()


def _page(line: str) -> str:
    return "\n".join([*PAGE[:5], line, *PAGE[5:]])


SHAPES: dict[str, tuple[str, Callable[[int], str]]] = {
    "JSON, an unterminated string of escaped quotes": (
        ".json",
        lambda n: "[" * 40 + '"' + '\\"' * n,
    ),
    "JSON, every key given twice": (
        ".json",
        lambda n: "{" + ",".join(f'"k{i}": 1, "k{i}": 2' for i in range(n // 8)) + "}",
    ),
    "page, a line of spaces": (".txt", lambda n: _page("On a" + " " * n + "b")),
    "page, a score change whose reason is spaces": (
        ".txt",
        lambda n: _page(
            "• Civil Society rating declined from 1.50 to 1.25 due to a" + " " * n + "b"
        ),
    ),
    "page, a number of n digits": (
        ".txt",
        lambda n: _page("DEMOCRACY-SCORE Democracy Score " + "9" * n + " 7"),
    ),
    # issue 24, item 4: the score under a category heading, found by a pattern that retried
    # at every digit of the line
    "page, n digits where a category's score stands": (
        ".txt",
        lambda n: "\n".join(
            [*PAGE[:33], "Placeholder description. 1." + "9" * n + " 7.007", *PAGE[34:]]
        ),
    ),
    # issue 24: copies as they are found (normalised before reading: each line once)
    "page, a table row of n/2 cells": (
        ".txt",
        lambda n: _page("| " + "x | " * (n // 4) + "PR Political Rights | 5 40 |"),
    ),
    "page, n no-break spaces and tabs": (
        ".txt",
        lambda n: _page("On a" + "\u00a0\t" * (n // 2) + "b"),
    ),
    # issue 26: lines counted as YAML and JSON count them (U+2028, CR)
    "JSON, a string of n/2 line separators": (
        ".json",
        lambda n: '{"survey": "fiw", "source": "' + "\u2028" * (n // 2) + '"}',
    ),
    "YAML, a flow mapping over n/8 lines": (
        ".yaml",
        lambda n: "survey: fiw\nx: {" + ",\n  ".join(f"k{i}: 0" for i in range(n // 8)) + "}\n",
    ),
    "YAML, a suppression comment of spaces": (
        ".yaml",
        lambda n: "survey: fiw  # report-validator: ignore[fiw/x] a" + " " * n + "b\n",
    ),
    "ratings CSV, n/8 editions side by side": (
        ".csv",
        lambda n: (
            "Survey Edition,"
            + ",,,".join(str(1900 + i % 100) for i in range(n // 8))
            + ",,\nYear(s) Under Review\n,"
            + ",".join(["PR,CL ,Status"] * (n // 8))
            + "\nTestland,"
            + ",".join(["1,1,F"] * (n // 8))
            + "\n"
        ),
    ),
    "page (2013-2019 layout), an indicator's question of n digits": (
        ".txt",
        lambda n: (
            (ROOT / "fixtures" / "pages" / "fiw-2018-kazakhstan-mirror.txt")
            .read_text()
            .replace("A1. Placeholder question A1?", "A1. " + "1" * n)
        ),
    ),
    # issue 16, item 7: values, records and cells are counted as they are parsed; past the
    # bounds (100,000 values, 25,000 records, 1,000,000 cells) a file is refused, so the
    # time levels off instead of growing with what the bytes would have built
    "YAML, a list of n/4 zeros": (".yaml", lambda n: "survey: fiw\nx:\n" + "- 0\n" * (n // 4)),
    "JSON, a list of n/2 zeros": (".json", lambda n: '{"x": [' + "0," * (n // 2) + "0]}"),
    "ratings CSV, n/16 countries": (
        ".csv",
        lambda n: (
            "Survey Edition,"
            + ",,,".join(str(1973 + i) for i in range(51))
            + ",,\nYear(s) Under Review\n,"
            + ",".join(["PR,CL ,Status"] * 51)
            + "\n"
            + "".join(f"C{i}," + ",".join(["1,1,F"] * 51) + "\n" for i in range(n // 16 // 51))
        ),
    ),
}


def _time(path: Path) -> float:
    from validator.sources import load_paths

    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        load_paths([path])
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=40_000)
    args = parser.parse_args()
    worst = 0.0
    print(f"{'shape':52} {'N s':>8} {'2N s':>8} {'4N s':>8}  ratio")
    with tempfile.TemporaryDirectory() as folder:
        for name, (suffix, make) in SHAPES.items():
            times = []
            for factor in (1, 2, 4):
                path = Path(folder) / f"input{suffix}"
                path.write_text(make(args.size * factor), encoding="utf-8")
                times.append(_time(path))
            ratio = max(times[1] / times[0], times[2] / times[1])
            worst = max(worst, ratio)
            print(f"{name:52} {times[0]:8.3f} {times[1]:8.3f} {times[2]:8.3f}  {ratio:.1f}")
    print(f"worst ratio per doubling: {worst:.1f} (linear: about 2)")
    return 1 if worst > 3 else 0


if __name__ == "__main__":
    sys.exit(main())
