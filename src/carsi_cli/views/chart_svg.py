"""`carsi funding --chart --format svg`, and the chart of the web page: the
chart of ``views.chart`` drawn as a picture, in plain SVG.

* Fiscal years run across, one column each, the same in every panel; a bar
  spans its figure's years: a multi-year total is one bar over its whole span,
  labelled with its total and "not split by year"; a per-year rate is a bar in
  each of its years, each labelled "per year".
* Each program is a panel drawn to its own scale, stated in its heading.
* A lower bound ("more than") is labelled in words and its bar ends with an
  arrow pointing up.
* Figures with no fiscal year are listed under the chart; the source ends it.

Built with xml.etree, which escapes every text and attribute; text from the
data file is made inert first (XML cannot hold control characters). No
script, style sheet, font, image or link: only presentation attributes, so
the web page's Content-Security-Policy allows it inline.
"""

from __future__ import annotations

import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from carsi_cli.model.records import Basis, FactSheet, Funding, Qualifier
from carsi_cli.model.text import inert
from carsi_cli.views.chart import HEADING, SCALES, figure_label, grouped, nice_unit

SVG_NS = "http://www.w3.org/2000/svg"
WIDTH = 960
MARGIN = 24
GUTTER = 96  # the scale's labels, left of the bars
PLOT_H = 120
FONT = 12
LINE = 15
FAMILY = "DejaVu Sans, Arial, Helvetica, sans-serif"
INK, GREY, BAR, GRID = "#1a1a1a", "#555555", "#3b6ea5", "#cccccc"


def _keep_amounts(text: str) -> str:
    """Spaces inside "$10 billion" made unbreakable for wrapping (restored after)."""
    for word in (" thousand", " million", " billion", " trillion"):
        text = text.replace(word, "\0" + word[1:])
    return text


def wrap(text: str, width_px: float, size: int = FONT) -> list[str]:
    """``text`` (made inert) in lines that fit ``width_px`` at ``size``, amounts and spans kept whole."""
    chars = max(8, int(width_px / (size * 0.56)))
    lines = textwrap.wrap(_keep_amounts(inert(text)), chars, break_on_hyphens=False, break_long_words=False)
    return [line.replace("\0", " ") for line in lines] or [""]


def _text(parent: ET.Element, x: float, y: float, lines: Sequence[str], **attrs: str) -> ET.Element:
    """A text of one or more lines (tspans), its first baseline at ``y``."""
    attrs.setdefault("font-size", str(FONT))
    attrs.setdefault("fill", INK)
    node = ET.SubElement(parent, "text", {"x": f"{x:g}", "y": f"{y:g}", **attrs})
    for i, line in enumerate(lines):
        span = ET.SubElement(node, "tspan", {"x": f"{x:g}", "dy": "0" if i == 0 else str(LINE)})
        span.text = line
    return node


class _Bar:
    def __init__(self, figure: Funding, year: int, years: int, label: list[tuple[str, bool]]) -> None:
        self.figure, self.year, self.years, self.label = figure, year, years, label
        self.lower = figure.qualifier in (Qualifier.MORE_THAN, Qualifier.AT_LEAST)


def _bars(figures: Sequence[Funding], column: float) -> list[_Bar]:
    bars = []
    for figure in figures:
        assert figure.fy_start is not None and figure.fy_end is not None
        count = figure.fy_end - figure.fy_start + 1
        label = figure_label(figure)
        if figure.basis is Basis.PER_YEAR:
            for i, year in enumerate(range(figure.fy_start, figure.fy_end + 1)):
                text = label if i == 0 else f"{label.split(' per year')[0]} per year"
                bars.append(_Bar(figure, year, 1, [(line, False) for line in wrap(text, column - 8)]))
        else:
            lines = [(line, False) for line in wrap(label, count * column - 8)]
            if count > 1:
                note = f"one total over {count} fiscal years, not split by year"
                lines += [(line, True) for line in wrap(note, count * column - 8)]
            bars.append(_Bar(figure, figure.fy_start, count, lines))
    return bars


