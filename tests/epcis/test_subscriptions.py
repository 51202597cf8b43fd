"""Subscriptions: signed webhooks to a real HTTP receiver, WebSockets, schedules, and a
subscription outliving the server that took it."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests import factories as f
from txng.app import create_app
from txng.config import Settings
from txng.db import transaction
from txng.epcis.capture import capture_parsed
from txng.epcis.query.models import Subscription
from txng.epcis.query.schedule import Schedule
from txng.epcis.query.subscriptions import deliver_due

TOKEN = "13df38d8275b13f05704629e5f1cf3d45d6132d5"
QUERY = {"name": "shipping", "query": {"EQ_bizStep": ["shipping"]}}


class Receiver:
    """A subscriber's callback: a real HTTP server on the loopback."""

    def __init__(self, status: int = 200) -> None:
        self.status, self.calls = status, []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.calls.append((self.headers, body))
                self.send_response(receiver.status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/callback"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def events(self) -> list[str]:
        return [e["eventID"] for _, body in self.calls for e in
                json.loads(body)["epcisBody"]["queryResults"]["resultsBody"]["eventList"]]


@pytest.fixture
def receiver():
    receiver = Receiver()
    yield receiver
    receiver.server.shutdown()


def app_for(engine, **settings):
    url = engine.url.render_as_string(hide_password=False)
    return create_app(Settings(database_url=url, worker=False, **{
        "subscriptions": False, "subscription_poll_seconds": 0.05, **settings}))


@pytest.fixture
def client(engine, sessions):
    with TestClient(app_for(engine)) as client:
        yield client


def capture(sessions, *events) -> None:
    with transaction(sessions) as db_session:
        capture_parsed(db_session=db_session, document=f.document(*events), actor="owner")


def shipping(n: int) -> dict:
    return f.object_event(eventID=f"urn:uuid:ship-{n}", bizStep="shipping", action="OBSERVE")


def subscribe(client, receiver, **body):
    assert client.post("/queries", json=QUERY).status_code == 201
    response = client.post("/queries/shipping/subscriptions",
                           json={"dest": receiver.url, "signatureToken": TOKEN, **body})
    assert response.status_code == 201, response.text
    return response


def test_stream_webhook_gets_only_later_events_signed(client, sessions, receiver):
    capture(sessions, shipping(0))
    response = subscribe(client, receiver, stream=True)
    assert response.headers["Location"].startswith("/queries/shipping/subscriptions/")
    capture(sessions, shipping(1), f.object_event(eventID="urn:uuid:other"), shipping(2))
    assert deliver_due(sessions=sessions) == 1
    assert receiver.events() == ["urn:uuid:ship-1", "urn:uuid:ship-2"]
    headers, body = receiver.calls[0]
    expected = hmac.new(TOKEN.encode(), body, hashlib.sha256).hexdigest()
    assert headers["GS1-Signature"] == f"sha256={expected}"
    assert deliver_due(sessions=sessions) == 0
    capture(sessions, shipping(3))
    deliver_due(sessions=sessions)
    assert receiver.events()[-1] == "urn:uuid:ship-3"


def test_failed_delivery_is_retried_with_the_same_events(client, sessions, receiver):
    subscribe(client, receiver, stream=True)
    receiver.status = 500
    capture(sessions, shipping(1))
    assert deliver_due(sessions=sessions) == 0
    with sessions() as db:
        (subscription,) = db.scalars(select(Subscription)).all()
        assert subscription.failures == 1 and "500" in subscription.last_error
    receiver.status = 200
    assert deliver_due(sessions=sessions) == 1
    assert receiver.events() == ["urn:uuid:ship-1", "urn:uuid:ship-1"]


def test_scheduled_webhook_runs_when_due(client, sessions, receiver):
    subscribe(client, receiver, schedule={"minute": "0"}, reportIfEmpty=True)
    capture(sessions, shipping(1))
    with sessions() as db:
        due = db.scalars(select(Subscription)).one().next_run_at
    assert due.minute == 0 and due.second == 0
    assert deliver_due(sessions=sessions, moment=datetime(2000, 1, 1, tzinfo=UTC)) == 0
    assert deliver_due(sessions=sessions, moment=due) == 1
    assert receiver.events() == ["urn:uuid:ship-1"]


def test_subscription_survives_a_restart(engine, sessions, receiver):
    with TestClient(app_for(engine)) as first:
        subscribe(first, receiver, stream=True)
    capture(sessions, shipping(1))
    with TestClient(app_for(engine, subscriptions=True)):
        deadline = time.monotonic() + 20
        while not receiver.calls and time.monotonic() < deadline:
            time.sleep(0.05)
    assert receiver.events() == ["urn:uuid:ship-1"]


def test_subscriptions_are_listed_and_deleted(client, receiver):
    location = subscribe(client, receiver, stream=True).headers["Location"]
    (listed,) = client.get("/queries/shipping/subscriptions").json()
    assert listed["dest"] == receiver.url and "signatureToken" not in listed
    assert client.get(location).json()["stream"] is True
    assert client.delete(location).status_code == 204
    assert client.get(location).status_code == 404
    assert client.get("/queries/shipping/subscriptions").json() == []


def test_deleting_the_query_ends_its_subscriptions(client, sessions, receiver):
    subscribe(client, receiver, stream=True)
    assert client.delete("/queries/shipping").status_code == 204
    with sessions() as db:
        assert db.scalars(select(Subscription)).all() == []


@pytest.mark.parametrize("body, field", [
    ({"dest": "ftp://x", "stream": True}, "dest"),
    ({"dest": "http://127.0.0.1:9/cb"}, "stream"),
    ({"dest": "http://127.0.0.1:9/cb", "stream": True, "schedule": {"hour": "1"}}, "stream"),
    ({"dest": "http://127.0.0.1:9/cb", "schedule": {"hour": "25"}}, "schedule"),
    ({"dest": "http://127.0.0.1:9/cb", "schedule": {"fortnight": "1"}}, "schedule"),
    ({"dest": "http://127.0.0.1:9/cb", "stream": True, "initialRecordTime": "soon"},
     "initialRecordTime"),
])
def test_bad_subscriptions_are_refused(client, body, field):
    assert client.post("/queries", json=QUERY).status_code == 201
    response = client.post("/queries/shipping/subscriptions", json=body)
    assert response.status_code == 400
    assert response.json()["type"] == "epcisException:QueryParameterException"
    assert field in response.json()["detail"]


def test_subscribing_to_an_unknown_query(client):
    response = client.post("/queries/nothing/subscriptions",
                           json={"dest": "http://127.0.0.1:9/cb", "stream": True})
    assert response.status_code == 404
    assert response.json()["type"] == "epcisException:NoSuchNameException"


def test_websocket_stream(client, sessions):
    capture(sessions, shipping(0))
    assert client.post("/queries", json=QUERY).status_code == 201
    with client.websocket_connect("/queries/shipping/events?stream=true") as socket:
        capture(sessions, f.object_event(eventID="urn:uuid:other"), shipping(1))
        message = socket.receive_json()
    events = message["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
    assert [e["eventID"] for e in events] == ["urn:uuid:ship-1"]
    assert message["epcisBody"]["queryResults"]["queryName"] == "shipping"


def test_websocket_without_a_trigger_is_refused(client):
    assert client.post("/queries", json=QUERY).status_code == 201
    with client.websocket_connect("/queries/shipping/events") as socket:
        problem = socket.receive_json()
    assert problem["type"] == "epcisException:QueryParameterException"


@pytest.mark.parametrize("fields, after, expected", [
    ({"hour": "1", "minute": "5"}, datetime(2026, 3, 1, 1, 5, tzinfo=UTC),
     datetime(2026, 3, 2, 1, 5, tzinfo=UTC)),
    ({"minute": "[10-12],30"}, datetime(2026, 3, 1, 1, 12, 0, tzinfo=UTC),
     datetime(2026, 3, 1, 1, 30, tzinfo=UTC)),
    ({"dayOfWeek": "1", "hour": "0", "minute": "0"}, datetime(2026, 3, 4, tzinfo=UTC),
     datetime(2026, 3, 9, tzinfo=UTC)),
    ({"month": "2", "dayOfMonth": "29", "hour": "0", "minute": "0"},
     datetime(2026, 3, 1, tzinfo=UTC), datetime(2028, 2, 29, tzinfo=UTC)),
])
def test_schedule(fields, after, expected):
    assert Schedule.parse(fields).next_after(after) == expected
