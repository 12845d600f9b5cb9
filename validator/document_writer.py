"""Write canonical documents as YAML files: DIR/<survey>/<edition>/<country>.yaml.

Numbers are written as read (1.50 stays 1.50, never through a float); keys keep the
canonical order (survey, country, edition first); each file says where it came from.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from validator.arithmetic import to_text
from validator.atomic import write_text
from validator.document import Document, differing
from validator.peers import assemble
from validator.schema_check import Schemas
from validator.sources.numbers import RawNumber

FIRST = ("survey", "country", "edition", "edition_label")


class _Dumper(yaml.SafeDumper):
    pass


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> Any:
    return dumper.represent_scalar("tag:yaml.org,2002:float", to_text(value))


def _raw_number(dumper: yaml.SafeDumper, value: RawNumber) -> Any:
    """A number the source held beyond what a report prints: written as it was written, so
    that checking the imported document reports it again."""
    tag = dumper.resolve(yaml.ScalarNode, str(value), (True, False))  # type: ignore[no-untyped-call]
    return dumper.represent_scalar(tag, str(value))


_Dumper.add_representer(Decimal, _decimal)
_Dumper.add_representer(RawNumber, _raw_number)


# characters of a file or folder name made from data (file systems allow 255 bytes)
SLUG_LIMIT = 100


def slug(name: str) -> str:
    """`Côte d'Ivoire` -> `cote-d-ivoire`: a file name that sorts and survives every file
    system, and never a path (no `/`, `.` or `..`: a name from data cannot leave the folder
    it is written into). A longer name is cut, with a digest of the whole so two long names
    stay apart."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    found = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "unnamed"
    if len(found) <= SLUG_LIMIT:
        return found
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return f"{found[: SLUG_LIMIT - 13].rstrip('-')}-{digest}"


def target(doc: Document, out: Path) -> Path:
    return location(out, str(doc.survey), doc.country or "unnamed", doc.edition)


def location(root: Path, survey: str, country: str, edition: int | None) -> Path:
    """Where a document lives in a repository of canonical documents (and where `import`
    writes it): <root>/<survey>/<edition>/<country>.yaml, each part made a file name
    (`slug`), so data never chooses a place outside `root`."""
    return root / slug(survey) / slug(str(edition)) / f"{slug(country)}.yaml"


def previous_finder(root: Path) -> Callable[[str, str, int], tuple[Document | None, str]]:
    """Look the previous edition up at its documented place (.yaml, .yml or .json)."""
    from validator.names import country_key, spellings
    from validator.sources import load_file

    def find(survey: str, country: str, edition: int) -> tuple[Document | None, str]:
        """Under the name as written, then under each other spelling of the country
        (rules/names/countries.yaml: "Swaziland" finds eswatini.yaml)."""
        record = (survey, country_key(country), edition)
        first = location(root, survey, country, edition)
        home = root.resolve()
        for name in spellings(country):
            path = location(root, survey, name, edition)
            for candidate in (path, path.with_suffix(".yml"), path.with_suffix(".json")):
                if candidate.is_file() and home not in candidate.resolve().parents:
                    # a link inside the root to a file elsewhere: not read
                    return None, f"{candidate}, which leads outside {root} (not read)"
                if candidate.is_file():
                    docs, problems = load_file(candidate)
                    if docs and docs[0].record == record:
                        return docs[0], str(candidate)
                    why = problems[0][1].message if problems else "it holds another record"
                    return None, f"{candidate}, which cannot be used ({why})"
        return None, str(first)

    return find


def render(doc: Document, origin: str) -> str:
    ordered = {k: doc.data[k] for k in FIRST if k in doc.data}
    ordered.update((k, v) for k, v in doc.data.items() if k not in ordered)
    body = yaml.dump(ordered, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    return f"# Imported by report-validator from {origin}\n{body}"


def write(
    docs: list[Document],
    out: Path,
    inputs: frozenset[Path] | set[Path] = frozenset(),
    overwrite: bool = False,
) -> tuple[list[Path], list[str], int]:
    """The files written; the documents refused; and how many repeated a record already
    written from another source, agreeing on every figure both give (the two workbooks
    overlap for 2013-2024). A repeat that gives more figures (ratings in one workbook,
    scores in another) adds them to the record's document; one that disagrees on a shared
    figure is refused and said. A record is one whatever the spelling of its country
    (rules/names/countries.yaml): its file is named after the first. What is a figure
    (provenance and prose aside) is what the bundled schemas say. Every file stays inside
    `out` (a link in it that leads elsewhere is not written through); a document already
    there whose text differs is kept and said, unless `overwrite`."""
    roles = Schemas().roles
    written: dict[Path, tuple[str, Document]] = {}
    records: dict[tuple[str | None, str | None, int | None], Path] = {}
    refused: list[str] = []
    agreeing = 0
    for doc in docs:
        if None in doc.identity:  # a hub page names no edition: DIR/<survey>/<edition>/...
            missing = [
                n
                for n, v in zip(("survey", "country", "edition"), doc.identity, strict=True)
                if v is None
            ]
            refused.append(f"{doc.source}: no {' or '.join(missing)}; not imported")
            continue
        path = records.get(doc.record) or target(doc, out)
        note = doc.source_map.describe("")
        origin = f"{doc.source} ({note})" if note else doc.source
        if path in written:
            first, kept = written[path]
            disagree = differing(kept, doc, roles(doc.survey))
            if disagree:
                refused.append(
                    f"{origin}: differs from {first} on {', '.join(disagree)}; "
                    f"{path} keeps the first"
                )
                continue
            agreeing += 1
            whole = assemble([kept, doc], roles)
            if whole:  # it adds figures: the record now has those of both sources
                merged = Document(kept.source, whole[0].document.data)
                both = f"{first} and {origin}"
                write_text(path, render(merged, both))
                written[path] = (both, merged)
            continue
        if path.resolve() in inputs:
            refused.append(f"{origin}: {path} is one of the files being read; not overwritten")
            continue
        outside = _outside(path, out)
        if outside is not None:
            refused.append(f"{origin}: {path} {outside}; not written")
            continue
        text = render(doc, origin)
        held = _kept(path, text, overwrite)
        if held is not None:
            refused.append(f"{origin}: {path} {held}")
            continue
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_text(path, text)
        except (OSError, ValueError) as error:  # this record's file; the others go on
            refused.append(f"{origin}: {path} cannot be written ({error}); not imported")
            continue
        written[path] = (origin, doc)
        records[doc.record] = path
    return list(written), refused, agreeing


def _outside(path: Path, out: Path) -> str | None:
    """Why writing `path` would leave the folder `out` (a link inside it that leads
    elsewhere, as a folder or as the file), or None."""
    home = out.resolve()
    resolved = path.resolve()
    if resolved == home or home in resolved.parents:
        return None
    return f"leads outside {out} (through a link: {resolved})"


def _kept(path: Path, text: str, overwrite: bool) -> str | None:
    """Why an existing document is kept: its text differs from what would be written (it
    may have been edited by hand), and --overwrite was not given. None: write it."""
    if overwrite or not path.is_file():
        return None
    try:
        current = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return "exists and cannot be read; kept (--overwrite to replace it)"
    if current == text:
        return None
    return "exists with other text (edited by hand?); kept (--overwrite to replace it)"
