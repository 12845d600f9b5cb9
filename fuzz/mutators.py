"""Inputs for the fuzzers: a corpus of real files and mutations of them.

Two families, both driven by a `random.Random` so that a seed replays an input exactly:
byte-level mutations (flips, cuts, repeats, splices, tokens that loaders treat specially)
of any corpus file, and structural mutations of valid documents (a value anywhere replaced
by something a hostile or broken source could hold), written back as YAML or JSON.
"""

from __future__ import annotations

import io
import json
import random
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEEDS = ROOT.parent / "shared" / "seeds"

# Text that loaders, parsers or rules treat specially.
TOKENS: dict[str, list[str]] = {
    "yaml": [
        "&a ",
        "*a",
        "!!python/object/apply:os.system ['true']",
        "!!binary ",
        "!foo ",
        "---\n",
        "...\n",
        "\t",
        "{",
        "}",
        "[",
        "]",
        ": ",
        "- ",
        "? ",
        "~",
        "null",
        ".nan",
        ".inf",
        "-.inf",
        "1e999999",
        "1.0e+999999",
        "-0",
        "-0.0",
        "0x1F",
        "0x_",
        "+0b_",
        "0o17",
        "1_000",
        "1:30",
        "<<: *a",
        "'",
        '"',
        "\\u0000",
        "#",
        "# report-validator: ignore[nit/x] because",
        "yes",
        "on",
        "2023-01-01",
        "\u00a0",
        "\ufeff",
        "9" * 50,
        "0." + "0" * 40 + "1",
        # the shapes of the second attack round (issue 16): long runs a lazy pattern retries
        "# report-validator: ignore[fiw/x] a" + " " * 20_000 + "b",
        # issue 16 item 7: values in their hundreds of thousands, flow and block
        "[" + "0," * 60_000 + "0]",
        "\n" + "- 0\n" * 60_000,
        # issue 26: anchors and tags before a value, a flow mapping over several lines, line
        # breaks only YAML counts (what `fix` must edit as the reader numbers it)
        "&t 33",
        "!!int 33",
        "{A: 1, B: 3,\n  C: 1, D: 4,\n  E: 2}",
        "E:\n    9, F: 4",
        "\u2028",
        "\x85",
        "\r",
    ],
    "json": [
        "NaN",
        "Infinity",
        "-Infinity",
        "1e999999",
        "-0",
        "-0.0",
        "1" + "0" * 5000,
        "[" * 50,
        "]" * 50,
        "{",
        "}",
        '"',
        "\\",
        "\\ud800",
        "\\u0000",
        ",",
        ":",
        "null",
        "true",
        "1.5e-400",
        '"survey": "nit"',
        '"edition": 2018',
        '"a": 1, "a": 2',
        "0." + "0" * 40 + "1",
        "[" + "0," * 60_000 + "0]",  # issue 16 item 7: values past the bound with two copies
        # issue 16: an unterminated string of escaped quotes, keys repeated many times, lone
        # surrogates, controls for the outputs
        '"' + '\\"' * 20_000,
        '"k": 1, "k": 2, ' * 2_000,
        '"\\udc80"',
        '"\\u001b[2J"',
        # issue 26: a raw line separator in a string, CR line ends
        '"a\u2028b"',
        "\r",
    ],
    "page": [
        "DEMOCRACY-SCORE Democracy Score 1.29 7\n",
        "PR Political Rights 5 40\n",
        "CL Civil Liberties 18 60\n",
        "1,25",
        "2,300",
        "1.251 7.007",
        "0.000 4.004",
        "Last Year's Score & Status\n",
        "Last Year's Democracy Percentage & Status\n",
        "  • Civil Society rating declined from 1.50 to 1.25 due to x.\n",
        "Democracy Score declined from 1.32 to 1.29",
        "On Kazakhstan\n",
        "Score changes in 2018",
        "Key Developments in 2022",
        "• Global Freedom Score\n",
        "23 100 Not Free\n",
        "A1 1.00-4.00 pts0-4 pts\n",
        "with 1 representing the highest",
        "header",
        "-1",
        "\n",
        # issue 16: a line of spaces, a number of thousands of digits
        "On a" + " " * 20_000 + "b\n",
        "DEMOCRACY-SCORE Democracy Score " + "9" * 6_000 + " 7\n",
        "• Civil Society rating declined from 1.50 to 1.25 due to a" + " " * 20_000 + "b\n",
        # issue 24: copies as they are found: table rows, no-break spaces, tabs, titles, a
        # second copy's anchor, a score of thousands of digits under a heading
        "| PR Political Rights | 5 40 |\n",
        "PR\u00a0Political Rights\u00a014\n",
        "PR\tPolitical\tRights\t14\t/\t40\n",
        "Nations in Transit 2019\n",
        "Kazakhstan | Freedom House\n",
        "Country: Brazil\nYear: 2016\n",
        "Political Rights: 2 / 40 (−5)\n",
        "Placeholder description. 1." + "9" * 6_000 + " 7.007\n",
        "|" * 5_000 + "\n",
    ],
    "csv": [
        ",",
        "\n",
        '"',
        "N/A",
        "-",
        "F",
        "PF",
        "NF",
        "2(5)",
        "F (NF)",
        "1e999999",
        "Country/Territory",
        "Edition",
        "Add Q",
        "\x00",
        "=SUM(A1)",
        "-0",
        "9" * 50,
    ],
}
TOKENS["csv"].append("Survey Edition," + "1999,,," * 3_000)  # columns side by side
TOKENS["csv"].append("\n" + "Testland,1,1,F\n" * 30_000)  # rows past the bound on records
TOKENS["xlsx"] = [
    *TOKENS["csv"],
    # issue 16: a merge range naming billions of rows; a part in another encoding
    '<mergeCells count="1"><mergeCell ref="A3:A99999999999999"/></mergeCells>',
    '<?xml version="1.0" encoding="UTF-16"?>',
]


