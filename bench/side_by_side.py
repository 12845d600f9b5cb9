"""Every comparison of issue 14 in one run: ours against what a user would otherwise run.

    python bench/side_by_side.py [--repeat N]

Run it in a virtualenv with the project, pandera and check-jsonschema installed
(`pip install . pandera check-jsonschema`) and ../shared beside the checkout (the FIW
workbook the inputs are built from). Each pair is run alternately, N times each (this
machine's speed drifts by 10-40% within minutes: alternating puts both sides under the same
drift), and compared best against best; peak memory is the largest process's. It prints a
Markdown table with the issue's goals and writes bench/out/side-by-side.json.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from audit import copies, measure
from run import OUT, ROOT, built_corpus, command
from table import table

HERE = Path(__file__).resolve().parent


def pair(
    ours: list[str], theirs: list[str], repeat: int, codes: tuple[int, ...] = (0,)
) -> tuple[float, float, int, int]:
    """Best wall seconds of each, alternated, and the peak KB of each. Each must first run
    to the end with an exit code of `codes` (a tool that fails at once would time as the
    fastest; 1 is a run to the end that found something, where findings are expected)."""
    for argv in (ours, theirs):
        done = subprocess.run(argv, capture_output=True, check=False, cwd=ROOT)
        if done.returncode not in codes:
            raise SystemExit(f"{' '.join(argv)} exited {done.returncode}: {done.stderr[-500:]!r}")
    mine: list[tuple[float, int]] = []
    other: list[tuple[float, int]] = []
    for _ in range(repeat):
        mine.append(measure(ours))
        other.append(measure(theirs))
    return (
        min(s for s, _ in mine),
        min(s for s, _ in other),
        max(m for _, m in mine),
        max(m for _, m in other),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", default="", help="the rows whose name holds this text")
    args = parser.parse_args()
    corpus = built_corpus()
    large = OUT / "corpus10"
    copies(corpus / "json", large, 10)
    csv_path = str(table())
    python = sys.executable
    hand = [python, str(HERE / "hand_loop.py")]
    one = str(ROOT / "fixtures" / "valid" / "fiw-2023-kazakhstan.json")
    checker = str(Path(sys.executable).with_name("check-jsonschema"))
    schema = str(ROOT / "schemas" / "fiw.schema.json")
    scratch = tempfile.mkdtemp()
    atexit.register(shutil.rmtree, scratch, True)  # the workbooks' copies, the reports
    report = str(Path(scratch) / "audit.json")
    # the four official workbooks (../shared/data), which hold the publisher's own errors
    workbooks = Path(scratch) / "workbooks"
    workbooks.mkdir()
    for book in sorted((ROOT.parent / "shared" / "data").glob("*.xlsx")):
        (workbooks / book.name).write_bytes(book.read_bytes())

    def audit(folder: Path, jobs: int) -> list[str]:
        return [*command(), "audit", str(folder), "--jobs", str(jobs), "--quiet", "--json", report]

    small_json = str(corpus / "json")
    rows = [
        # what, ours, anchor name, anchor, goal (ours / anchor at most)
        (
            "FIW 2013-2024 as one CSV, 2,515 rows",
            [*command(), "check", csv_path],
            "pandera, same identities",
            [python, str(HERE / "pandera_fiw.py"), csv_path],
            0.5,
        ),
        (
            "same CSV",
            [*command(), "check", csv_path],
            "hand loop (csv module)",
            [python, str(HERE / "hand_loop_csv.py"), csv_path],
            3.0,
        ),
        (
            "2,515 JSON documents",
            [*command(), "check", small_json],
            "hand loop",
            [*hand, small_json],
            3.0,
        ),
        (
            "2,515 YAML documents",
            [*command(), "check", str(corpus / "yaml")],
            "hand loop",
            [*hand, str(corpus / "yaml")],
            3.0,
        ),
        (
            "`audit`, 2,515 JSON, 1 process",
            audit(corpus / "json", 1),
            "hand loop",
            [*hand, small_json],
            3.0,
        ),
        (
            "`audit`, 2,515 JSON, 2 processes",
            audit(corpus / "json", 2),
            "hand loop",
            [*hand, small_json],
            3.0,
        ),
        ("`audit`, 25,150 JSON, 1 process", audit(large, 1), "hand loop", [*hand, str(large)], 3.0),
        (
            "`audit`, 25,150 JSON, 2 processes",
            audit(large, 2),
            "hand loop",
            [*hand, str(large)],
            3.0,
        ),
        (
            "one document",
            [*command(), "check", one],
            "check-jsonschema",
            # the schema's $refs (common.schema.json) resolve beside it
            [
                checker,
                "--schemafile",
                schema,
                "--base-uri",
                Path(schema).parent.as_uri() + "/",
                one,
            ],
            0.45,
        ),
    ]
    rows.append(
        (
            "`fix --diff` of the four official workbooks",
            [*command(), "fix", "--diff", str(workbooks)],
            "`check` of the same",
            [*command(), "check", str(workbooks)],
            1.25,  # one check plus the documents a fix changed
        )
    )
    results = []
    print("| what | report-validator | anchor | ratio | goal | peak MB (ours / anchor) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for what, ours, name, theirs, goal in rows:
        if args.only not in what:
            continue
        repeat = args.repeat if "25,150" not in what else max(1, args.repeat // 3)
        codes = (0, 1) if "workbooks" in what else (0,)  # the publisher's errors: exit 1
        mine, other, mine_kb, other_kb = pair(ours, theirs, repeat, codes)
        ratio = mine / other
        met = "met" if ratio <= goal else "not met"
        print(
            f"| {what} | {mine:.2f} s | {name}: {other:.2f} s | {ratio:.2f}x | "
            f"<= {goal}x ({met}) | {mine_kb / 1024:.0f} / {other_kb / 1024:.0f} |",
            flush=True,
        )
        results.append(
            {
                "what": what,
                "ours_s": mine,
                "anchor": name,
                "anchor_s": other,
                "ratio": ratio,
                "goal": goal,
                "ours_peak_kb": mine_kb,
                "anchor_peak_kb": other_kb,
            }
        )
    OUT.mkdir(exist_ok=True)
    (OUT / "side-by-side.json").write_text(
        json.dumps({"cpus": os.cpu_count(), "repeat": args.repeat, "rows": results}, indent=2),
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
