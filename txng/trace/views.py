"""Trace routes: ``GET /trace/back?id=...`` and ``GET /trace/forward?id=...``."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query

from txng.deps import DbSession
from txng.trace.service import MAX_DEPTH, trace

router = APIRouter()


@router.get("/trace/{direction}")
def trace_route(direction: Literal["back", "forward"], db_session: DbSession,
                id: str = Query(..., description="EPC URN, EPC class URN (a lot) or GS1 "
                                "Digital Link URI"),
                depth: int = Query(MAX_DEPTH, ge=1, le=MAX_DEPTH)) -> dict:
    """Where ``id`` came from (back) or went to (forward): lots, items, locations,
    parties, events and the steps between them."""
    return trace(db_session=db_session, identifier=id, direction=direction,
                 depth=depth).as_dict()
