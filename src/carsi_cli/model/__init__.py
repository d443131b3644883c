"""The model: frozen records and str Enums, the registry of collections, and the pure vocabulary
of money, fiscal years and text they are read with. No I/O."""

from carsi_cli.model.records import (
    COLLECTION as COLLECTION,
)
from carsi_cli.model.records import (
    COLLECTIONS as COLLECTIONS,
)
from carsi_cli.model.records import (
    FY_RANGE as FY_RANGE,
)
from carsi_cli.model.records import (
    NO_INFERENCE as NO_INFERENCE,
)
from carsi_cli.model.records import (
    NO_TRANSLATIONS as NO_TRANSLATIONS,
)
from carsi_cli.model.records import (
    RECORD_TYPE as RECORD_TYPE,
)
from carsi_cli.model.records import (
    Agency as Agency,
)
from carsi_cli.model.records import (
    AgencyKind as AgencyKind,
)
from carsi_cli.model.records import (
    Basis as Basis,
)
from carsi_cli.model.records import (
    Collection as Collection,
)
from carsi_cli.model.records import (
    Country as Country,
)
from carsi_cli.model.records import (
    Event as Event,
)
from carsi_cli.model.records import (
    FactSheet as FactSheet,
)
from carsi_cli.model.records import (
    Funding as Funding,
)
from carsi_cli.model.records import (
    FundingKind as FundingKind,
)
from carsi_cli.model.records import (
    Inferred as Inferred,
)
from carsi_cli.model.records import (
    Organization as Organization,
)
from carsi_cli.model.records import (
    OrganizationKind as OrganizationKind,
)
from carsi_cli.model.records import (
    Part as Part,
)
from carsi_cli.model.records import (
    Program as Program,
)
from carsi_cli.model.records import (
    ProgramKind as ProgramKind,
)
from carsi_cli.model.records import (
    Qualifier as Qualifier,
)
from carsi_cli.model.records import (
    Record as Record,
)
from carsi_cli.model.records import (
    RecordType as RecordType,
)
from carsi_cli.model.records import (
    Role as Role,
)
from carsi_cli.model.records import (
    Source as Source,
)
from carsi_cli.model.records import (
    Stated as Stated,
)
from carsi_cli.model.records import (
    Statistic as Statistic,
)
from carsi_cli.model.records import (
    Translations as Translations,
)
from carsi_cli.model.records import (
    Unit as Unit,
)
from carsi_cli.model.records import (
    names as names,
)
from carsi_cli.model.records import (
    quotes as quotes,
)
from carsi_cli.model.records import (
    record_name as record_name,
)
