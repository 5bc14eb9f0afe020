"""The rebuild job resource."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from reporting.rebuild.service import describe_shortfall


class RebuildIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"example": {"force": False}})

    force: StrictBool = Field(
        default=False,
        description=(
            "Swap the rebuilt models in even if the log turns out to hold fewer events of "
            "a source than the live read models applied (their figures would drop). "
            "Without it such a rebuild is refused and the live models keep serving."
        ),
    )


class SourceShortfall(BaseModel):
    read: int = Field(description="Distinct events of the source the rebuild read")
    applied: int = Field(description="Events of the source the live read models had applied")


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
                "forced": False,
                "reason": None,
                "shortfall": None,
            }
        }
    )

    id: str
    status: str = Field(
        description=(
            "running, completed, failed, or refused (the log held fewer events than the "
            "live read models applied: `reason` says which, and nothing was swapped)"
        )
    )
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
    error_code: str | None = Field(
        description="The kind of error a failed rebuild met; log_incomplete if refused"
    )
    forced: bool = Field(description="Asked to swap even from a short log")
    reason: str | None = Field(description="Why a rebuild was refused, or swapped by force")
    shortfall: dict[str, SourceShortfall] | None = Field(
        description="Per event source, what was read against what the live models applied, "
        "where fewer were read"
    )

    @classmethod
    def of(cls, job: dict) -> "RebuildJobOut":
        total, read = job["events_total"], job["events_read"]
        started, updated = job["started_at"], job["finished_at"] or job["updated_at"]
        seconds = (updated - started).total_seconds() if started and updated else 0
        shortfall = job.get("shortfall")
        return cls(
            **{k: job[k] for k in cls.model_fields if k in job and k != "reason"},
            reason=describe_shortfall(shortfall, forced=job["forced"]) if shortfall else None,
            progress_pct=round(100.0 * read / total, 1) if total else None,
            events_per_second=round(read / seconds, 1) if seconds > 0 else None,
        )
