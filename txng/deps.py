"""Request dependencies shared by every domain's routes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from txng.config import Settings
from txng.epcis.query.visibility import PUBLIC, Viewer


def get_db(request: Request) -> Iterator[Session]:
    """One transaction per request, committed after the route returns, before the
    response leaves; rolled back whole when the route raises."""
    with request.app.state.sessions() as db_session, db_session.begin():
        yield db_session


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


# scope="function": commit before the response is sent, so a 202 means it is stored.
DbSession = Annotated[Session, Depends(get_db, scope="function")]
AppSettings = Annotated[Settings, Depends(get_settings)]


def get_viewer(request: Request) -> Viewer:
    """Who is reading. Until accounts exist every caller is the public."""
    return PUBLIC


CurrentViewer = Annotated[Viewer, Depends(get_viewer)]
