"""An applicant organisation, registered once per account (the token's `agency`)."""

import uuid
from datetime import datetime

from sqlalchemy import Column, String, Uuid
from sqlmodel import Field

from csp_common.tables import UtcDateTime
from svd_fund.tables import SvdTable


class Organisation(SvdTable, table=True):
    __tablename__ = "organisation"

    id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    account: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    org_id: str = Field(sa_column=Column(String(60), nullable=False, unique=True))
    name: str = Field(sa_column=Column(String(200), nullable=False))
    kind: str = Field(sa_column=Column(String(32), nullable=False))
    created_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))


organisation_table = Organisation.__table__  # type: ignore[attr-defined]
