"""Finding files below folders: the order is Path order, whatever the names."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from validator.sources import discover, discover_names

_NAME = st.text(alphabet="ab-_. !~0Z", min_size=1, max_size=6).filter(
    lambda n: n not in (".", "..") and not n.startswith(".")
)


@given(st.lists(st.lists(_NAME, min_size=1, max_size=3), min_size=1, max_size=12))
def test_files_below_a_folder_come_in_path_order(trees: list[list[str]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        made: set[Path] = set()
        for parts in trees:
            path = root.joinpath(*parts[:-1], parts[-1] + ".json")
            if any(p in made for p in path.parents) or path.exists():
                continue  # a file where a folder is wanted, or the same file again
            if path.is_dir():
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("{}", encoding="utf-8")
            made.add(path)
        assert list(discover([root])) == sorted(made)


def test_files_are_found_one_folder_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first file of a folder comes before the folders after it are listed: an audit of
    a million files holds the listings of the folders it walks, never every name."""
    for k in range(3):
        (tmp_path / f"d{k}").mkdir()
        (tmp_path / f"d{k}" / "a.json").write_text("{}")
    listed: list[str] = []
    real = os.scandir

    def scandir(path: str) -> Any:
        listed.append(os.path.basename(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    names = discover_names([tmp_path])
    assert next(names) == str(tmp_path / "d0" / "a.json")
    assert listed == [tmp_path.name, "d0"]
    assert list(names) == [str(tmp_path / f"d{k}" / "a.json") for k in (1, 2)]