@cache
def corpus() -> dict[str, list[bytes]]:
    """Real inputs by kind: the bundled fixtures, the seed pages, a workbook from the CSV."""
    found: dict[str, list[bytes]] = {"yaml": [], "json": [], "page": [], "csv": [], "xlsx": []}
    for folder in (FIXTURES / "valid", FIXTURES / "invalid", FIXTURES / "golden"):
        for path in sorted(folder.iterdir()):
            kind = {".yaml": "yaml", ".json": "json"}.get(path.suffix)
            if kind:
                found[kind].append(path.read_bytes())
    found["page"] = [p.read_bytes() for p in sorted(SEEDS.glob("*.txt"))] if SEEDS.exists() else []
    found["page"] += [b"DEMOCRACY-SCORE Democracy Score 1.29 7\n", b"PR Political Rights 5 40\n"]
    found["csv"] = [p.read_bytes() for p in sorted((FIXTURES / "sources").glob("*.csv"))]
    found["xlsx"] = [workbook(text.decode()) for text in found["csv"]]
    return found


def workbook(csv_text: str, sheet_xml: str | None = None) -> bytes:
    """An .xlsx holding the CSV's cells (or the sheet XML given), in memory."""
    import csv as csv_module

    from tests.workbooks import sheet_xml as to_xml
    from tests.workbooks import write_workbook

    if sheet_xml is None:
        rows = list(csv_module.reader(csv_text.splitlines()))
        sheet_xml = to_xml([[int(v) if v.isdigit() else v for v in row] for row in rows])
    buffer = io.BytesIO()
    write_workbook(buffer, {"Sheet1": sheet_xml})
    return buffer.getvalue()


