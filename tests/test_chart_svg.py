"""funding --chart --format svg: the terminal chart's figures as a plain SVG picture, parsed and checked
against the model; hostile names stay text; the web page holds the same drawing."""

from __future__ import annotations

import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path

import pytest

from browser import find_chromium
from carsi_cli.model.records import FactSheet
from carsi_cli.onward import webpage
from carsi_cli.query.funding import report
from carsi_cli.views.chart_svg import PLOT_H, svg
from conftest import SOURCE_TEXT, Invoke

NS = "{http://www.w3.org/2000/svg}"
TEXT = SOURCE_TEXT.read_text(encoding="utf-8")


def parse(picture: str) -> ET.Element:
    return ET.fromstring(picture)


def texts(root: ET.Element) -> list[str]:
    """Each text element's words, its lines joined by spaces."""
    return [" ".join(span.text or "" for span in node.iter(f"{NS}tspan")) for node in root.iter(f"{NS}text")]


def bars(root: ET.Element) -> dict[str, list[ET.Element]]:
    """Each bar by its title (the label it carries)."""
    found: dict[str, list[ET.Element]] = {}
    for rect in root.iter(f"{NS}rect"):
        if "bar" in (rect.get("class") or "").split():
            title = rect.find(f"{NS}title")
            assert title is not None
            found.setdefault(title.text or "", []).append(rect)
    return found


def year_centres(panel: ET.Element) -> dict[str, float]:
    return {
        node.findtext(f"{NS}tspan") or "": float(node.get("x") or 0)
        for node in panel.iter(f"{NS}text")
        if node.get("class") == "year"
    }


@pytest.fixture(scope="module")
def root(sheet: FactSheet) -> ET.Element:
    return parse(svg(sheet, report(sheet).records))


def test_the_cli_prints_the_svg(invoke: Invoke, sheet: FactSheet) -> None:
    """`funding --chart --format svg` prints the drawing on stdout, parseable, the same as the function's."""
    result = invoke("funding", "--chart", "--format", "svg")
    assert result.exit_code == 0
    assert result.stdout == svg(sheet, report(sheet).records) + "\n"
    assert parse(result.stdout).tag == f"{NS}svg"


def test_the_labels_are_the_fact_sheets_figures(root: ET.Element) -> None:
    """Every amount is written in the text; lower bounds and rates say so in words; the source ends it."""
    words = texts(root)
    labels = set(bars(root))
    assert "$361 million in total over FY2008-FY2011, allocated" in labels
    assert "$105 million in FY2012, committed" in labels
    assert "more than $10 billion per year, FY2009-FY2011, dedicated" in labels
    assert "more than $10 billion per year" in labels
    assert any("one total over 4 fiscal years, not split by year" in w for w in words)
    for phrase in ("$361 million", "$105 million", "more than $10 billion per year", "more than $650 million"):
        assert phrase in TEXT
    assert not any("$90" in w for w in words)  # 361 / 4 is not a figure of the text


def test_the_source_line_ends_it(root: ET.Element, sheet: FactSheet) -> None:
    """The last text is the terminal chart's source line."""
    assert texts(root)[-1] == "Source: " + sheet.source.citation


def test_the_total_spans_its_four_years(root: ET.Element) -> None:
    """The FY2008-FY2011 bar covers the columns of FY2008 to FY2011 and not FY2012's, four years' width."""
    panel = next(p for p in root.iter(f"{NS}g") if (p.findtext(f"{NS}title") or "").endswith("(carsi)"))
    centres = year_centres(panel)
    (total,) = bars(panel)["$361 million in total over FY2008-FY2011, allocated"]
    (year,) = bars(panel)["$105 million in FY2012, committed"]
    left, width = float(total.get("x") or 0), float(total.get("width") or 0)
    assert all(left < centres[f"FY{y}"] < left + width for y in range(2008, 2012))
    assert not left < centres["FY2012"] < left + width
    column = centres["FY2009"] - centres["FY2008"]
    assert width == pytest.approx(4 * column - 8, abs=0.2)
    assert float(year.get("width") or 0) == pytest.approx(column - 8, abs=0.2)
    ratio = float(total.get("height") or 0) / float(year.get("height") or 0)
    assert ratio == pytest.approx(361 / 105, rel=0.01)  # to one scale within the program


def test_each_program_has_its_own_scale(root: ET.Element) -> None:
    """$105 million is no sliver beside $10 billion: each is drawn at its own program's scale."""
    (small,) = bars(root)["$105 million in FY2012, committed"]
    (large,) = bars(root)["more than $10 billion in FY2012, committed"]
    assert float(small.get("height") or 0) > PLOT_H / 5
    assert float(large.get("height") or 0) <= PLOT_H
    assert "lower-bound" in (large.get("class") or "")
    assert sum("Its own scale" in w for w in texts(root)) == 2


