"""referral-hub's CSV columns read by the import engine: today's names, rows numbered as
in a spreadsheet, and rows that cannot be read."""

import io

import pytest

from csp_common.imports import FileRefused
from csp_common.imports.readers import check_file, read_csv
from referral_hub.imports.schemas import HATE_REPORT_COLUMNS, REFERRAL_COLUMNS

HEADER = "source_reference,kind,strands,occurred_at,area,reporting_channel\r\n"


def test_csv_rows_are_numbered_like_a_spreadsheet() -> None:
    content = (
        "\ufeff" + HEADER
        + "A-1,crime,race;religion,2023-10-02 01:00,york,police\r\n"
        + ",,,,,\r\n"  # a blank row
        + 'A-3,crime,race,"2023-10-02\r\n01:00",york,police\r\n'  # a cell over two lines
        + "A-5,crime\r\n"
    ).encode() + b"A-6,crime,race,2023-10-02,\xff\xfe,police\r\n"  # fmt: skip
    check_file(io.BytesIO(content), "csv", HATE_REPORT_COLUMNS)
    rows = list(read_csv(io.BytesIO(content), HATE_REPORT_COLUMNS))
    assert [r.row for r in rows] == [2, 4, 5, 6, 7]
    assert rows[0].data == {
        "source_reference": "A-1",
        "kind": "crime",
        "strands": ["race", "religion"],
        "occurred_at": "2023-10-02 01:00",
        "area": "york",
        "reporting_channel": "police",
    }
    # A quote left open is an error of its own line; the next line is the next row.
    assert rows[1].data is None and rows[1].issues[0].code == "csv"
    assert rows[2].issues[0].code == "cells"  # `01:00",york,police`
    assert rows[3].issues[0].detail == "2 cells where the header has 6"
    assert rows[4].issues[0].detail == "the row is not valid UTF-8"
    assert rows[-1].position == len(content)


def test_an_unbalanced_quote_never_swallows_the_next_row() -> None:
    content = (
        HEADER
        + 'A-1,crime,race,2023-10-02 01:00,"york,police\r\n'  # the quote is never closed
        + "A-2,crime,race,2023-10-02 01:00,york,police\r\n"
    ).encode()
    rows = list(read_csv(io.BytesIO(content), HATE_REPORT_COLUMNS))
    assert [r.row for r in rows] == [2, 3]
    assert rows[0].data is None and rows[0].issues[0].code == "csv"
    assert rows[1].data is not None and rows[1].data["source_reference"] == "A-2"


def test_a_cell_over_two_lines_is_refused_even_in_a_note() -> None:
    columns = sorted(REFERRAL_COLUMNS.required | {"dash.professional_judgement.reasons"})
    cells = {c: "x" for c in columns} | {"dash.professional_judgement.reasons": '"a\r\nb"'}
    content = ",".join(columns) + "\r\n" + ",".join(cells[c] for c in columns) + "\r\n"
    rows = list(read_csv(io.BytesIO(content.encode()), REFERRAL_COLUMNS))
    # The note's first line leaves a quote open; its second is a row of the wrong width.
    assert [(r.row, r.data, r.issues[0].code) for r in rows] == [
        (2, None, "csv"),
        (3, None, "cells"),
    ]


def test_csv_headers_are_checked() -> None:
    with pytest.raises(FileRefused) as refused:
        check_file(io.BytesIO(b"source_reference,area,area,nickname\n"), "csv", REFERRAL_COLUMNS)
    details = [issue.detail for issue in refused.value.issues]
    assert details[0] == "unknown columns: 'nickname'"
    assert details[1].startswith("missing columns: children_in_household, consent.status")
    assert details[2] == "repeated columns: area"
    with pytest.raises(FileRefused) as empty:
        check_file(io.BytesIO(b""), "csv", REFERRAL_COLUMNS)
    assert empty.value.kind == "empty-file"


def test_todays_column_names_map_to_the_json_body() -> None:
    columns = REFERRAL_COLUMNS
    assert columns.paths["dash.7"] == ("dash", "answers", "7")
    assert columns.paths["dash.stalking.11"] == ("dash", "stalking", "answers", "11")
    assert columns.column_of(("dash", "answers", "7")) == "dash.7"
    assert columns.column_of(("services_requested", 1)) == "services_requested"
    assert columns.column_of(("dash", "answers")) is None
    header = ["source_reference", "dash.7", "services_requested", "victim.given_name"]
    assert columns.row(header, ["R-1", "yes", "idas_refuge; idas_community_support", "Ann"]) == {
        "source_reference": "R-1",
        "dash": {"answers": {"7": "yes"}},
        "services_requested": ["idas_refuge", "idas_community_support"],
        "victim": {"given_name": "Ann"},
    }
