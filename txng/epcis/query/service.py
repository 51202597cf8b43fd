"""Running queries: pages of events, page tokens, limits, and the lists of what the
repository holds (bizSteps, bizLocations, readPoints, dispositions, EPCs)."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from txng.epcis.capture import parse_time
from txng.epcis.models import Event, EventEpc
from txng.epcis.query.builder import event_select
from txng.epcis.query.params import EventQuery
from txng.epcis.query.visibility import Viewer, visible_event
from txng.errors import QueryParameterError, QueryTooLarge

DEFAULT_PER_PAGE = 30
MAX_PER_PAGE = 10_000


@dataclass(frozen=True)
class Page:
    """One page of an answer: the events as the viewer may see them, and the token of
    the next page (None on the last)."""

    events: list[dict[str, Any]]
    next_token: str | None


def query_events(*, db_session: Session, query: EventQuery, viewer: Viewer,
                 per_page: int | None = None, page_token: str | None = None) -> Page:
    """One page of the events ``query`` matches, in its order."""
    per_page = _per_page(per_page)
    position = _read_token(page_token, query) if page_token else None
    after, returned = (position[0], position[1]) if position else (None, 0)
    if position is None and query.max_event_count is not None:
        _refuse_too_large(db_session, query, viewer)
    size = per_page
    if query.event_count_limit is not None:
        size = min(size, query.event_count_limit - returned)
    # The connection, not the session: Session.execute adds its ORM bookkeeping to
    # every call (about 0.14 ms), more than an indexed lookup costs.
    rows = db_session.connection().execute(
        event_select(db_session, query, viewer=viewer, after=after).limit(size + 1)).all()
    more = len(rows) > size
    rows = rows[:size]
    events = [visible_event(document, owner=owner, viewer=viewer)
              for _, _, document, owner in rows]
    token = None
    if more and rows and (query.event_count_limit is None
                          or returned + len(rows) < query.event_count_limit):
        _, key, _, _ = rows[-1]
        token = _make_token(query, (key, rows[-1][0]), returned + len(rows))
    return Page(events=events, next_token=token)


def event_by_id(*, db_session: Session, event_id: str, viewer: Viewer) -> dict[str, Any] | None:
    """The current record of one event (its latest error declaration, if any)."""
    row = db_session.execute(select(Event.document, Event.owner).where(
        Event.event_id == event_id, Event.superseded.is_(False))).first()
    return visible_event(row.document, owner=row.owner, viewer=viewer) if row else None


def distinct_values(*, db_session: Session, resource: str, per_page: int | None = None,
                    page_token: str | None = None) -> tuple[list[str], str | None]:
    """A page of the distinct values of ``resource`` (bizSteps, bizLocations, readPoints,
    dispositions, epcs) found in current events, sorted."""
    column = {"bizSteps": Event.biz_step, "dispositions": Event.disposition,
              "bizLocations": Event.biz_location, "readPoints": Event.read_point,
              "epcs": EventEpc.epc}[resource]
    per_page = _per_page(per_page)
    stmt = select(distinct(column)).where(column.isnot(None)).order_by(column)
    if resource != "epcs":
        stmt = stmt.where(Event.superseded.is_(False))
    else:
        stmt = stmt.where(EventEpc.role.in_(("epc", "child", "input", "output", "parent")))
    if page_token:
        stmt = stmt.where(column > _decode(page_token).get("after", ""))
    values = list(db_session.scalars(stmt.limit(per_page + 1)))
    token = _encode({"after": values[per_page - 1]}) if len(values) > per_page else None
    return values[:per_page], token


def _refuse_too_large(db_session: Session, query: EventQuery, viewer: Viewer) -> None:
    limit = query.max_event_count
    matched = db_session.scalar(select(func.count()).select_from(
        event_select(db_session, query, viewer=viewer).order_by(None)
        .limit(limit + 1).subquery()))
    if matched > limit:
        raise QueryTooLarge(f"The query matches more than maxEventCount={limit} events; "
                            "narrow it or raise maxEventCount")


def _per_page(per_page: int | None) -> int:
    if per_page is None:
        return DEFAULT_PER_PAGE
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise QueryParameterError(f"perPage: {per_page} must be between 1 and {MAX_PER_PAGE:,}")
    return per_page


def _make_token(query: EventQuery, after: tuple[Any, int], returned: int) -> str:
    key, pk = after
    # Full precision: a token rounded to milliseconds would repeat rows recorded within one.
    return _encode({"q": query.fingerprint,
                    "k": key.isoformat() if isinstance(key, datetime) else key,
                    "id": pk, "n": returned})


def _read_token(token: str, query: EventQuery) -> tuple[tuple[Any, int], int]:
    data = _decode(token)
    if data.get("q") != query.fingerprint:
        raise QueryParameterError("nextPageToken: this token belongs to another query; "
                                  "repeat the query's parameters with its token")
    try:
        key = parse_time(data["k"]) if query.order_key()[0] else int(data["k"])
        return (key, int(data["id"])), int(data["n"])
    except (KeyError, TypeError, ValueError):
        raise QueryParameterError("nextPageToken: the token is damaged") from None


def _encode(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()) \
        .decode().rstrip("=")


def _decode(token: str) -> dict[str, Any]:
    try:
        data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        if not isinstance(data, dict):
            raise ValueError(token)
        return data
    except (ValueError, UnicodeDecodeError):
        raise QueryParameterError(f"nextPageToken: '{token[:40]}' is not a page token of "
                                  "this server") from None
