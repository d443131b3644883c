"""The command line: Typer wiring only (options -> load -> query -> render).

``root`` holds the root command (``app``) and its one error boundary; each
other module adds commands to it. ``streams`` owns the standard streams, ``process`` Ctrl-C,
the other signals and the exit status. Importing this package is cheap: ``main`` takes over Ctrl-C and the
streams before Typer and the commands are imported, so that Ctrl-C is one
line even during those imports.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import typer

    from carsi_cli.cli.root import app as app

__all__ = ["app", "main"]


def main() -> None:
    """The `carsi` console script."""
    import gc

    # carsi runs briefly and builds large trees of tuples that hold no cycles:
    # the cyclic garbage collector would only walk them again and again
    # (measured with hyperfine, a repeated `funding --fy 2010` on a cached
    # 10,000-program model: 429 ms without it, 479 ms with it).
    gc.disable()
    from carsi_cli.cli.process import run

    run(lambda: _app()(prog_name="carsi"))


def _app() -> typer.Typer:
    """The root Typer app, with every command added."""
    from carsi_cli.cli import annotated, document, exports, figures, find, records  # noqa: F401  (they add the commands)
    from carsi_cli.cli.root import app

    return app


def __getattr__(name: str) -> typer.Typer:
    """``app``, imported on first use."""
    if name == "app":
        return _app()
    raise AttributeError(name)
