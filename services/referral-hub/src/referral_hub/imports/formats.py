"""Reading import files: NDJSON (one JSON object a line) and CSV (flat columns).

Files are read from disk one line at a time, so memory stays flat whatever their size.
CSV columns are the dotted paths of the JSON body (`victim.given_name`), with short
names for checklists (`dash.1`..`dash.24`, `dash.stalking.1`..`dash.stalking.11`);
list columns hold `;`-separated codes. A blank cell is an absent value; a cell cannot
hold a line break. See docs/imports.md.
"""

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import from_json

from referral_hub.referral.schemas import DASH_KEYS, STALKING_KEYS

Path_ = tuple[str, ...]


@dataclass(frozen=True)
class Layout:
    """The CSV columns of one kind of import."""

    columns: dict[str, Path_]
    required: frozenset[str]
    lists: frozenset[str] = frozenset()

    def column_of(self, loc: tuple[Any, ...]) -> str | None:
        """The CSV column holding the field at `loc` (or its nearest enclosing one)."""
        path = tuple(str(part) for part in loc)
        while path:
            column = self._by_path.get(path)
            if column is not None:
                return column
            path = path[:-1]
        return None

    @cached_property
    def _by_path(self) -> dict[Path_, str]:
        return {path: column for column, path in self.columns.items()}


def _plain(*names: str) -> dict[str, Path_]:
    return {name: tuple(name.split(".")) for name in names}


REFERRAL_LAYOUT = Layout(
    columns=_plain(
        "source_reference",
        "referring_agency",
        "received_at",
        "area",
        "incident_date",
        "victim.given_name",
        "victim.family_name",
        "victim.date_of_birth",
        "victim.gender",
        "victim.ethnicity",
        "victim.disability",
        "victim.lgbt",
        "victim.postcode",
        "victim.safe_contact",
        "perpetrator.given_name",
        "perpetrator.family_name",
        "perpetrator.date_of_birth",
        "perpetrator.gender",
        "perpetrator.postcode",
        "relationship",
        "children_in_household",
    )
    | {f"dash.{key}": ("dash", "answers", key) for key in DASH_KEYS}
    | _plain(
        "dash.professional_judgement.high_risk",
        "dash.professional_judgement.reasons",
        "dash.incidents_last_12_months",
    )
    | {f"dash.stalking.{key}": ("dash", "stalking", "answers", key) for key in STALKING_KEYS}
    | _plain("consent.status", "consent.basis", "services_requested"),
    required=frozenset(
        [
            "source_reference",
            "area",
            "incident_date",
            "victim.given_name",
            "victim.family_name",
            "victim.date_of_birth",
            "victim.gender",
            "victim.ethnicity",
            "relationship",
            "children_in_household",
            *(f"dash.{key}" for key in DASH_KEYS),
            "dash.incidents_last_12_months",
            "consent.status",
        ]
    ),
    lists=frozenset(["services_requested"]),
)

HATE_REPORT_LAYOUT = Layout(
    columns=_plain(
        "source_reference",
        "reporting_agency",
        "kind",
        "strands",
        "occurred_at",
        "area",
        "victim_police_officer_on_duty",
        "reporting_channel",
    ),
    required=frozenset(
        ["source_reference", "kind", "strands", "occurred_at", "area", "reporting_channel"]
    ),
    lists=frozenset(["strands"]),
)

LAYOUTS = {"referrals": REFERRAL_LAYOUT, "hate-reports": HATE_REPORT_LAYOUT}


class FileRefused(ValueError):
    """The file cannot be imported at all (its CSV header is wrong)."""

    def __init__(self, detail: str, errors: list[dict[str, str]]) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors


@dataclass
class RawRow:
    """One row as read: `json` (NDJSON) or `data` (CSV), or `errors` if unreadable."""

    number: int
    line: int
    end_offset: int
    json: bytes | None = None
    data: dict[str, Any] | None = None
    errors: list[dict[str, Any]] = field(default_factory=list)
    source_reference: str | None = None