def test_a_hostile_name_stays_text(sheet: FactSheet) -> None:
    """A program name holding markup comes out as the same characters, not as elements."""
    name = '<script>alert("x")</script> & <a href="http://e.example">\x1b[31m'
    programs = tuple(p._replace(name=name) if p.id == "carsi" else p for p in sheet.programs)
    picture = svg(sheet._replace(programs=programs), report(sheet).records)
    root = parse(picture)
    assert not any(node.tag in (f"{NS}script", f"{NS}a", "script", "a") for node in root.iter())
    assert any(w.startswith('<script>alert("x")</script> & <a href=') for w in texts(root))
    assert "\x1b" not in picture and "<script" not in picture
    assert "href" not in picture.replace('href=\\"', "").split("&lt;a ", 1)[0]


def test_no_script_style_or_reference(root: ET.Element) -> None:
    """Nothing in the picture runs, or loads from elsewhere."""
    for node in root.iter():
        assert node.tag.removeprefix(NS) not in ("script", "style", "image", "a", "foreignObject", "use")
        assert not any(key.endswith("href") or key == "style" or key.startswith("on") for key in node.attrib)


def test_the_page_holds_the_same_svg(sheet: FactSheet) -> None:
    """export html shows the chart inline: the very SVG the command prints."""
    page = webpage.page(sheet, TEXT)
    assert svg(sheet, report(sheet).records) in page


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (["funding", "--format", "svg"], "add --chart"),
        (["funding", "--chart", "-o", "x.svg"], "--chart --format svg"),
        (["funding", "--chart", "--format", "json"], "leave out --format"),
    ],
    ids=["svg-without-chart", "output-without-svg", "chart-json-as-before"],
)
def test_bad_combinations_are_usage_errors(invoke: Invoke, args: list[str], hint: str) -> None:
    """One usage message, status 2."""
    result = invoke(*args)
    assert result.exit_code == 2
    assert hint in result.output and result.stdout == ""


def test_output_writes_the_file(invoke: Invoke, sheet: FactSheet, tmp_path: Path) -> None:
    """-o FILE writes the same picture, and leaves an existing file alone."""
    target = tmp_path / "chart.svg"
    result = invoke("funding", "--chart", "--format", "svg", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert target.read_text(encoding="utf-8") == svg(sheet, report(sheet).records) + "\n"
    assert invoke("funding", "--chart", "--format", "svg", "-o", str(target)).exit_code == 1


def png_pixels(path: Path) -> tuple[int, int, set[bytes]]:
    """A PNG's width, height and the distinct pixels of its first rows (8-bit RGB/RGBA, unfiltered read of rows)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    at, idat, width, height, colour = 8, b"", 0, 0, 0
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at : at + 8])
        body = data[at + 8 : at + 8 + length]
        if kind == b"IHDR":
            width, height, _, colour = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
        at += 12 + length
    raw = zlib.decompress(idat)
    size = 4 if colour == 6 else 3
    stride = 1 + width * size
    rows = [raw[r * stride + 1 : (r + 1) * stride] for r in range(height)]
    return width, height, {row[i : i + size] for row in rows for i in range(0, len(row), size * 7)}


@pytest.mark.slow
def test_chromium_draws_it(sheet: FactSheet, tmp_path: Path) -> None:
    """Headless Chromium renders the SVG to a screenshot that is not blank."""
    chromium = find_chromium()
    if chromium is None:
        pytest.skip("Chromium is not installed")
    picture = tmp_path / "chart.svg"
    picture.write_text(svg(sheet, report(sheet).records), encoding="utf-8")
    png = tmp_path / "chart.png"
    profile = tmp_path / "profile"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
    subprocess.run(
        [chromium, *flags, f"--user-data-dir={profile}", f"--screenshot={png}", "--window-size=960,720",
         picture.as_uri()],
        capture_output=True, timeout=90, check=False,
    )  # fmt: skip
    shutil.rmtree(profile, ignore_errors=True)
    assert png.exists()
    width, height, pixels = png_pixels(png)
    assert (width, height) == (960, 720)
    assert len(pixels) > 2  # white, the bars' blue and text: not a blank page


def test_funding_takes_every_format_the_other_commands_do_and_svg() -> None:
    """`funding --format` lists its formats apart (so only it takes svg): every OutputFormat, same names, and svg."""
    from carsi_cli.model.formats import FundingFormat, OutputFormat

    assert {(f.name, f.value) for f in FundingFormat} == {(f.name, f.value) for f in OutputFormat} | {("SVG", "svg")}
