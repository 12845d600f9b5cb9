"""The audit report's charts, as inline SVG (they show without script or network): findings
by edition and rule (a heat map per survey) and the statuses by edition (stacked bars)."""

from __future__ import annotations

import math
from collections import defaultdict
from html import escape
from typing import TextIO

from validator.pipeline.model import Run

# Colours for the statuses of a survey, by their order in the schema (first = most free):
# a colour-blind-safe qualitative palette (Okabe-Ito), then grey for anything else.
PALETTE = ("#009E73", "#E69F00", "#56B4E9", "#CC79A7", "#D55E00", "#0072B2", "#F0E442")
OTHER = "#999999"
CELL = 16  # heat-map cell, px


def heatmap(audit: Run, out: TextIO) -> None:
    """Per survey: a row per rule with findings, a column per edition read, a cell per
    (rule, edition) coloured by its number of findings; a click filters the findings."""
    out.write('<h2 id="heatmap">Findings by edition and rule</h2>\n')
    counts: dict[str, dict[tuple[str, int], int]] = defaultdict(dict)
    for survey, edition, rule, n in audit.spool.findings_by_edition():
        counts[survey][(rule, edition)] = n
    editions: dict[str, list[int]] = defaultdict(list)
    for read_survey, read_edition, *_ in audit.spool.documents_by_edition():
        if read_survey is not None and read_edition is not None:
            editions[read_survey].append(read_edition)
    if not editions:
        out.write('<p class="muted">No documents.</p>\n')
    for survey, years in editions.items():
        found = counts.get(survey, {})
        name = escape(survey.upper())
        if not found:
            out.write(f'<p class="muted">{name}: no findings about its documents.</p>\n')
            continue
        rules = sorted({rule for rule, _ in found})
        peak = max(found.values())
        left, top = 8 + 7 * max(len(r) for r in rules), 40
        out.write(
            f"<h3>{name}</h3>\n"
            + _svg("heatmap", survey, left + CELL * len(years) + 10, top + CELL * len(rules) + 10)
        )
        for x, year in enumerate(years):
            if _labelled(x, year, years):
                out.write(_label(left + CELL * x + CELL / 2, top - 6, year, "start"))
        for y, rule in enumerate(rules):
            row_y = top + CELL * y
            out.write(_text(left - 6, row_y + 12, rule, "end"))
            for x, year in enumerate(years):
                n = found.get((rule, year), 0)
                title = f"{rule}, {year}: {n:,} finding{'s' * (n != 1)}"
                out.write(
                    f'<rect class="cell" x="{left + CELL * x}" y="{row_y}" width="{CELL - 1}" '
                    f'height="{CELL - 1}" fill="{_heat(n, peak)}" data-rule="{escape(rule)}" '
                    f'data-survey="{escape(survey)}" data-edition="{year}" data-value="{n}">'
                    f"<title>{escape(title)}</title></rect>\n"
                )
        out.write("</svg>\n")
    out.write(
        '<p class="muted">Darker: more findings (log scale); grey: none. '
        "Click a cell to list its findings.</p>\n"
    )


def _heat(n: int, peak: int) -> str:
    if n == 0:
        return "#eeeeee"
    share = math.log1p(n) / math.log1p(peak) if peak > 1 else 1.0
    # from light orange (253,208,162) to dark red (127,0,0)
    r, g, b = (round(a + (z - a) * share) for a, z in ((253, 127), (208, 0), (162, 0)))
    return f"#{r:02x}{g:02x}{b:02x}"


def statuses(audit: Run, out: TextIO) -> None:
    """Per survey: a bar per edition, split by the share of records with each status, in
    the order of the survey's schema."""
    out.write(
        '<h2 id="statuses">Status by edition</h2>\n<p class="muted">Each record once '
        "(a record given by two files counts once), by the status it states.</p>\n"
    )
    by_survey: dict[str, dict[int, dict[str | None, int]]] = defaultdict(lambda: defaultdict(dict))
    for survey, edition, status, n in audit.spool.statuses():
        by_survey[survey][edition][status] = n
    if not by_survey:
        out.write('<p class="muted">No records.</p>\n')
    for survey, editions in by_survey.items():
        order = list(audit.statuses.get(survey, []))
        colour = _colours(order, {s for counts in editions.values() for s in counts})
        years = sorted(editions)
        bar, gap, plot, left, top = 12, 2, 160, 40, 10
        out.write(
            f"<h3>{escape(survey.upper())}</h3>\n"
            + _svg("status-chart", survey, left + (bar + gap) * len(years) + 20, top + plot + 50)
            + _text(left - 6, top + 8, "100%", "end")
            + _text(left - 6, top + plot, "0", "end")
        )
        for x, year in enumerate(years):
            counts = editions[year]
            total = sum(counts.values())
            y: float = top + plot
            cx = left + (bar + gap) * x
            for status, fill in colour.items():
                n = counts.get(status, 0)
                if not n:
                    continue
                h = plot * n / total
                y -= h
                title = f"{year}: {status} {n:,} of {total:,}"
                out.write(
                    f'<rect x="{cx}" y="{y:.2f}" width="{bar}" height="{h:.2f}" fill="{fill}" '
                    f'data-edition="{year}" data-status="{escape(str(status))}" '
                    f'data-value="{n}"><title>{escape(title)}</title></rect>\n'
                )
            if _labelled(x, year, years):
                out.write(_label(cx + bar / 2, top + plot + 12, year, "end"))
        out.write('</svg>\n<div class="legend">')
        for status, fill in colour.items():
            name = escape(str(status or "no status"))
            out.write(f'<span><i style="background:{fill}"></i>{name}</span>')
        out.write("</div>\n")


def _colours(order: list[str], seen: set[str | None]) -> dict[str | None, str]:
    """A colour per status seen: the schema's order first, then any other, then none."""
    labels: list[str | None] = [s for s in order if s in seen]
    labels += sorted(s for s in seen if s is not None and s not in order)
    labels += [None] if None in seen else []
    return {
        s: PALETTE[order.index(s)] if s in order and order.index(s) < len(PALETTE) else OTHER
        for s in labels
    }


def _svg(kind: str, survey: str, width: float, height: float) -> str:
    """An SVG of its size, drawn to scale down to a narrow window (a phone) whole."""
    name = escape(survey.upper())
    return (
        f'<svg class="{kind}" data-survey="{escape(survey)}" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{name} {kind.replace("-", " ")}">\n'
    )


def _text(x: float, y: float, text: str, anchor: str) -> str:
    return f'<text x="{x}" y="{y}" text-anchor="{anchor}">{escape(text)}</text>\n'


def _label(x: float, y: float, year: int, anchor: str) -> str:
    """An edition under or over its column, slanted."""
    return (
        f'<text x="{x}" y="{y}" transform="rotate(-60 {x} {y})" '
        f'text-anchor="{anchor}">{year}</text>\n'
    )


def _labelled(index: int, year: int, years: list[int]) -> bool:
    """Label every edition of a short run; of a long one, every fifth year and the last."""
    return len(years) < 20 or year % 5 == 0 or index == len(years) - 1
