"""Column types of the read models: ids, codes, dates, counts and flags, nothing else.

No column can hold a name, a date of birth, an address or free text: strings are
codes of at most 64 characters (the events' `Code`), and the test of the schema
checks it.
"""

from sqlalchemy import Boolean, Column, Date, Float, Integer, SmallInteger, String, Uuid

from csp_common.tables import UtcDateTime

CODE_LENGTH = 64


def id_column(name: str, *, primary_key: bool = False) -> Column:
    return Column(name, Uuid(), primary_key=primary_key, nullable=False)


def code(name: str, *, primary_key: bool = False, nullable: bool = False) -> Column:
    return Column(name, String(CODE_LENGTH), primary_key=primary_key, nullable=nullable)


def day(name: str, *, primary_key: bool = False) -> Column:
    return Column(name, Date(), primary_key=primary_key, nullable=False)


def moment(name: str) -> Column:
    return Column(name, UtcDateTime(), nullable=False)


def count(name: str) -> Column:
    return Column(name, Integer(), nullable=False)


def small(name: str) -> Column:
    return Column(name, SmallInteger(), nullable=False)


def flag(name: str) -> Column:
    return Column(name, Boolean(), nullable=False)


def number(name: str) -> Column:
    return Column(name, Float(), nullable=False)
