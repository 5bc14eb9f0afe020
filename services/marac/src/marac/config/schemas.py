"""An area's configuration as `GET /v1/config/areas` answers it."""

from pydantic import Field

from marac.policy import AreaConfig


class AreaConfigOut(AreaConfig):
    marac_area: str
    customised: bool = Field(description="False while the area runs on the defaults")
