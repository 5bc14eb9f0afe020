"""Read models of MATAC: nominations, RFGV scores and interventions."""

from reporting.columns import code, day, flag, id_column, number
from reporting.read_models import ReadModel

Nomination = ReadModel(
    "rm_matac_nomination",
    lambda: [
        id_column("nomination_id", primary_key=True),
        code("marac_area"),
        day("nominated_on"),
        code("source"),
        flag("serial_perpetrator"),
    ],
    indexes=[("nominated_on",)],
    description="A perpetrator nominated to MATAC",
)

Score = ReadModel(
    "rm_matac_score",
    lambda: [
        id_column("nomination_id", primary_key=True),
        code("stage", primary_key=True),
        day("scored_on", primary_key=True),
        code("marac_area"),
        number("score"),
    ],
    indexes=[("scored_on",)],
    description="An RFGV score of a nomination at entry, review or exit",
)

Intervention = ReadModel(
    "rm_matac_intervention",
    lambda: [
        id_column("intervention_id", primary_key=True),
        id_column("nomination_id"),
        code("marac_area"),
        code("kind"),
        code("provider", nullable=True),
        day("started_on"),
    ],
    indexes=[("started_on",)],
    description="An intervention with a nominated perpetrator",
)
