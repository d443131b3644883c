"""Every output that promises UTF-8 (JSON, NDJSON, CSV, the reference formats,
the source text, the web page) writes UTF-8 whatever the locale: whole
processes with an ASCII, a Latin-1 and a C locale, their bytes read as UTF-8."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable

import pytest

from conftest import SAMPLE_COMMANDS, SOURCE_TEXT, carsi_process, run_carsi

pytestmark = pytest.mark.slow  # whole processes under several locales

LOCALES: dict[str, dict[str, str | None]] = {
    "ascii": {"PYTHONIOENCODING": "ascii"},
    "latin-1": {"PYTHONIOENCODING": "latin-1"},
    "C-locale": {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0", "PYTHONIOENCODING": None},
}


def parse_json(data: bytes) -> None:
    json.loads(data.decode("utf-8"))


def parse_ndjson(data: bytes) -> None:
    for line in data.decode("utf-8").splitlines():
        json.loads(line)


def parse_csv(data: bytes) -> None:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert rows and all(len(row) == len(rows[0]) for row in rows)


def parse_csv_excel(data: bytes) -> None:
    assert data.startswith(b"\xef\xbb\xbf")
    parse_csv(data[3:])


def parse_text(data: bytes) -> None:
    data.decode("utf-8")


def parse_html(data: bytes) -> None:
    assert '<meta charset="utf-8">' in data.decode("utf-8")


FORMATS: dict[str, Callable[[bytes], None]] = {
    "json": parse_json,
    "ndjson": parse_ndjson,
    "csv": parse_csv,
    "csv-excel": parse_csv_excel,
}
# Every output that promises UTF-8, and how to read it.
PATHS: list[tuple[list[str], Callable[[bytes], None]]] = [
    *[([*args, "--format", fmt], parse) for args, _ in SAMPLE_COMMANDS for fmt, parse in FORMATS.items()],
    (["cite", "--style", "bibtex"], parse_text),
    (["cite", "--style", "ris"], parse_text),
    (["cite", "--style", "csl-json"], parse_json),
    (["cite", "carsi-fy2012", "--style", "bibtex"], parse_text),
    (["cite", "carsi-fy2012", "--style", "ris"], parse_text),
    (["cite", "carsi-fy2012", "--style", "csl-json"], parse_json),
    (["source", "--text"], parse_text),
    (["export", "html", "-"], parse_html),
]


@pytest.mark.parametrize("locale", list(LOCALES), ids=str)
@pytest.mark.parametrize(("args", "parse"), PATHS, ids=[" ".join(args) for args, _ in PATHS])
def test_every_utf8_output_is_utf8_in_any_locale(args: list[str], parse: Callable[[bytes], None], locale: str) -> None:
    """`PYTHONIOENCODING=latin-1 carsi ARGS`: the UTF-8 bytes it writes in a UTF-8 locale, which parse."""
    result = carsi_process(args, env=LOCALES[locale], text=False)
    assert result.returncode == 0, result.stderr
    expected = run_carsi(*args).stdout_bytes  # in-process: a UTF-8 stdout
    assert result.stdout == expected
    parse(result.stdout)


def test_the_sweep_meets_curly_quotes_and_accents() -> None:
    """The outputs swept above hold characters that Latin-1 or ASCII lack (’, –, á), so the test can fail."""
    annotated = run_carsi("source", "--annotate", "--format", "json").stdout
    assert "’" in annotated and "–" in annotated
    assert "Panamá" in run_carsi("countries", "show", "panama", "--format", "csv").stdout
    assert "’" in SOURCE_TEXT.read_text(encoding="utf-8")
