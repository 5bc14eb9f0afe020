"""Reading files a row at a time: numbering, rows that cannot be read, headers, XLSX
archives that must never reach the XML parser, and memory that stays flat."""

import io
import json
import re
import tracemalloc
import zipfile
from typing import Any

import pytest
from openpyxl import Workbook

from csp_common.imports import Columns, FileRefused, readers, xlsx
from csp_common.imports.flows import read_chunk, validate
from csp_common.imports.readers import check_file, read_file


def rows_of(content: bytes, file_format: str, columns: Columns) -> list[Any]:
    handle = io.BytesIO(content)
    check_file(handle, file_format, columns)  # type: ignore[arg-type]
    rows = read_file(handle, file_format, columns)  # type: ignore[arg-type]
    try:
        return list(rows.rows)
    finally:
        rows.close()


def test_columns_follow_the_row_model(kit: Any) -> None:
    columns = Columns.of(kit.thing)
    assert list(columns.paths) == [
        "source_reference",
        "name",
        "size",
        "made_on",
        "tags",
        "owner.given_name",
        "owner.area",
        "note",
    ]
    assert columns.paths["owner.area"] == ("owner", "area")
    assert columns.required == {"source_reference", "name", "size"}  # owner is optional
    assert columns.lists == {"tags"}
    assert columns.column_of(("owner", "area")) == "owner.area"
    assert columns.column_of(("tags", 3)) == "tags"
    assert columns.column_of(("owner",)) is None


def test_csv_rows_are_numbered_by_their_line(kit: Any) -> None:
    columns = Columns.of(kit.thing)
    content = (
        b"\xef\xbb\xbfsource_reference,name,size\r\n"
        b"A-1,Ann,3\r\n"
        b"\r\n"  # a blank line
        b",,\r\n"  # a row of empty cells
        b"A-5,Ann\r\n"
        b"A-6,\xff\xfe,3\r\n"
        b"A-7,Ann,3"  # no final line break
    )
    rows = rows_of(content, "csv", columns)
    assert [(r.row, r.data, [i.code for i in r.issues]) for r in rows] == [
        (2, {"source_reference": "A-1", "name": "Ann", "size": "3"}, []),
        (5, None, ["cells"]),
        (6, None, ["unreadable"]),
        (7, {"source_reference": "A-7", "name": "Ann", "size": "3"}, []),
    ]
    assert rows[-1].position == len(content)


