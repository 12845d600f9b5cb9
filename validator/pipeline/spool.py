"""A run's documents and findings in SQLite: on disk for an audit, so that memory stays
flat, in memory for a check.

Each document read is a row: where it was read (file and position, the order of the run),
its survey, country, edition and status, whether it has been checked, and, for a record
(survey, country and edition known) or a document that waits, the pickled document, which
previous-edition, group and conflict checks read back. Findings are rows too; SQLite sorts
and counts them.
Only documents this process pickled itself are ever unpickled: the spool is a private
temporary file.
"""

from __future__ import annotations

import pickle
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import fields
from operator import attrgetter
from pathlib import Path, PurePath
from typing import Any, NamedTuple

from validator import pointer as jp
from validator.coverage import Unchecked
from validator.document import Document, hashable
from validator.findings import Finding, Severity
from validator.peers import GroupKey, Peers
from validator.rulepack.models import Condition

_SCHEMA = """
CREATE TABLE documents (
    file INTEGER NOT NULL, position INTEGER NOT NULL,
    source TEXT NOT NULL, survey TEXT, country TEXT, edition INTEGER, status TEXT,
    checked INTEGER NOT NULL, body BLOB, record TEXT, layout TEXT
);
CREATE INDEX documents_source ON documents (source, survey, country, edition);
CREATE INDEX documents_record ON documents (survey, record, edition, file, position);
CREATE INDEX documents_waiting ON documents (checked);
CREATE TABLE unchecked (
    source TEXT, line INTEGER, "column" INTEGER, pointer TEXT, value TEXT, survey TEXT,
    country TEXT, edition INTEGER
);
CREATE TABLE findings (
    source TEXT, line INTEGER, "column" INTEGER, rule TEXT, pointer TEXT, severity INTEGER,
    message TEXT, expected TEXT, actual TEXT, survey TEXT, country TEXT, edition INTEGER
);
"""
_FINDING_FIELDS = tuple(f.name for f in fields(Finding))
_FINDING_COLUMNS = ", ".join(f'"{name}"' for name in _FINDING_FIELDS)
_finding_values = attrgetter(*_FINDING_FIELDS)
_unchecked_values = attrgetter(*(f.name for f in fields(Unchecked)))
_RECORD = "survey IS NOT NULL AND country IS NOT NULL AND edition IS NOT NULL"
# a document's `record`: the key of the country's name (rules/names/countries.yaml), which
# pairs the documents of one record
_DOCUMENT_RECORD = "survey IS NOT NULL AND record IS NOT NULL AND edition IS NOT NULL"
# the first document of each record, in the order of the run (the one the others are
# compared with, as `check` does)
_FIRST = f"""{_DOCUMENT_RECORD} AND NOT EXISTS (
    SELECT 1 FROM documents e WHERE e.survey = d.survey AND e.record = d.record
    AND e.edition = d.edition AND (e.file, e.position) < (d.file, d.position))"""


_ENCODED = "\x00"  # a stored text that starts with NUL holds the hex of the text's code points


def _to_db(value: Any) -> Any:
    """A value as SQLite stores it: a text that UTF-8 cannot encode (a lone surrogate in a
    JSON string, a file name that is not UTF-8) as NUL and the hex of its bytes with the
    surrogates passed through, read back the same by `_from_db` (a text that starts with NUL
    is stored that way too, so that every stored text reads back as it was)."""
    if isinstance(value, str) and not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return _ENCODED + value.encode("utf-8", "surrogatepass").hex()
    if isinstance(value, str) and value.startswith(_ENCODED):
        return _ENCODED + value.encode("utf-8", "surrogatepass").hex()
    if type(value) is int and not -(2**63) <= value < 2**63:  # an edition of 30 digits
        return _ENCODED + "#" + hex(value)  # beyond SQLite's integers: a text, read back whole
    return value


def _from_db(raw: bytes) -> str | int:
    """A stored text (or whole number beyond SQLite's) as it was given (the text factory)."""
    text = raw.decode("utf-8")
    if text.startswith(_ENCODED):
        if text.startswith("#", 1):
            return int(text[2:], 16)
        return bytes.fromhex(text[1:]).decode("utf-8", "surrogatepass")
    return text


def _storable(values: Iterable[Any]) -> tuple[Any, ...]:
    """Values (a row, a query's parameters) as SQLite stores them."""
    return tuple(_to_db(v) for v in values)


