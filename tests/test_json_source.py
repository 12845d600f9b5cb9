from decimal import Decimal

from validator.sources.json_source import parse_json


def test_numbers_are_exact_and_integers_stay_int() -> None:
    data, _, problems = parse_json('{"a": 1.50, "b": 6, "c": [0.1]}')
    assert problems == []
    assert data == {"a": Decimal("1.50"), "b": 6, "c": [Decimal("0.1")]}
    assert isinstance(data["b"], int)


def test_positions_are_computed_on_demand() -> None:
    text = '{\n  "survey": "fiw",\n  "indicators": {"A1": 0, "A2": 4},\n  "x": [1, {"y": 2}]\n}'
    _, source_map, _ = parse_json(text)
    assert source_map.build is not None  # nothing computed for a clean document
    assert source_map.locate("/survey") == (2, 13)
    assert source_map.locate("/indicators/A2") == (3, 33)
    assert source_map.locate("/x/1/y") == (4, 18)
    assert source_map.locate("/indicators/B1") == (3, 17)


def test_escaped_keys_map_to_pointers() -> None:
    _, source_map, _ = parse_json('{"a/b": {"c~d": 1}}')
    assert source_map.locate("/a~1b/c~0d") == (1, 17)


def test_duplicate_key_is_reported_with_its_position() -> None:
    data, _, problems = parse_json('{"edition": 2023,\n "edition": 2024}')
    assert data == {"edition": 2023}
    assert [(p.rule, p.line, p.column, p.pointer) for p in problems] == [
        ("duplicate-key", 2, 2, "/edition")
    ]


def test_parse_error_position() -> None:
    _, _, problems = parse_json('{"a": 1,\n "b": }')
    assert [(p.rule, p.line, p.column) for p in problems] == [("parse-error", 2, 7)]


def test_nan_is_not_a_number() -> None:
    data, _, _ = parse_json('{"a": NaN}')
    assert data == {"a": "NaN"}
