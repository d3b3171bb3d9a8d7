"""Self-contained HTML reports: text, tables and inline SVG charts, no network resource.

The Processing results viewer and any browser open them offline; crime data never leaves the machine.
"""

from __future__ import annotations

import html
import math
from typing import Any, Sequence

import numpy as np

from .field_words import field_heading
from ..i18n import qgis_locale, tr
from .labels import value_words
from .numbers import format_number, format_value
from ..io.rasters import check_output_path

PALETTE = ("#d7301f", "#2166ac", "#1a9850", "#984ea3", "#ff7f00", "#a65628", "#f781bf", "#666666")
_STYLE = """
body{font-family:'DejaVu Sans',Arial,sans-serif;margin:24px;color:#222;max-width:1100px}
h1{font-size:22px;margin-bottom:4px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:8px 0;font-size:13px}td,th{border:1px solid #bbb;padding:3px 7px;text-align:right}
th{background:#f0f0f0;font-size:12px}svg{max-width:100%;height:auto}table{max-width:100%}td,th{overflow-wrap:break-word;hyphens:auto}
td.n{white-space:nowrap}
@page{size:A4;margin:15mm}@media print{body{margin:0;max-width:none}table,svg{page-break-inside:avoid}h2{page-break-after:avoid}}
td.l,th.l{text-align:left}.note{color:#555;font-size:13px}.grid{display:flex;flex-wrap:wrap;gap:12px}
.answer{border-left:5px solid #2166ac;background:#eef4fa;padding:8px 14px;margin:12px 0 18px 0}
.answer p{font-size:15px;margin:6px 0}
"""


#: Most columns in one printed table; wider tables are split (see :meth:`HtmlReport.table`).
MAX_COLUMNS = 6


def column_groups(columns: Sequence[str], keep: int = 1, most: int = MAX_COLUMNS) -> list[list[str]]:
    """``columns`` cut into groups of at most ``most``, each starting with the first ``keep`` columns."""
    columns = list(columns)
    if len(columns) <= most:
        return [columns]
    fixed, rest = columns[:keep], columns[keep:]
    width = max(1, most - keep)
    return [fixed + rest[start:start + width] for start in range(0, len(rest), width)]


class Code(str):
    """Text a reader types or finds in a table output (a field or feature name): shown as code, not words."""


def _format(value: Any) -> str:
    if isinstance(value, Code):
        return f"<code>{html.escape(value)}</code>"
    if isinstance(value, (bool, np.bool_)):
        return html.escape(tr("yes") if value else tr("no"))
    if isinstance(value, (int, float)):
        return html.escape(format_number(value))
    if isinstance(value, (list, tuple)):
        return html.escape(format_value(list(value)))
    return html.escape(value_words(value) if isinstance(value, str) else str(value))


