"""carsi: exact, cited answers about the White House fact sheet "The Central
American Citizen Security Partnership" (March 6, 2012).

The Python API, for notebooks and scripts: ``load`` returns the validated
model, and each query below takes it and returns what the command's
``--format json`` prints, as plain Python values (dicts, lists, str, int,
None), funding figures with their ``notes``::

    >>> import carsi_cli
    >>> model = carsi_cli.load()
    >>> [f["id"] for f in carsi_cli.funding(model, fy=2012)]
    ['carsi-fy2012', 'drug-programs-fy2012']
    >>> carsi_cli.search(model, "martillo")[0]["id"]
    'operation-martillo'

A name that matches nothing, or more than one record, raises
``carsi_cli.errors.NotFoundError``; a data file that does not load raises
another ``carsi_cli.errors.CarsiError``. ``dataframe`` gives the same records
as a pandas DataFrame (pandas is not a dependency of carsi).

Importing this package imports nothing else: the command line starts through
it on every run and every TAB of completion, so the API (``carsi_cli.api``) is
imported when first used.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time every command pays
if TYPE_CHECKING:
    from carsi_cli.api import (
        agencies,
        agency,
        countries,
        country,
        dataframe,
        funding,
        load,
        organization,
        organizations,
        program,
        programs,
        search,
        stats,
        timeline,
    )

    __version__: str

__all__ = [
    "agencies",
    "agency",
    "countries",
    "country",
    "dataframe",
    "funding",
    "load",
    "organization",
    "organizations",
    "program",
    "programs",
    "search",
    "stats",
    "timeline",
]


def __getattr__(name: str) -> object:
    """The API's functions and ``__version__``, imported on first use: the
    command line imports this package on every run and every TAB."""
    if name in __all__:
        from carsi_cli import api

        value = getattr(api, name)
        if name != "load":  # see _Package
            globals()[name] = value
        return value
    if name == "__version__":
        # importlib.metadata costs start-up time that most commands do not need.
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("carsi")
        except PackageNotFoundError:
            return "0+unknown"
    raise AttributeError(name)


def _package() -> None:
    """Make ``carsi_cli.load`` the API's function for good. Once a sub-package
    is imported, the import system binds it to its parent's attribute of that
    name; the sub-package ``carsi_cli.load`` (reading and checking data files)
    would replace the function. Inside carsi, ``from carsi_cli.load import ...``
    reaches the sub-package as before; ``from carsi_cli import load`` is the function."""
    import sys

    class _Package(type(sys)):  # type: ignore[misc]  # ModuleType, without importing types
        @property
        def load(self) -> object:
            return __getattr__("load")

        @load.setter
        def load(self, value: object) -> None:
            """The sub-package, bound by the import system: it stays in sys.modules only."""

    sys.modules[__name__].__class__ = _Package


_package()