def test_a_line_over_the_limit_is_a_row_error(kit: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(readers, "MAX_LINE", 64)
    content = b'{"a": 1}\n' + b'{"b": "' + b"x" * 200 + b'"}\n' + b'{"c": 3}'
    rows = rows_of(content, "ndjson", Columns.of(kit.thing))
    assert [(r.row, r.json, [i.code for i in r.issues]) for r in rows] == [
        (1, b'{"a": 1}', []),
        (2, None, ["too_long"]),
        (3, b'{"c": 3}', []),
    ]
    assert [r.position for r in rows] == [9, len(content) - 8, len(content)]


def test_an_ndjson_line_of_100000_brackets_is_one_row_error(kit: Any) -> None:
    good = json.dumps(kit.row("A-3"))
    lines = ["[" * 100_000, '{"source_reference": "A-2", "name": ' + "[" * 100_000, good]
    raws = rows_of("\n".join(lines).encode(), "ndjson", Columns.of(kit.thing))
    checked = [validate(raw, kit.thing) for raw in raws]
    assert [c[0].code for c in checked[:2]] == ["json_invalid", "json_invalid"]  # type: ignore[index]
    assert checked[2].body.source_reference == "A-3"  # type: ignore[union-attr]


def test_headers_are_checked_and_never_echoed_in_full(kit: Any) -> None:
    columns = Columns.of(kit.thing)
    with pytest.raises(FileRefused) as refused:
        rows_of(b"Name,name,size," + b"x" * 500 + b"\n", "csv", columns)
    codes = [(i.code, i.detail[:40]) for i in refused.value.issues]
    assert [code for code, _ in codes] == ["unknown", "missing", "repeated"]
    assert len(refused.value.detail) < 300
    with pytest.raises(FileRefused, match="over 1000 columns"):
        rows_of(b",".join([b"a"] * 5000) + b"\n", "csv", columns)
    with pytest.raises(FileRefused, match="unreadable"):
        rows_of(b'"source_reference,name,size\n', "csv", columns)
    with pytest.raises(FileRefused) as empty:
        rows_of(b"\xef\xbb\xbf  \r\n", "csv", columns)
    assert empty.value.kind == "empty-file"


def workbook(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_part(content: bytes, name: str, replace: Any) -> bytes:
    """The workbook with one part rewritten."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info.filename, replace(data) if info.filename == name else data)
    return buffer.getvalue()


def test_xlsx_rows_are_numbered_by_their_sheet_row(kit: Any) -> None:
    columns = Columns.of(kit.thing)
    content = workbook(
        [["source_reference", "name", "size", None], ["A-2", "Ann", 3], [], ["A-4", "Bo", 2.0]]
    )
    rows = rows_of(content, "xlsx", columns)
    assert [(r.row, r.data) for r in rows] == [
        (2, {"source_reference": "A-2", "name": "Ann", "size": "3"}),
        (4, {"source_reference": "A-4", "name": "Bo", "size": "2"}),
    ]


def without_declaration(part: bytes) -> bytes:
    return re.sub(rb"^<\?xml[^>]*\?>", b"", part)


def test_an_xlsx_part_with_a_document_type_is_refused(kit: Any) -> None:
    columns = Columns.of(kit.thing)
    content = workbook([["source_reference", "name", "size"], ["A-2", "Ann", 3]])
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    for name in ("xl/worksheets/sheet1.xml", "xl/styles.xml", "[Content_Types].xml"):
        assert name in zipfile.ZipFile(io.BytesIO(content)).namelist()
        entity = with_part(content, name, lambda data: bomb + without_declaration(data))
        with pytest.raises(FileRefused, match="document type"):
            rows_of(entity, "xlsx", columns)
    utf16 = with_part(content, "xl/workbook.xml", lambda data: data.decode().encode("utf-16"))
    with pytest.raises(FileRefused):
        rows_of(utf16, "xlsx", columns)
    latin = with_part(
        content,
        "xl/workbook.xml",
        lambda data: b'<?xml version="1.0" encoding="ISO-8859-1"?>' + without_declaration(data),
    )
    with pytest.raises(FileRefused, match="not UTF-8"):
        rows_of(latin, "xlsx", columns)


def test_an_xlsx_that_expands_too_far_is_refused(kit: Any, monkeypatch: Any) -> None:
    columns = Columns.of(kit.thing)
    content = workbook([["source_reference", "name", "size"]] + [["A", "Ann", 3]] * 200)
    monkeypatch.setattr(xlsx, "MAX_EXPANDED", 4096)
    with pytest.raises(FileRefused, match="expands to over"):
        rows_of(content, "xlsx", columns)
    monkeypatch.setattr(xlsx, "MAX_EXPANDED", 1024**3)
    monkeypatch.setattr(xlsx, "MAX_PART", 100)
    with pytest.raises(FileRefused, match="a part is over"):
        rows_of(content, "xlsx", columns)


def test_a_broken_sheet_is_a_row_error_where_it_breaks(kit: Any) -> None:
    columns = Columns.of(kit.thing)
    content = workbook([["source_reference", "name", "size"]] + [["A", "Ann", 3]] * 5)
    cut = with_part(
        content,
        "xl/worksheets/sheet1.xml",
        lambda data: data[: data.index(b'<row r="5"')] + b'<row r="5"><c r="A5" t="x',
    )
    rows = rows_of(cut, "xlsx", columns)
    assert [(r.row, [i.code for i in r.issues]) for r in rows][-1] == (5, ["unreadable"])
    assert len(rows) == 4
    with pytest.raises(FileRefused, match="not a ZIP"):
        rows_of(b"PK\x03\x04 truncated", "xlsx", columns)
    with pytest.raises(FileRefused, match="missing columns"):
        rows_of(workbook([["name"]]), "xlsx", columns)


def peak_memory(content: bytes, file_format: str, kit: Any) -> tuple[int, int]:
    """(rows read, peak bytes allocated meanwhile). Validation works a chunk at a time
    and keeps nothing (`read_chunk`): what could grow is the reading."""
    columns = Columns.of(kit.thing)
    handle = io.BytesIO(content)
    tracemalloc.start()
    try:
        rows = read_file(handle, file_format, columns)  # type: ignore[arg-type]
        count = sum(1 for raw in rows.rows if raw.data is not None or raw.json is not None)
        rows.close()
        return count, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_chunk_is_validated_and_kept_alone(kit: Any) -> None:
    content = kit.ndjson([kit.row(f"A-{n}") for n in range(1200)] + ["[1]"])
    rows = read_file(io.BytesIO(content), "ndjson", Columns.of(kit.thing))
    sizes = []
    while (chunk := read_chunk(rows.rows, model=kit.thing, size=500)).rows:
        sizes.append((len(chunk.valid), len(chunk.errors), chunk.position))
    assert sizes == [(500, 0, sizes[0][2]), (500, 0, sizes[1][2]), (200, 1, len(content))]


NOTE = "a note of about the length of a street address, 60 chars"


@pytest.mark.parametrize("file_format", ["csv", "ndjson"])
def test_memory_stays_flat_for_100000_rows(kit: Any, file_format: str) -> None:
    def content(count: int) -> bytes:
        if file_format == "ndjson":
            return kit.ndjson(kit.row(f"A-{n}", tags=["a", "b"], note=NOTE) for n in range(count))
        rows = ([f"A-{n}", "Ann", str(n % 1000), "a;b", NOTE] for n in range(count))
        return kit.csv(["source_reference", "name", "size", "tags", "note"], rows)

    file = content(100_000)
    rows, peak = peak_memory(file, file_format, kit)
    assert rows == 100_000
    # A chunk of 500 rows and the garbage not yet collected; never the file, nor its rows.
    assert peak < 4 * 1024 * 1024 and peak < len(file) / 3, (peak, len(file))


def test_xlsx_memory_grows_by_under_200_bytes_a_row(kit: Any) -> None:
    """openpyxl's read-only parser keeps an emptied XML element per row it has read
    (about 120 bytes): not flat like CSV, but nothing of the rows themselves."""

    def content(count: int) -> bytes:
        book = Workbook(write_only=True)
        sheet = book.create_sheet()
        sheet.append(["source_reference", "name", "size"])
        for n in range(count):
            sheet.append([n + 1, "Ann", n % 1000])
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    small_rows, small_peak = peak_memory(content(1_000), "xlsx", kit)
    large_rows, large_peak = peak_memory(content(10_000), "xlsx", kit)
    assert (small_rows, large_rows) == (1_000, 10_000)
    assert large_peak - small_peak < 200 * 9_000, (small_peak, large_peak)
