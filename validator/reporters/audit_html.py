"""The audit as one self-contained HTML file: no network, no files beside it, readable when
emailed. Charts are inline SVG drawn here (they show without JavaScript); a few lines of
script filter the findings table, and the filter lives in the address (`#rule=...&edition=`)
so a filtered view can be shared. Every figure of the summary carries `data-value`, for
tests and for scraping.
"""

from __future__ import annotations

import re
from collections import defaultdict
from html import escape as _html_escape
from pathlib import Path
from typing import TextIO
from urllib.parse import quote

from validator.coverage import percent
from validator.findings import Severity
from validator.pipeline.model import RuleTally, Run
from validator.printable import unicode_text
from validator.reporters.audit_charts import heatmap, statuses
from validator.reporters.audit_json import WORST

UNCHECKED_SHOWN = 1000  # unchecked figures listed in the page (the JSON report has them all)

_STYLE = """
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px;
color:#1d1d1f;background:#fff}
h1{font-size:22px;margin:0 0 4px;overflow-wrap:anywhere}
h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd}
h3{font-size:15px;margin:16px 0 6px}
.muted{color:#666}
.partial{background:#fff3cd;border:1px solid #e0b100;padding:8px 12px;margin:12px 0;font-weight:600}
table{border-collapse:collapse;margin:6px 0}
th,td{padding:3px 8px;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:10px 0}
.card{border:1px solid #ddd;border-radius:6px;padding:8px 14px;min-width:110px}
.card .v{font-size:22px;font-weight:600}
.card .k{color:#666;font-size:12px}
.error{color:#b00020}
.warning{color:#8a5a00}
.info{color:#0b5cad}
svg text{font:11px system-ui,sans-serif;fill:#333}
svg .cell{cursor:pointer}
.legend span{display:inline-block;margin-right:14px}
.legend i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:-1px}
#filters{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0}
#filters label{font-size:12px;color:#555}
#findings{width:100%;table-layout:fixed}
#findings td{font-size:13px;overflow-wrap:anywhere}
#findings th.c-where{width:21%}#findings th.c-sev{width:64px}#findings th.c-rule{width:20%}
#findings th.c-doc{width:11%}#findings th.c-exp,#findings th.c-found{width:7%}
#findings td.rule code{overflow-wrap:normal;word-break:normal}
#findings .cell-note{display:block;color:#555;font-size:12px}
#findings code.pointer{display:block}
#file-tally td.path{overflow-wrap:anywhere}
code{font:12px ui-monospace,monospace}
td code{overflow-wrap:anywhere}
@media (max-width:720px){
body{margin:12px}
#findings,#findings tbody,#findings tr,#findings td{display:block;width:auto}
#findings thead{display:none}
#findings tr{border-bottom:1px solid #ccc;padding:6px 0}
#findings tr[hidden]{display:none}
#findings td{border:0;padding:1px 4px}
#findings td:empty{display:none}
#findings td[data-label]::before,
#file-tally td[data-label]::before{content:attr(data-label) ": ";color:#666}
#file-tally,#file-tally tbody,#file-tally tr,
#file-tally td{display:block;width:auto;text-align:left}
#file-tally thead{display:none}
#file-tally tr{border-bottom:1px solid #ccc;padding:6px 0}
#file-tally td{border:0;padding:1px 4px}
#file-tally td:empty{display:none}
table{display:block;overflow-x:auto;max-width:100%}
svg{max-width:100%;height:auto}
}
"""

