"""The standard streams as a user's machine has them: any encoding, closed and
full streams, a non-blocking pipe, a terminal, and Ctrl-C. Whole processes:
what is tested is what Python, Click and carsi do together."""

from __future__ import annotations

import errno
import os
import pty
import shlex
import signal
import subprocess
import time
from pathlib import Path

import pytest

from conftest import DATA_DIR, SAMPLE_COMMANDS, carsi_command, carsi_process, process_env

pytestmark = pytest.mark.slow  # whole processes: encodings, closed and full streams, Ctrl-C

FULL = "Error: cannot write the output: No space left on device\n"
CLOSED = "Error: cannot write the output: standard output is closed\n"
# Commands that write to stdout, with and without the model: help and version are written by Click.
WRITERS = [
    ["--help"],
    ["--version"],
    ["funding", "--help"],
    ["funding", "--fy", "2012"],
    ["programs", "list", "--format", "json"],
    ["countries", "list", "--format", "csv"],
    ["programs", "show", "carsi", "--format", "markdown"],
    ["source", "--text"],
]


def ids(args: list[str]) -> str:
    return " ".join(args)


def shell(args: list[str], redirect: str, env: dict[str, str | None] | None = None) -> subprocess.CompletedProcess[str]:
    """carsi with a shell redirection (``>&-``, ``2>/dev/full``): the streams it starts with."""
    command = f"exec {shlex.join(carsi_command(args))} {redirect}"
    return subprocess.run(
        ["/bin/sh", "-c", command], env=process_env(env), capture_output=True, text=True, timeout=60, check=False
    )


# ---------------------------------------------------------------------------
# Encodings


