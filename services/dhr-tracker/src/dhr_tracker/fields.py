"""Field types of dhr-tracker's requests (csp_common.fields' strict rules, bounded)."""

from datetime import date
from typing import Annotated

from pydantic import Field, StringConstraints

from csp_common.fields import StrictDate, optional_text, text

CODE = r"^[a-z0-9][a-z0-9_-]{0,63}$"
Code = Annotated[str, StringConstraints(pattern=CODE, max_length=64)]
"""An area, an agency, a role: lower case letters, digits, '-' and '_'."""
StageName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$", max_length=40)]
InputDate = Annotated[StrictDate, Field(ge=date(1990, 1, 1), le=date(2100, 12, 31))]
"""A date a caller sends: ISO 'YYYY-MM-DD', bounded so no date arithmetic overflows."""
Reasons = text(5000, multiline=True)
OptionalProse = optional_text(5000, multiline=True)
OneLine = optional_text(300)
BirthDate = Annotated[StrictDate, Field(ge=date(1900, 1, 1), le=date(2100, 12, 31))]
