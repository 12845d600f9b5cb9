"""Time report-validator as whole processes, next to the floor of a hand-written loop.

    python bench/run.py [--repeat N]

Run it in a virtualenv with the project installed (`pip install .`). It prints a
table and writes bench/out/results.json. Figures on the reference machine are in
bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"


def command() -> list[str]:
    script = Path(sys.executable).with_name("report-validator")
    return [str(script)] if script.exists() else [sys.executable, "-m", "validator"]


def built_corpus() -> Path:
    """bench/out/corpus (its json/ and yaml/ folders), built by corpus.py on first use."""
    corpus = OUT / "corpus"
    if not (corpus / "json").is_dir():
        subprocess.run([sys.executable, str(HERE / "corpus.py"), str(corpus)], check=True)
    return corpus


def wall(argv: list[str], repeat: int) -> float:
    """Best wall time of a whole process over `repeat` runs, in seconds: the cost of the code
    with the machine's noise (other processes, cold caches) taken out."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(
            argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, cwd=ROOT
        )
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=11)
    args = parser.parse_args()
    corpus = built_corpus()
    count = len(list((corpus / "json").iterdir()))
    one = str(ROOT / "fixtures" / "valid" / "nit-2018-kazakhstan.yaml")
    results: dict[str, float] = {
        "python -c pass": wall([sys.executable, "-c", "pass"], args.repeat),
        "check one file": wall([*command(), "check", one], args.repeat),
        "hand loop, one file": wall(
            [sys.executable, str(HERE / "hand_loop.py"), str(ROOT / "fixtures" / "valid")],
            args.repeat,
        ),
    }
    batch_repeat = max(3, args.repeat // 3)
    for form in ("json", "yaml"):
        folder = str(corpus / form)
        results[f"check {count} {form}"] = wall([*command(), "check", folder], batch_repeat)
        results[f"hand loop {count} {form}"] = wall(
            [sys.executable, str(HERE / "hand_loop.py"), folder], batch_repeat
        )
    print(f"{'what':<28}{'wall s':>9}{'docs/s':>10}")
    for name, seconds in results.items():
        rate = f"{count / seconds:,.0f}" if str(count) in name else ""
        print(f"{name:<28}{seconds:>9.3f}{rate:>10}")
    for form in ("json", "yaml"):
        ratio = results[f"check {count} {form}"] / results[f"hand loop {count} {form}"]
        print(f"batch {form}: {ratio:.2f}x the hand loop")
    OUT.mkdir(exist_ok=True)
    (OUT / "results.json").write_text(
        json.dumps({"documents": count, "seconds": results, "cpus": os.cpu_count()}, indent=2)
    )


if __name__ == "__main__":
    main()