@pytest.mark.parametrize("args", [a for a, _ in SAMPLE_COMMANDS] + [["--help"], ["source", "--text"]], ids=ids)
def test_an_ascii_stdout_shows_every_command(args: list[str]) -> None:
    """With an ASCII stdout every command answers (status 0), in ASCII, with no error."""
    result = carsi_process(args, env={"PYTHONIOENCODING": "ascii"}, text=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.isascii() or args[-1] in ("json", "csv") or args == ["source", "--text"]
    assert b"Error" not in result.stderr and b"Traceback" not in result.stderr


@pytest.mark.parametrize(
    "env",
    [
        {"PYTHONIOENCODING": "ascii"},
        {"PYTHONIOENCODING": "latin-1"},
        {"PYTHONIOENCODING": "cp437"},
        {"PYTHONIOENCODING": "cp850"},
        {"PYTHONIOENCODING": "cp1252"},
        {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0", "PYTHONIOENCODING": None},
    ],
    ids=["ascii", "latin-1", "cp437", "cp850", "cp1252", "C-locale"],
)
def test_funding_in_any_encoding_uses_look_alikes(env: dict[str, str | None]) -> None:
    """`carsi funding --fy 2012` in a pipe: curly quotes the encoding lacks become straight ones."""
    result = carsi_process(["funding", "--fy", "2012"], env=env, text=False)
    assert result.returncode == 0, result.stderr
    encoding = env.get("PYTHONIOENCODING") or "ascii"
    text = result.stdout.decode(encoding)
    assert "FY 2012’s $105 million commitment" in text or "FY 2012's $105 million commitment" in text
    assert b"Traceback" not in result.stderr


@pytest.fixture
def lodz_model(model_dir: Path) -> Path:
    """The bundled model with Panama renamed "Łódź Panamá": letters cp1252 lacks (Ł, ź) and has (ó, á).
    Its quotes still call it Panama, so that is kept as an alias, as the checks of links ask."""
    path = model_dir / "factsheet.yaml"
    renamed = "    name: Łódź Panamá\n    aliases: [Panama]\n"
    path.write_text(path.read_text(encoding="utf-8").replace("    name: Panama\n", renamed), encoding="utf-8")
    return path


def test_letters_the_encoding_lacks_are_escaped(lodz_model: Path) -> None:
    """On cp1252, "Łódź" is written with the letters it has and escapes for the others, not a failure."""
    result = carsi_process(
        ["--data", str(lodz_model), "countries", "list"], env={"PYTHONIOENCODING": "cp1252"}, text=False
    )
    assert result.returncode == 0, result.stderr
    assert "\\u0141ód\\u017a Panamá".encode("cp1252") in result.stdout


@pytest.mark.parametrize("fmt", ["json", "csv"])
@pytest.mark.parametrize("encoding", ["ascii", "latin-1", "cp1252"])
def test_json_and_csv_are_utf8_whatever_the_locale(lodz_model: Path, fmt: str, encoding: str) -> None:
    """JSON and CSV are the same UTF-8 bytes in every locale: they are for programs."""
    args = ["--data", str(lodz_model), "countries", "list", "--format", fmt]
    utf8 = carsi_process(args, env={"PYTHONIOENCODING": "utf-8"}, text=False)
    other = carsi_process(args, env={"PYTHONIOENCODING": encoding}, text=False)
    assert other.returncode == 0, other.stderr
    assert other.stdout == utf8.stdout
    assert "Łódź Panamá" in other.stdout.decode("utf-8")


def test_the_source_text_is_copied_exactly_whatever_the_locale() -> None:
    """`carsi source --text > factsheet.txt` writes the text's own UTF-8 bytes, even with an ASCII stdout."""
    result = carsi_process(["source", "--text"], env={"PYTHONIOENCODING": "ascii"}, text=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (DATA_DIR / "factsheet.txt").read_bytes()


def on_terminal(args: list[str], env: dict[str, str | None]) -> tuple[int, bytes]:
    """carsi with stdout and stderr on a pseudo-terminal: its status and what the screen received."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        carsi_command(args), stdin=follower, stdout=follower, stderr=follower, env=process_env(env)
    )
    os.close(follower)
    screen = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError as exc:  # EIO: every writer has closed the terminal
            if exc.errno != errno.EIO:
                raise
            break
        if not chunk:
            break
        screen += chunk
    os.close(leader)
    return process.wait(timeout=60), screen


@pytest.mark.parametrize(
    "args",
    [["funding", "--fy", "2012"], ["countries", "show", "panama"], ["source", "--text"], ["--help"]],
    ids=ids,
)
@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_a_terminal_in_any_encoding_shows_every_command(args: list[str], encoding: str) -> None:
    """`PYTHONIOENCODING=ascii carsi funding --fy 2012` on a terminal: status 0, every byte in the encoding."""
    env: dict[str, str | None] = {"PYTHONIOENCODING": encoding, "COLUMNS": "100", "TERM": "xterm", "CARSI_PAGER": "cat"}
    status, screen = on_terminal(args, env)
    assert status == 0, screen
    text = screen.decode(encoding)
    assert "Error" not in text and "Traceback" not in text
    if args[0] == "funding":
        assert "\"FY 2012's $105 million" in text
    if encoding == "ascii":
        assert screen.isascii()


# ---------------------------------------------------------------------------
# Closed and full streams


@pytest.mark.parametrize("args", WRITERS, ids=ids)
def test_a_full_stdout_is_one_line_and_status_1(args: list[str]) -> None:
    """`carsi ... >/dev/full`, help and version included: status 1 and one error line, no traceback."""
    result = shell(args, ">/dev/full")
    assert result.returncode == 1
    assert result.stderr.endswith(FULL)
    assert result.stderr.count("Error") == 1 and "Traceback" not in result.stderr


@pytest.mark.parametrize("args", WRITERS, ids=ids)
def test_a_closed_stdout_is_one_line_and_status_1(args: list[str]) -> None:
    """`carsi ... >&-`: status 1 and one error line, not an internal error."""
    result = shell(args, ">&-")
    assert result.returncode == 1
    assert result.stderr.endswith(CLOSED)
    assert result.stderr.count("Error") == 1 and "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [["programs", "list"], ["programs", "list", "--format", "json"]], ids=ids)
def test_output_to_a_full_disk_is_one_line_and_status_1(full_disk: Path, args: list[str]) -> None:
    """`carsi programs list > file` on a disk with no space left: status 1 and one error line."""
    with (full_disk / "out").open("w") as out:
        result = carsi_process(args, stdout=out, stderr=subprocess.PIPE)
    assert (result.returncode, result.stderr) == (1, FULL)


def test_a_closed_stdout_that_is_not_written_is_no_error() -> None:
    """A command that has nothing for stdout (no figure for FY1999) succeeds with stdout closed."""
    result = shell(["funding", "--fy", "1999"], ">&-")
    assert result.returncode == 0
    assert result.stderr.startswith("No funding figure covers FY1999; the figures cover ")
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize("redirect", ["2>/dev/full", "2>&-"], ids=["full", "closed"])
@pytest.mark.parametrize(
    ("args", "status"),
    [
        (["funding", "--fy", "2012"], 0),
        (["search", "martilo"], 0),
        (["verify"], 0),
        (["--version"], 0),
        (["programs", "show", "nope"], 1),
        (["--data", "/nonexistent.yaml", "funding"], 1),
        (["funding", "--fy", "0"], 2),
        (["programs", "list", "extra"], 2),
    ],
    ids=["funding", "search-no-match", "verify", "version", "not-found", "bad-data", "bad-year", "extra-argument"],
)
def test_a_failing_stderr_changes_neither_stdout_nor_the_status(args: list[str], status: int, redirect: str) -> None:
    """With stderr full or closed, stdout and the exit status are what they are with a working stderr."""
    expected = carsi_process(args)
    assert expected.returncode == status
    result = shell(args, redirect)
    assert (result.returncode, result.stdout) == (status, expected.stdout)


@pytest.mark.parametrize("redirect", [">/dev/full 2>/dev/full", ">&- 2>&-", ">/dev/full 2>&-"])
def test_both_streams_failing_is_status_1(redirect: str) -> None:
    """With neither stream usable, carsi still ends with status 1, not a crash."""
    result = shell(["funding", "--fy", "2012"], redirect)
    assert result.returncode == 1


def test_a_non_blocking_stdout_gets_all_of_the_output(model_dir: Path) -> None:
    """A pipe another program made non-blocking is waited on when full: all 200 KB arrive, not 64 KiB."""
    with (model_dir / "factsheet.txt").open("a", encoding="utf-8") as text:
        text.write("A line of the source text that no quote needs.\n" * 4000)
    expected = (model_dir / "factsheet.txt").read_bytes()
    reader, writer = os.pipe()
    os.set_blocking(writer, False)
    process = subprocess.Popen(
        carsi_command(["--data", str(model_dir / "factsheet.yaml"), "source", "--text"]),
        stdout=writer,
        stderr=subprocess.PIPE,
        env=process_env(),
    )
    os.close(writer)
    time.sleep(0.5)  # the pipe fills while no one reads it
    received = b""
    while chunk := os.read(reader, 65536):
        received += chunk
    os.close(reader)
    _, stderr = process.communicate(timeout=60)
    assert (process.returncode, stderr) == (0, b"")
    assert received == expected


# ---------------------------------------------------------------------------
# Ctrl-C


def _carsi_has_started(pid: int) -> bool:
    """Whether carsi's own code runs in the process: it sets SIGPIPE back to its
    default, which Python (and this test's process) ignores, right after it
    takes Ctrl-C over. Before that, Ctrl-C is Python's start-up's to handle."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return True  # gone already
    ignored = next(line.split()[1] for line in status.splitlines() if line.startswith("SigIgn:"))
    return not int(ignored, 16) & (1 << (signal.SIGPIPE - 1))


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the signal dispositions in /proc")
@pytest.mark.parametrize(
    "args",
    [["funding", "--fy", "2012"], ["--help"]],
    ids=ids,
)
def test_ctrl_c_at_any_moment_is_one_line(tmp_path: Path, args: list[str]) -> None:
    """SIGINT at 40 moments of a run, each with an empty cache (so that it is parsed and written):
    one line, "Interrupted", the status of SIGINT (130 in a shell), no traceback, no temporary file."""
    normal = carsi_process(args, env={"CARSI_CACHE_DIR": str(tmp_path / "warm")})
    assert normal.returncode == 0
    interrupted = 0
    for i in range(40):
        cache = tmp_path / f"cache-{i}"
        process = subprocess.Popen(
            carsi_command(args),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=process_env({"CARSI_CACHE_DIR": str(cache)}),
            text=True,
            restore_signals=False,  # SIGPIPE ignored, as in this process: see _carsi_has_started
        )
        while not _carsi_has_started(process.pid):
            time.sleep(0.0002)
        time.sleep(i * 0.003)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
        assert "Traceback" not in stderr and "Error" not in stderr
        assert process.returncode in (0, -signal.SIGINT), stderr
        lines = stderr.splitlines()
        if lines and lines[-1] == "Interrupted":
            interrupted += 1
            lines.pop()
        assert set(lines) <= set(normal.stderr.splitlines())
        assert (sorted(p.name for p in cache.glob(".*")) if cache.exists() else []) == []
    assert interrupted >= 5  # the test reached carsi while it ran, not only after it ended
