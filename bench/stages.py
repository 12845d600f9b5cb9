"""Where the work of a `check` of one table goes, stage by stage, in one process (issue 28,
item 2): the stages a run's worker goes through for a file's documents, each timed alone,
best of N (this machine moves by 10-40% between runs; the minimum is the cost of the code).

    python bench/stages.py [bench/out/table/FIW13-24.csv] [--repeat N]

The stages: reading the file into documents; what the compiled rules and the schema say of
the documents of one shape, column by column (`Engine.verdicts`); whether each needs its
previous edition; the check of each document with what its columns said (the schema again
only where the columns did not clear it, the interpreter only where a rule was not
cleared); the schema alone, document by document (what `check` no longer runs for a row the
columns cleared; for comparison); figure coverage; the rows for the run's store. Start-up
(imports, packs) and the report are outside: `bench/side_by_side.py` times whole processes.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def main() -> int:
    from validator.coverage import Coverage
    from validator.engine import Engine
    from validator.packs.loading import load_packs, pack_paths
    from validator.pipeline.spool import Row
    from validator.sources import load_file
    from validator.sources.problems import PageOptions

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("table", nargs="?", type=Path)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    if args.table is None:
        from table import table  # bench/table.py: the CSV of the official workbook's sheet

        args.table = table()
    packs, _ = load_packs(pack_paths())
    engine = Engine(packs)
    path: Path = args.table
    best: dict[str, float] = {}

    @contextmanager
    def timed(name: str) -> Iterator[None]:
        start = time.perf_counter()
        yield
        best[name] = min(best.get(name, float("inf")), time.perf_counter() - start)

    findings = 0
    for _ in range(args.repeat):
        with timed("read into documents"):
            docs, _ = load_file(path, str(path), PageOptions())
        with timed("verdicts: rules and schema column-wise"):
            said = engine.verdicts(docs)
        with timed("needs its previous edition"):
            for doc in docs:
                engine.needs_previous(doc)
        with timed("check each with its verdicts"):
            checked = [engine.check_document(d, verdicts=said.get(id(d))) for d in docs]
        with timed("(the schema one by one, for comparison)"):
            for doc in docs:
                engine.schemas.check(doc.survey or "", doc.data)
        coverage = Coverage()
        with timed("figure coverage"):
            for doc, result in zip(docs, checked, strict=True):
                coverage.add(doc, result.judged, engine.schemas.roles(doc.survey))
        with timed("rows for the store"):
            for index, doc in enumerate(docs):
                Row(0, index, doc, checked=True).values(True)
        findings = sum(len(c.findings) for c in checked)
    total = sum(v for k, v in best.items() if not k.startswith("("))
    print(f"{path.name}: {len(docs)} documents, {findings} findings, best of {args.repeat}")
    for name, seconds in best.items():
        print(f"  {name:42s} {seconds * 1000:7.1f} ms")
    print(f"  {'in all (without the comparison)':42s} {total * 1000:7.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
