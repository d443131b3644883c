"""One exception family. Core code raises these with a finished message; only
``cli.py`` turns them into one line on stderr and exit status 1."""

from __future__ import annotations


class CarsiError(Exception):
    """Anything carsi reports to the user instead of a traceback."""


class DataFileError(CarsiError):
    """The data file (or its source text) cannot be read or parsed."""


class ValidationError(CarsiError):
    """The data file parses but does not fit the schema."""


class ModelCheckError(ValidationError):
    """The data file is valid but fails the checks of its records against their
    quotes; ``details`` lists the problems, one line each, after the message."""

    def __init__(self, message: str, details: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.details = details


class NotFoundError(CarsiError):
    """An id or name given on the command line matches no record."""


class AmbiguousError(NotFoundError):
    """A name given on the command line matches several records."""
