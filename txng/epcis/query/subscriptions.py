"""Subscriptions to named queries: webhooks (streamed or scheduled) and WebSockets.

A subscription owes its subscriber every current event that matches the query and was
captured after it subscribed. How far delivery has got is the subscription's row
(``last_event_pk``), so a restarted server carries on where the last one stopped, and
a failed delivery is retried with the same events. Webhook bodies are signed with the
subscriber's ``signatureToken``: ``GS1-Signature: sha256=<HMAC-SHA256 of the body>``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import urllib.request
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from txng.db import transaction
from txng.epcis.capture import iso, now, parse_time
from txng.epcis.models import Event
from txng.epcis.query import render
from txng.epcis.query.builder import conditions
from txng.epcis.query.models import Subscription
from txng.epcis.query.named import get_query, parsed
from txng.epcis.query.params import EventQuery
from txng.epcis.query.schedule import Schedule
from txng.epcis.query.visibility import Viewer, visible_event
from txng.errors import EPCIS_NO_SUCH_SUBSCRIPTION, FieldError, NotFound, QueryParameterError

log = logging.getLogger(__name__)
BATCH = 500
TIMEOUT_SECONDS = 10


def create_subscription(*, db_session: Session, query_name: str, body: dict[str, Any],
                        viewer: Viewer) -> Subscription:
    """Subscribe ``body["dest"]`` to a named query (``stream: true`` or a ``schedule``)."""
    named = get_query(db_session=db_session, name=query_name)
    dest, stream, schedule = body.get("dest"), body.get("stream"), body.get("schedule")
    errors = []
    if not isinstance(dest, str) or not dest.startswith(("http://", "https://")):
        errors.append(FieldError("dest", "the subscriber's callback, an http(s) URL"))
    errors += _trigger_errors(stream, schedule)
    token = body.get("signatureToken")
    if token is not None and not isinstance(token, str):
        errors.append(FieldError("signatureToken", "must be a string"))
    if errors:
        raise QueryParameterError.listing(errors)
    start = _start(db_session, body.get("initialRecordTime"))
    subscription = Subscription(
        id=str(uuid.uuid4()), query_name=named.name, dest=dest, signature_token=token,
        stream=bool(stream), schedule=schedule, report_if_empty=bool(body.get("reportIfEmpty")),
        viewer_party=viewer.party, created_at=now(), last_event_pk=start, failures=0,
        next_run_at=Schedule.parse(schedule).next_after(now()) if schedule else None)
    db_session.add(subscription)
    db_session.flush()
    return subscription


def start_position(*, db_session: Session, query_name: str, params: dict[str, Any]) -> int:
    """Check a WebSocket subscription's trigger and name where its events begin."""
    get_query(db_session=db_session, name=query_name)
    stream = params.get("stream")
    schedule = {k: v for k, v in params.items() if k in Schedule.FIELDS}
    errors = _trigger_errors(stream == "true" if stream is not None else None, schedule or None)
    if errors:
        raise QueryParameterError.listing(errors)
    return _start(db_session, params.get("initialRecordTime"))


def get_subscription(*, db_session: Session, query_name: str,
                     subscription_id: str) -> Subscription:
    subscription = db_session.get(Subscription, subscription_id)
    if subscription is None or subscription.query_name != query_name:
        raise NotFound(f"No subscription '{subscription_id}' to query '{query_name}'",
                       type=EPCIS_NO_SUCH_SUBSCRIPTION)
    return subscription


def list_subscriptions(*, db_session: Session, query_name: str) -> list[Subscription]:
    get_query(db_session=db_session, name=query_name)
    return list(db_session.scalars(select(Subscription).where(
        Subscription.query_name == query_name).order_by(Subscription.created_at)))


def describe(subscription: Subscription) -> dict[str, Any]:
    """A subscription as the binding shows it (the secret is never shown)."""
    out: dict[str, Any] = {"subscriptionID": subscription.id, "dest": subscription.dest,
                           "createdAt": iso(subscription.created_at),
                           "reportIfEmpty": subscription.report_if_empty}
    if subscription.stream:
        out["stream"] = True
    if subscription.schedule:
        out["schedule"] = subscription.schedule
    if subscription.last_notified_at:
        out["lastNotifiedAt"] = iso(subscription.last_notified_at)
    return out