def error(pointer: str, detail: str, code: str, column: str | None = None) -> dict[str, Any]:
    item: dict[str, Any] = {"pointer": pointer, "detail": detail, "code": code}
    if column is not None:
        item["column"] = column
    return item


def _header(cells: list[str]) -> list[str]:
    names = [cell.strip().lower() for cell in cells]
    if names and names[0].startswith("\ufeff"):
        names[0] = names[0].removeprefix("\ufeff")
    return names


def check_csv_header(path: Path, layout: Layout) -> list[str]:
    """The header's columns; raises `FileRefused` for unknown, missing or repeated ones."""
    with path.open("r", encoding="utf-8-sig", errors="replace", newline="") as handle:
        first = next(csv.reader(handle), None)
    if not first:
        raise FileRefused(
            "The file is empty: a CSV import starts with a header row.",
            [error("#/header", "no header row", "missing")],
        )
    columns = _header(first)
    problems = []
    unknown = [c for c in columns if c not in layout.columns]
    missing = sorted(layout.required - set(columns))
    repeated = sorted({c for c in columns if columns.count(c) > 1})
    if unknown:
        problems.append(error("#/header", f"unknown columns: {', '.join(unknown)}", "unknown"))
    if missing:
        problems.append(error("#/header", f"missing columns: {', '.join(missing)}", "missing"))
    if repeated:
        problems.append(error("#/header", f"repeated columns: {', '.join(repeated)}", "repeated"))
    if problems:
        raise FileRefused(
            "The CSV header does not match the import's layout (see docs/imports.md): "
            + "; ".join(p["detail"] for p in problems),
            problems,
        )
    return columns


MAX_LINE = 1024 * 1024
TOO_LONG = f"the line is longer than {MAX_LINE // 1024 // 1024} MB"


def _lines(handle: Any) -> Iterator[tuple[bytes, int]]:
    """(line, its size in bytes) of a binary file; a line over MAX_LINE bytes is skipped
    and given as b"" (so a file without line breaks cannot fill the memory)."""
    while raw := handle.readline(MAX_LINE):
        if len(raw) < MAX_LINE or raw.endswith(b"\n"):
            yield raw, len(raw)
            continue
        size = len(raw)
        while (rest := handle.readline(MAX_LINE)) and not rest.endswith(b"\n"):
            size += len(rest)
        yield b"", size + len(rest)


class _Lines:
    """Decoded lines of a binary file, counting bytes and lines as they are consumed."""

    def __init__(self, handle: Any) -> None:
        self.handle = handle
        self.offset = 0
        self.line = 0
        self.bad: dict[int, str] = {}

    def __iter__(self) -> Iterator[str]:
        for raw, size in _lines(self.handle):
            self.offset += size
            self.line += 1
            if not raw:
                self.bad[self.line] = TOO_LONG
                yield "\n"
                continue
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                self.bad[self.line] = "the row is not valid UTF-8"
                text = raw.decode("utf-8", errors="replace")
            if self.line == 1:
                text = text.removeprefix("\ufeff")
            yield text


