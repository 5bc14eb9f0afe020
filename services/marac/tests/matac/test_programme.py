"""MATAC refers to the perpetrator programme the partnership file names, and a
partnership that names none refuses the referral (422) rather than inventing one."""

import json
from importlib import resources
from pathlib import Path

import pytest
from pydantic import ValidationError

from csp_common.partnership import load_partnership
from csp_devtools.partnerships import FENMOOR
from csp_devtools.testing.partnership import partnership_file
from marac.matac.schemas import InterventionIn


def test_the_programme_is_the_partnerships() -> None:
    assert load_partnership().marac.perpetrator_programme.provider == "foundation"  # type: ignore[union-attr]
    with partnership_file(FENMOOR):
        programme = load_partnership().marac.perpetrator_programme
        assert programme is not None
        assert (programme.provider, programme.programme) == ("new-tide", "new_tide_programme")
        assert InterventionIn(kind="support", plus_choices_referral=True).plus_choices_referral


def test_a_partnership_without_one_refuses_the_referral(tmp_path: Path) -> None:
    data = json.loads(
        (resources.files("csp_common.partnerships") / "north-yorkshire.json").read_text()
    )
    del data["marac"]["perpetrator_programme"]
    path = tmp_path / "no-programme.json"
    path.write_text(json.dumps(data))
    with partnership_file(path):
        with pytest.raises(ValidationError, match="has no perpetrator programme"):
            InterventionIn(kind="support", plus_choices_referral=True)
        assert InterventionIn(kind="support").plus_choices_referral is False
