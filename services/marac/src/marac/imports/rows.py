"""The row of each import kind, and reading rows from CSV or NDJSON."""

import csv
import uuid
from collections.abc import Iterator
from typing import Any, BinaryIO, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import from_json

from csp_common.contracts.referrals import MaracCriterion
from csp_common.fields import Reference, StrictInt
from marac.case.models import AgeBand, CaseStatus, Ethnicity, Gender
from marac.common import AgencyCode, AreaCode, DashScore, InputDate, MeetingCapacity, Venue
from marac.meeting.models import AttendanceStatus, MeetingKind


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    source_reference: Reference = Field(description="Your system's id: re-importing it is a no-op")


class MeetingRow(_Row):
    area: AreaCode = Field(description="MARAC area code")
    held_on: InputDate
    kind: MeetingKind = "marac"
    status: Literal["held", "scheduled", "cancelled"] | None = Field(
        default=None, description="Defaults to held for a past date, scheduled otherwise"
    )
    venue: Venue = None
    chair_agency: AgencyCode | None = None
    confidentiality_statement_read: bool | None = None
    capacity: MeetingCapacity | None = Field(default=None)
    attendance: dict[AgencyCode, AttendanceStatus] = Field(
        default_factory=dict, max_length=100, description='CSV: "agency=status;agency=status"'
    )

    @field_validator("attendance", mode="before")
    @classmethod
    def _pairs(cls, value: Any) -> Any:
        if isinstance(value, str):
            pairs = [p.split("=", 1) for p in value.split(";") if p.strip()]
            if any(len(p) != 2 for p in pairs):
                raise ValueError('write attendance as "agency=status;agency=status"')
            return {k.strip(): v.strip() for k, v in pairs}
        return value


class CaseRow(_Row):
    area: AreaCode = Field(description="Community safety hub area or MARAC area code")
    referral_id: uuid.UUID | None = None
    victim_id: uuid.UUID
    perpetrator_id: uuid.UUID | None = None
    referred_on: InputDate
    referring_agency: AgencyCode
    criteria: list[MaracCriterion] = Field(min_length=1, max_length=4, description='CSV: "a;b"')
    score: DashScore | None = Field(default=None)
    children_in_household: StrictInt = Field(ge=0, le=30)
    victim_age_band: AgeBand
    victim_gender: Gender
    victim_ethnicity: Ethnicity
    victim_disability: bool | None = None
    victim_lgbt: bool | None = None
    perpetrator_age_band: AgeBand | None = None
    perpetrator_gender: Gender | None = None
    repeat: bool | None = Field(
        default=None, description="Your record's repeat flag; marac also checks its own history"
    )
    urgent: bool = False
    meeting_reference: Reference | None = Field(
        default=None, description="source_reference of the imported meeting that heard it"
    )
    status: CaseStatus | None = Field(default=None, description="Defaults to heard with a meeting")
    closed_on: InputDate | None = None

    @field_validator("criteria", mode="before")
    @classmethod
    def _split(cls, value: Any) -> Any:
        return (
            [v.strip() for v in value.split(";") if v.strip()] if isinstance(value, str) else value
        )


class IncidentRow(_Row):
    subject_id: uuid.UUID = Field(description="The suspect's person id")
    victim_id: uuid.UUID
    area: AreaCode
    occurred_on: InputDate
    gravity: StrictInt = Field(ge=1, le=10, description="Harm, 1 (lowest) to 10")
    subject_age_band: AgeBand = "unknown"


ROW_MODELS: dict[str, type[_Row]] = {
    "meetings": MeetingRow,
    "cases": CaseRow,
    "incidents": IncidentRow,
}


class UnreadableRow(ValueError):
    pass


class FileRefused(ValueError):
    """The whole file is refused before anything is stored (its CSV header is wrong)."""

    def __init__(self, detail: str, errors: list[dict[str, str]]) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors


MAX_LINE = 1024 * 1024
"""A row is one line; a longer line is an unreadable row (memory stays flat)."""


def _lines(handle: BinaryIO) -> Iterator[bytes | None]:
    """The lines of a binary file without their line break; None for one over MAX_LINE."""
    while raw := handle.readline(MAX_LINE):
        if len(raw) < MAX_LINE or raw.endswith(b"\n"):
            yield raw.rstrip(b"\r\n")
            continue
        while (rest := handle.readline(MAX_LINE)) and not rest.endswith(b"\n"):
            pass
        yield None


