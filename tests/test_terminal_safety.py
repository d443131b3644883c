"""What a terminal is made to do by carsi's views: links that open only what
they show, and no colour (none at all under NO_COLOR), in every command."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
import typer
import yaml

from carsi_cli.cli import app
from carsi_cli.model.records import COLLECTIONS
from conftest import DATA_DIR, SAMPLE_COMMANDS, run_carsi
from hostile import links

BUNDLED: dict[str, Any] = yaml.safe_load((DATA_DIR / "factsheet.yaml").read_text(encoding="utf-8"))
SOURCE_TEXT = (DATA_DIR / "factsheet.txt").read_text(encoding="utf-8")
WIDTHS = (40, 60, 80, 120, 190)
TERMINAL = {"TTY_COMPATIBLE": "1", "TERM": "xterm-256color", "NO_COLOR": None}

_SGR = re.compile(r"\x1b\[([0-9;]*)m")


def _url(i: int) -> str:
    """A long address that reads as one site at first and leads to another."""
    return f"https://www.paypal.com/{'account' * (i % 23)}@evil.example/steal/{i}"


def url_model(folder: Path) -> Path:
    """The bundled model with a long URL in every text a view shows (names,
    titles, descriptions, purposes, roles, reasons, quotes, the source), and
    the new quotes in its source text."""
    doc = copy.deepcopy(BUNDLED)
    quotes: list[str] = []
    n = 0

    def taint(text: str, punctuation: str = "") -> str:
        nonlocal n
        n += 1
        return f"{text} {_url(n)}{punctuation}" if n % 2 else f"{_url(n)}{punctuation} {text}"

    for collection in COLLECTIONS:
        for record in doc[collection.key]:
            for field in ("name", "title", "purpose", "description", "period"):
                if field in record:
                    record[field] = taint(record[field])
            if "aliases" in record:
                record["aliases"] = [*record["aliases"], taint("alias")]
            for role in record.get("roles", []):
                role["role"] = taint(role["role"], ",")
                role["quote"] = taint(role["quote"], ".")
                quotes.append(role["quote"])
            record["quote"] = taint(record["quote"], ")")
            quotes.append(record["quote"])
            if record.get("other_quotes"):
                record["other_quotes"] = [taint(q) for q in record["other_quotes"]]
                quotes.extend(record["other_quotes"])
            if "inferred" in record:
                record["inferred"] = {k: f"{_url(k.__len__())} {v}"[:500] for k, v in record["inferred"].items()}
    source = doc["source"]
    source["url"] = _url(22) + "/" + "x" * 150
    source["text_url"] = _url(21)
    source["citation"] = taint(source["citation"])
    (folder / "factsheet.txt").write_text(SOURCE_TEXT + "\n\n" + "\n\n".join(quotes) + "\n", encoding="utf-8")
    path = folder / "factsheet.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=10**9), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def url_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return url_model(tmp_path_factory.mktemp("urls"))


def test_links_are_parsed_as_a_terminal_reads_them() -> None:
    """The parser joins the parts of one link and keeps a cut link apart from what follows it."""
    url = "https://a.example/b"
    one = f"\x1b]8;id=1;{url}\x1b\\https://a.\x1b]8;;\x1b\\\x1b[1m\x1b]8;id=2;{url}\x1b\\example/b\x1b]8;;\x1b\\\x1b[0m"
    assert links(one) == [(url, url)]
    cut = f"\x1b]8;;{url}\x1b\\https://a.ex\x1b]8;;\x1b\\…"
    assert links(cut) == [(url, "https://a.ex")]


# The URL model puts URLs where names were: a model being written, looked at unverified.
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("args", [args for args, _ in SAMPLE_COMMANDS], ids=" ".join)
@pytest.mark.slow  # a sweep: the quick tier leaves it to --slow and CI
def test_a_link_shows_the_whole_of_its_address(url_path: Path, args: list[str], width: int) -> None:
    """Every link's visible text is its target, exactly: a URL cut at "…" or
    broken across lines is shown as plain text, not as a link."""
    result = run_carsi("--data", str(url_path), "--unverified", *args, env={**TERMINAL, "COLUMNS": str(width)})
    assert result.exit_code == (1 if args == ["verify"] else 0), result.stderr
    for target, shown in links(result.stdout):
        assert shown == target, f"the screen shows {shown!r}, a click opens {target!r}"


def test_the_url_model_draws_links_at_all(url_path: Path) -> None:
    """The sweep above is not empty: where a whole URL fits, it is a link."""
    source = yaml.safe_load(url_path.read_text(encoding="utf-8"))["source"]
    result = run_carsi("--data", str(url_path), "--unverified", "source", env={**TERMINAL, "COLUMNS": "400"})
    assert (source["url"], source["url"]) in links(result.stdout)
    assert (source["text_url"], source["text_url"]) in links(result.stdout)


# ---------------------------------------------------------------------------
# Colour


def leaf_commands() -> list[tuple[str, ...]]:
    """Every command of the app, by its path (``("programs", "list")``)."""

    def walk(command: Any, path: tuple[str, ...]) -> list[tuple[str, ...]]:
        subcommands = getattr(command, "commands", None)
        if not subcommands:
            return [path]
        return [leaf for name, sub in subcommands.items() for leaf in walk(sub, (*path, name))]

    return walk(typer.main.get_command(app), ())


# Every view of every command: what each command is run with below.
VIEWS: list[list[str]] = [
    *(args for args, _ in SAMPLE_COMMANDS),
    ["source", "--text"],
    ["source", "--annotate", "--country", "panama"],
    ["programs", "list", "--wide"],
    ["programs", "show", "group-of-friends"],
    ["funding", "--fy", "2012"],
    ["funding", "--chart"],
    ["search", "dea", "--limit", "0"],
    ["cite"],
    ["cite", "carsi"],
    ["export", "html", "{tmp}/carsi.html"],
    ["export", "sqlite", "{tmp}/carsi.db"],
    ["export", "xlsx", "{tmp}/carsi.xlsx"],
    ["schema", "funding"],
    ["initiatives", "list"],
    ["initiatives", "show", "carsi"],
    ["export", "datapackage", "{tmp}/package"],
]


def test_every_command_is_among_the_views() -> None:
    """No command of the app is left out of the colour tests."""
    missing = [leaf for leaf in leaf_commands() if not any(tuple(args[: len(leaf)]) == leaf for args in VIEWS)]
    assert not missing


def _run(args: list[str], tmp_path: Path, env: dict[str, str | None]) -> Any:
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args]
    result = run_carsi(*argv, env={"TTY_COMPATIBLE": "1", "TERM": "xterm-256color", "COLUMNS": "100", **env})
    assert result.exit_code == 0, result.stderr
    return result


@pytest.mark.parametrize("args", VIEWS, ids=" ".join)
@pytest.mark.slow  # a sweep: the quick tier leaves it to --slow and CI
def test_no_color_leaves_no_styling_at_all(args: list[str], tmp_path: Path) -> None:
    """NO_COLOR on a terminal: not one SGR sequence, on stdout or stderr."""
    result = _run(args, tmp_path, {"NO_COLOR": "1"})
    assert not _SGR.search(result.stdout + result.stderr)


@pytest.mark.parametrize("args", VIEWS, ids=" ".join)
@pytest.mark.slow  # a sweep: the quick tier leaves it to --slow and CI
def test_views_use_no_colour(args: list[str], tmp_path: Path) -> None:
    """With colour allowed: bold, dim and underline (and their ends) only."""
    result = _run(args, tmp_path, {"NO_COLOR": None, "COLORTERM": "truecolor"})
    codes = {code or "0" for params in _SGR.findall(result.stdout + result.stderr) for code in params.split(";")}
    assert codes <= {"0", "1", "2", "4", "22", "24"}
    if args[0] in ("programs", "funding", "source") and "--text" not in args:
        assert codes & {"1", "2", "4"}, "the sweep sees the styling it checks"
