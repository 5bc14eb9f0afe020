"""The meeting table: MARAC (fortnightly or monthly) and MATAC (4-weekly) meetings."""

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlmodel import Field as SQLField

from csp_common.tables import UtcDateTime
from marac.tables import MaracTable


class Meeting(MaracTable, table=True):
    __tablename__ = "meeting"
    __table_args__ = (
        UniqueConstraint("kind", "marac_area", "held_on", name="uq_meeting_area_date"),
        Index("ix_meeting_area_date", "marac_area", "held_on"),
    )

    id: str = SQLField(sa_column=Column(String(36), primary_key=True))
    kind: str = SQLField(sa_column=Column(String(16), nullable=False))
    marac_area: str = SQLField(sa_column=Column(String(64), nullable=False))
    held_on: date = SQLField(sa_column=Column(Date, nullable=False))
    status: str = SQLField(sa_column=Column(String(16), nullable=False))
    capacity: int = SQLField(sa_column=Column(Integer, nullable=False))
    venue: str | None = SQLField(default=None, sa_column=Column(String(200)))
    chair_agency: str | None = SQLField(default=None, sa_column=Column(String(64)))
    confidentiality_statement_read: bool | None = SQLField(default=None, sa_column=Column(Boolean))
    notes: str | None = SQLField(default=None, sa_column=Column(Text))
    recorded_at: datetime | None = SQLField(default=None, sa_column=Column(UtcDateTime()))
    source_reference: str | None = SQLField(
        default=None, sa_column=Column(String(100), unique=True)
    )
    created_at: datetime = SQLField(sa_column=Column(UtcDateTime(), nullable=False))


meeting_table = Meeting.__table__  # type: ignore[attr-defined]
