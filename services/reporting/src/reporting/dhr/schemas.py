"""Response model of the Domestic Homicide Review figures."""

from pydantic import ConfigDict, Field

from reporting.figures import Figures, ReviewTally, Setting, Tally
from reporting.schemas import Count


class ReviewCounts(Figures):
    notified: ReviewTally = Field(
        description="Deaths notified for a review since 1 January of `since`"
    )
    commissioned: ReviewTally = Field(
        description="Of those, reviews commissioned (a decision to review)"
    )
    published: ReviewTally
    awaiting_publication: ReviewTally = Field(
        description="Approved by the Home Office quality assurance panel, not yet published"
    )
    in_progress: ReviewTally = Field(description="Commissioned and not yet published")
    overdue: ReviewTally = Field(
        description="Commissioned, not yet published, and past a statutory deadline"
    )


class RecommendationCounts(Figures):
    total: Tally
    by_status: dict[str, Tally] = Field(description="open, in_progress, completed, not_accepted")
    by_theme: dict[str, dict[str, Tally]] = Field(
        description="Per theme: total and each status (for reviews counted, where made)"
    )


class DhrStats(Figures):
    """Domestic Homicide Reviews notified since a year: where they stand, how long their
    stages took, their recommendations, and their victims."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "since": 2018,
                "reviews": {
                    "notified": 5,
                    "commissioned": 5,
                    "published": 3,
                    "awaiting_publication": 1,
                    "in_progress": 2,
                    "overdue": 0,
                },
                "by_stage": {"panel_established": 1, "awaiting_publication": 1, "published": 3},
                "by_circumstances": {"homicide": 4, "suspected_suicide": 1, "other": 0},
                "median_days_in_stage": {"notified": 21, "scoping": 30},
                "recommendations": {
                    "total": 12,
                    "by_status": {"open": 2, "in_progress": 3, "completed": 7, "not_accepted": 0},
                    "by_theme": {
                        "training": {
                            "total": 5,
                            "open": 1,
                            "in_progress": 1,
                            "completed": 3,
                            "not_accepted": 0,
                        }
                    },
                },
                "victims": {
                    "age_band": {"25_34": "suppressed", "35_44": "suppressed"},
                    "gender": {"female": "suppressed", "male": "suppressed"},
                    "ethnicity": {"white": "suppressed"},
                },
                "threshold": 5,
            }
        }
    )

    since: Setting = Field(description="Reviews notified from 1 January of this year")
    reviews: ReviewCounts
    by_stage: dict[str, ReviewTally] = Field(
        description="Where each review stands now, in the workflow's order"
    )
    by_circumstances: dict[str, ReviewTally]
    median_days_in_stage: dict[str, float] = Field(
        description="Median days reviews spent in each stage they have left"
    )
    recommendations: RecommendationCounts
    victims: dict[str, dict[str, Count]] = Field(
        description="The victims' age band, gender and ethnic group: characteristics of "
        "people, protected as small numbers (with few reviews a year, all suppressed)"
    )
    threshold: Setting
