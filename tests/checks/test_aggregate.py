from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from validator.checks import aggregate
from validator.document import Document

from .conftest import run

GROUP = {
    "survey": "fiw",
    "match": ["/edition"],
    "where": [{"field": "/territory", "not_equals": True}],
}


def record(
    country: str, status: str, edition: int = 2024, source: str = "t.yaml", **more: object
) -> Document:
    return Document(
        source, {"survey": "fiw", "country": country, "edition": edition, "status": status, **more}
    )


RECORDS = [
    record("A", "Free", total_score=90),
    record("B", "Partly Free", total_score=50),
    record("C", "Not Free", total_score=10),
    record("T", "Free", territory=True, total_score=80),  # not counted
    record("D", "Free", edition=2023, total_score=95),  # another edition
    record("E", "Free", source="other.yaml", total_score=99),  # another workbook
]
ROW = {
    "edition": 2024,
    "countries": 3,
    "free": 1,
    "share": Decimal("0.3333"),
    "mean": Decimal("50"),
}


def test_counts_the_group_of_the_same_source_and_edition() -> None:
    params = {"value": "/countries", "of": "count", "group": GROUP}
    assert run(aggregate, ROW, params, peers=RECORDS) == []
    assert run(aggregate, {**ROW, "countries": 4}, params, peers=RECORDS) == [
        ("/countries", "3", "4")
    ]


def test_counts_the_members_that_hold_where() -> None:
    params = {
        "value": "/free",
        "of": "count",
        "where": [{"field": "/status", "equals": "Free"}],
        "group": GROUP,
    }
    assert run(aggregate, ROW, params, peers=RECORDS) == []
    assert run(aggregate, {**ROW, "free": 2}, params, peers=RECORDS) == [("/free", "1", "2")]


def test_a_share_is_compared_at_its_printed_decimals() -> None:
    params = {
        "value": "/share",
        "of": "share",
        "where": [{"field": "/status", "equals": "Free"}],
        "group": GROUP,
    }
    assert run(aggregate, ROW, params, peers=RECORDS) == []
    assert run(aggregate, {**ROW, "share": Decimal("0.33")}, params, peers=RECORDS) == []
    assert run(aggregate, {**ROW, "share": Decimal("0.3334")}, params, peers=RECORDS) == [
        ("/share", "0.3333", "0.3334")
    ]


def test_significant_digits_read_a_spreadsheet_double_as_it_shows() -> None:
    params = {
        "value": "/share",
        "of": "share",
        "where": [{"field": "/status", "equals": "Free"}],
        "group": GROUP,
        "significant": 15,
    }
    stored = {**ROW, "share": Decimal("0.33333333333333331")}  # the double of 1/3
    assert run(aggregate, stored, params, peers=RECORDS) == []
    rounded = {**ROW, "share": Decimal("0.33330000000000001")}  # the double of 0.3333
    assert run(aggregate, rounded, params, peers=RECORDS) == []
    without = {"value": "/share", "of": "share", "where": params["where"], "group": GROUP}
    assert run(aggregate, stored, without, peers=RECORDS) != []  # 17 decimals, taken as written


def test_mean_min_max_sum_of_a_field() -> None:
    for of, value in (("mean", 50), ("min", 10), ("max", 90), ("sum", 150)):
        params = {"value": "/mean", "of": of, "field": "/total_score", "group": GROUP}
        found = run(aggregate, {**ROW, "mean": Decimal(value)}, params, peers=RECORDS)
        assert found == [], of


def test_the_whole_run_counts_each_record_once() -> None:
    group = {**GROUP, "scope": "run"}
    params = {"value": "/countries", "of": "count", "group": group}
    twice = [*RECORDS, record("A", "Free", source="again.yaml")]
    assert run(aggregate, {**ROW, "countries": 4}, params, peers=twice) == []  # A, B, C and E


def test_nothing_to_aggregate_over_compares_nothing() -> None:
    params = {"value": "/countries", "of": "count", "group": GROUP}
    assert run(aggregate, {**ROW, "countries": 99}, params) == []  # no peers: checked alone
    assert run(aggregate, {**ROW, "edition": 1999, "countries": 99}, params, peers=RECORDS) == []


@given(
    st.lists(st.sampled_from(["Free", "Partly Free", "Not Free"]), min_size=1, max_size=40),
    st.integers(min_value=0, max_value=6),
)
def test_a_share_printed_at_any_precision_from_the_true_counts_passes(
    statuses: list[str], digits: int
) -> None:
    """The invariant: the exact ratio, rounded half-up to d decimals, is accepted at d
    decimals, and one unit more in the last place is not."""
    from validator.arithmetic import round_half_up

    peers = [record(f"c{i}", s) for i, s in enumerate(statuses)]
    share = round_half_up(Fraction(statuses.count("Free"), len(statuses)), digits)
    params = {
        "value": "/share",
        "of": "share",
        "where": [{"field": "/status", "equals": "Free"}],
        "group": GROUP,
    }
    assert run(aggregate, {**ROW, "share": share}, params, peers=peers) == []
    off = share + Decimal(1).scaleb(-digits)
    assert run(aggregate, {**ROW, "share": off}, params, peers=peers) != []