_SCRIPT = """
(function(){
  var rows=[].slice.call(document.querySelectorAll('#findings tbody tr'));
  var keys=['severity','rule','survey','edition','file','text'];
  var box={};keys.forEach(function(k){box[k]=document.getElementById('f-'+k);});
  function apply(){
    var f={};keys.forEach(function(k){f[k]=box[k].value.trim();});
    var t=f.text.toLowerCase(),shown=0;
    rows.forEach(function(r){
      var d=r.dataset,ok=(!f.severity||d.severity===f.severity)&&(!f.rule||d.rule===f.rule)
        &&(!f.survey||d.survey===f.survey)&&(!f.edition||d.edition===f.edition)
        &&(!f.file||d.file===f.file)
        &&(!t||r.textContent.toLowerCase().indexOf(t)>=0);
      r.hidden=!ok;if(ok)shown++;});
    document.getElementById('shown').textContent=shown;
    document.getElementById('shown').dataset.value=shown;
    var q=new URLSearchParams();keys.forEach(function(k){if(f[k])q.set(k,f[k]);});
    var h=q.toString();
    if(('#'+h)!==location.hash&&!(h===''&&location.hash===''))
      history.replaceState(null,'','#'+h);
  }
  function load(){
    var q=new URLSearchParams(location.hash.slice(1));
    keys.forEach(function(k){box[k].value=q.get(k)||'';});apply();
  }
  keys.forEach(function(k){box[k].addEventListener('input',apply);});
  document.getElementById('f-clear').addEventListener('click',function(){
    keys.forEach(function(k){box[k].value='';});apply();});
  [].slice.call(document.querySelectorAll('svg .cell')).forEach(function(c){
    c.addEventListener('click',function(){
      keys.forEach(function(k){box[k].value='';});
      box.rule.value=c.dataset.rule;box.survey.value=c.dataset.survey;
      box.edition.value=c.dataset.edition;
      apply();document.getElementById('findings').scrollIntoView();});});
  window.addEventListener('hashchange',load);load();
})();
"""


def escape(text: str, quote: bool = True) -> str:
    """HTML-escaped, and encodable (a lone surrogate from the data written as `\\udXXX`)."""
    return _html_escape(unicode_text(text), quote)


def write(audit: Run, out: TextIO) -> None:
    spool = audit.spool
    by = spool.findings_by_severity()
    total = sum(by.values())
    title = f"Audit of {', '.join(audit.paths)}"
    out.write(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>report-validator: {escape(title)}</title><style>{_STYLE}</style></head><body>\n"
    )
    out.write(f"<h1>{escape(title)}</h1>\n")
    out.write(
        f'<p class="muted">Started {escape(audit.started)}, {audit.seconds:.1f} s, '
        f"{audit.jobs} process{'es' * (audit.jobs != 1)}; report-validator audit</p>\n"
    )
    if audit.stopped:
        left = f", {audit.waiting:,} documents read but not checked" if audit.waiting else ""
        out.write(
            f'<p class="partial" id="partial">Partial report: {escape(audit.stopped)}; '
            f"{audit.files_told}{left}.</p>\n"
        )
    out.write('<h2 id="summary">Summary</h2>\n<div class="cards">')
    cards = [
        ("files-read", "files read", audit.files_read, f"of {audit.files:,}"),
        ("documents-checked", "documents checked", audit.checked, ""),
        ("findings-total", "findings", total, ""),
        ("errors", "errors", by.get(Severity.ERROR, 0), ""),
        ("warnings", "warnings", by.get(Severity.WARNING, 0), ""),
        ("infos", "info", by.get(Severity.INFO, 0), ""),
        (
            "figures-checked",
            "figures checked",
            audit.coverage.total_checked,
            f"of {audit.coverage.total:,}",
        ),
    ]
    for key, label, value, note in cards:
        out.write(
            f'<div class="card"><div class="v" id="{key}" data-value="{value}">{value:,}</div>'
            f'<div class="k">{label} {escape(note)}</div></div>'
        )
    out.write("</div>\n")
    _documents(audit, out)
    _layouts(audit, out)
    _rules(audit, out)
    _coverage(audit, out)
    heatmap(audit, out)
    statuses(audit, out)
    _worst(audit, out)
    _files(audit, out)
    _findings(audit, out)
    out.write(f"<script>{_SCRIPT}</script>\n</body></html>\n")


def _layouts(audit: Run, out: TextIO) -> None:
    """Report pages and tables by the layout they were read in."""
    tallies = audit.layouts()
    if not tallies:
        return
    out.write(
        '<h3>Documents by layout</h3>\n<table id="layouts"><thead><tr><th>layout</th>'
        '<th class="n">read</th><th class="n">checked</th><th class="n">findings</th>'
        '<th class="n">pages refused</th></tr></thead><tbody>\n'
    )
    for t in tallies:
        cells = "".join(
            f'<td class="n" data-value="{n}">{n:,}</td>'
            for n in (t.read, t.checked, t.findings, t.refused)
        )
        name = escape(t.layout)
        out.write(f'<tr data-layout="{name}"><td>{name}</td>{cells}</tr>\n')
    out.write("</tbody></table>\n")


