"""One table, three tools, whole processes side by side in one run.

    python bench/table.py [--repeat N]

Run it in a virtualenv with the project, pandera and check-jsonschema installed
(`pip install . pandera check-jsonschema`). It writes bench/out/table/FIW13-24.csv, the
sheet of ../shared/data/All_data_FIW_2013-2024.xlsx in the publisher's layout (title row,
header row, 2,515 rows, read with report-validator's own reader), then times:

- `report-validator check` on the CSV, pandera with the same identities (pandera_fiw.py),
  and the csv-module loop (hand_loop_csv.py);
- `report-validator check` on one small document against `check-jsonschema` on the same
  file (with the FIW schema: the schema check alone, what a user could run instead).

Each figure is the best of N runs; ratios are ours over theirs. Results go to
bench/out/table.json; bench/README.md records them.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

from run import OUT, ROOT, command, wall

HERE = Path(__file__).resolve().parent
WORKBOOK = ROOT.parent / "shared" / "data" / "All_data_FIW_2013-2024.xlsx"


def table() -> Path:
    path = OUT / "table" / "FIW13-24.csv"
    if path.exists():
        return path
    sys.path.insert(0, str(ROOT))
    from validator.sources.xlsx_reader import read_workbook

    sheet = next(s for s in read_workbook(WORKBOOK) if s.name == "FIW13-24")
    width = max(max(cells) for cells in sheet.rows.values())
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        for number in sorted(sheet.rows):
            cells = sheet.rows[number]
            writer.writerow(["" if cells.get(c) is None else cells[c] for c in range(1, width + 1)])
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    csv_path = str(table())
    one = str(ROOT / "fixtures" / "valid" / "fiw-2023-kazakhstan.json")
    schema = str(ROOT / "schemas" / "fiw.schema.json")
    checker = str(Path(sys.executable).with_name("check-jsonschema"))
    python = sys.executable
    runs = {
        "report-validator check, CSV": [*command(), "check", csv_path],
        "pandera, CSV": [python, str(HERE / "pandera_fiw.py"), csv_path],
        "hand loop, CSV": [python, str(HERE / "hand_loop_csv.py"), csv_path],
        "report-validator check, one file": [*command(), "check", one],
        "check-jsonschema, one file": [checker, "--schemafile", schema, one],
    }
    results = {name: wall(argv, args.repeat) for name, argv in runs.items()}
    ours = results["report-validator check, CSV"]
    ratios = {
        "x pandera": ours / results["pandera, CSV"],
        "x hand loop": ours / results["hand loop, CSV"],
        "one file x check-jsonschema": results["report-validator check, one file"]
        / results["check-jsonschema, one file"],
    }
    for name, seconds in results.items():
        print(f"{name:40} {seconds:7.3f} s")
    for name, ratio in ratios.items():
        print(f"{name:40} {ratio:7.2f}")
    (OUT / "table.json").write_text(json.dumps({"seconds": results, "ratios": ratios}, indent=2))


if __name__ == "__main__":
    main()
