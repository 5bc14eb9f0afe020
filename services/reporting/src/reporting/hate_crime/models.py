"""Read model of hate crimes and non-crime hate incidents.

The time of an incident is kept as its local day and hour only: enough for the
figures, less than the exact moment.
"""

from reporting.columns import code, day, flag, id_column, small
from reporting.read_models import ReadModel

STRANDS = ("race", "religion", "sexual_orientation", "disability", "transgender")

HateReport = ReadModel(
    "rm_hate_report",
    lambda: [
        id_column("report_id", primary_key=True),
        code("kind"),
        code("area"),
        day("occurred_on"),
        small("occurred_hour"),
        flag("against_officer"),
        code("reporting_channel"),
        *[flag(f"strand_{strand}") for strand in STRANDS],
    ],
    indexes=[("occurred_on",)],
    description="A hate crime or non-crime hate incident; the period is its local day",
)