class Worst(NamedTuple):
    """A document (or a file) among those with the most findings."""

    source: str
    line: int  # of its first finding (a workbook's row)
    survey: str | None
    country: str | None
    edition: int | None
    errors: int
    warnings: int
    findings: int

    @property
    def name(self) -> str:
        """The document (survey, edition, country), or what the findings are about: a
        document that names no country, or the file as a whole (one that could not be
        read, a page before any document was read from it)."""
        if self.survey and self.country:
            return f"{self.survey.upper()} {self.edition} {self.country}"
        if self.survey:
            return f"{self.survey.upper()} {self.edition or ''} document with no country".replace(
                "  ", " "
            )
        return f"the file {PurePath(self.source).name}"

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}"


class FileTally(NamedTuple):
    """A file of the run: its documents, its findings by severity, and the first rule
    (by id) of its findings (for a file that gave no document, why: core/parse-error)."""

    source: str
    documents: int
    errors: int
    warnings: int
    findings: int
    first_rule: str | None

    @property
    def unread(self) -> bool:
        return self.documents == 0


class Row:
    """A document as the spool records it (made by a worker, stored by the main process)."""

    __slots__ = ("checked", "doc", "file", "keep", "position")

    def __init__(
        self, file: int, position: int, doc: Document, checked: bool, keep: bool = False
    ) -> None:
        """`keep`: the document is kept whole even without a record (a group over the run
        reads every document back)."""
        self.file, self.position, self.doc, self.checked = file, position, doc, checked
        self.keep = keep

    def values(self, in_process: bool = False) -> tuple[Any, ...]:
        """The row's values; `in_process`: made where the spool is (one job), so a kept
        document goes to the spool as it is instead of pickled."""
        doc = self.doc
        status = doc.data.get("status")
        kept = self.keep or not self.checked or None not in doc.identity
        body: Any = None
        if kept:
            body = doc if in_process else pickle.dumps(doc, pickle.HIGHEST_PROTOCOL)
        return (
            self.file,
            self.position,
            doc.source,
            doc.survey,
            doc.country,
            doc.edition,
            status if isinstance(status, str) else None,
            int(self.checked),
            body,
            doc.record[1],
            doc.layout,
        )


