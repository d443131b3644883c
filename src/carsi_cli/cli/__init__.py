"""The command line: Typer wiring only (options -> load -> query -> render).

``app`` holds the root and its one error boundary; each other module adds
commands to it, and importing this package imports them all.
"""

from . import document, figures, find, onward, records
from .app import app, main

__all__ = ["app", "main"]
_COMMANDS = (document, figures, find, onward, records)  # imported for the commands they add
