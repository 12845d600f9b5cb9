"""Coverage-guided fuzzing with atheris (libFuzzer for Python), over the same targets.

    pip install atheris
    python -m fuzz.atheris_harness page -max_total_time=300 -rss_limit_mb=2048 [CORPUS_DIR]

The first argument is a kind (`yaml`, `json`, `page`, `csv`, `xlsx`); the rest go to
libFuzzer. The validator's modules are instrumented, so inputs that reach new branches of a
loader, the schema check or a rule are kept and mutated further; the corpus starts from
`fuzz.mutators.corpus()`. An exception (or a `core/internal-error` finding) stops the run
with the input saved as crash-<hash>, to replay with the same command and that file.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path


def main() -> None:
    import atheris  # optional: not a dependency of the project

    kind, rest = sys.argv[1], sys.argv[2:]
    with atheris.instrument_imports(include=["validator"]):
        from fuzz import mutators, targets

        target = targets.pipeline(kind)
        target(b"")  # imports every module a check needs, under instrumentation
    corpus_dirs = [a for a in rest if not a.startswith("-")]
    if not corpus_dirs:
        seed_dir = Path(tempfile.mkdtemp(prefix=f"corpus-{kind}-"))
        for index, data in enumerate(mutators.corpus()[kind]):
            (seed_dir / f"seed-{index}").write_bytes(data)
        rest = [*rest, str(seed_dir)]
    atheris.Setup([sys.argv[0], *rest], target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
