from decimal import Decimal
from pathlib import Path

from validator.sources.yaml_source import parse_yaml


def test_numbers_are_exact_and_integers_stay_int() -> None:
    data, _, problems = parse_yaml("a: 1.50\nb: 6\nc: 0.1\nd: '1.25'\n")
    assert problems == []
    assert data == {"a": Decimal("1.50"), "b": 6, "c": Decimal("0.1"), "d": "1.25"}
    assert isinstance(data["b"], int)
    assert str(data["a"]) == "1.50"  # the printed precision is kept


def test_positions_of_values_are_one_based() -> None:
    _, source_map, _ = parse_yaml("survey: nit\nratings:\n  civil_society: 1.25\nlist: [1, 2]\n")
    assert source_map.locate("/survey") == (1, 9)
    assert source_map.locate("/ratings/civil_society") == (3, 18)
    assert source_map.locate("/list/1") == (4, 11)
    # a missing value is placed at its nearest ancestor
    assert source_map.locate("/ratings/corruption") == (3, 3)


def test_duplicate_key_is_reported_at_the_second_key_and_the_first_value_kept() -> None:
    data, _, problems = parse_yaml("a: 1\nb: 2\na: 3\n")
    assert data == {"a": 1, "b": 2}
    assert [(p.rule, p.line, p.column, p.pointer) for p in problems] == [
        ("duplicate-key", 3, 1, "/a")
    ]


def test_nested_duplicate_key() -> None:
    _, _, problems = parse_yaml("last_year:\n  status: x\n  status: y\n")
    assert [(p.rule, p.pointer, p.line) for p in problems] == [
        ("duplicate-key", "/last_year/status", 3)
    ]


def test_parse_error_has_the_position_where_the_parser_stopped() -> None:
    data, _, problems = parse_yaml("a: [1, 2\nb: 3\n")
    assert data is None
    assert [(p.rule, p.line) for p in problems] == [("parse-error", 2)]


def test_empty_file_is_a_parse_error() -> None:
    _, _, problems = parse_yaml("# nothing\n")
    assert [p.rule for p in problems] == ["parse-error"]


def test_tags_never_construct_objects(tmp_path: Path) -> None:
    canary = tmp_path / "ran"
    text = f"a: !!python/object/apply:os.system ['touch {canary}']\nb: !x 3\nc: !!str 4\n"
    data, _, problems = parse_yaml(text)
    assert not canary.exists()
    assert data == {"a": [f"touch {canary}"], "b": "3", "c": "4"}
    assert [(p.rule, p.pointer, p.line) for p in problems] == [
        ("yaml-tag", "/a", 1),
        ("yaml-tag", "/b", 2),
    ]
    assert "!!python/object/apply:os.system" in problems[0].message


def test_aliases_of_collections_are_refused() -> None:
    text = "a: &x [1, 2]\nb: *x\n"
    _, _, problems = parse_yaml(text)
    assert [(p.rule, p.pointer) for p in problems] == [("parse-error", "/b")]


def test_special_floats_are_not_numbers() -> None:
    data, _, _ = parse_yaml("a: .inf\nb: .nan\n")
    assert data == {"a": ".inf", "b": ".nan"}


def test_integers_yaml_resolves_but_python_cannot_read_stay_text() -> None:
    data, _, problems = parse_yaml("a: 0x_\nb: +0b_\nc: 0x1F\n")
    assert data == {"a": "0x_", "b": "+0b_", "c": 31}
    assert problems == []
