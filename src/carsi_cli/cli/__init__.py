"""The command line: Typer wiring only (options -> load -> query -> render).

``app`` holds the root and its one error boundary; each other module adds
commands to it, and importing this package imports them all.
"""

from . import annotate, document, figures, find, records
from .app import app, main

__all__ = ["app", "main"]
_COMMANDS = (annotate, document, figures, find, records)  # imported for the commands they add
