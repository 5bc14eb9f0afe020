"""Whatever a file holds (any Unicode, any nesting, any number, bytes that are not UTF-8),
reading never crashes, every row gets one answer, and a job imports the good rows and
reports every bad one."""

import io
import json
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from csp_common.imports import Columns
from csp_common.imports.columns import BLANK
from csp_common.imports.flows import validate
from csp_common.imports.readers import check_file, read_file

BYTE_ORDER_MARK = b"\xef\xbb\xbf"

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats()
    | st.text()
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)
names = st.text(min_size=0, max_size=30)
thing_like = st.fixed_dictionaries(
    {
        "source_reference": st.text(max_size=12),
        "name": names,
        "size": st.one_of(st.integers(min_value=-5, max_value=2000), st.text(max_size=5)),
    },
    optional={
        "made_on": st.one_of(st.dates().map(str), st.text(max_size=12), st.integers()),
        "tags": st.lists(st.text(max_size=25), max_size=7),
        "owner": st.fixed_dictionaries(
            {"given_name": names, "area": st.sampled_from(["york", "selby", "leeds"])}
        ),
        "note": st.text(max_size=30),
    },
)


def _line(value: Any, ascii_only: bool) -> bytes:
    text = json.dumps(value, ensure_ascii=ascii_only)  # NaN and Infinity are not JSON
    return text.encode("utf-8", errors="surrogatepass")  # a lone surrogate: not UTF-8


lines = st.one_of(
    st.tuples(thing_like, st.booleans()).map(lambda v: _line(*v)),
    st.tuples(json_values, st.booleans()).map(lambda v: _line(*v)),
    st.integers(min_value=1, max_value=100_000).map(lambda n: b"[" * n),
    st.integers(min_value=1, max_value=400).map(lambda n: b'{"name": ' * n + b"1" + b"}" * n),
    st.binary(max_size=40).map(lambda b: b.replace(b"\n", b"")),
    st.just(b""),
)


def _answers(content: bytes, file_format: str, model: Any) -> list[tuple[int, bool]]:
    """(row, valid?) of every row of the file, as the runner would see them."""
    handle = io.BytesIO(content)
    columns = Columns.of(model)
    check_file(handle, file_format, columns)  # type: ignore[arg-type]
    rows = read_file(handle, file_format, columns)  # type: ignore[arg-type]
    try:
        return [(raw.row, not isinstance(validate(raw, model), tuple)) for raw in rows.rows]
    finally:
        rows.close()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(lines, min_size=1, max_size=12))
@example(file=[b"\xef\xbb\xbf", b"["])  # a byte order mark alone on the first line: blank
def test_any_ndjson_file_gets_one_answer_a_line(kit: Any, file: list[bytes]) -> None:
    content = b"\n".join(file)
    body = content.removeprefix(BYTE_ORDER_MARK)  # the reader drops it where a file starts
    if not body.strip():
        return  # an empty file (a byte order mark at most) is refused before a job: another test
    answers = _answers(content, "ndjson", kit.thing)
    # Blank is ASCII blank, as the engine reads it: a line of a vertical tab is a row.
    blank = BLANK.encode()
    expected = [n for n, line in enumerate(body.split(b"\n"), start=1) if line.strip(blank)]
    assert [row for row, _ in answers] == expected


cells = st.text(max_size=20) | st.sampled_from(["", " ", '"', '""', ";", "a;b", "\r", "7"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(cells, min_size=0, max_size=5), min_size=1, max_size=10))
def test_any_csv_file_gets_one_answer_a_line(kit: Any, rows: list[list[str]]) -> None:
    header = ["source_reference", "name", "size", "tags"]
    content = kit.csv(header, rows).decode("utf-8", errors="surrogatepass")
    raw = content.encode("utf-8", errors="surrogatepass")
    answers = _answers(raw, "csv", kit.thing)
    physical = raw.split(b"\n")
    numbers = [row for row, _ in answers]
    assert numbers == sorted(set(numbers))
    assert all(2 <= n <= len(physical) for n in numbers)  # a row is a line of the file


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(file=st.lists(lines, min_size=1, max_size=15))
async def test_a_job_imports_the_good_rows_and_reports_every_bad_one(
    demo: Any, file: list[bytes]
) -> None:
    prefix = demo.prefix()
    # Rows that pass get references of this example, so that examples do not meet.
    stamped = []
    for line in file:
        try:
            value = json.loads(line)
        except (ValueError, RecursionError):
            stamped.append(line)
            continue
        if isinstance(value, dict) and isinstance(value.get("source_reference"), str):
            value["source_reference"] = prefix + value["source_reference"][:80]
            stamped.append(json.dumps(value).encode())
        else:
            stamped.append(line)
    content = b"\n".join(stamped) + b"\n"
    if not content.strip():
        return
    answers = _answers(content, "ndjson", demo.thing)
    job, errors = await demo.run(content, demo.NDJSON)
    assert job["status"] == "completed", job["failure"]
    assert job["rows_processed"] == len(answers)
    counted = job["rows_imported"] + job["rows_skipped"] + job["rows_failed"]
    assert counted == job["rows_processed"]
    refused = {row for row, valid in answers if not valid}
    reported = {e["row"] for e in errors}
    assert refused <= reported  # every row that fails its model is reported...
    assert len(reported) == job["rows_failed"]  # ...and every failed row has an error
    references = {
        json.loads(content.split(b"\n")[row - 1])["source_reference"].strip()
        for row, valid in answers
        if valid and row not in reported
    }
    assert set(await demo.stored(prefix)) == references
