from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Annotated, Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, TypeAdapter, ValidationError

from csp_common.fields import (
    LATEST_DATE,
    LongText,
    Name,
    ShortText,
    StrictDate,
    StrictDatetime,
    StrictTime,
    bounded_int,
    naive_in,
    optional_text,
    text,
)

DATE = TypeAdapter(StrictDate)
MOMENT = TypeAdapter(StrictDatetime)
TIME = TypeAdapter(StrictTime)
NAME = TypeAdapter(Name)
SHORT = TypeAdapter(ShortText)
LONG = TypeAdapter(LongText)
SMALL = TypeAdapter(bounded_int(0, 30))


def refused(adapter: TypeAdapter[Any], value: object, *, json: bool = False) -> str:
    with pytest.raises(ValidationError) as caught:
        if json:
            adapter.validate_json(value)  # type: ignore[arg-type]
        else:
            adapter.validate_python(value)
    return caught.value.errors()[0]["type"]


# --- dates -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-02-29", date(2024, 2, 29)),
        (" 1990-04-02 ", date(1990, 4, 2)),
        (date(2020, 1, 1), date(2020, 1, 1)),
    ],
)
def test_a_date_is_an_iso_string_or_a_date(value: object, expected: date) -> None:
    assert DATE.validate_python(value) == expected


@pytest.mark.parametrize(
    "value",
    [0, 1, -1, 1.5, True, "0", "1700000000", "2024-1-1", "01/02/2024", "2024-01-01T00:00:00",
     datetime(2020, 1, 1), "\uff12\uff10\uff12\uff14-01-01", None, [], {}],
)  # fmt: skip
def test_a_date_is_not_a_number_a_datetime_or_another_format(value: object) -> None:
    refused(DATE, value)


@pytest.mark.parametrize("body", ["0", "1.5", "-1", "true", '"2024-01-01T00:00:00Z"'])
def test_json_numbers_are_not_dates(body: str) -> None:
    refused(DATE, body, json=True)


def test_a_date_that_is_not_in_the_calendar_is_refused() -> None:
    assert refused(DATE, "2023-02-29") == "date_value"


@pytest.mark.parametrize("value", ["1899-12-31", "2200-01-01", "9999-12-31", "0001-01-01"])
def test_dates_are_bounded_so_arithmetic_cannot_overflow(value: str) -> None:
    assert refused(DATE, value) == "date_range"
    assert DATE.validate_python(LATEST_DATE) + timedelta(days=365 * 100)


# --- date-times and times --------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-20T01:15:00Z", datetime(2026, 11, 20, 1, 15, tzinfo=UTC)),
        ("2026-11-20t01:15z", datetime(2026, 11, 20, 1, 15, tzinfo=UTC)),
        (
            "2026-11-20 01:15:00+01:00",
            datetime(2026, 11, 20, 1, 15, tzinfo=timezone(timedelta(hours=1))),
        ),
        ("2026-11-20T01:15:00.123456789Z", datetime(2026, 11, 20, 1, 15, 0, 123456, tzinfo=UTC)),
        (datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC)),
    ],
)
def test_a_moment_is_an_iso_datetime_with_an_offset(value: object, expected: datetime) -> None:
    assert MOMENT.validate_python(value) == expected


@pytest.mark.parametrize(
    "value",
    [-1, 0, 1.5, 1700000000, True, "-1", "1700000000", "2026-11-20", "2026-11-20T01:15:00",
     datetime(2026, 1, 1), "2026-11-20T25:00:00Z", "0001-01-01T00:00:00Z", None],
)  # fmt: skip
def test_a_moment_is_not_a_number_or_naive(value: object) -> None:
    refused(MOMENT, value)


@pytest.mark.parametrize("body", ["-1", "1.5", "0", "1700000000"])
def test_json_numbers_are_not_moments(body: str) -> None:
    refused(MOMENT, body, json=True)


def test_a_moment_without_an_offset_can_be_taken_in_a_given_zone() -> None:
    local = TypeAdapter(Annotated[datetime, naive_in(timezone(timedelta(hours=1)))])
    assert local.validate_python("2026-07-01T09:00") == datetime(2026, 7, 1, 8, tzinfo=UTC)
    assert local.validate_python("2026-07-01T09:00Z") == datetime(2026, 7, 1, 9, tzinfo=UTC)
    for value in (-1, 1.5, "2026-07-01", "1700000000", "1899-12-31T00:00"):
        refused(local, value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("09:30", time(9, 30)),
        ("23:59:59", time(23, 59, 59)),
        ("10:00:00.5", time(10, 0, 0, 500000)),
    ],
)
def test_a_time_of_day_is_an_iso_time(value: str, expected: time) -> None:
    assert TIME.validate_python(value) == expected


@pytest.mark.parametrize("value", [-1, 0, 1.5, 3600, True, "-1", "1.5", "9:30", "24:00", None])
def test_a_time_of_day_is_not_a_number(value: object) -> None:
    refused(TIME, value)


