"""A data file's source text lies in the data file's folder: a data file cannot
bring any other of the user's files onto stdout or into a web page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import DATA_DIR, Invoke

SOURCE_TEXT = (DATA_DIR / "factsheet.txt").read_text(encoding="utf-8")
MARKER = "PRIVATE-KEY-c4f1e9"
# Every command that reads the source text: those that print it or put it in a page, and those that check against it.
COMMANDS = [
    pytest.param(["source", "--text"], id="source-text"),
    pytest.param(["export", "html", "{page}"], id="export-html"),
    pytest.param(["export", "html", "-"], id="export-html-stdout"),
    pytest.param(["source", "--annotate"], id="source-annotate"),
    pytest.param(["verify"], id="verify"),
    pytest.param(["programs", "list"], id="programs-list"),
]


def model(folder: Path, text_file: str) -> Path:
    """The bundled model in ``folder``, its source.text_file changed to ``text_file``."""
    folder.mkdir(parents=True, exist_ok=True)
    bundled = (DATA_DIR / "factsheet.yaml").read_text(encoding="utf-8")
    assert "  text_file: factsheet.txt\n" in bundled
    path = folder / "factsheet.yaml"
    path.write_text(bundled.replace("  text_file: factsheet.txt\n", f"  text_file: '{text_file}'\n"), encoding="utf-8")
    return path


def secret(where: Path) -> Path:
    """A private file that holds every quote of the model (so that, read, it would pass every check) and a marker."""
    where.parent.mkdir(parents=True, exist_ok=True)
    where.write_text(SOURCE_TEXT + f"\n{MARKER}\n", encoding="utf-8")
    return where


def _absolute(tmp_path: Path) -> str:
    return str(secret(tmp_path / "home" / ".ssh" / "id_rsa"))


def _parent(tmp_path: Path) -> str:
    secret(tmp_path / "id_rsa")
    return "../id_rsa"


def _through_a_subfolder(tmp_path: Path) -> str:
    secret(tmp_path / "id_rsa")
    (tmp_path / "model" / "sub").mkdir(parents=True)
    return "sub/../../id_rsa"


def _dot_segments(tmp_path: Path) -> str:
    secret(tmp_path / "id_rsa")
    return "./.././id_rsa"


def _linked_file(tmp_path: Path) -> str:
    (tmp_path / "model").mkdir()
    (tmp_path / "model" / "factsheet.txt").symlink_to(secret(tmp_path / "home" / "id_rsa"))
    return "factsheet.txt"


def _linked_folder(tmp_path: Path) -> str:
    secret(tmp_path / "home" / "factsheet.txt")
    (tmp_path / "model").mkdir()
    (tmp_path / "model" / "texts").symlink_to(tmp_path / "home", target_is_directory=True)
    return "texts/factsheet.txt"


def _link_to_a_link(tmp_path: Path) -> str:
    """A link inside the folder to a link inside the folder that leads out."""
    (tmp_path / "model").mkdir()
    (tmp_path / "model" / "second.txt").symlink_to(secret(tmp_path / "id_rsa"))
    (tmp_path / "model" / "first.txt").symlink_to("second.txt")
    return "first.txt"


OUTSIDE: list[object] = [
    pytest.param(_absolute, id="absolute"),
    pytest.param(_parent, id="parent"),
    pytest.param(_through_a_subfolder, id="sub-parent-parent"),
    pytest.param(_dot_segments, id="dot-segments"),
    pytest.param(_linked_file, id="symlinked-file"),
    pytest.param(_linked_folder, id="symlinked-folder"),
    pytest.param(_link_to_a_link, id="link-to-a-link"),
]


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("outside", OUTSIDE)
def test_a_source_text_outside_the_data_files_folder_is_refused(
    invoke: Invoke, tmp_path: Path, outside: Callable[[Path], str], command: list[str]
) -> None:
    """A text_file that leads out of the data file's folder is a validation error, and the file is never shown."""
    path = model(tmp_path / "model", outside(tmp_path))
    page = tmp_path / "page.html"
    result = invoke("--data", str(path), *(str(page) if arg == "{page}" else arg for arg in command))
    assert result.exit_code == 1, result.stdout[-500:]
    assert MARKER not in result.stdout
    assert not page.exists()
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(f"Error: {path}"), result.stderr
    assert "text_file" in result.stderr
    assert "data file's folder" in result.stderr


