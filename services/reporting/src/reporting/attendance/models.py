"""Read models of agency attendance at MARAC and MATAC meetings, and escalations."""

from reporting.columns import code, count, day, id_column
from reporting.read_models import ReadModel

Attendance = ReadModel(
    "rm_attendance",
    lambda: [
        id_column("meeting_id", primary_key=True),
        code("agency", primary_key=True),
        code("meeting_kind"),
        code("marac_area"),
        day("meeting_date"),
        code("status"),
    ],
    indexes=[("meeting_date",)],
    description="An agency's attendance at a meeting (the latest record wins)",
)

Escalation = ReadModel(
    "rm_escalation",
    lambda: [
        id_column("escalation_id", primary_key=True),
        code("marac_area"),
        code("agency"),
        count("missed"),
        count("of_meetings"),
        day("raised_on"),
    ],
    indexes=[("raised_on",)],
    description="An escalation of an agency that keeps missing meetings",
)