def message(adapter: TypeAdapter[Any], value: object) -> str:
    with pytest.raises(ValidationError) as caught:
        adapter.validate_python(value)
    return caught.value.errors()[0]["msg"]


@pytest.mark.parametrize(
    "value", ["04/03/1985", "1985-3-4", "2023-02-29", "85-03-04", "", 19850304, "2024-01-01T00:00"]
)
def test_a_malformed_date_is_told_the_format_it_should_have(value: object) -> None:
    assert message(DATE, value).startswith("expected a date as YYYY-MM-DD")


@pytest.mark.parametrize(
    "value", ["04/03/1985 10:00", "2026-11-20", "2026-11-20T25:00:00Z", "2026-11-20T01:15", 0]
)
def test_a_malformed_moment_is_told_the_format_it_should_have(value: object) -> None:
    assert message(MOMENT, value).startswith(
        "expected a date-time as YYYY-MM-DDTHH:MM:SS with a UTC offset such as Z or +01:00"
    )


@pytest.mark.parametrize("value", ["9.30", "25:00", "9am", "", 930])
def test_a_malformed_time_is_told_the_format_it_should_have(value: object) -> None:
    assert message(TIME, value).startswith("expected a time of day as HH:MM or HH:MM:SS")


def test_the_format_is_named_without_repeating_the_input() -> None:
    assert "1985" not in message(DATE, "04/03/1985")


# --- text ------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["Ann", "😀", "---", "Zoë", "أحمد", "李", "O'Brien-Smith"])
def test_names_of_any_script_or_symbol_are_accepted(value: str) -> None:
    assert NAME.validate_python(f"  {value} ") == value


@pytest.mark.parametrize(
    "value", ["a\x00b", "a\x07", "a\x1bb", "a\x7fb", "a\x9bb", "\ud800", "a\udfffb"]
)
def test_control_characters_and_lone_surrogates_are_refused_everywhere(value: str) -> None:
    for adapter in (NAME, SHORT, LONG):
        refused(adapter, value)


@pytest.mark.parametrize("value", ["a\tb", "a\nb", "a\r\nb", "a\u2028b"])
def test_tabs_and_line_breaks_only_in_long_text(value: str) -> None:
    assert refused(NAME, value) == "text_line"
    assert refused(SHORT, value) == "text_line"
    assert LONG.validate_python(value) == value


def test_text_is_bounded() -> None:
    assert refused(NAME, "x" * 101) == "string_too_long"
    assert refused(NAME, "   ") == "string_too_short"
    assert refused(SHORT, "x" * 201) == "string_too_long"
    assert refused(LONG, "x" * 2001) == "string_too_long"
    assert LONG.validate_python("x" * 2000) == "x" * 2000


def test_blank_optional_text_is_null() -> None:
    assert SHORT.validate_python("  ") is None
    assert LONG.validate_python(None) is None


def test_text_factories_make_other_lengths() -> None:
    note = TypeAdapter(text(5, multiline=True))
    assert note.validate_python("a\nb") == "a\nb"
    refused(note, "abcdef")
    optional = TypeAdapter(optional_text(3))
    assert optional.validate_python("") is None
    refused(optional, "a\x00")


def test_json_with_an_escaped_lone_surrogate_is_refused() -> None:
    class Body(BaseModel):
        name: Name

    with pytest.raises(ValidationError):
        Body.model_validate_json('{"name": "\\ud800"}')


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_text_either_passes_clean_or_is_refused(value: str) -> None:
    for adapter, multiline in ((NAME, False), (LONG, True)):
        try:
            accepted = adapter.validate_python(value)
        except ValidationError:
            continue
        if accepted is None:
            continue
        assert len(accepted) <= 2000
        assert all(ord(c) >= 32 or (multiline and c in "\t\n\r") for c in accepted)
        assert all(not 0x7F <= ord(c) <= 0x9F and not 0xD800 <= ord(c) <= 0xDFFF for c in accepted)
        accepted.encode("utf-8")


# --- numbers ---------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [(0, 0), (30, 30), ("2", 2), (" 7 ", 7)])
def test_bounded_integers_accept_whole_numbers_and_digit_cells(
    value: object, expected: int
) -> None:
    assert SMALL.validate_python(value) == expected


@pytest.mark.parametrize(
    "value", [-1, 31, 10**23, -(10**23), True, False, 1.5, 2.0, "1e3", "9" * 5000, "", None]
)
def test_bounded_integers_refuse_the_rest(value: object) -> None:
    refused(SMALL, value)


def test_bounded_integer_schema_states_its_bounds() -> None:
    assert SMALL.json_schema() == {"type": "integer", "minimum": 0, "maximum": 30}


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.integers(), st.floats(), st.booleans(), st.text(), st.none()))
def test_bounded_integers_never_raise_anything_but_a_validation_error(value: object) -> None:
    try:
        assert 0 <= SMALL.validate_python(value) <= 30
    except ValidationError:
        pass
    try:
        DATE.validate_python(value)
        MOMENT.validate_python(value)
        TIME.validate_python(value)
    except ValidationError:
        pass