def new_events(db_session: Session, query: EventQuery, *, viewer: Viewer,
               after_pk: int, limit: int = BATCH) -> tuple[list[dict[str, Any]], int]:
    """The query's events captured after ``after_pk``, oldest first, as ``viewer`` may
    see them, and the position reached."""
    rows = db_session.execute(
        select(Event.id, Event.document, Event.owner)
        .where(*conditions(db_session, query, viewer=viewer), Event.id > after_pk)
        .order_by(Event.id).limit(limit)).all()
    events = [visible_event(document, owner=owner, viewer=viewer) for _, document, owner in rows]
    return events, (rows[-1][0] if rows else after_pk)


def deliver_due(*, sessions: sessionmaker[Session], moment: datetime | None = None) -> int:
    """Send every webhook what it is owed now; return how many deliveries succeeded."""
    moment = moment or now()
    with sessions() as db_session:
        due = [sub.id for sub in db_session.scalars(select(Subscription).where(
            Subscription.dest.isnot(None)))
               if sub.stream or (sub.next_run_at and sub.next_run_at <= moment)]
    return sum(_deliver(sessions, subscription_id, moment) for subscription_id in due)


def signature(token: str, body: bytes) -> str:
    return "sha256=" + hmac.new(token.encode(), body, hashlib.sha256).hexdigest()


def _deliver(sessions: sessionmaker[Session], subscription_id: str, moment: datetime) -> bool:
    with transaction(sessions) as db_session:
        subscription = db_session.get(Subscription, subscription_id, with_for_update=True)
        if subscription is None:
            return False
        query = parsed(get_query(db_session=db_session, name=subscription.query_name))
        viewer = Viewer(party=subscription.viewer_party)
        events, reached = new_events(db_session, query, viewer=viewer,
                                     after_pk=subscription.last_event_pk)
        if subscription.schedule:
            subscription.next_run_at = Schedule.parse(subscription.schedule).next_after(moment)
        if not events and not (subscription.schedule and subscription.report_if_empty):
            return False
        body = json.dumps(render.query_document(
            [render.answer_event(event, render.epc_converter(None)) for event in events],
            query_name=subscription.query_name, subscription_id=subscription.id),
            ensure_ascii=False).encode()
        try:
            _post(subscription.dest, body, subscription.signature_token)
        except OSError as exc:
            # The position stays: the same events go again at the next attempt.
            subscription.failures += 1
            subscription.last_error = f"{moment.isoformat()}: {exc}"[:2000]
            log.warning("subscription %s: delivery to %s failed: %s", subscription.id,
                        subscription.dest, exc)
            return False
        subscription.last_event_pk, subscription.last_notified_at = reached, moment
        subscription.failures, subscription.last_error = 0, None
        return True


def _post(dest: str, body: bytes, token: str | None) -> None:
    headers = {"Content-Type": "application/json", "GS1-EPCIS-Version": "2.0.0"}
    if token:
        headers["GS1-Signature"] = signature(token, body)
    request = urllib.request.Request(dest, data=body, headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
        if response.status >= 300:
            raise OSError(f"the subscriber answered {response.status}")


def _trigger_errors(stream: Any, schedule: Any) -> list[FieldError]:
    if stream and schedule:
        return [FieldError("stream", "a subscription streams or follows a schedule, not both")]
    if not stream and not schedule:
        return [FieldError("stream", "set stream to true, or give a schedule")]
    if stream is not None and not isinstance(stream, bool):
        return [FieldError("stream", "must be true or false")]
    if schedule:
        try:
            Schedule.parse(schedule)
        except ValueError as exc:
            return [FieldError("schedule", str(exc))]
    return []


def _start(db_session: Session, initial_record_time: Any) -> int:
    """The position a new subscriber starts from: now, or ``initialRecordTime``."""
    stmt = select(func.coalesce(func.max(Event.id), 0))
    if initial_record_time is not None:
        try:
            moment = parse_time(str(initial_record_time))
        except ValueError:
            raise QueryParameterError(f"initialRecordTime: '{initial_record_time}' is not a "
                                      "timestamp with a timezone offset") from None
        stmt = stmt.where(Event.record_time < moment)
    return db_session.scalar(stmt)
