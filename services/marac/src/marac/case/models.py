"""MARAC cases: one per referral of a victim to MARAC."""

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Column, Date, Index, Integer, String
from sqlmodel import Field as SQLField

from csp_common.tables import UtcDateTime
from marac.tables import MaracTable


class MaracCase(MaracTable, table=True):
    """Person ids are referral-hub's; marac keeps no name, date of birth or address."""

    __tablename__ = "marac_case"
    __table_args__ = (
        Index("ix_case_area_status", "marac_area", "status"),
        Index("ix_case_pair", "victim_id", "perpetrator_id", "referred_on"),
        Index("ix_case_meeting", "meeting_id"),
    )

    id: str = SQLField(sa_column=Column(String(36), primary_key=True))
    referral_id: str | None = SQLField(default=None, sa_column=Column(String(36), unique=True))
    source_reference: str | None = SQLField(
        default=None, sa_column=Column(String(100), unique=True)
    )
    source: str = SQLField(sa_column=Column(String(16), nullable=False))
    victim_id: str = SQLField(sa_column=Column(String(36), nullable=False))
    perpetrator_id: str | None = SQLField(default=None, sa_column=Column(String(36), index=True))
    area: str | None = SQLField(default=None, sa_column=Column(String(64)))
    marac_area: str = SQLField(sa_column=Column(String(64), nullable=False))
    status: str = SQLField(sa_column=Column(String(20), nullable=False))
    repeat: bool = SQLField(sa_column=Column(Boolean, nullable=False))
    urgent: bool = SQLField(sa_column=Column(Boolean, nullable=False))
    referring_agency: str = SQLField(sa_column=Column(String(64), nullable=False))
    referrer_kind: str = SQLField(sa_column=Column(String(16), nullable=False))
    criteria: list = SQLField(sa_column=Column(JSON, nullable=False))
    score: int | None = SQLField(default=None, sa_column=Column(Integer))
    children_in_household: int = SQLField(sa_column=Column(Integer, nullable=False))
    victim_age_band: str = SQLField(sa_column=Column(String(16), nullable=False))
    victim_gender: str = SQLField(sa_column=Column(String(16), nullable=False))
    victim_ethnicity: str = SQLField(sa_column=Column(String(16), nullable=False))
    victim_disability: bool | None = SQLField(default=None, sa_column=Column(Boolean))
    victim_lgbt: bool | None = SQLField(default=None, sa_column=Column(Boolean))
    perpetrator_age_band: str | None = SQLField(default=None, sa_column=Column(String(16)))
    perpetrator_gender: str | None = SQLField(default=None, sa_column=Column(String(16)))
    referred_on: date = SQLField(sa_column=Column(Date, nullable=False))
    # referral-hub's codes, kept current from its events; None for a direct or imported
    # case, or one referred before consent travelled with the referral.
    consent_status: str | None = SQLField(default=None, sa_column=Column(String(20)))
    lawful_basis: str | None = SQLField(default=None, sa_column=Column(String(30)))
    meeting_id: str | None = SQLField(default=None, sa_column=Column(String(36)))
    heard_on: date | None = SQLField(default=None, sa_column=Column(Date))
    closed_on: date | None = SQLField(default=None, sa_column=Column(Date))
    created_at: datetime = SQLField(sa_column=Column(UtcDateTime(), nullable=False))
    updated_at: datetime = SQLField(sa_column=Column(UtcDateTime(), nullable=False))


case_table = MaracCase.__table__  # type: ignore[attr-defined]