def _documents(audit: Run, out: TextIO) -> None:
    rows = audit.spool.documents_by_edition()
    out.write("<h3>Documents by survey and edition</h3>\n")
    by_survey: dict[str | None, list[tuple[int | None, int, int, int]]] = defaultdict(list)
    for survey, edition, read, checked, records in rows:
        by_survey[survey].append((edition, read, checked, records))
    out.write(
        '<table id="documents"><thead><tr><th>survey</th><th>editions</th><th class="n">read</th>'
        '<th class="n">checked</th><th class="n">records</th></tr></thead><tbody>\n'
    )
    for survey, editions in by_survey.items():
        years = [e for e, *_ in editions if e is not None]
        span = f"{min(years)}-{max(years)} ({len(years)})" if years else ""
        read, checked, records = (sum(row[i] or 0 for row in editions) for i in (1, 2, 3))
        name = survey.upper() if survey else "no survey"
        out.write(
            f'<tr data-survey="{escape(survey or "")}"><td>{escape(name)}</td><td>{span}</td>'
            f'<td class="n" data-value="{read}">{read:,}</td>'
            f'<td class="n" data-value="{checked}">{checked:,}</td>'
            f'<td class="n">{records:,}</td></tr>\n'
        )
    out.write("</tbody></table>\n")
    for survey, editions in by_survey.items():
        if survey is None:
            continue
        cells = "".join(
            f'<td class="n" title="{e}: {read:,} read, {records:,} records">{read:,}</td>'
            for e, read, _, records in editions
        )
        head = "".join(f'<th class="n">{e}</th>' for e, *_ in editions)
        out.write(
            f"<details><summary>{escape(survey.upper())}: documents per edition</summary>"
            f'<div style="overflow-x:auto"><table><tr>{head}</tr><tr>{cells}</tr></table></div>'
            "</details>\n"
        )


def _rules(audit: Run, out: TextIO) -> None:
    out.write(
        '<h2 id="rules">Rules</h2>\n<p class="muted">Per rule, over the documents of its '
        "survey: checked = passed + failed; skipped: it reads a value already found wrong "
        "(that finding says it); n/a: another edition's rule, a condition that excludes the "
        "document, nothing it judges, or a previous edition the audit did not read.</p>\n"
        '<table id="rule-tally"><thead><tr><th>rule</th><th>severity</th><th class="n">checked'
        '</th><th class="n">passed</th><th class="n">failed</th><th class="n">skipped</th>'
        '<th class="n">n/a</th><th class="n">findings</th></tr></thead><tbody>\n'
    )
    shown = [t for t in audit.tallies if t.documents or t.findings]
    found = [t for t in shown if t.findings or t.failed]
    quiet = [t for t in shown if not (t.findings or t.failed)]
    for t in found:
        out.write(_tally_row(t))
    out.write("</tbody></table>\n")
    if not found:
        out.write('<p class="muted">No rule found anything.</p>\n')
    if quiet:  # folded: a long table of zeros hides the rules that matter
        out.write(
            f'<details id="quiet-rules"><summary>{len(quiet)} rules without findings</summary>'
            '<table id="rule-tally-quiet"><tbody>\n'
        )
        for t in quiet:
            out.write(_tally_row(t))
        out.write("</tbody></table></details>\n")
    other = audit.other_findings()
    if other:
        out.write(
            '<h3>Other findings</h3>\n<p class="muted">Files that could not be read, schema '
            'keywords, records given twice with different figures.</p><table id="other-rules">'
        )
        for rule, n in other:
            out.write(
                f'<tr data-rule="{escape(rule)}"><td><code>{escape(rule)}</code></td>'
                f'<td class="n" data-value="{n}">{n:,}</td></tr>\n'
            )
        out.write("</table>\n")


def _tally_row(t: RuleTally) -> str:
    cells = "".join(f'<td class="n" data-value="{n}">{n:,}</td>' for n in t.figures)
    return (
        f'<tr data-rule="{escape(t.rule)}"><td title="{escape(t.summary)}"><code>'
        f'{escape(t.rule)}</code></td><td class="{t.severity.label}">{t.severity.label}</td>'
        f"{cells}</tr>\n"
    )


def shown_path(source: str) -> str:
    """A source as a person reads it in a table: relative to the working folder when it is
    below it, else its last two parts (the whole path is in the cell's title)."""
    path = Path(source)
    if not path.is_absolute():
        return source
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(Path("…", *path.parts[-2:])) if len(path.parts) > 2 else source