@pytest.mark.parametrize(
    ("text_file", "reason"),
    [
        pytest.param("/etc/passwd", "not an absolute path", id="absolute"),
        pytest.param("../factsheet.txt", "no '..'", id="parent"),
        pytest.param("texts/../../factsheet.txt", "no '..'", id="sub-parent-parent"),
        pytest.param("..", "no '..'", id="parent-alone"),
        pytest.param("..\\\\factsheet.txt", "forward slashes", id="backslash"),
        pytest.param("texts\\\\factsheet.txt", "forward slashes", id="backslash-inside"),
        pytest.param("C:/Users/me/.ssh/id_rsa", "drive", id="drive"),
        pytest.param("C:factsheet.txt", "drive", id="drive-relative"),
        pytest.param("//server/share/factsheet.txt", "not an absolute path", id="unc-share"),
        pytest.param("factsheet.txt\\x00.yaml", "control character", id="nul"),
    ],
)
def test_a_text_file_that_could_lead_out_is_refused_as_written(
    invoke: Invoke, tmp_path: Path, text_file: str, reason: str
) -> None:
    """Where text_file is written to lead out of the folder on some system, the data file does not validate."""
    path = model(tmp_path / "model", "{}")
    path.write_text(path.read_text(encoding="utf-8").replace("'{}'", f'"{text_file}"'), encoding="utf-8")
    (tmp_path / "factsheet.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    result = invoke("--data", str(path), "programs", "list")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(f"Error: {path}:"), result.stderr
    assert "source: text_file must be a path inside the data file's folder" in result.stderr
    assert reason in result.stderr


def _subfolder(folder: Path) -> str:
    (folder / "texts").mkdir()
    (folder / "texts" / "factsheet.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    return "texts/factsheet.txt"


def _link_inside(folder: Path) -> str:
    _subfolder(folder)
    (folder / "factsheet.txt").symlink_to(Path("texts") / "factsheet.txt")
    return "factsheet.txt"


def _dot(folder: Path) -> str:
    (folder / "factsheet.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    return "./factsheet.txt"


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(
    "inside",
    [
        pytest.param(_subfolder, id="subfolder"),
        pytest.param(_link_inside, id="link-within-the-folder"),
        pytest.param(_dot, id="dot"),
    ],
)
def test_a_source_text_in_the_data_files_folder_is_read(
    invoke: Invoke, tmp_path: Path, inside: Callable[[Path], str], command: list[str]
) -> None:
    """A text_file in a subfolder, or a link to a file in the folder, is read as before."""
    folder = tmp_path / "model"
    folder.mkdir()
    path = model(folder, inside(folder))
    page = tmp_path / "page.html"
    result = invoke("--data", str(path), *(str(page) if arg == "{page}" else arg for arg in command))
    assert result.exit_code == 0, result.stderr
    if command == ["source", "--text"]:
        assert result.stdout == SOURCE_TEXT


def test_a_data_folder_reached_through_a_link_keeps_its_source_text(invoke: Invoke, tmp_path: Path) -> None:
    """The data file's folder is itself followed (as the bundled model's folder is a link): its text is inside it."""
    folder = tmp_path / "real"
    folder.mkdir()
    (folder / "factsheet.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    model(folder, "factsheet.txt")
    (tmp_path / "alias").symlink_to(folder, target_is_directory=True)
    result = invoke("--data", str(tmp_path / "alias" / "factsheet.yaml"), "source", "--text")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == SOURCE_TEXT
    bundled = invoke("source", "--text")
    assert bundled.exit_code == 0, bundled.stderr
    assert bundled.stdout == SOURCE_TEXT
