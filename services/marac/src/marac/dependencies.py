"""`Annotated` dependency aliases of marac's views."""

from typing import Annotated

from fastapi import Depends, Request

from marac.settings import MaracSettings


def get_settings(request: Request) -> MaracSettings:
    return request.app.state.settings


Settings = Annotated[MaracSettings, Depends(get_settings)]
