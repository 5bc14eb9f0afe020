"""The training plan that carries the learning of reviews: items by theme and the
sessions that delivered them."""

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Date, ForeignKey, Integer, String, Uuid
from sqlmodel import Field

from csp_common.tables import UtcDateTime
from dhr_tracker.tables import DhrTable


class TrainingItem(DhrTable, table=True):
    __tablename__ = "training_item"

    id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    theme: str = Field(sa_column=Column(String(64), nullable=False, index=True))
    area: str | None = Field(default=None, sa_column=Column(String(64), nullable=True, index=True))
    title: str = Field(sa_column=Column(String(300), nullable=False))
    owner_agency: str = Field(sa_column=Column(String(64), nullable=False))
    planned_for: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    recommendation_id: uuid.UUID | None = Field(
        default=None, sa_column=Column(Uuid, ForeignKey("recommendation.id"), nullable=True)
    )
    created_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))


class TrainingSession(DhrTable, table=True):
    __tablename__ = "training_session"

    id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    item_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("training_item.id"), nullable=False, index=True)
    )
    delivered_on: date = Field(sa_column=Column(Date, nullable=False))
    attendees: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    total: int = Field(sa_column=Column(Integer, nullable=False))
    recorded_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))


item_table = TrainingItem.__table__  # type: ignore[attr-defined]
session_table = TrainingSession.__table__  # type: ignore[attr-defined]