class HtmlReport:
    """Collects sections, then :meth:`save` writes one HTML file."""

    def __init__(self, title: str, subtitle: str = ""):
        self.parts: list[str] = [f"<h1>{html.escape(title)}</h1>"]
        if subtitle:
            self.parts.append(f"<p class='note'>{html.escape(subtitle)}</p>")
        self._after_title = len(self.parts)

    def answer(self, sentences: Sequence[str], chart: str = "") -> None:
        """The answer in a sentence or two (and one chart), shown first, before the detail."""
        body = "".join(f"<p>{html.escape(sentence)}</p>" for sentence in sentences if sentence)
        self.parts.insert(self._after_title, f"<div class=answer>{body}{chart}</div>")
        self._after_title += 1

    def heading(self, text: str) -> None:
        self.parts.append(f"<h2>{html.escape(text)}</h2>")

    def paragraph(self, text: str, note: bool = False) -> None:
        self.parts.append(f"<p{' class=note' if note else ''}>{html.escape(text)}</p>")

    def bullet_list(self, items: Sequence[str]) -> None:
        self.parts.append("<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>")

    def key_values(self, values: dict[str, Any]) -> None:
        rows = "".join(f"<tr><th class=l>{html.escape(field_heading(str(k)))}</th><td>{_format(v)}</td></tr>"
                       for k, v in values.items())
        self.parts.append(f"<table>{rows}</table>")

    def table(self, rows: list[dict[str, Any]], columns: list[str] | None = None,
              colours: list[dict[str, str]] | None = None, keep: int = 1) -> None:
        """A table of ``rows``; ``colours[i][column]`` gives an optional background colour per cell.

        Column headers are the reader's words for the field names (:func:`~.field_words.field_heading`);
        the CSV/GeoPackage tables keep the field names themselves. A table of more than
        :data:`MAX_COLUMNS` columns is printed as several narrower ones, each repeating the first ``keep``
        (identifying) columns, so that it fits an A4 page."""
        if not rows:
            self.paragraph(tr("(no rows)"), note=True)
            return
        columns = columns or list(rows[0].keys())
        for part in column_groups(columns, keep):
            self.parts.append(self._table_html(rows, part, colours))

    @staticmethod
    def _table_html(rows: list[dict[str, Any]], columns: list[str], colours: list[dict[str, str]] | None) -> str:
        head = "".join(f"<th>{html.escape(field_heading(c))}</th>" for c in columns)
        body = []
        for i, row in enumerate(rows):
            cells = []
            for c in columns:
                colour = (colours[i].get(c) if colours else None)
                style = f" style='background:{colour}'" if colour else ""
                cls = " class=l" if isinstance(row.get(c), str) else " class=n"
                cells.append(f"<td{cls}{style}>{_format(row.get(c))}</td>")
            body.append("<tr>" + "".join(cells) + "</tr>")
        return f"<table><tr>{head}</tr>{''.join(body)}</table>"

    def svg(self, svg: str) -> None:
        self.parts.append(svg)

    def markup(self, fragment: str) -> None:
        """Append an HTML fragment the caller built and escaped itself (e.g. a coloured table)."""
        self.parts.append(fragment)

    def charts(self, svgs: Sequence[str]) -> None:
        """Several small charts side by side (small multiples)."""
        self.parts.append("<div class=grid>" + "".join(svgs) + "</div>")

    def html(self) -> str:
        return (f"<!DOCTYPE html><html lang='{qgis_locale()}'><head><meta charset='utf-8'><title>" + html.escape(tr("CrimeRisk report")) + "</title>"
                f"<style>{_STYLE}</style></head><body>{''.join(self.parts)}</body></html>")

    def save(self, path: str) -> str:
        target = check_output_path(path)
        target.write_text(self.html(), encoding="utf-8")
        return str(target)


def _scale(values: Sequence[float], low: float, high: float):
    finite = [v for v in values if v is not None and math.isfinite(v)]
    lo, hi = (min(finite), max(finite)) if finite else (0.0, 1.0)
    if hi == lo:
        hi = lo + 1.0
    return lambda v: low + (v - lo) / (hi - lo) * (high - low), lo, hi


def _legend_rows(names: Sequence[str], width: int, left: int) -> list[list[tuple[int, str]]]:
    """Legend entries laid out left to right in rows that fit ``width`` (x offset, name)."""
    rows: list[list[tuple[int, str]]] = [[]]
    x = left
    for name in names:
        item = 26 + 6 * len(name)
        if rows[-1] and x + item > width:
            rows.append([])
            x = left
        rows[-1].append((x, name))
        x += item
    return rows if rows[0] else []


