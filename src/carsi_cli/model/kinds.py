"""The vocabularies of the model: the kinds of programs, agencies,
organizations, money and units, how the text qualifies a figure, and how a
country is tied to a program. ``records`` builds the records from them (and
names them too, so that ``from carsi_cli.model.records import Part`` works)."""

from __future__ import annotations

from enum import StrEnum


class ProgramKind(StrEnum):
    """What sort of thing a program record is."""

    PARTNERSHIP = "partnership"
    INITIATIVE = "initiative"
    OPERATION = "operation"
    COALITION = "coalition"
    STRATEGY = "strategy"
    PROGRAM = "program"
    ACTIVITY = "activity"


class AgencyKind(StrEnum):
    """What sort of body an agency record is."""

    DEPARTMENT = "department"
    AGENCY = "agency"
    MILITARY_COMMAND = "military-command"
    TASK_FORCE = "task-force"
    DIPLOMATIC_POST = "diplomatic-post"


class OrganizationKind(StrEnum):
    """What sort of body an organization record is (not a U.S. agency)."""

    REGIONAL_BODY = "regional-body"
    INTERNATIONAL_BODY = "international-body"


class Qualifier(StrEnum):
    """How the text qualifies a figure ("more than $650 million")."""

    EXACT = "exact"
    MORE_THAN = "more_than"
    AT_LEAST = "at_least"
    APPROXIMATELY = "approximately"
    UP_TO = "up_to"
    LESS_THAN = "less_than"


class Basis(StrEnum):
    """Whether an amount is a rate per fiscal year or a total over its span."""

    PER_YEAR = "per_year"
    TOTAL = "total"


class FundingKind(StrEnum):
    """The verb the text uses for the money."""

    ALLOCATED = "allocated"
    APPROPRIATED = "appropriated"
    COMMITTED = "committed"
    DEDICATED = "dedicated"
    OBLIGATED = "obligated"
    PLEDGED = "pledged"
    REQUESTED = "requested"
    SPENT = "spent"


class Unit(StrEnum):
    """The unit of a statistic's value."""

    COUNT = "count"
    PERCENT = "percent"


class Part(StrEnum):
    """How a country is tied to a program: where its work happens, or who takes
    part in it or leads it (which says nothing of where the work happens)."""

    LOCATION = "location"
    PARTICIPANT = "participant"
    LEADER = "leader"
