"""What the needs assessment's measures are computed from: police-recorded crime as
aggregates (no person in them), population by area and year, the Crime Severity Score's
weights by edition, and national comparators with their source. The measures themselves
are never stored."""

import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Integer,
    Numeric,
    String,
    UniqueConstraint,
    Uuid,
    false,
)
from sqlmodel import Field

from svd_fund.tables import SvdTable


class CrimeCount(SvdTable, table=True):
    __tablename__ = "crime_count"
    __table_args__ = (
        UniqueConstraint(
            "offence_code", "area", "month", "knife", "domestic_abuse", name="uq_crime_count_cell"
        ),
    )

    id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    offence_code: str = Field(sa_column=Column(String(8), nullable=False))
    area: str = Field(sa_column=Column(String(64), nullable=False))
    month: date = Field(sa_column=Column(Date, nullable=False, index=True))
    knife: bool = Field(sa_column=Column(Boolean, nullable=False))
    domestic_abuse: bool = Field(
        sa_column=Column(Boolean, nullable=False, server_default=false()), default=False
    )
    count: int = Field(sa_column=Column(Integer, nullable=False))


class Population(SvdTable, table=True):
    """A mid-year population estimate (mid-2022 stands for the financial year 2022-23)."""

    __tablename__ = "population"
    __table_args__ = (UniqueConstraint("area", "year", name="uq_population_area_year"),)

    id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    area: str = Field(sa_column=Column(String(64), nullable=False))
    year: int = Field(sa_column=Column(Integer, nullable=False))
    population: int = Field(sa_column=Column(Integer, nullable=False))


class SeverityWeight(SvdTable, table=True):
    __tablename__ = "severity_weight"
    __table_args__ = (
        UniqueConstraint("edition", "offence_code", name="uq_severity_weight_edition_offence"),
    )

    id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    edition: str = Field(sa_column=Column(String(64), nullable=False, index=True))
    source: str = Field(sa_column=Column(String(300), nullable=False))
    offence_code: str = Field(sa_column=Column(String(8), nullable=False))
    weight: Decimal = Field(sa_column=Column(Numeric(12, 4), nullable=False))


class Comparator(SvdTable, table=True):
    __tablename__ = "comparator"
    __table_args__ = (
        UniqueConstraint("measure", "year", "geography", name="uq_comparator_measure"),
    )

    id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    measure: str = Field(sa_column=Column(String(40), nullable=False))
    year: str = Field(sa_column=Column(String(7), nullable=False))
    geography: str = Field(sa_column=Column(String(64), nullable=False))
    value: Decimal = Field(sa_column=Column(Numeric(12, 2), nullable=False))
    source: str = Field(sa_column=Column(String(300), nullable=False))


crime_table = CrimeCount.__table__  # type: ignore[attr-defined]
population_table = Population.__table__  # type: ignore[attr-defined]
weight_table = SeverityWeight.__table__  # type: ignore[attr-defined]
comparator_table = Comparator.__table__  # type: ignore[attr-defined]