def line_chart(series: dict[str, tuple[Sequence[float], Sequence[float]]], title: str = "", x_labels:
               dict[float, str] | None = None, y_label: str = "", width: int = 640, height: int = 260,
               dashed: Sequence[str] = ()) -> str:
    """Inline SVG line chart; ``series`` maps a name to (x values, y values); names in ``dashed`` are dashed.

    The legend sits below the plot, so it never covers a line."""
    left, right, top, bottom = 52, 12, 24, 34
    legend = _legend_rows(list(series), width - right, left) if len(series) > 1 else []
    plot_bottom = height - bottom
    height = height + 16 * len(legend)
    xs = [x for xv, _ in series.values() for x in xv]
    ys = [y for _, yv in series.values() for y in yv] + [0.0]
    sx, _, _ = _scale(xs, left, width - right)
    sy, ylo, yhi = _scale(ys, plot_bottom, top)
    out = [f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' font-size='11'>",
           f"<text x='{left}' y='14' font-weight='bold'>{html.escape(title)}</text>",
           f"<line x1='{left}' y1='{plot_bottom}' x2='{width - right}' y2='{plot_bottom}' stroke='#888'/>",
           f"<line x1='{left}' y1='{top}' x2='{left}' y2='{plot_bottom}' stroke='#888'/>"]
    for fraction in (0.0, 0.5, 1.0):
        value = ylo + fraction * (yhi - ylo)
        out.append(f"<text x='{left - 4}' y='{sy(value) + 4:.1f}' text-anchor='end'>{html.escape(format_number(value))}</text>")
    for x, label in (x_labels or {}).items():
        out.append(f"<text x='{sx(x):.1f}' y='{plot_bottom + 14}' text-anchor='middle'>{html.escape(label)}</text>")
    if y_label:
        out.append(f"<text x='12' y='{(top + plot_bottom) / 2}' transform='rotate(-90 12 {(top + plot_bottom) / 2})' "
                   f"text-anchor='middle'>{html.escape(y_label)}</text>")
    colours = {name: PALETTE[index % len(PALETTE)] for index, name in enumerate(series)}
    for name, (xv, yv) in series.items():
        points = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in zip(xv, yv) if y is not None and math.isfinite(y))
        dash = " stroke-dasharray='5,3'" if name in dashed else ""
        out.append(f"<polyline fill='none' stroke='{colours[name]}' stroke-width='1.6'{dash} points='{points}'/>")
    for row_index, row in enumerate(legend):
        y = plot_bottom + 30 + 16 * row_index
        for x, name in row:
            dash = " stroke-dasharray='5,3'" if name in dashed else ""
            out.append(f"<line x1='{x}' y1='{y - 4}' x2='{x + 18}' y2='{y - 4}' stroke='{colours[name]}' "
                       f"stroke-width='2'{dash}/><text x='{x + 22}' y='{y}'>{html.escape(name)}</text>")
    out.append("</svg>")
    return "".join(out)


def bar_chart(labels: Sequence[str], values: Sequence[float], title: str = "", width: int = 320,
              height: int = 200, colour: str = PALETTE[0]) -> str:
    """Inline SVG vertical bar chart."""
    finite = [v for v in values if math.isfinite(v)]
    top_value = max(finite + [0.0]) or 1.0
    top_label = format_number(top_value)
    left, right, top, bottom = max(40, 10 + 6 * len(top_label)), 8, 24, 30  # room for the top value's label
    bar = (width - left - right) / max(1, len(values))
    out = [f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' font-size='10'>",
           f"<text x='{left}' y='14' font-weight='bold'>{html.escape(title)}</text>",
           f"<text x='{left - 4}' y='{top + 4}' text-anchor='end'>{html.escape(top_label)}</text>",
           f"<line x1='{left}' y1='{height - bottom}' x2='{width - right}' y2='{height - bottom}' stroke='#888'/>"]
    for i, (label, value) in enumerate(zip(labels, values)):
        h = 0.0 if not math.isfinite(value) else (height - top - bottom) * value / top_value
        x = left + i * bar
        out.append(f"<rect x='{x + 1:.1f}' y='{height - bottom - h:.1f}' width='{max(1.0, bar - 2):.1f}' "
                   f"height='{h:.1f}' fill='{colour}'><title>{html.escape(label)}: {html.escape(format_number(value))}</title></rect>")
        out.append(f"<text x='{x + bar / 2:.1f}' y='{height - bottom + 12}' text-anchor='middle'>"
                   f"{html.escape(label)}</text>")
    out.append("</svg>")
    return "".join(out)
