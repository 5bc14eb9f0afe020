"""dhr-tracker's settings: the platform's, plus the review workflow and its clocks.

The stages, the moves between them and the statutory clocks are data (JSON in the
environment: `DHR_TRACKER_WORKFLOW`, `DHR_TRACKER_CLOCKS`), with the 2016 statutory
guidance as the default, so a partnership or a change in the law (the Victims and
Prisoners Act 2024) changes them without a deployment. The sealed identity's keys come
from the environment too (`DHR_TRACKER_SEALED_KEYS='{"2025-01": "<base64 key>"}'`,
`DHR_TRACKER_SEALED_ACTIVE_KEY=2025-01`); without them the sealed identity cannot be
written or read, and the rest of the service works.

A review's chronology is asked of referral-hub and marac (`DHR_TRACKER_REFERRAL_HUB_URL`,
`DHR_TRACKER_MARAC_URL`) with a `dhr:chronology` token the operator provisions
(`DHR_TRACKER_CHRONOLOGY_TOKEN`).
"""

from functools import cached_property
from zoneinfo import ZoneInfo

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from csp_common.sealing import Cipher, SealError
from csp_common.settings import ServiceSettings
from dhr_tracker.fields import Code
from dhr_tracker.workflow.clocks import ClockPolicy, Milestone, guidance_2016_clocks
from dhr_tracker.workflow.rules import Workflow, guidance_2016

SEED_THEMES = {
    "training_and_communications": "Multi-agency training and communications plans and strategies",
    "marac_arrangements": "MARAC arrangements, including partners' accountability and engagement",
    "risk_assessment": "Effective use of risk assessments",
    "same_sex_relationships": "Domestic abuse within same sex relationships",
    "older_people": "Domestic abuse and older people",
    "professional_curiosity": "The importance of professional curiosity",
}
"""The common themes of the partnership's recommendations (its 2024 committee report)."""


class DhrSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="DHR_TRACKER_", env_file=".env", extra="ignore")

    service_name: str = "dhr-tracker"
    database_url: str = "sqlite+aiosqlite:///./.local/dhr-tracker.db"
    reference_prefix: str = Field(
        default="DHR",
        pattern=r"^[A-Z][A-Z0-9]{0,9}$",
        description="References read PREFIX-YEAR-NN (DARDR under the 2024 Act, say)",
    )
    civil_time_zone: str = Field(
        default="Europe/London", description="Decides which day it is for every clock"
    )
    workflow: Workflow = Field(default_factory=guidance_2016)
    clocks: ClockPolicy = Field(default_factory=guidance_2016_clocks)
    sealed_keys: dict[str, SecretStr] = Field(
        default_factory=dict, description="Key id -> base64url AES-256 key"
    )
    sealed_active_key: str | None = Field(default=None, description="The key new seals use")
    deadline_check_seconds: float = Field(
        default=900, gt=0, description="How often the scheduler looks for missed deadlines"
    )
    deadline_scheduler_enabled: bool = True
    erasure_consumer_group: str = Field(
        default="dhr-tracker-erasures",
        description="Kafka consumer group of the consumer of referral-hub's erasures",
    )
    max_draft_bytes: int = Field(default=50 * 1024 * 1024, description="Largest draft to check")
    publication_stage: str = Field(
        default="published", description="The stage a report is published in"
    )
    require_clean_check_before_publication: bool = Field(
        default=True,
        description="A move to published needs an anonymisation check that found nothing, "
        "made after the sealed identity last changed",
    )

    recommendation_themes: dict[Code, str] = Field(
        default_factory=lambda: dict(SEED_THEMES),
        min_length=1,
        description="Theme code -> label, the themes recommendations are filed under",
    )
    report_recipients: tuple[Code, ...] = Field(
        default=("home_office", "secretary_of_state", "domestic_abuse_commissioner"),
        min_length=1,
        description="Who a review's report may be sent to",
    )
    required_report_recipients: tuple[Code, ...] = Field(
        default=("home_office", "secretary_of_state", "domestic_abuse_commissioner"),
        description="Who must get the overview report (the Home Office; under the Victims "
        "and Prisoners Act 2024, the Secretary of State and the Domestic Abuse Commissioner)",
    )
    qa_submission_stage: str = Field(default="submitted_to_qa")
    qa_outcome_stage: str = Field(default="qa_outcome")
    referral_hub_url: str = Field(
        default="http://127.0.0.1:8001", description="referral-hub, asked for person histories"
    )
    marac_url: str = Field(
        default="http://127.0.0.1:8002", description="marac, asked for person histories"
    )
    chronology_token: SecretStr | None = Field(
        default=None,
        description="A bearer token with dhr:chronology that the operator provisions; "
        "without it every source of a chronology is reported unavailable",
    )
    chronology_timeout_seconds: float = Field(
        default=10, gt=0, le=120, description="How long one source may take to answer"
    )

    @model_validator(mode="after")
    def _consistent(self) -> "DhrSettings":
        ZoneInfo(self.civil_time_zone)
        stages = set(self.workflow.stages)
        if not set(self.required_report_recipients) <= set(self.report_recipients):
            raise ValueError("required_report_recipients must be report_recipients")
        for name in ("publication_stage", "qa_submission_stage", "qa_outcome_stage"):
            if getattr(self, name) not in stages:
                raise ValueError(f"{name} is not a stage of the workflow")
        for spec in self.clocks.clocks:
            for milestone in (spec.starts, spec.met_by):
                _check_milestone(spec.name, milestone, stages, self.workflow)
        if self.sealed_keys or self.sealed_active_key:
            try:
                self.cipher  # noqa: B018 - a malformed key stops the service at start
            except SealError as error:
                raise ValueError(str(error)) from None
        return self

    @cached_property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.civil_time_zone)

    @cached_property
    def cipher(self) -> Cipher | None:
        if not self.sealed_keys and self.sealed_active_key is None:
            return None
        keys = {key_id: secret.get_secret_value() for key_id, secret in self.sealed_keys.items()}
        return Cipher(keys, active=self.sealed_active_key or "")


def _check_milestone(clock: str, milestone: Milestone, stages: set[str], flow: Workflow) -> None:
    if milestone.stage not in stages:
        raise ValueError(f"clock {clock} names a stage the workflow does not have")
    for key, value in milestone.when.items():
        if value not in flow.attributes.get(key, ()):
            raise ValueError(f"clock {clock}: {key}={value} is not an attribute of the workflow")
