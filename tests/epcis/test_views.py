"""The REST capture binding: 202 + Location, job states, limits and problem+json errors."""

from __future__ import annotations

import json
import time

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests import factories as f
from txng.app import create_app
from txng.config import Settings
from txng.epcis.jobs import run_pending
from txng.epcis.models import CaptureJob, Event, EventEpc, LineageEdge

PROBLEM = "application/problem+json"


def make_client(engine, **settings) -> TestClient:
    url = engine.url.render_as_string(hide_password=False)
    return TestClient(create_app(Settings(database_url=url, **{"worker": False, **settings})))


@pytest.fixture
def client(engine, sessions):
    with make_client(engine) as client:
        yield client


def event_rows(db) -> tuple[int, int, int]:
    return tuple(db.scalar(select(func.count()).select_from(t))
                 for t in (Event, EventEpc, LineageEdge))


def post(client, body: bytes, content_type="application/ld+json", path="/capture"):
    return client.post(path, content=body, headers={"Content-Type": content_type})


def test_capture_answers_202_with_location(client):
    response = post(client, f.as_bytes(f.document(f.object_event())))
    assert response.status_code == 202, response.text
    assert response.headers["GS1-EPCIS-Version"] == "2.0.0"
    job = client.get(response.headers["Location"]).json()
    assert (job["running"], job["success"], job["eventCount"]) == (False, True, 1)


def test_capture_options_tell_the_limits(client):
    response = client.options("/capture")
    assert response.status_code == 204
    assert response.headers["GS1-EPCIS-Capture-Limit"] == "50000"
    assert int(response.headers["GS1-EPCIS-Capture-File-Size-Limit"]) > 0


def test_capture_xml(client, db):
    xml = b"""<?xml version="1.0" encoding="UTF-8"?>
<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2" schemaVersion="2.0"
    creationDate="2026-03-01T10:00:00Z">
  <EPCISBody><EventList><ObjectEvent>
    <eventTime>2026-03-01T08:00:00.000+07:00</eventTime>
    <eventTimeZoneOffset>+07:00</eventTimeZoneOffset>
    <epcList><epc>urn:epc:id:sgtin:8934567.000001.1</epc></epcList>
    <action>ADD</action><bizStep>urn:epcglobal:cbv:bizstep:commissioning</bizStep>
  </ObjectEvent></EventList></EPCISBody>
</epcis:EPCISDocument>"""
    response = post(client, xml, "application/xml")
    assert response.status_code == 202, response.text
    assert db.scalar(select(Event.biz_step)) == "https://ref.gs1.org/cbv/BizStep-commissioning"


def test_post_single_event(client, db):
    response = post(client, json.dumps(f.object_event()).encode(), path="/events")
    assert response.status_code == 202, response.text
    assert event_rows(db)[0] == 1


def test_get_capture_job_not_found(client):
    response = client.get("/capture/nope")
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM
    assert "nope" in response.json()["detail"]


def test_large_document_is_queued_and_stored_by_the_worker(engine, sessions, db):
    doc = f.document(*[f.object_event(epcList=[f.SGTIN.format(serial=n)]) for n in range(300)])
    with make_client(engine, sync_capture_bytes=1000) as client:
        response = post(client, f.as_bytes(doc))
        assert response.status_code == 202
        assert client.get(response.headers["Location"]).json()["running"] is True
        assert event_rows(db)[0] == 0
        assert run_pending(sessions=sessions, settings=client.app.state.settings) == 1
        job = client.get(response.headers["Location"]).json()
    assert (job["running"], job["success"], job["eventCount"]) == (False, True, 300)
    assert event_rows(db)[0] == 300


def test_server_worker_thread_processes_jobs(engine, sessions):
    doc = f.document(*[f.object_event(epcList=[f.SGTIN.format(serial=n)]) for n in range(50)])
    with make_client(engine, sync_capture_bytes=1000, worker=True,
                     worker_poll_seconds=0.05) as client:
        location = post(client, f.as_bytes(doc)).headers["Location"]
        for _ in range(200):
            job = client.get(location).json()
            if not job["running"]:
                break
            time.sleep(0.05)
    assert (job["running"], job["success"], job["eventCount"]) == (False, True, 50)


