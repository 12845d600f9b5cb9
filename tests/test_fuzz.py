"""Fuzz tests (issue 6): every loader and `check` itself, on arbitrary bytes and on near-valid
inputs, end in findings or a usage error, never in an uncaught exception (nor in the
`core/internal-error` finding the safety net turns one into).

These run the hypothesis profile of the suite (CI: derandomized, 150 examples each); long
campaigns over the same targets and mutators run with `python -m fuzz.campaign`.
"""

from __future__ import annotations

import contextlib
import json
from decimal import Decimal
from itertools import chain
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz import campaign, mutators, targets
from validator.cli import main


@pytest.mark.parametrize("kind", sorted(targets.LOADERS))
@given(data=st.binary(max_size=3000))
def test_a_loader_survives_arbitrary_bytes(kind: str, data: bytes) -> None:
    targets.LOADERS[kind](data)


@pytest.mark.parametrize("kind", ["yaml", "json", "page", "csv"])
@given(text=st.text(max_size=2000))
def test_the_pipeline_survives_arbitrary_text(kind: str, text: str) -> None:
    targets.pipeline(kind)(text.encode("utf-8", "surrogatepass"))


@given(index=st.integers(min_value=0, max_value=2**40))
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_the_campaign_s_mutated_inputs(index: int) -> None:
    """The campaign's own inputs (byte and structural mutations of the corpus)."""
    name, kind, data = campaign.make_input(seed=7, index=index)
    campaign.run_one(name, kind, data)


# values a hostile document may hold, built by hypothesis rather than drawn from a pool
_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.decimals(allow_nan=False, allow_infinity=False),
    st.sampled_from([Decimal("-0"), Decimal("1E+999999"), Decimal("1E-999999"), 10**4000]),
    st.text(max_size=30),
    st.sampled_from(["Free", "not free", "Consolidated Democracy", "declined", "nit", "fiw"]),
)
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)


def _json_text(value: Any) -> str:
    """JSON with exact numbers as written (Decimals and huge integers included)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)}: {_json_text(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_json_text(v) for v in value) + "]"
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return json.dumps(value)


def _replace(data: Any, pointer: str, value: Any) -> Any:
    parts = pointer.split("/")[1:]

    def walk(node: Any, rest: list[str]) -> Any:
        if not rest:
            return value
        head, *tail = rest
        if isinstance(node, dict):
            return {k: (walk(v, tail) if k == head else v) for k, v in node.items()}
        return [walk(v, tail) if str(i) == head else v for i, v in enumerate(node)]

    return walk(data, parts)


@st.composite
def _near_valid_json(draw: st.DrawFn) -> str:
    """A valid document with one value anywhere replaced by anything, as exact JSON text
    (so huge and negative-zero numbers reach the loader as written)."""
    data = draw(st.sampled_from(mutators.valid_documents()))
    pointer = draw(st.sampled_from(mutators._pointers(data)[1:]))
    return _json_text(_replace(data, pointer, draw(_values)))


@given(text=_near_valid_json())
def test_a_valid_document_with_any_value_anywhere(text: str) -> None:
    """Structural near-misses through the whole pipeline."""
    targets.pipeline("json")(text.encode())


@pytest.mark.slow
@given(
    data=st.one_of(
        st.binary(max_size=500),
        st.sampled_from(list(chain(*mutators.corpus().values()))).map(lambda b: b[: len(b) // 2]),
    ),
    suffix=st.sampled_from([".yaml", ".json", ".txt", ".csv", ".xlsx", ".toml"]),
)
@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_check_on_arbitrary_files(
    data: bytes, suffix: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The command as a user runs it: exit 1 with findings (a file named with an unknown
    suffix too), a JSON report that parses, no traceback, the input untouched."""
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    code = main(["check", str(path), "--format", "json"])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    report = json.loads(out)
    assert code == (1 if report["summary"]["errors"] else 0)
    assert "core/internal-error" not in out
    assert path.read_bytes() == data


_ANY_FILE = st.tuples(
    st.one_of(
        st.binary(max_size=500),
        st.sampled_from(list(chain(*mutators.corpus().values()))).map(lambda b: b[: len(b) // 2]),
        st.sampled_from(list(chain(*mutators.corpus().values()))),
    ),
    st.sampled_from([".yaml", ".json", ".txt", ".csv", ".xlsx"]),
)


@pytest.mark.slow
@given(files=st.lists(_ANY_FILE, min_size=1, max_size=5))
@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_audit_on_arbitrary_files(
    files: list[tuple[bytes, str]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """An archive of broken and whole files: the audit ends, its JSON parses, it reports
    what `check` reports, and no file made the checker fail."""
    folder = tmp_path_factory.mktemp("archive")
    for index, (data, suffix) in enumerate(files):
        (folder / f"{index}{suffix}").write_bytes(data)
    out = tmp_path_factory.mktemp("out")
    # --allow-empty: an archive may hold nothing but the tool's own earlier outputs
    check_json, audit_json = str(out / "check.json"), str(out / "audit.json")
    main(["check", str(folder), "--allow-empty", "--format", "json", "--output", check_json])
    code = main(["audit", str(folder), "--allow-empty", "--jobs", "1", "-q", "--json", audit_json])
    audit = json.loads((out / "audit.json").read_text(encoding="utf-8"))
    check = json.loads((out / "check.json").read_text(encoding="utf-8"))
    assert audit["findings"] == check["findings"]
    assert code == (1 if audit["summary"]["errors"] else 0)
    assert audit["audit"]["files_read"] == len(files)
    assert not any(f["rule"] == "core/internal-error" for f in audit["findings"])


@given(data=st.binary(max_size=2000))
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_baseline_file_of_any_bytes_is_read_or_refused(data: bytes, tmp_path: Path) -> None:
    from validator.baseline import BaselineError, read_baseline

    path = tmp_path / "baseline.json"
    path.write_bytes(data)
    with contextlib.suppress(BaselineError):  # anything else escaping is a failure
        read_baseline(path)


@given(text=_near_valid_json())
def test_import_writes_whatever_a_source_held(text: str) -> None:
    """The import writer renders any document a loader produced (out-of-bounds numbers,
    negative zeros, odd keys) as YAML that loads again."""
    from validator.document_writer import render
    from validator.sources import document_of_text
    from validator.sources.json_source import parse_json
    from validator.sources.yaml_source import parse_yaml

    docs, _ = document_of_text(parse_json, text, "input.json")
    for doc in docs:
        written = render(doc, "input.json")
        parse_yaml(written)  # never raises: problems at most
