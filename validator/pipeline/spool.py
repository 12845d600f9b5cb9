"""The audit's documents and findings, on disk (SQLite), so that memory stays flat.

Each document read is a row: where it was read (file and position, the order of the run),
its survey, country, edition and status, whether it has been checked, and, for a record
(survey, country and edition known), the pickled document, which previous-edition and
conflict checks read back. Findings are rows too; SQLite sorts and counts them.
Only documents this process pickled itself are ever unpickled: the spool is a private
temporary file.
"""

from __future__ import annotations

import pickle
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import fields
from operator import attrgetter
from pathlib import Path
from typing import Any, NamedTuple

from validator import pointer as jp
from validator.coverage import Unchecked
from validator.document import Document
from validator.findings import Finding, Severity
from validator.printable import unicode_text

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


def _storable(values: tuple[Any, ...]) -> tuple[Any, ...]:
    """The values as SQLite can store them: a text from the data (a file name that is not
    UTF-8, a lone surrogate in a JSON string) with its undecodable parts written as
    `\\udXXX`, as every report shows them."""
    return tuple(unicode_text(v) if isinstance(v, str) else v for v in values)


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
        if self.survey and self.country:
            return f"{self.survey.upper()} {self.edition} {self.country}"
        return "(the file)"

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}"


class Row:
    """A document as the spool records it (made by a worker, stored by the main process)."""

    __slots__ = ("checked", "doc", "file", "position")

    def __init__(self, file: int, position: int, doc: Document, checked: bool) -> None:
        self.file, self.position, self.doc, self.checked = file, position, doc, checked

    def values(self) -> tuple[Any, ...]:
        doc = self.doc
        status = doc.data.get("status")
        body = pickle.dumps(doc, pickle.HIGHEST_PROTOCOL) if None not in doc.identity else None
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
    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path)
        # a private temporary file: a crash loses the audit anyway, so the journal stays in
        # memory (a rollback still works) and no commit waits for the disk (it cost 1 ms a
        # file)
        self.db.execute("PRAGMA journal_mode = MEMORY")
        self.db.execute("PRAGMA synchronous = OFF")
        self.db.executescript(_SCHEMA)

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
                "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?)", map(_storable, rows)
            )
            self.db.executemany(
                "UPDATE documents SET checked = 1 WHERE file = ? AND position = ?", checked
            )
            self._add_findings(findings)

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
        key = _storable((doc.source, doc.survey, doc.country, doc.edition))
        rows = self.db.execute(
            "SELECT rowid, pointer FROM unchecked"
            " WHERE source = ? AND survey IS ? AND country IS ? AND edition IS ?",
            key,
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
                key,
            )
            yield [pickle.loads(body) for (body,) in bodies]

    def waiting(self, after: int, limit: int) -> list[tuple[int, int, int, Document]]:
        """Documents not yet checked (they compare with last year): rowid, file, position."""
        rows = self.db.execute(
            "SELECT rowid, file, position, body FROM documents WHERE checked = 0 AND rowid > ? "
            "ORDER BY rowid LIMIT ?",
            (after, limit),
        ).fetchall()
        return [(rowid, file, position, pickle.loads(body)) for rowid, file, position, body in rows]

    def first(self, survey: str, record: str, edition: int) -> Document | None:
        """The record's first document in the run, if the run read it (`record`: the key
        of the country's name)."""
        row = self.db.execute(
            "SELECT body FROM documents WHERE survey = ? AND record = ? AND edition = ? "
            "ORDER BY file, position LIMIT 1",
            (survey, record, edition),
        ).fetchone()
        return None if row is None else pickle.loads(row[0])

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
        return int(self.db.execute(sql, args).fetchone()[0])

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
        """(survey, edition, status, records): each record counted once, by its first
        document (the two FIW workbooks overlap)."""
        return self.db.execute(
            f"SELECT survey, edition, status, COUNT(*) FROM documents d WHERE {_FIRST} "
            "GROUP BY survey, edition, status ORDER BY 1, 2, 3"
        ).fetchall()

    def worst(self, limit: int) -> list[Worst]:
        """The documents (or files, for what is not about a document) with the most errors,
        then warnings."""
        rows = self.db.execute(
            "SELECT source, MIN(line), survey, country, edition, SUM(severity = ?), "
            "SUM(severity = ?), COUNT(*) FROM findings GROUP BY source, survey, country, "
            "edition ORDER BY 6 DESC, 7 DESC, 8 DESC, 1, 3, 4, 5 LIMIT ?",
            (int(Severity.ERROR), int(Severity.WARNING), limit),
        )
        return [Worst(*row) for row in rows]
