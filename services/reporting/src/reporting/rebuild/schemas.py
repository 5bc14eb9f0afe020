"""The rebuild job resource."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class RebuildJobOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "id": "4b1f0a0e-0c55-4f7b-9d59-0d8f1c5b9a11",
                "status": "running",
                "slot": "b",
                "generation": 3,
                "started_at": "2024-03-01T10:00:00Z",
                "updated_at": "2024-03-01T10:00:08Z",
                "finished_at": None,
                "events_total": 512000,
                "events_read": 204800,
                "events_skipped": 1200,
                "facts_written": 215000,
                "progress_pct": 40.0,
                "events_per_second": 25600.0,
                "error_code": None,
            }
        }
    )

    id: str
    status: str = Field(description="running, completed or failed")
    slot: str = Field(description="The slot being filled (it serves once completed)")
    generation: int
    started_at: datetime
    updated_at: datetime
    finished_at: datetime | None
    events_total: int = Field(description="Events on the topics when the rebuild began")
    events_read: int
    events_skipped: int = Field(description="Events of types reporting builds nothing from")
    facts_written: int
    progress_pct: float | None
    events_per_second: float | None
    error_code: str | None = Field(description="The kind of error a failed rebuild met")

    @classmethod
    def of(cls, job: dict) -> "RebuildJobOut":
        total, read = job["events_total"], job["events_read"]
        started, updated = job["started_at"], job["finished_at"] or job["updated_at"]
        seconds = (updated - started).total_seconds() if started and updated else 0
        return cls(
            **{k: job[k] for k in cls.model_fields if k in job},
            progress_pct=round(100.0 * read / total, 1) if total else None,
            events_per_second=round(read / seconds, 1) if seconds > 0 else None,
        )
