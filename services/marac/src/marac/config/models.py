"""The tables of what an administrator changes: per-area configuration and the policy."""

from datetime import datetime

from sqlalchemy import JSON, Column, Integer, String
from sqlmodel import Field as SQLField

from csp_common.tables import UtcDateTime
from marac.tables import MaracTable


class AreaConfigRow(MaracTable, table=True):
    __tablename__ = "area_config"

    marac_area: str = SQLField(sa_column=Column(String(64), primary_key=True))
    document: dict = SQLField(sa_column=Column(JSON, nullable=False))
    updated_at: datetime = SQLField(sa_column=Column(UtcDateTime(), nullable=False))
    updated_by: str = SQLField(sa_column=Column(String(200), nullable=False))


class PolicyRow(MaracTable, table=True):
    __tablename__ = "policy"

    id: int = SQLField(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    document: dict = SQLField(sa_column=Column(JSON, nullable=False))
    updated_at: datetime = SQLField(sa_column=Column(UtcDateTime(), nullable=False))
    updated_by: str = SQLField(sa_column=Column(String(200), nullable=False))