def test_failed_job_reports_errors_and_stores_nothing(engine, sessions, db):
    events = [f.object_event(epcList=[f.SGTIN.format(serial=n)]) for n in range(30)]
    events.append(f.object_event(eventTime="2026-03-01T08:00:00"))
    with make_client(engine, sync_capture_bytes=100) as client:
        location = post(client, f.as_bytes(f.document(*events))).headers["Location"]
        run_pending(sessions=sessions, settings=client.app.state.settings)
        job = client.get(location).json()
    assert (job["running"], job["success"]) == (False, False)
    assert "eventTime" in json.dumps(job["errors"])
    assert event_rows(db) == (0, 0, 0)
    assert db.scalars(select(CaptureJob.payload)).one() is None


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2">&lol3;</epcis:EPCISDocument>"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2">&xxe;</epcis:EPCISDocument>"""


def _doc(**event_fields) -> bytes:
    return f.as_bytes(f.document(f.object_event(**event_fields)))


BAD_INPUTS = [
    ("malformed JSON", b'{"type": "EPCISDocument", ', "application/json", 400, "Malformed JSON"),
    ("malformed XML", b"<epcis:EPCISDocument><oops></epcis:EPCISDocument>", "application/xml",
     400, "XML"),
    ("XXE", XXE, "application/xml", 400, "DOCTYPE"),
    ("billion laughs", BILLION_LAUGHS, "application/xml", 400, "DOCTYPE"),
    ("wrong check digit", _doc(epcList=["https://id.gs1.org/01/08934567000019/21/1"]),
     "application/json", 400, "check digit"),
    ("unknown event type", _doc(type="FooEvent"), "application/json", 400, "FooEvent"),
    ("missing eventTime", _doc(eventTime=None), "application/json", 400, "eventTime"),
    ("eventTime without timezone", _doc(eventTime="2026-03-01T08:00:00"), "application/json",
     400, "eventTime"),
    ("EPC not a URN", _doc(epcList=["not-a-urn"]), "application/json", 400, "not-a-urn"),
    ("unsupported media type", b"hello", "image/png", 415, "media type"),
]


@pytest.mark.parametrize(("name", "body", "content_type", "status", "words"), BAD_INPUTS,
                         ids=[case[0] for case in BAD_INPUTS])
def test_bad_input_is_refused_with_a_problem(client, db, name, body, content_type, status,
                                             words):
    response = post(client, body, content_type)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    problem = response.json()
    assert words.lower() in json.dumps(problem, ensure_ascii=False).lower()
    assert event_rows(db) == (0, 0, 0)
    assert db.scalar(select(func.count()).select_from(CaptureJob)) == 0


def test_document_over_the_size_limit_is_refused(engine, sessions, db):
    with make_client(engine, capture_max_bytes=2000) as client:
        doc = f.document(*[f.object_event() for _ in range(20)])
        response = post(client, f.as_bytes(doc))
    assert response.status_code == 413
    assert "2,000 bytes" in response.json()["detail"]
    assert event_rows(db) == (0, 0, 0)


def test_document_over_the_event_limit_is_refused(engine, sessions, db):
    with make_client(engine, capture_limit=5) as client:
        response = post(client, f.as_bytes(f.document(*[f.object_event()] * 6)))
    assert response.status_code == 413
    assert "at most 5" in response.json()["detail"]


def test_duplicate_event_id_is_refused(client, db):
    body = _doc(eventID="urn:uuid:7d7f0c9e-0e38-4f64-9b4a-6c1e2f3a4b5c")
    assert post(client, body).status_code == 202
    response = post(client, body)
    assert response.status_code == 409
    assert "7d7f0c9e" in response.json()["detail"]
    assert event_rows(db)[0] == 1


def test_error_names_event_index_and_field(client):
    doc = f.document(f.object_event(), f.object_event(action="MOVE"))
    problem = post(client, f.as_bytes(doc)).json()
    assert problem["type"] == "epcisException:ValidationException"
    assert any(e.get("event") == 1 and "action" in e["field"] for e in problem["errors"])


def test_unsupported_epcis_version_header(client):
    response = client.post("/capture", content=_doc(),
                           headers={"Content-Type": "application/json",
                                    "GS1-EPCIS-Version": "1.2"})
    assert response.status_code == 406
