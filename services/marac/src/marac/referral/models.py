"""What marac knows of referral-hub's referrals: ids and agency codes, from its events.

marac hears of every referral (`referral.received`) and of every agency it is sent to
(`referral.routed`), so it can tell whether an agency may see a referral, as
referral-hub would, without asking it: a direct MARAC case may name only a referral
its agency made or was sent. No name, date or free text is kept.
"""

from sqlalchemy import Column, Index, String
from sqlmodel import Field as SQLField

from marac.tables import MaracTable


class Referral(MaracTable, table=True):
    __tablename__ = "referral"
    __table_args__ = (
        Index("ix_referral_victim", "victim_id"),
        Index("ix_referral_perpetrator", "perpetrator_id"),
    )

    id: str = SQLField(sa_column=Column(String(36), primary_key=True))
    referring_agency: str = SQLField(sa_column=Column(String(64), nullable=False))
    victim_id: str = SQLField(sa_column=Column(String(36), nullable=False))
    perpetrator_id: str | None = SQLField(default=None, sa_column=Column(String(36)))


class ReferralRoute(MaracTable, table=True):
    """An agency (provider) a referral was sent to."""

    __tablename__ = "referral_route"

    referral_id: str = SQLField(sa_column=Column(String(36), primary_key=True))
    provider: str = SQLField(sa_column=Column(String(64), primary_key=True))


referral_table = Referral.__table__  # type: ignore[attr-defined]
route_table = ReferralRoute.__table__  # type: ignore[attr-defined]
