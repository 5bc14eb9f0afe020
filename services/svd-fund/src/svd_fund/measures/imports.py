"""The measures' sources, imported on the service kit's engine (`POST /v1/imports/{kind}`,
scope `fund:manage`): crime aggregates, population, severity weights, comparators.

Each row is idempotent by its key (a crime cell: offence, area, month, knife and the
domestic abuse flag; a population: area and year; a weight: edition and offence; a
comparator: measure, year and geography): a file sent again imports nothing twice, and
a row already there is kept (counted as skipped). A correction is a new edition
(weights) or a new year."""

from csp_common.imports import ImportKind, Imports, import_tables
from csp_common.metadata import service_metadata
from svd_fund.access import MANAGE
from svd_fund.measures.schemas import ComparatorRow, CrimeRow, PopulationRow, WeightRow
from svd_fund.measures.service import (
    store_comparators,
    store_crime,
    store_population,
    store_weights,
)
from svd_fund.tables import SERVICE

TABLES = import_tables(service_metadata(SERVICE))

IMPORTS = Imports(
    tables=TABLES,
    kinds=[
        ImportKind(
            name="crime",
            model=CrimeRow,
            store=store_crime,
            summary="Import police-recorded crime as aggregates",
            description="Counts by offence code, area, month, whether a knife or sharp "
            "instrument was involved and whether the police flagged the offences as domestic "
            "abuse related (`domestic_abuse`, default false). No personal data.",
            analyze=("crime_count",),
        ),
        ImportKind(
            name="population",
            model=PopulationRow,
            store=store_population,
            summary="Import mid-year population estimates by area",
        ),
        ImportKind(
            name="severity-weights",
            model=WeightRow,
            store=store_weights,
            summary="Import an edition of the Crime Severity Score's weights",
        ),
        ImportKind(
            name="comparators",
            model=ComparatorRow,
            store=store_comparators,
            summary="Import national comparators of the measures, with their source",
        ),
    ],
    scope=MANAGE,
    max_bytes=lambda settings: settings.max_import_bytes,
    chunk_rows=lambda settings: settings.import_chunk_rows,
)
