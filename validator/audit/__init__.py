"""The batch audit of archives: every file through the `check` pipeline, in parallel, with
a memory that does not grow with the number of documents.

    discover -> read + check each file (worker processes)      -> spool (SQLite, on disk)
             -> conflicts and previous editions, from the spool -> check what compares years
             -> tallies (SQL over the spool)                    -> reporters (text, html, ...)

Documents that compare with last year wait until every file is read: their previous
edition may be in any file. Everything else is checked as soon as its file is read. The
spool holds each document (pickled) and every finding, so the main process keeps only
counters; findings come out sorted by SQLite.
"""
