"""The codes the hub figures list come from the partnership's configuration: another
partnership's hubs, kinds, outcomes and ladder need no change of code."""

from csp_common.hub_configuration import HubArea, HubsConfiguration, InterventionKind
from csp_common.partnership import load_partnership
from reporting.hubs.service import HubCodes, ordered


def test_the_default_partnership_s_codes() -> None:
    codes = HubCodes.of(load_partnership())
    assert codes.hubs == (
        "craven",
        "hambleton",
        "harrogate",
        "richmondshire",
        "ryedale",
        "scarborough",
        "selby",
        "york",
    )
    assert codes.kinds[0] == "asb_personal"
    assert "no_further_action" in codes.outcomes
    ladder = codes.interventions
    assert ladder.index("warning_letter") < ladder.index("community_protection_notice")
    assert codes.intervention_name("civil_injunction") == "Civil injunction"
    assert codes.kind_name("asb_environmental") == "Environmental anti-social behaviour"
    assert codes.kind_name("reoffending") == "Reoffending"
    assert codes.hub_name("york") == "York"


def test_another_partnership_s_codes() -> None:
    default = load_partnership()
    hubs = HubsConfiguration(
        areas=[HubArea(code="lindsey", name="Lindsey"), HubArea(code="kesteven", name="Kesteven")],
        case_kinds=["street_drinking", "asb_personal"],
        closing_outcomes=["closed"],
        interventions=[
            InterventionKind(
                code="dispersal_direction",
                name="Dispersal direction",
                ladder="behaviour",
                step=1,
                target="person",
                statutory=True,
            )
        ],
    )
    codes = HubCodes.of(default.model_copy(update={"hubs": hubs}))
    assert codes.hubs == ("lindsey", "kesteven")
    assert codes.kinds == ("street_drinking", "asb_personal")
    assert codes.outcomes == ("closed",)
    assert codes.interventions == ("dispersal_direction",)
    assert codes.kind_name("street_drinking") == "Street drinking"
    assert codes.intervention_name("dispersal_direction") == "Dispersal direction"
    assert codes.intervention_name("closure_order") == "Closure order"  # named by events only


def test_configured_codes_come_first_then_the_others_seen() -> None:
    assert ordered({"york", "elsewhere", "craven"}, ("york", "selby")) == [
        "york",
        "selby",
        "craven",
        "elsewhere",
    ]