def svg(sheet: FactSheet, figures: Sequence[Funding], *, unverified: bool = False) -> str:
    """The chart of ``figures`` as one SVG element (no XML declaration, so that a page can hold it)."""
    from carsi_cli.model.money import dollars

    panels, undated = grouped(sheet, figures)
    root = ET.Element("svg", {"xmlns": SVG_NS, "role": "img", "font-family": FAMILY})
    ET.SubElement(root, "title").text = HEADING
    ET.SubElement(root, "desc").text = SCALES
    ET.SubElement(root, "rect", {"width": "100%", "height": "100%", "fill": "#ffffff"})
    y: float = MARGIN + 16
    _text(root, MARGIN, y, [HEADING], **{"font-size": "18", "font-weight": "bold"})
    y += 22
    _text(root, MARGIN, y, wrap(SCALES, WIDTH - 2 * MARGIN), fill=GREY)
    if unverified:
        y += LINE
        warning = "Unverified: shown without checking the data against its quotes; run `carsi verify` first."
        _text(root, MARGIN, y, [warning], fill="#a00000")
    dated = [f for _, group in panels for f in group]
    first = min((f.fy_start or 0 for f in dated), default=0)
    last = max((f.fy_end or 0 for f in dated), default=0)
    left = MARGIN + GUTTER
    column = (WIDTH - MARGIN - left) / max(1, last - first + 1)
    for title, group in panels:
        y += 36
        largest = max(f.amount_usd for f in group)
        top = nice_unit(largest, 4) * 4
        _text(root, MARGIN, y, wrap(title, WIDTH - 2 * MARGIN, 15), **{"font-size": "15", "font-weight": "bold"})
        y += 18
        _text(root, MARGIN, y, [f"Its own scale: the full height is {dollars(top)}"], fill=GREY)
        bars = _bars(group, column)
        heights = [max(1.0, PLOT_H * b.figure.amount_usd / top) for b in bars]
        pairs = list(zip(bars, heights, strict=True))
        room = max(len(b.label) * LINE + (12 if b.lower else 0) + 6 - (PLOT_H - h) for b, h in pairs)
        plot_top = y + 8 + max(0, room)
        base = plot_top + PLOT_H
        panel = ET.SubElement(root, "g", {"class": "panel"})
        ET.SubElement(panel, "title").text = inert(title)
        for at, label in ((plot_top, dollars(top)), (base, "0")):
            stroke = GRID if at != base else INK
            ends = {"x1": f"{left:g}", "x2": f"{WIDTH - MARGIN:g}", "y1": f"{at:g}", "y2": f"{at:g}"}
            ET.SubElement(panel, "line", {**ends, "stroke": stroke})
            _text(panel, left - 6, at + 4, [label], fill=GREY, **{"text-anchor": "end"})
        for bar, height in zip(bars, heights, strict=True):
            x = left + (bar.year - first) * column + 4
            width = bar.years * column - 8
            bar_top = base - height
            box = {"x": f"{x:.1f}", "y": f"{bar_top:.1f}", "width": f"{width:.1f}", "height": f"{height:.1f}"}
            rect = ET.SubElement(
                panel, "rect", {"class": "bar lower-bound" if bar.lower else "bar", **box, "fill": BAR}
            )
            ET.SubElement(rect, "title").text = " ".join(line for line, note in bar.label if not note)
            middle = x + width / 2
            above = bar_top - 4
            if bar.lower:
                tip = f"{middle:.1f},{bar_top - 13:.1f}"
                points = f"{middle - 6:.1f},{bar_top - 3:.1f} {middle + 6:.1f},{bar_top - 3:.1f} {tip}"
                ET.SubElement(panel, "polygon", {"points": points, "fill": BAR})
                above -= 12
            first_line = above - (len(bar.label) - 1) * LINE
            at_ = {"x": f"{middle:.1f}", "y": f"{first_line:.1f}"}
            node = ET.SubElement(panel, "text", {"class": "label", "font-size": str(FONT), "fill": INK, **at_})
            node.set("text-anchor", "middle")
            for i, (line, grey) in enumerate(bar.label):
                attrs = {"x": f"{middle:.1f}", "dy": "0" if i == 0 else str(LINE)}
                if grey:
                    attrs["fill"] = GREY
                ET.SubElement(node, "tspan", attrs).text = line
        for year in range(first, last + 1):
            centre = left + (year - first + 0.5) * column
            _text(panel, centre, base + 16, [f"FY{year}"], fill=GREY, **{"class": "year", "text-anchor": "middle"})
        y = base + 16
    if undated:
        y += 36
        _text(root, MARGIN, y, ["No fiscal year given (not drawn):"], **{"font-weight": "bold"})
        for entry in undated:
            lines = wrap(entry, WIDTH - 2 * MARGIN - 16)
            _text(root, MARGIN + 16, y + LINE, lines)
            y += LINE * len(lines)
    y += 36
    source = wrap("Source: " + sheet.source.citation, WIDTH - 2 * MARGIN)
    _text(root, MARGIN, y, source, fill=GREY, **{"class": "source"})
    height = y + LINE * (len(source) - 1) + MARGIN
    root.set("width", str(WIDTH))
    root.set("height", f"{height:g}")
    root.set("viewBox", f"0 0 {WIDTH} {height:g}")
    return ET.tostring(root, encoding="unicode")
