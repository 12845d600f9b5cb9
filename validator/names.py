"""One name per country: the key by which documents of the same country are paired.

Two spellings of one country (accents, apostrophes, a hyphen, case, or a renaming listed in
rules/names/countries.yaml) have the same key. The key pairs documents for cross-edition rules,
conflicts, assembled records and `--previous-root`; findings keep the name as written.
"""

from __future__ import annotations

import unicodedata
from functools import cache

import yaml

from validator.locations import data_dir


class NamesTableError(ValueError):
    """rules/names/countries.yaml is not a mapping of names to their other spellings."""


# apostrophes and hyphens as the workbooks vary them
_SAME = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'", "-": " "})
_SAME.update(dict.fromkeys(map(ord, "\u2010\u2011\u2013\u00a0"), " "))


def _plain(name: str) -> str:
    """The name without accents, case, apostrophe and hyphen variants or extra spaces."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.translate(_SAME).casefold().split())


@cache
def _groups() -> tuple[tuple[str, ...], ...]:
    """The table's names, each with its other spellings (an invalid table is a programming
    error the tests catch)."""
    path = data_dir("rules") / "names" / "countries.yaml"
    # the bundled table, read by PyYAML's safe loader (tests/test_names.py reads it with the
    # documents' reader too: no duplicate name, no other type)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    if not isinstance(data, dict) or not isinstance(data.get("names"), dict):
        raise NamesTableError(f"{path}: expected a mapping `names: {{name: [other spellings]}}`")
    groups = []
    for name, others in data["names"].items():
        if not isinstance(name, str) or not isinstance(others, list):
            raise NamesTableError(f"{path}: {name!r}: expected a list of other spellings")
        groups.append((name, *map(str, others)))
    return tuple(groups)


@cache
def _renamed() -> dict[str, str]:
    """Plain spelling -> plain key of the name the table lists it under."""
    return {_plain(other): _plain(group[0]) for group in _groups() for other in group[1:]}


@cache
def country_key(name: str) -> str:
    """The key of a country's name: equal for every spelling of the same country."""
    plain = _plain(name)
    return _renamed().get(plain, plain)


def spellings(name: str) -> list[str]:
    """The name and every spelling the table gives for the same country (for looking a
    document up by file name)."""
    key = country_key(name)
    found = [name]
    for group in _groups():
        if country_key(group[0]) == key:
            found.extend(s for s in group if s not in found)
    return found
