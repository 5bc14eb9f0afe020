"""referral-hub's routing rules are the partnership file's: rules that name a service or
provider the partnership does not have stop referral-hub's start, saying where."""

import copy
import json
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from csp_common.partnership import PartnershipFileError
from csp_devtools.partnerships import FENMOOR
from csp_devtools.testing.partnership import partnership_file
from referral_hub.settings import ReferralHubSettings

NORTH_YORKSHIRE = json.loads(
    (resources.files("csp_common.partnerships") / "north-yorkshire.json").read_text()
)


def _another_partnerships_service(rules: list[dict[str, Any]]) -> None:
    rules[0]["service"] = "harbour_outreach"


def _wrong_provider(rules: list[dict[str, Any]]) -> None:
    rules[1]["provider"] = "foundation"


def _empty_condition(rules: list[dict[str, Any]]) -> None:
    rules[2]["when"] = [{}]


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (_another_partnerships_service, "rules.0.service: Value error, not a service of"),
        (_wrong_provider, "idas_refuge is a service of idas, not foundation"),
        (_empty_condition, "rules.2.when.0: Value error, a condition needs at least one of"),
    ],
)
def test_rules_the_partnership_cannot_run_stop_the_start(
    tmp_path: Path, change: Callable[[list[dict[str, Any]]], None], said: str
) -> None:
    data = copy.deepcopy(NORTH_YORKSHIRE)
    change(data["routing"]["rules"])
    path = tmp_path / "partnership.json"
    path.write_text(json.dumps(data))
    with partnership_file(path), pytest.raises(PartnershipFileError) as refused:
        ReferralHubSettings()
    assert str(refused.value).startswith(f"The partnership file {path} is not valid: routing")
    assert said in str(refused.value)


def test_another_partnership_routes_to_its_own_providers() -> None:
    with partnership_file(FENMOOR):
        rules = ReferralHubSettings().routing.rules
    assert [(r.provider, r.service) for r in rules] == [
        ("harbour-light", "harbour_outreach"),
        ("harbour-light", "harbour_sanctuary"),
        ("new-tide", "new_tide_programme"),
    ]
    assert {r.provider for r in ReferralHubSettings().routing.rules} == {"idas", "foundation"}