def mutate_bytes(data: bytes, kind: str, rng: random.Random, others: list[bytes]) -> bytes:
    """One to eight byte-level mutations of `data`."""
    buffer = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        choice = rng.randrange(9)
        at = rng.randrange(len(buffer) + 1)
        if choice == 0 and buffer:  # flip bits
            index = rng.randrange(len(buffer))
            buffer[index] ^= 1 << rng.randrange(8)
        elif choice == 1:  # a random byte
            buffer.insert(at, rng.randrange(256))
        elif choice == 2:  # cut a range
            buffer[at : at + rng.randint(1, 64)] = b""
        elif choice == 3:  # repeat a range
            piece = buffer[at : at + rng.randint(1, 32)]
            buffer[at:at] = piece * rng.randint(1, 8)
        elif choice == 4 and others:  # splice from another input
            other = rng.choice(others)
            start = rng.randrange(len(other) + 1)
            buffer[at:at] = other[start : start + rng.randint(1, 200)]
        elif choice in (5, 6):  # a special token
            buffer[at:at] = rng.choice(TOKENS[kind]).encode()
        elif choice == 7:  # replace a number with another
            text = bytes(buffer)
            digits = [i for i, b in enumerate(text) if 48 <= b <= 57]
            if digits:
                index = rng.choice(digits)
                buffer[index : index + 1] = rng.choice(
                    ["0", "-0", "7.25", "99", "1e9", "4.5"]
                ).encode()
        else:  # truncate
            del buffer[at:]
    return bytes(buffer)


def mutate_workbook(csv_text: bytes, rng: random.Random) -> bytes:
    """A workbook whose sheet XML (not its zip) is mutated, so the XML reader is reached."""
    import csv as csv_module

    from tests.workbooks import sheet_xml

    rows = list(csv_module.reader(csv_text.decode().splitlines()))
    xml = sheet_xml([[int(v) if v.isdigit() else v for v in row] for row in rows])
    mutated = mutate_bytes(xml.encode(), "xlsx", rng, [])
    if rng.random() < 0.3:
        mutated = mutated.replace(b"<v>", b"<f>SUM(A1)</f><v>", 1)
    return workbook("", mutated.decode("utf-8", "replace"))


# Values a broken or hostile document may hold anywhere.
def _values(rng: random.Random) -> Any:
    pool: list[Any] = [
        None,
        True,
        False,
        0,
        -1,
        7,
        100,
        10**20,
        Decimal("1.25"),
        Decimal("-0.0"),
        Decimal("4.999"),
        Decimal("1E+40"),
        "",
        "1.25",
        "Free",
        "free ",
        "Not Free",
        "nit",
        "fiw",
        "fotn",
        "declined",
        "improved",
        "7-most-democratic",
        "1-most-democratic",
        [],
        {},
        [1, 2],
        {"a": 1},
        {"score": 50, "status": "free"},
        "x" * 1000,
        [[[[[[[[]]]]]]]],
        {"category": "civil_society", "direction": "declined", "from": 2, "to": 1},
    ]
    return rng.choice(pool)


def _pointers(data: Any, at: str = "") -> list[str]:
    found = [at]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _pointers(value, f"{at}/{key}")
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _pointers(value, f"{at}/{index}")
    return found


def mutate_document(data: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """A copy of a valid document with one to four values replaced, removed or added."""
    import copy

    doc = copy.deepcopy(data)
    for _ in range(rng.randint(1, 4)):
        pointer = rng.choice(_pointers(doc)[1:] or ["/x"])
        *parents, last = pointer.split("/")[1:]
        node: Any = doc
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        key: Any = int(last) if isinstance(node, list) else last
        action = rng.randrange(4)
        if action == 0 and isinstance(node, dict):
            del node[key]
        elif action == 1 and isinstance(node, dict):
            node[rng.choice(["extra", "last_year", "changes", "sidebar", key + "_"])] = _values(rng)
        elif isinstance(node, (dict, list)):
            node[key] = _values(rng)
    return doc


def as_text(data: dict[str, Any], kind: str) -> bytes:
    """The document as JSON or YAML text (exact decimals become the nearest float: the
    digits a short decimal prints are kept)."""

    def plain(node: Any) -> Any:
        if isinstance(node, Decimal):
            return float(node)
        if isinstance(node, dict):
            return {str(k): plain(v) for k, v in node.items()}
        if isinstance(node, list):
            return [plain(v) for v in node]
        return node

    if kind == "json":
        return json.dumps(plain(data)).encode()
    return yaml.safe_dump(plain(data), sort_keys=False, allow_unicode=True).encode()


@cache
def valid_documents() -> list[dict[str, Any]]:
    from validator.sources import load_paths

    docs, _ = load_paths([FIXTURES / "valid"])
    return [d.data for d in docs]