class Spool:
    def __init__(self, path: Path | str = ":memory:") -> None:
        """`path`: the SQLite file (a private temporary one), or ":memory:"."""
        self.db = sqlite3.connect(path)
        self.in_memory = str(path) == ":memory:"  # an audit's on disk: memory stays flat
        self.db.text_factory = _from_db
        # a private temporary file: a crash loses the audit anyway, so the journal stays in
        # memory (a rollback still works) and no commit waits for the disk (it cost 1 ms a
        # file)
        self.db.execute("PRAGMA journal_mode = MEMORY")
        self.db.execute("PRAGMA synchronous = OFF")
        self.db.executescript(_SCHEMA)
        # documents given as they are (a run of one job), kept here: their rows hold the index
        self._objects: list[Document] = []

    def close(self) -> None:
        self.db.close()

    def add(
        self,
        rows: Iterable[tuple[Any, ...]],
        findings: Iterable[Finding],
        checked: Iterable[tuple[int, int]] = (),
        unchecked: Iterable[Unchecked] = (),
    ) -> None:
        """Documents read (`Row.values()`), findings, documents now checked (file,
        position) that were read before, and the figures no rule of theirs compared: one
        transaction, so a stop keeps all or none."""
        with self.db:
            self.db.executemany(
                "INSERT INTO unchecked VALUES (?,?,?,?,?,?,?,?)",
                (_storable(_unchecked_values(u)) for u in unchecked),
            )
            self.db.executemany(
                "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (_storable(self._kept(row)) for row in rows),
            )
            self.db.executemany(
                "UPDATE documents SET checked = 1 WHERE file = ? AND position = ?", checked
            )
            self._add_findings(findings)

    def _kept(self, row: tuple[Any, ...]) -> tuple[Any, ...]:
        """A row whose document came as it is: the document kept here, its index stored."""
        body = row[8]
        if not isinstance(body, Document):
            return row
        self._objects.append(body)
        return (*row[:8], len(self._objects) - 1, *row[9:])

    def _body(self, stored: Any) -> Document:
        """A kept document: the one given (an index), or the one this process pickled."""
        if isinstance(stored, int):
            return self._objects[stored]
        document: Document = pickle.loads(stored)
        return document

    def _add_findings(self, findings: Iterable[Finding]) -> None:
        self.db.executemany(
            f"INSERT INTO findings ({_FINDING_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (_storable(_finding_values(f)) for f in findings),
        )

    def judged_elsewhere(self, doc: Document, judged: set[str]) -> int:
        """Figures of a document that a record assembled from it compared (pointers and
        patterns): no longer unchecked. Returns how many."""
        if not judged:
            return 0
        key = (doc.source, doc.survey, doc.country, doc.edition)
        rows = self.db.execute(
            "SELECT rowid, pointer FROM unchecked"
            " WHERE source = ? AND survey IS ? AND country IS ? AND edition IS ?",
            _storable(key),
        ).fetchall()
        patterns = [p for p in judged if jp.has_wildcard(p)]
        gone = [
            (rowid,)
            for rowid, pointer in rows
            if pointer in judged or any(jp.matches(p, pointer) for p in patterns)
        ]
        with self.db:
            self.db.executemany("DELETE FROM unchecked WHERE rowid = ?", gone)
        return len(gone)

    # -- what the second phase reads back ----------------------------------------------------

    def duplicates(self) -> Iterator[list[Document]]:
        """The documents of each record read more than once, in the order of the run."""
        keys = self.db.execute(
            f"SELECT survey, record, edition FROM documents WHERE {_DOCUMENT_RECORD} "
            "GROUP BY survey, record, edition HAVING COUNT(*) > 1 ORDER BY 1, 2, 3"
        ).fetchall()
        for key in keys:
            bodies = self.db.execute(
                "SELECT body FROM documents WHERE survey = ? AND record = ? AND edition = ? "
                "ORDER BY file, position",
                _storable(key),
            )
            yield [self._body(body) for (body,) in bodies]

    def waiting_editions(self) -> list[int | None]:
        """The editions of the documents not yet checked, the earliest first."""
        rows = self.db.execute(
            "SELECT DISTINCT edition FROM documents WHERE checked = 0 "
            "ORDER BY edition IS NULL, edition"
        )
        return [edition for (edition,) in rows]

    def waiting(
        self, after: int, limit: int, edition: int | None
    ) -> list[tuple[int, int, int, Document]]:
        """Documents of an edition not yet checked (they compare with last year, or with
        the whole run): rowid, file, position."""
        rows = self.db.execute(
            "SELECT rowid, file, position, body FROM documents WHERE checked = 0 AND rowid > ? "
            "AND edition IS ? ORDER BY rowid LIMIT ?",
            _storable((after, edition, limit)),
        ).fetchall()
        return [(rowid, file, position, self._body(body)) for rowid, file, position, body in rows]

    def wrong_pointers(self, doc: Document) -> frozenset[str]:
        """The figures of a document checked so far that an error finding is about."""
        rows = self.db.execute(
            "SELECT pointer FROM findings WHERE source = ? AND survey IS ? AND country IS ? "
            "AND edition IS ? AND severity = ? AND pointer != ''",
            _storable((doc.source, doc.survey, doc.country, doc.edition, int(Severity.ERROR))),
        )
        return frozenset(pointer for (pointer,) in rows)

    def first(self, survey: str, record: str, edition: int) -> Document | None:
        """The record's first document in the run, if the run read it (`record`: the key
        of the country's name)."""
        row = self.db.execute(
            "SELECT body FROM documents WHERE survey = ? AND record = ? AND edition = ? "
            "ORDER BY file, position LIMIT 1",
            _storable((survey, record, edition)),
        ).fetchone()
        return None if row is None else self._body(row[0])

    # -- what reporters read -----------------------------------------------------------------

    def findings(self) -> Iterator[Finding]:
        """Every finding, in the order of every report: file, then position."""
        cursor = self.db.execute(
            f'SELECT {_FINDING_COLUMNS} FROM findings ORDER BY source, line, "column", rule, '
            "pointer, severity, message"
        )
        for row in cursor:
            values = list(row)
            values[5] = Severity(values[5])
            yield Finding(*values)

    def unchecked(self) -> Iterator[Unchecked]:
        """The figures no rule compared, in the order of the findings."""
        cursor = self.db.execute(
            'SELECT * FROM unchecked ORDER BY source, line, "column", pointer, value'
        )
        for row in cursor:
            yield Unchecked(*row)

    def unchecked_count(self) -> int:
        return self.count("SELECT COUNT(*) FROM unchecked")

    def count(self, sql: str, *args: Any) -> int:
        return int(self.db.execute(sql, _storable(args)).fetchone()[0])

    def findings_by_severity(self) -> dict[Severity, int]:
        rows = self.db.execute("SELECT severity, COUNT(*) FROM findings GROUP BY severity")
        return {Severity(s): n for s, n in rows}

    def findings_by_rule(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT rule, COUNT(*) FROM findings GROUP BY rule"))

    def findings_by_edition(self) -> list[tuple[str, int, str, int]]:
        """(survey, edition, rule, findings) for findings about a record."""
        return self.db.execute(
            f"SELECT survey, edition, rule, COUNT(*) FROM findings WHERE {_RECORD} "
            "GROUP BY survey, edition, rule ORDER BY 1, 2, 3"
        ).fetchall()

    def documents_by_edition(self) -> list[tuple[str | None, int | None, int, int, int]]:
        """(survey, edition, documents read, checked, distinct records)."""
        return self.db.execute(
            "SELECT survey, edition, COUNT(*), SUM(checked), "
            "COUNT(DISTINCT record) "
            "FROM documents GROUP BY survey, edition ORDER BY survey IS NULL, 1, 2"
        ).fetchall()

    def documents_by_layout(self) -> list[tuple[str, int, int, int]]:
        """(layout, documents read, checked, findings about them) for documents read in a
        layout (report pages, tables)."""
        read = self.db.execute(
            "SELECT layout, COUNT(*), SUM(checked) FROM documents WHERE layout IS NOT NULL "
            "GROUP BY layout ORDER BY layout"
        ).fetchall()
        # a finding about a document counts for its layout; one about the file (a page's
        # warning before any rule ran) for the layout of the file's documents
        found = dict(
            self.db.execute(
                "SELECT (SELECT d.layout FROM documents d WHERE d.source = f.source "
                "AND d.layout IS NOT NULL AND (f.survey IS NULL OR (d.survey IS f.survey "
                "AND d.country IS f.country AND d.edition IS f.edition)) LIMIT 1) AS layout, "
                "COUNT(*) FROM findings f GROUP BY layout"
            ).fetchall()
        )
        return [(layout, n, int(done), int(found.get(layout, 0))) for layout, n, done in read]

    def checked(self) -> tuple[int, int]:
        """Documents checked, and documents read but not checked (an audit stopped while
        they waited for the previous edition)."""
        done, waiting = self.db.execute(
            "SELECT COALESCE(SUM(checked), 0), COUNT(*) - COALESCE(SUM(checked), 0) FROM documents"
        ).fetchone()
        return int(done), int(waiting)

    def checked_by_survey(self) -> dict[str | None, int]:
        return dict(self.db.execute("SELECT survey, SUM(checked) FROM documents GROUP BY survey"))

    def statuses(self) -> list[tuple[str, int, str | None, int]]:
        """(survey, edition, status, records): each record counted once (the two FIW
        workbooks overlap), with the status its first document that states one gives (a
        record assembled from scores in one workbook and a status in another has the
        status of the other, as the assembled record has)."""
        return self.db.execute(
            "SELECT survey, edition, status, COUNT(*) FROM (SELECT survey, edition, "
            "(SELECT e.status FROM documents e WHERE e.survey = d.survey AND "
            "e.record = d.record AND e.edition = d.edition AND e.status IS NOT NULL "
            f"ORDER BY e.file, e.position LIMIT 1) AS status FROM documents d WHERE {_FIRST}) "
            "GROUP BY survey, edition, status ORDER BY 1, 2, 3"
        ).fetchall()

    def documents(self) -> list[tuple[str, str | None, str | None, int | None]]:
        """(source, survey, country, edition) of every document read, in the run's order."""
        return self.db.execute(
            "SELECT source, survey, country, edition FROM documents ORDER BY file, position"
        ).fetchall()

    def group_bodies(self, survey: str, source: str | None) -> Iterator[tuple[int, Document]]:
        """The kept documents of `survey` (of `source` only, unless None), with their row,
        in the order of the run."""
        where, args = "survey = ? AND body IS NOT NULL", [survey]
        if source is not None:
            where, args = where + " AND source = ?", [survey, source]
        cursor = self.db.execute(
            f"SELECT rowid, body FROM documents WHERE {where} ORDER BY file, position",
            _storable(args),
        )
        for rowid, body in cursor:
            yield rowid, self._body(body)

    def bodies(self, rowids: list[int]) -> list[Document]:
        """The documents of these rows, in the order given."""
        found: dict[int, Document] = {}
        for start in range(0, len(rowids), 500):
            part = rowids[start : start + 500]
            marks = ",".join("?" * len(part))
            for rowid, body in self.db.execute(
                f"SELECT rowid, body FROM documents WHERE rowid IN ({marks})", part
            ):
                found[rowid] = self._body(body)
        return [found[r] for r in rowids]

    def files(self, limit: int) -> tuple[list[FileTally], int, int]:
        """The files with findings, or that gave no document (first, then most errors,
        warnings, findings), at most `limit`; and how many such files and how many files
        with documents and no finding there are in all."""
        by_file = (
            "SELECT source, SUM(docs) AS docs, SUM(e) AS e, SUM(w) AS w, SUM(n) AS n, "
            "MIN(first) AS first FROM (SELECT source, COUNT(*) AS docs, 0 AS e, 0 AS w, "
            "0 AS n, NULL AS first FROM documents GROUP BY source UNION ALL SELECT source, 0, "
            "SUM(severity = ?), SUM(severity = ?), COUNT(*), MIN(rule) FROM findings "
            "GROUP BY source) GROUP BY source"
        )
        # one pass over the files: the noted ones first, the counts over all of them (the
        # window is taken before the limit), the clean ones that fill the limit dropped
        rows = self.db.execute(
            "SELECT source, docs, e, w, n, first, noted, SUM(noted) OVER (), COUNT(*) OVER () "
            f"FROM (SELECT *, (n > 0 OR docs = 0) AS noted FROM ({by_file})) "
            "ORDER BY noted DESC, docs = 0 DESC, e DESC, w DESC, n DESC, source LIMIT ?",
            _storable((int(Severity.ERROR), int(Severity.WARNING), limit)),
        ).fetchall()
        if not rows:
            return [], 0, 0
        noted, files = int(rows[0][7]), int(rows[0][8])
        return [FileTally(*row[:6]) for row in rows if row[6]], noted, files - noted

    def worst(self, limit: int) -> list[Worst]:
        """The documents (or files, for what is not about a document) with the most errors,
        then warnings."""
        rows = self.db.execute(
            "SELECT source, MIN(line), survey, country, edition, SUM(severity = ?), "
            "SUM(severity = ?), COUNT(*) FROM findings GROUP BY source, survey, country, "
            "edition ORDER BY 6 DESC, 7 DESC, 8 DESC, 1, 3, 4, 5 LIMIT ?",
            _storable((int(Severity.ERROR), int(Severity.WARNING), limit)),
        )
        return [Worst(*row) for row in rows]


class SpooledPeers(Peers):
    """The run's documents as groups for rules over the whole run, read back from the
    spool: an index of (rows by the values of the fields a rule matches on) built once per
    question, and the documents of one group loaded when a rule asks for it (the last
    groups asked for are kept)."""

    KEPT = 64  # groups kept loaded

    def __init__(self, spool: Spool) -> None:
        super().__init__([])
        self.spool = spool
        self._rows: dict[GroupKey, dict[tuple[Any, ...], list[int]]] = {}
        self._loaded: dict[tuple[GroupKey, tuple[Any, ...]], list[Document]] = {}

    def group(
        self, survey: str, source: str | None, fields: tuple[str, ...], values: tuple[Any, ...]
    ) -> list[Document]:
        key = (survey, source, fields)
        index = self._rows.get(key)
        if index is None:
            index = self._rows[key] = {}
            for rowid, doc in _first_of_records(self.spool.group_bodies(survey, source), source):
                found = tuple(hashable(jp.resolve(doc.data, at)) for at in fields)
                index.setdefault(found, []).append(rowid)
        wanted = tuple(hashable(v) for v in values)
        loaded = self._loaded.get((key, wanted))
        if loaded is None:
            if len(self._loaded) >= self.KEPT:
                self._loaded.pop(next(iter(self._loaded)))
            loaded = self._loaded[(key, wanted)] = self.spool.bodies(index.get(wanted, []))
        return loaded

    def members(
        self,
        survey: str,
        source: str | None,
        fields: tuple[str, ...],
        values: tuple[Any, ...],
        where: tuple[Condition, ...],
    ) -> list[Document]:
        if len(self._members) > 4 * self.KEPT:  # memory stays flat over a large run
            self._members.clear()
        return super().members(survey, source, fields, values, where)


def _first_of_records(
    docs: Iterable[tuple[int, Document]], source: str | None
) -> Iterator[tuple[int, Document]]:
    """In the whole run (`source` None), one document per record, as `Peers` counts them."""
    seen: set[tuple[Any, ...]] = set()
    for rowid, doc in docs:
        if source is None and None not in doc.identity:
            if doc.record in seen:
                continue
            seen.add(doc.record)
        yield rowid, doc
