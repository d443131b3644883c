"""carsi: exact, cited answers about the White House fact sheet "The Central
American Citizen Security Partnership" (March 6, 2012)."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # Looked up lazily: importlib.metadata costs start-up time that most
    # commands do not need.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("carsi")
        except PackageNotFoundError:
            return "0+unknown"
    raise AttributeError(name)
