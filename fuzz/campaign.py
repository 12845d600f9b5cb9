"""A long fuzz campaign over every loader and the whole pipeline.

    python -m fuzz.campaign --inputs 1000000 --jobs 2 [--seed 1] [--out fuzz/results]

Input number i is made from the seed and i alone (`random.Random`), so a crash is
replayed with `--replay KIND:I`. Each worker process runs under a memory limit, with a
per-input alarm: an exception, a `core/internal-error` finding, a `MemoryError` or an
input that takes longer than `--timeout` seconds is a crash; the input is saved in the
output folder. At the end a summary (inputs per target, crashes, rate) is printed and
written as summary.json.

Mix per input: 60% byte mutations of a corpus file through its loader alone, 25% byte
mutations through the whole pipeline (schema check and every rule), 15% structural
mutations of valid documents (values replaced, removed, added) through the pipeline.
Workbooks are costlier to build: one input in ten for them mutates the sheet XML.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import resource
import signal
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from fuzz import mutators, targets

KINDS = ("yaml", "json", "page", "csv", "xlsx")


class _Timeout(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise _Timeout


def make_input(seed: int, index: int) -> tuple[str, str, bytes]:
    """(target name, kind, bytes) of input number `index`."""
    rng = random.Random(seed * 1_000_003 + index)
    corpus = mutators.corpus()
    kind = KINDS[index % len(KINDS)]
    if kind == "xlsx" and rng.random() < 0.9:
        kind = rng.choice(KINDS[:4])
    roll = rng.random()
    if kind == "xlsx":
        return "pipeline:xlsx", kind, mutators.mutate_workbook(rng.choice(corpus["csv"]), rng)
    if roll < 0.15 and kind in ("yaml", "json"):
        doc = mutators.mutate_document(rng.choice(mutators.valid_documents()), rng)
        return f"pipeline:{kind}", kind, mutators.as_text(doc, kind)
    pool = corpus[kind]
    data = mutators.mutate_bytes(rng.choice(pool), kind, rng, pool)
    return (f"pipeline:{kind}" if roll < 0.40 else f"loader:{kind}"), kind, data


def run_one(name: str, kind: str, data: bytes) -> None:
    target = targets.pipeline(kind) if name.startswith("pipeline") else targets.LOADERS[kind]
    target(data)


def _worker(job: tuple[int, int, int, int, float, str]) -> dict[str, Any]:
    seed, start, stop, memory_mb, timeout, out = job
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    signal.signal(signal.SIGALRM, _alarm)
    counts: Counter[str] = Counter()
    crashes: list[dict[str, Any]] = []
    for index in range(start, stop):
        name, kind, data = make_input(seed, index)
        counts[name] += 1
        signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            run_one(name, kind, data)
        except _Timeout:
            crashes.append(_crash(out, index, name, data, f"took over {timeout} s"))
        except BaseException as error:
            if isinstance(error, KeyboardInterrupt):
                raise
            crashes.append(_crash(out, index, name, data, f"{type(error).__name__}: {error}"))
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    return {"counts": dict(counts), "crashes": crashes}


def _crash(out: str, index: int, name: str, data: bytes, what: str) -> dict[str, Any]:
    folder = Path(out) / "crashes"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{index}-{name.replace(':', '-')}.bin").write_bytes(data)
    return {"input": index, "target": name, "error": what[:300]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=multiprocessing.cpu_count())
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--start", type=int, default=0, help="first input number")
    parser.add_argument("--memory-mb", type=int, default=2048)
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--out", type=Path, default=Path("fuzz/results"))
    parser.add_argument("--replay", metavar="I", type=int, help="run input number I and raise")
    args = parser.parse_args(argv)
    if args.replay is not None:
        name, kind, data = make_input(args.seed, args.replay)
        print(f"input {args.replay}: {name}, {len(data)} bytes\n{data[:400]!r}")
        run_one(name, kind, data)
        print("no crash")
        return 0
    mutators.corpus(), mutators.valid_documents()  # built before forking
    chunk = 5_000
    jobs = [
        (
            args.seed,
            s,
            min(s + chunk, args.start + args.inputs),
            args.memory_mb,
            args.timeout,
            str(args.out),
        )
        for s in range(args.start, args.start + args.inputs, chunk)
    ]
    counts: Counter[str] = Counter()
    crashes: list[dict[str, Any]] = []
    began = time.perf_counter()
    with multiprocessing.Pool(args.jobs) as pool:
        for done, result in enumerate(pool.imap_unordered(_worker, jobs), 1):
            counts.update(result["counts"])
            crashes.extend(result["crashes"])
            if sys.stderr.isatty():
                print(f"\r{done * chunk:,} inputs, {len(crashes)} crashes", end="", file=sys.stderr)
    seconds = time.perf_counter() - began
    summary = {
        "inputs": sum(counts.values()),
        "by_target": dict(sorted(counts.items())),
        "crashes": len(crashes),
        "crash_list": sorted(crashes, key=lambda c: c["input"])[:200],
        "seed": args.seed,
        "first_input": args.start,
        "jobs": args.jobs,
        "seconds": round(seconds, 1),
        "inputs_per_second": round(sum(counts.values()) / seconds),
        "python": sys.version.split()[0],
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    print(json.dumps({k: v for k, v in summary.items() if k != "crash_list"}, indent=2))
    for crash in summary["crash_list"][:20]:
        print(f"crash: input {crash['input']} {crash['target']}: {crash['error']}")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