def _coverage(audit: Run, out: TextIO) -> None:
    """The figures stated and checked, by survey, and the unchecked ones where they are."""
    coverage = audit.coverage
    missing = audit.spool.unchecked_count()
    out.write(
        '<h2 id="coverage">Figure coverage</h2>\n<p class="muted">Figures stated (numbers and '
        "labels, not the identity or free text) and those some rule compared. A figure no "
        "rule compared was not checked: an input it needs was absent, no previous edition was "
        "read, or the selection left its rules out.</p>\n"
        '<table id="coverage-by-survey"><thead><tr><th>survey</th><th class="n">figures</th>'
        '<th class="n">checked</th><th class="n">share</th></tr></thead><tbody>\n'
    )
    for survey, figures, checked in coverage.by_survey():
        out.write(
            f'<tr data-survey="{escape(survey)}"><td>{escape(survey.upper())}</td>'
            f'<td class="n" data-value="{figures}">{figures:,}</td>'
            f'<td class="n" data-value="{checked}">{checked:,}</td>'
            f'<td class="n">{percent(checked, figures)}</td></tr>\n'
        )
    out.write("</tbody></table>\n")
    if not missing:
        return
    out.write(
        f'<details id="unchecked-figures"><summary><span id="unchecked" data-value="{missing}">'
        f"{missing:,}</span> unchecked figures"
        + (
            f" (the first {UNCHECKED_SHOWN:,}; the JSON report has them all)"
            if missing > UNCHECKED_SHOWN
            else ""
        )
        + "</summary><table><thead><tr><th>where</th><th>document</th><th>figure</th>"
        "<th>value</th></tr></thead><tbody>\n"
    )
    for index, u in enumerate(audit.spool.unchecked()):
        if index == UNCHECKED_SHOWN:
            break
        what = f"{u.survey.upper()} {u.edition} {u.country}" if u.survey and u.country else ""
        out.write(
            f'<tr><td title="{escape(u.source)}"><code>{escape(shown_path(u.source))}:{u.line}:'
            f"{u.column}</code></td><td>{escape(what)}</td><td><code>{escape(u.pointer)}</code>"
            f"</td><td>{escape(u.value)}</td></tr>\n"
        )
    out.write("</tbody></table></details>\n")


def _worst(audit: Run, out: TextIO) -> None:
    worst = audit.spool.worst(WORST)
    out.write(
        '<h2 id="worst">Worst documents</h2>\n'
        f'<p class="muted">Most errors, then warnings (first {WORST}).</p>\n'
    )
    if not worst:
        out.write('<p class="muted">No findings.</p>\n')
        return
    out.write(
        '<table id="worst-documents"><thead><tr><th>document</th><th>source</th>'
        + _numbers("errors", "warnings", "findings", tag="th")
        + "</tr></thead><tbody>\n"
    )
    for w in worst:
        out.write(
            f'<tr><td>{escape(w.name)}</td><td title="{escape(w.source)}">'
            f"<code>{escape(shown_path(w.source))}:{w.line}</code></td>"
            + _numbers(f"{w.errors:,}", f"{w.warnings:,}", f"{w.findings:,}")
            + "</tr>\n"
        )
    out.write("</tbody></table>\n")


def _numbers(*cells: str, tag: str = "td") -> str:
    return "".join(f'<{tag} class="n">{cell}</{tag}>' for cell in cells)


def _options(values: list[str], label: str = "") -> str:
    """A select's options: "any", then each value (shown upper-case with `label="upper"`)."""
    return '<option value="">any</option>' + "".join(
        f'<option value="{escape(v)}">{escape(v.upper() if label == "upper" else v)}</option>'
        for v in values
    )


