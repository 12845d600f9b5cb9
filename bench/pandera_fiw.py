"""What a data team would write first: pandera on the FIW 2013-2024 table as a CSV.

    python bench/pandera_fiw.py FIW13-24.csv

The same identities as the FIW pack checks on these rows (indicator ranges, subcategory
sums, PR with Add Q and Add A up to 2017, CL, total, the two rating tables, the status from
the Freedom Rating), vectorised over the table's columns. It prints the number of rows that
fail; nothing about where beyond the row, nothing about why beyond the check's name. The
numbers are written here as a data team would copy them from the methodology.
"""

from __future__ import annotations

import sys

import pandas as pd
import pandera.pandas as pa

PR_BANDS = [(36, 1), (30, 2), (24, 3), (18, 4), (12, 5), (6, 6), (-10, 7)]  # lowest score: rating
CL_BANDS = [(53, 1), (44, 2), (35, 3), (26, 4), (17, 5), (8, 6), (0, 7)]
LETTERS = {"A": 3, "B": 4, "C": 3, "D": 4, "E": 3, "F": 4, "G": 4}
INDICATORS = [f"{letter}{n}" for letter, count in LETTERS.items() for n in range(1, count + 1)]


def rating(score: pd.Series, bands: list[tuple[int, int]]) -> pd.Series:
    result = pd.Series(7, index=score.index)
    for low, value in reversed(bands):
        result = result.mask(score >= low, value)
    return result


def status(freedom_rating: pd.Series) -> pd.Series:
    return freedom_rating.map(lambda r: "F" if r <= 2.5 else "PF" if r <= 5.0 else "NF")


def political_rights(df: pd.DataFrame) -> pd.Series:
    add_a = df["Add A"].where(df["Edition"] <= 2017, 0).fillna(0)
    return df[["A", "B", "C"]].sum(axis=1) + add_a - df["Add Q"] == df["PR"]


SCHEMA = pa.DataFrameSchema(
    {
        **{name: pa.Column(int, pa.Check.in_range(0, 4)) for name in INDICATORS},
        "Add Q": pa.Column(int, pa.Check.in_range(0, 4)),
        "Add A": pa.Column(float, pa.Check.in_range(0, 4), nullable=True),
        "PR": pa.Column(int, pa.Check.in_range(-4, 40)),
        "CL": pa.Column(int, pa.Check.in_range(0, 60)),
        "Total": pa.Column(int, pa.Check.in_range(-4, 100)),
        "PR rating": pa.Column(int, pa.Check.in_range(1, 7)),
        "CL rating": pa.Column(int, pa.Check.in_range(1, 7)),
        "Status": pa.Column(str, pa.Check.isin(["F", "PF", "NF"])),
    },
    checks=[
        *(
            pa.Check(
                lambda df, letter=letter, count=count: (
                    df[[f"{letter}{n}" for n in range(1, count + 1)]].sum(axis=1) == df[letter]
                ),
                name=f"subcategory {letter}",
            )
            for letter, count in LETTERS.items()
        ),
        pa.Check(political_rights, name="PR score"),
        pa.Check(lambda df: df[["D", "E", "F", "G"]].sum(axis=1) == df["CL"], name="CL score"),
        pa.Check(lambda df: df["PR"] + df["CL"] == df["Total"], name="total"),
        pa.Check(lambda df: rating(df["PR"], PR_BANDS) == df["PR rating"], name="PR rating"),
        pa.Check(lambda df: rating(df["CL"], CL_BANDS) == df["CL rating"], name="CL rating"),
        pa.Check(
            lambda df: status((df["PR rating"] + df["CL rating"]) / 2) == df["Status"],
            name="status",
        ),
    ],
)

if __name__ == "__main__":
    table = pd.read_csv(sys.argv[1], header=1)
    try:
        SCHEMA.validate(table, lazy=True)
        failed = 0
    except pa.errors.SchemaErrors as errors:
        failed = errors.failure_cases["index"].nunique()
    print(f"{len(table)} rows, {failed} failing")
