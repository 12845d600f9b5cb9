from validator.checks import sum_equals

from .conftest import run

DATA = {"i": {"A1": 1, "A2": 2, "B1": 3}, "q": 2, "total": 4}


def test_signed_sum_with_default() -> None:
    params = {"value": "/total", "parts": ["/i/A*", "/i/B*", {"field": "/q", "sign": -1}]}
    assert run(sum_equals, DATA, params) == []


def test_wrong_total_is_reported_with_expected_value() -> None:
    params = {"value": "/total", "parts": ["/i/*"]}
    assert run(sum_equals, DATA, params) == [("/total", "6", "4")]


def test_missing_part_without_default_skips_and_default_applies() -> None:
    assert run(sum_equals, DATA, {"value": "/total", "parts": ["/i/*", "/absent"]}) == []
    params = {"value": "/total", "parts": ["/i/*", {"field": "/absent", "sign": -1, "default": 2}]}
    assert run(sum_equals, DATA, params) == []


def test_missing_total_skips() -> None:
    assert run(sum_equals, DATA, {"value": "/nothing", "parts": ["/i/*"]}) == []


def test_key_template_selects_parts_by_target() -> None:
    data = {"i": {"A1": 1, "A2": 2, "B1": 3}, "s": {"A": 3, "B": 4}}
    params = {"value": "/s/{$key}", "parts": ["/i/{$key}*"]}
    assert run(sum_equals, data, params, at="/s/*") == [("/s/B", "3", "4")]


def test_non_number_part_skips() -> None:
    assert run(sum_equals, {"a": "N/A", "t": 1}, {"value": "/t", "parts": ["/a"]}) == []
