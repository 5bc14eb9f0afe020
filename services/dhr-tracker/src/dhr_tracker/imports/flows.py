"""dhr-tracker's imports on the service kit's engine: reviews, then their
recommendations. `POST /v1/imports/{kind}` takes the file and answers a job to poll."""

from csp_common.imports import Columns, ImportKind, Imports
from dhr_tracker.access import MANAGE
from dhr_tracker.imports.models import TABLES
from dhr_tracker.imports.schemas import RecommendationRow, ReviewRow
from dhr_tracker.imports.service import store_recommendations, store_reviews

IDEMPOTENT = (
    " Each row is idempotent by its `source_reference`: importing a file again imports "
    "nothing twice (those rows are counted as skipped)."
)


def _flat(model: type, *nested: str) -> Columns:
    """CSV and XLSX columns without the nested lists (those come in NDJSON)."""
    columns = Columns.of(model)
    return Columns(
        paths={name: path for name, path in columns.paths.items() if path[0] not in nested},
        required=frozenset(c for c in columns.required if c.split(".")[0] not in nested),
        lists=frozenset(c for c in columns.lists if c.split(".")[0] not in nested),
    )


REVIEWS = ImportKind(
    name="reviews",
    model=ReviewRow,
    store=store_reviews,
    columns=_flat(ReviewRow, "moves"),
    summary="Import reviews from the partnership's records",
    description=(
        "Scope `dhr:manage` (a token with an area imports that area's reviews). Each row is "
        "a notification, its panel's agencies and, in NDJSON, the `moves` it went through: "
        "replayed through the workflow as `POST /v1/reviews/{id}/transitions` would take "
        "them (a publication needs no anonymisation check here: it was checked before). "
        "References are given as for a notification (PREFIX-YEAR-NN)." + IDEMPOTENT
    ),
    analyze=("review", "review_move"),
)
RECOMMENDATIONS = ImportKind(
    name="recommendations",
    model=RecommendationRow,
    store=store_recommendations,
    columns=_flat(RecommendationRow, "actions"),
    summary="Import the recommendations of reviews",
    description=(
        "Scope `dhr:manage`. `review` names a review you manage by its `source_reference` "
        "or its `reference`. A `completed` one needs its evidence and every action done; "
        "`actions` come in NDJSON." + IDEMPOTENT
    ),
    analyze=("recommendation",),
)

IMPORTS = Imports(tables=TABLES, kinds=[REVIEWS, RECOMMENDATIONS], scope=MANAGE)
