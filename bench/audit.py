"""Time `report-validator audit` as a whole process, with 1 and 2 processes, next to the hand
loop, on the FIW archive (2,515 documents) and on a 10x copy of it (25,150), with the peak
memory of the largest process.

    python bench/audit.py [--repeat N] [--copies 10]

Run it in a virtualenv with the project installed (`pip install .`). Builds
bench/out/corpus (see corpus.py) and bench/out/corpus10 (each copy a different set of
countries: distinct records, as an archive has), prints a table and writes
bench/out/audit-results.json. Figures on the reference machine: bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from run import built_corpus, command

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
_COUNTRY = re.compile(r'("country": ")([^"]*)(")')


def measure(argv: list[str]) -> tuple[float, int]:
    """Wall seconds and the peak resident memory (KB) of the largest process of one run,
    in a fresh wrapper process so that earlier runs do not count."""
    probe = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=False)\n"
        "seconds = time.perf_counter() - start\n"
        "print(seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, *argv], capture_output=True, text=True, check=True, cwd=ROOT
    )
    seconds, peak = done.stdout.split()
    return float(seconds), int(peak)


def best(argv: list[str], repeat: int) -> tuple[float, int]:
    runs = [measure(argv) for _ in range(repeat)]
    return min(s for s, _ in runs), max(m for _, m in runs)


def copies(source: Path, target: Path, count: int) -> int:
    """`count` copies of the JSON corpus, the countries of copy k renamed `<name> k`."""
    if target.is_dir():
        return sum(1 for _ in target.rglob("*.json"))
    written = 0
    for k in range(count):
        folder = target / f"copy-{k:02d}"
        folder.mkdir(parents=True)
        for path in sorted(source.glob("*.json")):
            text = path.read_text(encoding="utf-8")
            renamed = _COUNTRY.sub(lambda m, k=k: f"{m[1]}{m[2]} {k}{m[3]}", text, count=1)
            (folder / path.name).write_text(renamed, encoding="utf-8")
            written += 1
    return written


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--copies", type=int, default=10)
    args = parser.parse_args()
    corpus = built_corpus()
    small = corpus / "json"
    large = OUT / f"corpus{args.copies}"
    sizes = {small: sum(1 for _ in small.glob("*.json")), large: copies(small, large, args.copies)}
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as scratch:
        report = str(Path(scratch) / "audit.json")
        for folder, documents in sizes.items():
            repeat = args.repeat if documents < 10_000 else max(1, args.repeat // 2)
            hand = best([sys.executable, str(HERE / "hand_loop.py"), str(folder)], repeat)
            rows.append(
                {
                    "what": "hand loop",
                    "documents": documents,
                    "jobs": 1,
                    "seconds": hand[0],
                    "peak_kb": hand[1],
                }
            )
            for jobs in (1, 2):
                argv = [
                    *command(),
                    "audit",
                    str(folder),
                    "--jobs",
                    str(jobs),
                    "--quiet",
                    "--json",
                    report,
                ]
                seconds, peak = best(argv, repeat)
                rows.append(
                    {
                        "what": "audit",
                        "documents": documents,
                        "jobs": jobs,
                        "seconds": seconds,
                        "peak_kb": peak,
                        "vs_hand_loop": seconds / hand[0],
                    }
                )
    print(
        f"{'what':<10}{'documents':>10}{'jobs':>6}{'wall s':>9}{'docs/s':>9}"
        f"{'peak MB':>9}{'x hand':>8}"
    )
    for row in rows:
        seconds = float(row["seconds"])  # type: ignore[arg-type]
        documents = int(row["documents"])  # type: ignore[call-overload]
        ratio = f"{row['vs_hand_loop']:.2f}" if "vs_hand_loop" in row else ""
        print(
            f"{row['what']:<10}{documents:>10,}{row['jobs']:>6}{seconds:>9.2f}"
            f"{documents / seconds:>9,.0f}{int(row['peak_kb']) / 1024:>9.0f}{ratio:>8}"
        )  # type: ignore[call-overload]
    OUT.mkdir(exist_ok=True)
    (OUT / "audit-results.json").write_text(
        json.dumps({"cpus": os.cpu_count(), "runs": rows}, indent=2), encoding="utf-8"
    )


if __name__ == "__main__":
    main()
