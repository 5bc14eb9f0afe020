"""Cases handed over between partnerships: what was sent, what was received."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Date, String
from sqlmodel import Field as SQLField

from csp_common.tables import UtcDateTime
from marac.tables import MaracTable


class CaseExport(MaracTable, table=True):
    """A package sent to another partnership's MARAC (kept as sent: a disclosure), and
    the receipt that partnership sent back."""

    __tablename__ = "case_export"

    id: str = SQLField(sa_column=Column(String(36), primary_key=True))
    case_id: str = SQLField(sa_column=Column(String(36), nullable=False, index=True))
    marac_area: str = SQLField(sa_column=Column(String(64), nullable=False))
    to_partnership: str = SQLField(sa_column=Column(String(64), nullable=False))
    exported_on: date = SQLField(sa_column=Column(Date, nullable=False))
    exported_by: str = SQLField(sa_column=Column(String(64), nullable=False))
    package: dict[str, Any] = SQLField(sa_column=Column(JSON, nullable=False))
    received_on: date | None = SQLField(default=None, sa_column=Column(Date))
    receiving_reference: str | None = SQLField(default=None, sa_column=Column(String(100)))
    receipt_recorded_at: datetime | None = SQLField(
        default=None, sa_column=Column(UtcDateTime(), nullable=True)
    )
    created_at: datetime = SQLField(sa_column=Column(UtcDateTime(), nullable=False))


class CaseImport(MaracTable, table=True):
    """A package received from another partnership: the case it became, and the history
    that came with it (its actions and research), for the receiving coordinator."""

    __tablename__ = "case_import"

    package_id: str = SQLField(sa_column=Column(String(36), primary_key=True))
    case_id: str = SQLField(sa_column=Column(String(36), nullable=False, unique=True))
    from_partnership: str = SQLField(sa_column=Column(String(64), nullable=False))
    package: dict[str, Any] = SQLField(sa_column=Column(JSON, nullable=False))
    imported_by: str = SQLField(sa_column=Column(String(64), nullable=False))
    created_at: datetime = SQLField(sa_column=Column(UtcDateTime(), nullable=False))


export_table = CaseExport.__table__  # type: ignore[attr-defined]
import_table = CaseImport.__table__  # type: ignore[attr-defined]
