"""The partnership file: both partnerships' files load, and a file that is not valid
stops a service's start with an error naming the file and what is wrong in it."""

import copy
import json
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from csp_common.partnership import PartnershipFileError, load_partnership
from csp_devtools.partnerships import FENMOOR
from csp_devtools.testing.partnership import partnership_file

NORTH_YORKSHIRE = json.loads(
    (resources.files("csp_common.partnerships") / "north-yorkshire.json").read_text()
)


@pytest.fixture
def write(tmp_path: Path) -> Callable[[dict[str, Any]], str]:
    def save(data: dict[str, Any]) -> str:
        path = tmp_path / f"partnership-{len(list(tmp_path.iterdir()))}.json"
        path.write_text(json.dumps(data))
        return str(path)

    return save


def changed(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    data = copy.deepcopy(NORTH_YORKSHIRE)
    change(data)
    return data


def test_the_default_and_the_made_up_partnership_load() -> None:
    default = load_partnership()
    assert default.code == "north-yorkshire"
    assert default.provider_of("foundation_plus_choices") == "foundation"
    fenmoor = load_partnership(str(FENMOOR))
    assert fenmoor.provider_codes == ["harbour-light", "new-tide"]
    assert fenmoor.marac_area("brackwater-eelsby").meetings.case_cap == 12  # type: ignore[union-attr]
    assert fenmoor.marac.attendance.missed == 2
    shared = set(fenmoor.area_codes + fenmoor.marac_area_codes + fenmoor.service_codes)
    assert not shared & set(default.area_codes + default.marac_area_codes + default.service_codes)
    assert not {a.code for a in fenmoor.agencies} & {a.code for a in default.agencies}


def test_the_file_named_by_the_environment_is_the_partnership() -> None:
    with partnership_file(FENMOOR):
        assert load_partnership().name == "Fenmoor and Saltmere Community Safety Partnership"
    assert load_partnership().code == "north-yorkshire"


def _provider_not_an_agency(data: dict[str, Any]) -> None:
    data["providers"][0]["agency"] = "probation"


def _service_twice(data: dict[str, Any]) -> None:
    data["providers"][1]["services"].append(data["providers"][0]["services"][0])


def _unknown_expected_agency(data: dict[str, Any]) -> None:
    data["marac_areas"][2]["meetings"]["expected_agencies"].append("leeds-police")


def _no_meetings(data: dict[str, Any]) -> None:
    del data["marac_areas"][0]["meetings"]


def _cap_too_high(data: dict[str, Any]) -> None:
    data["marac_areas"][0]["meetings"]["case_cap"] = 500


def _attendance_backwards(data: dict[str, Any]) -> None:
    data["marac"]["attendance"] = {"missed": 7, "of_meetings": 6}


def _programme_not_a_provider(data: dict[str, Any]) -> None:
    data["marac"]["perpetrator_programme"]["provider"] = "probation"


def _provider_called_marac(data: dict[str, Any]) -> None:
    data["agencies"].append({"code": "marac", "name": "MARAC", "kind": "provider"})
    data["providers"].append({"agency": "marac", "services": [{"code": "x", "name": "X"}]})


def _hub_outside(data: dict[str, Any]) -> None:
    data["hubs"]["areas"].append({"code": "leeds", "name": "Leeds"})


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (_provider_not_an_agency, "provider probation: not an agency of kind provider"),
        (_service_twice, "service codes given twice: idas_community_support"),
        (_unknown_expected_agency, "MARAC area york: expected_agencies names agencies"),
        (_no_meetings, "marac_areas.0.meetings: Field required"),
        (_cap_too_high, "marac_areas.0.meetings.case_cap: Input should be less than or equal"),
        (_attendance_backwards, "missed must not be greater than of_meetings"),
        (_programme_not_a_provider, "perpetrator_programme: probation is not one of the providers"),
        (_provider_called_marac, "providers: marac is the code of a route to MARAC"),
        (_hub_outside, "hubs.areas: not areas of the partnership: ['leeds']"),
    ],
)
def test_a_file_that_is_not_valid_says_where_and_what(
    write: Callable[[dict[str, Any]], str], change: Callable[[dict[str, Any]], None], said: str
) -> None:
    path = write(changed(change))
    with pytest.raises(PartnershipFileError) as refused:
        load_partnership(path)
    message = str(refused.value)
    assert message.startswith(f"The partnership file {path} is not valid:")
    assert said in message


def test_a_file_that_cannot_be_read_says_so(tmp_path: Path) -> None:
    missing = tmp_path / "missing.json"
    with pytest.raises(PartnershipFileError, match=f"{missing} cannot be read"):
        load_partnership(str(missing))
    broken = tmp_path / "broken.json"
    broken.write_text('{"code": "north-yorkshire",')
    with pytest.raises(PartnershipFileError, match=f"{broken} cannot be read"):
        load_partnership(str(broken))
