"""Reading import files: row numbers, lines, bytes, and rows that cannot be read."""

from pathlib import Path

import pytest

from referral_hub.imports import formats
from referral_hub.imports.formats import (
    HATE_REPORT_LAYOUT,
    REFERRAL_LAYOUT,
    FileRefused,
    check_csv_header,
    read_csv,
    read_ndjson,
)

HEADER = "source_reference,kind,strands,occurred_at,area,reporting_channel\r\n"


def test_csv_rows_are_numbered_like_a_spreadsheet(tmp_path: Path) -> None:
    content = (
        "\ufeff" + HEADER
        + "A-1,crime,race;religion,2023-10-02 01:00,york,police\r\n"
        + ",,,,,\r\n"  # a blank row
        + 'A-3,crime,race,"2023-10-02\r\n01:00",york,police\r\n'  # a cell over two lines
        + "A-4,crime\r\n"
    ).encode() + b"A-5,crime,race,2023-10-02,\xff\xfe,police\r\n"  # fmt: skip
    path = tmp_path / "hate.csv"
    path.write_bytes(content)
    assert check_csv_header(path, HATE_REPORT_LAYOUT)[0] == "source_reference"
    rows = list(read_csv(path, HATE_REPORT_LAYOUT))
    assert [(r.number, r.line) for r in rows] == [(2, 2), (4, 4), (5, 6), (6, 7)]
    assert rows[0].data == {
        "source_reference": "A-1",
        "kind": "crime",
        "strands": ["race", "religion"],
        "occurred_at": "2023-10-02 01:00",
        "area": "york",
        "reporting_channel": "police",
    }
    assert rows[1].data is None  # occurred_at cannot hold a line break: a quote is amiss
    assert rows[1].errors[0]["column"] == "occurred_at"
    assert rows[1].errors[0]["detail"].startswith("a quoted cell runs over lines 4 to 5")
    assert rows[2].errors[0]["detail"] == "2 cells where the header has 6"
    assert rows[3].errors[0]["detail"] == "the row is not valid UTF-8"
    assert rows[3].source_reference is None
    assert rows[-1].end_offset == len(content)


def test_an_unbalanced_quote_never_swallows_the_next_row(tmp_path: Path) -> None:
    content = (
        HEADER
        + 'A-1,crime,race,2023-10-02 01:00,"york,police\r\n'  # the quote is never closed
        + 'A-2,crime,race,2023-10-02 01:00,york",police\r\n'  # ...until this row
        + "A-3,crime,race,2023-10-02 01:00,york,police\r\n"
    )
    path = tmp_path / "hate.csv"
    path.write_text(content)
    rows = list(read_csv(path, HATE_REPORT_LAYOUT))
    assert [(r.number, r.line) for r in rows] == [(2, 2), (3, 4)]
    assert rows[0].data is None
    assert rows[0].errors[0]["code"] == "csv"
    assert rows[0].errors[0]["column"] == "area"
    assert rows[0].errors[0]["detail"].startswith("a quoted cell runs over lines 2 to 3")
    assert rows[1].data is not None and rows[1].data["source_reference"] == "A-3"


def test_a_cell_over_two_lines_is_refused_even_in_a_note(tmp_path: Path) -> None:
    columns = sorted(REFERRAL_LAYOUT.required | {"dash.professional_judgement.reasons"})
    cells = {c: "x" for c in columns} | {"dash.professional_judgement.reasons": '"a\r\nb"'}
    path = tmp_path / "referrals.csv"
    path.write_text(",".join(columns) + "\r\n" + ",".join(cells[c] for c in columns) + "\r\n")
    [row] = list(read_csv(path, REFERRAL_LAYOUT))
    assert row.data is None
    assert row.errors[0]["column"] == "dash.professional_judgement.reasons"


def test_csv_headers_are_checked(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("source_reference,area,area,nickname\n")
    with pytest.raises(FileRefused) as refused:
        check_csv_header(path, REFERRAL_LAYOUT)
    details = [e["detail"] for e in refused.value.errors]
    assert details[0] == "unknown columns: nickname"
    assert details[1].startswith("missing columns: children_in_household, consent.status")
    assert details[2] == "repeated columns: area"
    path.write_text("")
    with pytest.raises(FileRefused):
        check_csv_header(path, REFERRAL_LAYOUT)


def test_ndjson_lines_and_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(formats, "MAX_LINE", 64)
    content = b'{"a": 1}\n\n' + b'{"b": "' + b"x" * 200 + b'"}\n' + b'{"c": 3}'
    path = tmp_path / "rows.ndjson"
    path.write_bytes(content)
    rows = list(read_ndjson(path))
    assert [(r.number, r.json) for r in rows] == [(1, b'{"a": 1}\n'), (3, None), (4, b'{"c": 3}')]
    assert rows[1].errors[0]["code"] == "unreadable"
    assert [r.end_offset for r in rows] == [9, len(content) - 8, len(content)]


def test_csv_columns_map_errors_back(tmp_path: Path) -> None:
    layout = REFERRAL_LAYOUT
    assert layout.column_of(("dash", "answers", "7")) == "dash.7"
    assert layout.column_of(("dash", "stalking", "answers", "11")) == "dash.stalking.11"
    assert layout.column_of(("services_requested", 1)) == "services_requested"
    assert layout.column_of(("dash", "answers")) is None
    assert layout.column_of(()) is None