def _decoded(raw: bytes | None, *, first: bool) -> str | UnreadableRow:
    if raw is None:
        return UnreadableRow(f"the line is longer than {MAX_LINE // 1024 // 1024} MB")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return UnreadableRow("the row is not valid UTF-8")
    return text.removeprefix("\ufeff") if first else text


def _cells(line: str) -> list[str]:
    """One CSV row of one line. A quoted cell never spans lines: no import field holds a
    line break, and an unbalanced quote must not swallow the rows after it."""
    try:
        return next(csv.reader([line], strict=True))
    except csv.Error as exc:
        raise UnreadableRow(f"not valid CSV: {exc} (is a quote unbalanced?)") from None


def _header(handle: BinaryIO) -> list[str]:
    handle.seek(0)
    text = _decoded(next(_lines(handle), b""), first=True)
    if isinstance(text, UnreadableRow):
        raise FileRefused(
            f"The CSV header is unreadable: {text}.", [{"field": "", "message": str(text)}]
        )
    try:
        return [name.strip() for name in _cells(text)]
    except UnreadableRow as exc:
        raise FileRefused(
            f"The CSV header is unreadable: {exc}.", [{"field": "", "message": str(exc)}]
        ) from None


def check_csv_header(handle: BinaryIO, model: type[_Row]) -> list[str]:
    """The header's columns; `FileRefused` for unknown, missing or repeated ones, so a
    file with columns no row may hold (a name, a date of birth) is never stored."""
    columns = _header(handle)
    known = model.model_fields
    problems = []
    unknown = [c for c in columns if c not in known]
    missing = sorted(n for n, f in known.items() if f.is_required() and n not in columns)
    repeated = sorted({c for c in columns if columns.count(c) > 1})
    if unknown:
        # The names are cut short: a header is the caller's text, not ours to repeat.
        names = ", ".join(repr(c[:40]) for c in unknown[:20])
        problems.append({"field": "header", "message": f"unknown columns: {names}"})
    if missing:
        problems.append({"field": "header", "message": f"missing columns: {', '.join(missing)}"})
    if repeated:
        names = ", ".join(repeated)
        problems.append({"field": "header", "message": f"repeated columns: {names}"})
    if problems:
        raise FileRefused(
            "The CSV header does not match the import's columns (see the operation's "
            "description): " + "; ".join(p["message"] for p in problems),
            problems,
        )
    return columns


def _csv_rows(handle: BinaryIO) -> Iterator[dict | UnreadableRow]:
    columns = _header(handle)  # checked when the file was accepted
    lines = _lines(handle)
    for raw in lines:
        text = _decoded(raw, first=False)
        if isinstance(text, UnreadableRow):
            yield text
            continue
        if not text.strip():
            continue
        try:
            cells = _cells(text)
        except UnreadableRow as exc:
            yield exc
            continue
        if len(cells) != len(columns):
            yield UnreadableRow(f"{len(cells)} cells where the header has {len(columns)}")
            continue
        yield {k: v for k, v in zip(columns, cells, strict=True) if v.strip() != ""}


def _ndjson_rows(handle: BinaryIO) -> Iterator[dict | UnreadableRow]:
    handle.seek(0)
    for number, raw in enumerate(_lines(handle)):
        text = _decoded(raw, first=number == 0)
        if isinstance(text, UnreadableRow):
            yield text
            continue
        if not text.strip():
            continue
        try:
            # pydantic-core's parser bounds nesting (and refuses lone surrogates), where
            # the standard library's recurses until RecursionError.
            value = from_json(text)
        except ValueError as exc:
            yield UnreadableRow(f"not JSON: {exc}")
            continue
        yield value if isinstance(value, dict) else UnreadableRow("not a JSON object")


def read_rows(handle: BinaryIO, fmt: str) -> Iterator[tuple[int, dict | UnreadableRow]]:
    """(row number, raw row or the reason it cannot be read) of a file from its start;
    numbers are 1-based, and blank lines and the CSV header are not counted."""
    rows = _csv_rows(handle) if fmt == "csv" else _ndjson_rows(handle)
    yield from enumerate(rows, start=1)


def count_rows(handle: BinaryIO, fmt: str) -> int:
    return sum(1 for _ in read_rows(handle, fmt))