def read_csv(path: Path, layout: Layout) -> Iterator[RawRow]:
    """Rows of a CSV file whose header `check_csv_header` accepted."""
    with path.open("rb") as handle:
        lines = _Lines(handle)
        reader = csv.reader(lines)
        columns = _header(next(reader, []))
        paths = [layout.columns[c] for c in columns]
        lists = [c in layout.lists for c in columns]
        number = 1
        while True:
            start_line = lines.line + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                number += 1
                yield RawRow(
                    number=number,
                    line=start_line,
                    end_offset=lines.offset,
                    errors=[error("#", f"not valid CSV: {exc}", "csv")],
                )
                continue
            number += 1
            if not any(cell.strip() for cell in cells) and start_line not in lines.bad:
                continue  # a blank row
            row = RawRow(number=number, line=start_line, end_offset=lines.offset)
            bad = [lines.bad[n] for n in range(start_line, lines.line + 1) if n in lines.bad]
            broken = _broken_cell(cells, columns) if lines.line > start_line else None
            if bad:
                row.errors.append(error("#", bad[0], "unreadable"))
            elif len(cells) != len(columns):
                row.errors.append(
                    error("#", f"{len(cells)} cells where the header has {len(columns)}", "cells")
                )
            elif broken is not None:
                row.errors.append(
                    error(
                        "#",
                        f"a quoted cell runs over lines {start_line} to {lines.line}: is a "
                        "closing quote missing? A cell cannot hold a line break (import "
                        "NDJSON for text over several lines)",
                        "csv",
                        broken,
                    )
                )
            if row.errors:
                yield row
                continue
            row.data = _unflatten(cells, paths, lists)
            reference = row.data.get("source_reference")
            row.source_reference = reference if isinstance(reference, str) else None
            yield row


def _broken_cell(cells: list[str], columns: list[str]) -> str | None:
    """The column of the first cell holding a line break, or None.

    Valid CSV may quote a line break into a cell, but so does a missing closing quote,
    which swallows the next rows into one cell, often into a row that passes. The two
    cannot be told apart, so a row over several lines is refused, never merged."""
    for cell, column in zip(cells, columns, strict=False):
        if "\n" in cell or "\r" in cell:
            return column
    return None


def _unflatten(cells: list[str], paths: list[Path_], lists: list[bool]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for cell, path, is_list in zip(cells, paths, lists, strict=True):
        value = cell.strip()
        if not value:
            continue
        target = data
        for part in path[:-1]:
            target = target.setdefault(part, {})
        target[path[-1]] = [v.strip() for v in value.split(";") if v.strip()] if is_list else value
    return data


def read_ndjson(path: Path) -> Iterator[RawRow]:
    """Rows of an NDJSON file; the row number is the line number (blank lines skipped)."""
    offset = 0
    with path.open("rb") as handle:
        for line_number, (raw, size) in enumerate(_lines(handle), start=1):
            offset += size
            row = RawRow(number=line_number, line=line_number, end_offset=offset, json=raw)
            if not raw:
                row.json = None
                row.errors.append(error("#", TOO_LONG, "unreadable"))
            elif not raw.strip():
                continue
            yield row


def read_rows(path: Path, *, file_format: str, layout: Layout) -> Iterator[RawRow]:
    if file_format == "csv":
        return read_csv(path, layout)
    return read_ndjson(path)


def _pointer(loc: tuple[Any, ...]) -> str:
    # Union members add tags such as "enum[IdasService]" to a location: leave them out.
    parts = [str(p) for p in loc if isinstance(p, int) or "[" not in str(p)]
    return "#/" + "/".join(parts) if parts else "#"


def validation_errors(exc: ValidationError, layout: Layout | None) -> list[dict[str, Any]]:
    """Problem-style errors (pointer, CSV column, detail, code) of a row, without its input."""
    items = []
    for e in exc.errors(include_url=False, include_input=False, include_context=False):
        loc = tuple(e.get("loc", ()))
        column = layout.column_of(loc) if layout is not None else None
        items.append(
            error(_pointer(loc), e.get("msg", "invalid"), e.get("type", "invalid"), column)
        )
    return items


def reference_in(raw: bytes) -> str | None:
    """The source_reference of an NDJSON row that failed validation, if it has one.

    Parsed by pydantic's JSON parser, as the row itself was: it bounds the nesting depth
    (a line of 100,000 "[" is an error, not a RecursionError) and big numbers."""
    try:
        data = from_json(raw)
    except ValueError:
        return None
    reference = data.get("source_reference") if isinstance(data, dict) else None
    return reference.strip()[:100] if isinstance(reference, str) else None
