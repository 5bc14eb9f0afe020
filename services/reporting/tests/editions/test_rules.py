"""What in a draft looks like personal data (pure rules)."""

import pytest

from reporting.editions.rules import personal_data_warnings


@pytest.mark.parametrize(
    ("text", "kind", "excerpt"),
    [
        ("We met Mrs Jane Doe at the hub.", "name", "Mrs Jane Doe"),
        ("A man called Peter Brown reported it.", "name", "called Peter Brown"),
        ("She lives near YO1 7HH now.", "postcode", "YO1 7HH"),
        ("She lives near yo17hh now.", "postcode", "yo17hh"),
        ("Ring 01904 123456 for help.", "phone_number", "01904 123456"),
        ("Ring +44 7700 900123 for help.", "phone_number", "+44 7700 900123"),
        ("DOB 12/03/1985 was given.", "date_of_birth", "12/03/1985"),
        ("She was born on 3 May 1990.", "date_of_birth", "3 May 1990"),
        ("The record says 01.02.1972.", "date_of_birth", "01.02.1972"),
    ],
)
def test_it_warns(text: str, kind: str, excerpt: str) -> None:
    warnings = personal_data_warnings(text)
    assert [(w.kind, w.excerpt) for w in warnings] == [(kind, excerpt)]


@pytest.mark.parametrize(
    "text",
    [
        "During 2023, 1,998 cases were discussed within MARAC across North Yorkshire and York.",
        "The SNA and response strategy were published on 19th February 2024.",
        "For Q3 2023/24 there have been 283 hate crimes, 10% more than 2022/23.",
        "The Safeguarding Adults Board meets on 12/03/2024.",
        "Harrogate and Craven MARAC heard 24% of the cases.",
    ],
)
def test_the_partnerships_own_words_pass(text: str) -> None:
    assert personal_data_warnings(text) == []


def test_the_line_is_given() -> None:
    (warning,) = personal_data_warnings("First line.\n\nCall 07700 900123.")
    assert warning.line == 3
