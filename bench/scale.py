"""The audit at scale: documents per second and peak memory from 25,150 to 1,006,000 JSON
documents (10, 100 and 400 copies of the FIW 2013-2024 corpus, each copy its own countries),
`audit --jobs 2` against the hand loop on the same folder, one run each (a million takes
minutes; this machine's noise is smaller than the differences measured here).

    python bench/scale.py [--copies 10,100,400]

Run it in a virtualenv with the project installed (`pip install .`); it builds
bench/out/corpus<N> on first use (1,006,000 files: about 4 GB of disk and 1M inodes) and
writes bench/out/scale.json. Figures on the reference machine: bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from audit import copies, measure
from run import OUT, built_corpus, command

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", default="10,100,400")
    args = parser.parse_args()
    small = built_corpus() / "json"
    rows = []
    print("| documents | audit --jobs 2 s | docs/s | peak MB | hand loop s | x hand loop |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as scratch:
        report = str(Path(scratch) / "audit.json")
        for count in map(int, args.copies.split(",")):
            folder = OUT / f"corpus{count}"
            documents = copies(small, folder, count)
            audited = [*command(), "audit", str(folder), "--jobs", "2", "--quiet"]
            seconds, peak_kb = measure([*audited, "--json", report])
            hand, _ = measure([sys.executable, str(HERE / "hand_loop.py"), str(folder)])
            read = sum(d["read"] for d in json.loads(Path(report).read_text())["documents"])
            assert read == documents, (read, documents)  # every document of the folder
            row = {
                "documents": documents,
                "seconds": seconds,
                "per_second": documents / seconds,
                "peak_mb": peak_kb / 1024,
                "hand_loop_seconds": hand,
            }
            rows.append(row)
            print(
                f"| {documents:,} | {seconds:.1f} | {documents / seconds:,.0f} | "
                f"{peak_kb / 1024:.0f} | {hand:.1f} | {seconds / hand:.1f}x |",
                flush=True,
            )
    (OUT / "scale.json").write_text(json.dumps(rows, indent=2) + "\n")


if __name__ == "__main__":
    main()
