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

from typing import TYPE_CHECKING

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
