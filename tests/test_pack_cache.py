"""The cache of loaded packs (validator/packs/cache.py): the same packs as a load from their
files, another load when any input changes, and a cache file that is never code."""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from validator.cli import main
from validator.packs import cache
from validator.packs.loading import load_packs, pack_paths
from validator.packs.pack import schema_folders

from .conftest import FIXTURES

ANOTHER_INDEX = FIXTURES / "another-index"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv(cache.NO_CACHE, raising=False)
    return tmp_path / "xdg" / "report-validator"


def _files(folder: Path) -> list[Path]:
    return sorted(folder.glob("packs-*.pickle")) if folder.is_dir() else []


def test_packs_from_the_cache_are_the_packs_from_their_files(folder: Path) -> None:
    paths = pack_paths([ANOTHER_INDEX])
    loaded, problems = load_packs(paths)
    assert problems == []
    first, said = cache.cached_load(paths)
    assert said == [] and first == loaded and len(_files(folder)) == 1
    again, said = cache.cached_load(paths)
    assert said == [] and again == loaded
    assert [r.kind for p in again for r in p.rules] == [r.kind for p in loaded for r in p.rules]
    assert again[0] is not first[0]  # read back from the file, not kept in memory


def _pack_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "index"
    shutil.copytree(ANOTHER_INDEX, copy)
    return copy


@given(st.sampled_from(["pack", "schema", "layout", "bundled-names"]))
def test_a_change_to_any_input_is_another_cache_file(
    tmp_path_factory: pytest.TempPathFactory, which: str
) -> None:
    """The key covers every file the load reads: a pack, a schema and a page layout beside
    it, a file of the bundled rules (under a copy of the package's data, by monkeypatching
    where it is)."""
    tmp_path = tmp_path_factory.mktemp("key")
    index = _pack_copy(tmp_path)
    paths = pack_paths([index])
    before = cache._key(paths)
    assert cache._key(paths) == before
    target = {
        "pack": next(index.glob("*.yaml")),
        "schema": next(index.glob("*.schema.json")),
        "layout": next((index / "layouts" / "pages").glob("*.yaml"), None),
    }.get(which)
    if which == "bundled-names":
        rules = tmp_path / "data" / "rules"
        schemas = tmp_path / "data" / "schemas"
        real = cache.data_dir
        shutil.copytree(real("rules"), rules)
        shutil.copytree(real("schemas"), schemas)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(cache, "data_dir", lambda name: tmp_path / "data" / name)
            same = cache._key(paths)
            names = rules / "names" / "countries.yaml"
            names.write_text(names.read_text() + "\n# one more line\n")
            assert cache._key(paths) != same
        return
    assert target is not None, which
    target.write_text(target.read_text() + "\n")
    assert cache._key(paths) != before


def test_a_pack_with_problems_is_never_cached(folder: Path, tmp_path: Path) -> None:
    index = _pack_copy(tmp_path)
    pack = next(index.glob("*.yaml"))
    pack.write_text(pack.read_text() + "\nno-such-key: 1\n")
    for _ in range(2):  # said each time, from the files
        _, problems = cache.cached_load(pack_paths([index]))
        assert [f.rule for f in problems] == ["core/invalid-rule-pack"]
        assert _files(folder) == []


def _rewrite(path: Path, body: bytes) -> None:
    path.write_bytes(cache._MAGIC + hashlib.sha256(body).digest() + body)


class _Runs:
    """A pickle that would run a command when loaded."""

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("touch ran",))


@pytest.mark.parametrize("tamper", ["code", "function", "body", "header", "truncated", "garbage"])
def test_a_cache_file_is_data_never_code(
    folder: Path, tmp_path: Path, tamper: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache file changed by hand, cut short or made to run code is not used: the packs
    come from their files, nothing runs."""
    monkeypatch.chdir(tmp_path)
    paths = pack_paths()
    loaded, _ = load_packs(paths)
    cache.cached_load(paths)
    [path] = _files(folder)
    data = path.read_bytes()
    body = data[len(cache._MAGIC) + 32 :]
    if tamper == "code":
        _rewrite(path, pickle.dumps(_Runs()))
    elif tamper == "function":  # a function of the package itself, with a valid hash
        _rewrite(path, pickle.dumps(cache._write))
    elif tamper == "body":
        path.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    elif tamper == "header":
        path.write_bytes(b"x" + data[1:])
    elif tamper == "truncated":
        path.write_bytes(data[: len(data) // 2])
    else:
        _rewrite(path, b"not a pickle" + body[:10])
    assert cache._read(path) is None
    packs, problems = cache.cached_load(paths)
    assert problems == [] and packs == loaded
    assert not (tmp_path / "ran").exists()


def test_an_unwritable_cache_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache folder would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    packs, problems = cache.cached_load(pack_paths())
    assert problems == [] and packs == load_packs(pack_paths())[0]


def test_no_cache_option_and_variable_leave_no_file(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    document = str(FIXTURES / "valid" / "fiw-2024-kazakhstan.yaml")
    assert main(["check", document, "--no-cache"]) == 0
    assert _files(folder) == []
    monkeypatch.setenv(cache.NO_CACHE, "1")
    assert main(["check", document]) == 0
    assert _files(folder) == []
    monkeypatch.delenv(cache.NO_CACHE)
    assert main(["check", document]) == 0
    assert len(_files(folder)) == 1
    assert main(["check", document]) == 0  # from the cache: the same run
    assert "1 document checked: no findings" in capsys.readouterr().out


def test_old_cache_files_are_removed_beyond_the_kept_number(folder: Path) -> None:
    folder.mkdir(parents=True)
    for i in range(cache.KEEP + 5):
        old = folder / f"packs-{i:064x}.pickle"
        old.write_bytes(b"old")
        os.utime(old, (i, i))
    cache.cached_load(pack_paths())
    kept = _files(folder)
    assert len(kept) == cache.KEEP
    assert folder / f"packs-{0:064x}.pickle" not in kept


@pytest.mark.parametrize(
    ("module", "name"),
    [
        ("os", "system"),
        ("builtins", "eval"),
        ("builtins", "getattr"),
        ("validator.atomic", "write_text"),  # a function of the package
        ("validator.checks.api", "Context"),  # its construction runs code (__post_init__)
        ("validator.sources.pages.page", "Page"),
        ("validator.pipeline.spool", "Spool"),  # a class of its own construction: opens files
    ],
)
def test_the_cache_reader_builds_no_callable_that_could_act(module: str, name: str) -> None:
    unpickler = cache._Unpickler(io.BytesIO(b""))
    with pytest.raises(pickle.UnpicklingError):
        unpickler.find_class(module, name)
    # and what packs hold is allowed
    assert unpickler.find_class("validator.packs.pack", "RulePack") is not None
    assert unpickler.find_class("decimal", "Decimal") is not None


def test_a_pack_from_the_cache_is_at_the_path_given_now(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same files named from another working folder (the same cache file): each pack
    is where it is named now, so the schemas and layouts beside it are found from here."""
    first, second = tmp_path / "a", tmp_path / "b"
    second.mkdir()
    shutil.copytree(ANOTHER_INDEX, first / "index")
    monkeypatch.chdir(first)
    cache.cached_load(pack_paths([Path("index")]))
    monkeypatch.chdir(second)
    given = pack_paths([Path("../a/index")])
    packs, problems = cache.cached_load(given)
    assert problems == [] and len(_files(folder)) == 1  # read from the cache
    assert [p.path for p in packs][-1:] == given[-1:]
    assert schema_folders(packs) == [Path("../a/index")]