def _findings(audit: Run, out: TextIO) -> None:
    """Every finding, one row each, streamed from the spool; the script filters the rows by
    their data attributes (and their text)."""
    spool = audit.spool
    rules = sorted(spool.findings_by_rule())
    surveys = sorted({s for s, *_ in spool.documents_by_edition() if s})
    total = sum(spool.findings_by_severity().values())
    out.write(
        '<h2 id="findings-heading">Findings</h2>\n<div id="filters">'
        '<label>severity <select id="f-severity">'
        f"{_options(['error', 'warning', 'info'])}</select></label>"
        f'<label>rule <select id="f-rule">{_options(rules)}</select></label>'
        f'<label>survey <select id="f-survey">{_options(surveys, "upper")}</select></label>'
        '<label>edition <input id="f-edition" size="5" inputmode="numeric"></label>'
        '<label>file <input id="f-file" size="24" placeholder="the file, as in Files"></label>'
        '<label>text <input id="f-text" size="24" placeholder="country, file, message"></label>'
        '<button id="f-clear" type="button">clear</button></div>\n'
        f'<p class="muted"><span id="shown" data-value="{total}">{total:,}</span> of {total:,} '
        "findings shown.<noscript> (Filtering needs JavaScript; every finding is listed.)"
        "</noscript></p>\n"
        '<table id="findings"><thead><tr><th class="c-where">where</th>'
        '<th class="c-sev">severity</th><th class="c-rule">rule</th><th class="c-doc">document'
        '</th><th>message</th><th class="c-exp">expected</th><th class="c-found">found</th>'
        "</tr></thead><tbody>\n"
    )
    for f in spool.findings():
        what = f"{f.survey.upper()} {f.edition} {f.country}" if f.survey and f.country else ""
        message, cell = split_note(f.message, f.country, f.edition)
        where = f"{shown_path(f.source)}:{f.line}:{f.column}"
        noted = f'<span class="cell-note">{escape(cell)}</span>' if cell else ""
        pointer = f'<code class="pointer">{escape(f.pointer)}</code>' if f.pointer else ""
        edition = "" if f.edition is None else f.edition
        level = f.severity.label
        out.write(
            f'<tr data-severity="{level}" data-rule="{escape(f.rule)}" '
            f'data-survey="{escape(f.survey or "")}" data-edition="{edition}" '
            f'data-file="{escape(f.source)}">'
            f'<td title="{escape(f.source)}"><code>{escape(where)}</code>{noted}{pointer}</td>'
            f'<td class="{level}">{level}</td><td class="rule"><code>{escape(f.rule)}</code></td>'
            f'<td data-label="document">{escape(what)}</td><td class="msg">{escape(message)}</td>'
            f'<td data-label="expected">{escape(f.expected or "")}</td>'
            f'<td data-label="found">{escape(f.actual or "")}</td></tr>\n'
        )
    out.write("</tbody></table>\n")


_NOTE = re.compile(r"^(?P<message>.*) \[(?P<note>[^\[\]]*)\](?P<rest>.*)$", re.S)


def split_note(message: str, country: str | None, edition: int | None) -> tuple[str, str]:
    """A finding's message without the note that names its cell (`[FIW13-24!W12 (PR),
    Kosovo 2007]`), which the table shows under where the finding is instead, without the
    country and edition the document column shows; and that note. A message without one
    comes back as it is."""
    found = _NOTE.match(message)
    if found is None:
        return message, ""
    note = found["note"]
    who = f", {country} {edition}" if country and edition is not None else None
    if who and note.endswith(who):
        note = note[: -len(who)]
    return found["message"] + found["rest"], note


FILES_SHOWN = 200


def _files(audit: Run, out: TextIO) -> None:
    """The files with findings, and those that gave no document, with what each holds;
    the files with documents and no finding counted."""
    files, noted, clean = audit.spool.files(FILES_SHOWN)
    out.write(
        '<h2 id="files">Files</h2>\n<p class="muted">'
        f'<span id="files-noted" data-value="{noted}">{noted:,}</span> files with findings or '
        f'that gave no document; <span id="files-clean" data-value="{clean}">{clean:,}</span> '
        "with documents and no finding"
        + (f" (the first {FILES_SHOWN:,} shown)" if noted > FILES_SHOWN else "")
        + ". A file's name filters the findings below.</p>\n"
    )
    if not files:
        return
    out.write(
        '<table id="file-tally"><thead><tr><th>file</th><th class="n">documents</th>'
        + _numbers("errors", "warnings", "findings", tag="th")
        + "<th>note</th></tr></thead><tbody>\n"
    )
    for f in files:
        link = escape("#file=" + quote(f.source))
        note = f"not read: <code>{escape(f.first_rule or '')}</code>" if f.unread else ""
        out.write(
            f'<tr data-file="{escape(f.source)}"><td class="path" title="{escape(f.source)}">'
            f'<a href="{link}"><code>{escape(shown_path(f.source))}</code></a></td>'
            + "".join(
                f'<td class="n" data-label="{label}" data-value="{n}">{n:,}</td>'
                for label, n in (
                    ("documents", f.documents),
                    ("errors", f.errors),
                    ("warnings", f.warnings),
                    ("findings", f.findings),
                )
            )
            + f"<td>{note}</td></tr>\n"
        )
    out.write("</tbody></table>\n")
