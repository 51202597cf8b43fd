"""Capture stores a document whole or not at all, with its index columns and lineage."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from tests import factories as f
from tests.standards import STANDARDS, standards_path
from txng.db import transaction
from txng.epcis.capture import SUCCEEDED, capture, capture_parsed
from txng.epcis.document import parse_document
from txng.epcis.hash import document_hash_ids
from txng.epcis.models import CaptureJob, Event, EventEpc, LineageEdge, VocabularyElement
from txng.errors import Conflict, InvalidInput, TxngError

TABLES = (Event, EventEpc, LineageEdge, CaptureJob, VocabularyElement)


def counts(db) -> dict[str, int]:
    return {t.__tablename__: db.scalar(select(func.count()).select_from(t)) for t in TABLES}


def store(sessions, doc):
    with transaction(sessions) as db_session:
        return capture_parsed(db_session=db_session, document=doc)


def test_capture_stores_events_with_index_columns(sessions, db):
    job = store(sessions, f.document(f.object_event(), f.aggregation_event()))
    assert (job.state, job.event_count) == (SUCCEEDED, 2)
    events = db.scalars(select(Event).order_by(Event.id)).all()
    assert [e.type for e in events] == ["ObjectEvent", "AggregationEvent"]
    first = events[0]
    assert first.biz_step == "https://ref.gs1.org/cbv/BizStep-commissioning"
    assert first.disposition == "https://ref.gs1.org/cbv/Disp-active"
    assert first.read_point == "https://id.gs1.org/414/8934567000024"
    assert first.event_id == first.event_hash
    assert first.event_hash.startswith("ni:///sha-256;") and first.event_hash.endswith(
        "?ver=CBV2.0")
    assert first.document["eventID"] == first.event_id
    assert first.document["recordTime"].endswith("Z")
    epcs = db.scalars(select(EventEpc.epc).where(EventEpc.event_pk == first.id)
                      .order_by(EventEpc.epc)).all()
    assert epcs == [f"https://id.gs1.org/01/08934567000017/21/{n}" for n in (1, 2, 3)]


def test_capture_sets_record_time_on_the_server(sessions, db):
    store(sessions, f.document(f.object_event(recordTime="2001-01-01T00:00:00Z")))
    event = db.scalars(select(Event)).one()
    assert event.record_time.year >= 2026
    assert not event.document["recordTime"].startswith("2001")


def test_capture_keeps_given_event_id(sessions, db):
    store(sessions, f.document(f.object_event(eventID="urn:uuid:1b7f0c9e-0e38-4f64-9b4a-"
                                                      "6c1e2f3a4b5c")))
    event = db.scalars(select(Event)).one()
    assert event.event_id == "urn:uuid:1b7f0c9e-0e38-4f64-9b4a-6c1e2f3a4b5c"
    assert event.event_hash.startswith("ni:///sha-256;")


def test_capture_writes_lineage_edges(sessions, db):
    store(sessions, f.document(f.transformation_event(transformationID="urn:uuid:t-1"),
                               f.aggregation_event()))
    edges = db.execute(select(LineageEdge.source, LineageEdge.target, LineageEdge.kind)
                       .order_by(LineageEdge.id)).all()
    lot = "https://id.gs1.org/01/08934567000017/10/LOT-A1"
    items = [f"https://id.gs1.org/01/08934567000017/21/{n}" for n in (1, 2, 3)]
    sscc = "https://id.gs1.org/00/089345670000000017"
    assert edges == (
        [(lot, "urn:uuid:t-1", "transformation")]
        + [("urn:uuid:t-1", item, "transformation") for item in items]
        + [(sscc, item, "aggregation") for item in items])


def test_disaggregation_writes_no_lineage(sessions, db):
    store(sessions, f.document(f.aggregation_event(action="DELETE")))
    assert db.scalar(select(func.count()).select_from(LineageEdge)) == 0


def test_capture_is_whole_or_nothing(sessions, db):
    before = counts(db)
    bad = f.object_event(eventTime="2026-03-01T08:00:00")
    with pytest.raises(InvalidInput) as raised:
        store(sessions, f.document(f.object_event(), f.aggregation_event(), bad))
    assert any(e.event == 2 and "eventTime" in e.field for e in raised.value.errors)
    assert counts(db) == before


def test_capture_refuses_an_event_id_already_stored(sessions, db):
    event = f.object_event(eventID="urn:uuid:5d7f0c9e-0e38-4f64-9b4a-6c1e2f3a4b5c")
    store(sessions, f.document(event))
    before = counts(db)
    with pytest.raises(Conflict, match="5d7f0c9e"):
        store(sessions, f.document(f.aggregation_event(), event))
    assert counts(db) == before


def test_capture_refuses_an_event_id_repeated_in_the_document(sessions, db):
    event = f.object_event(eventID="urn:uuid:6d7f0c9e-0e38-4f64-9b4a-6c1e2f3a4b5c")
    with pytest.raises(InvalidInput) as raised:
        store(sessions, f.document(event, event))
    assert [(e.field, e.event) for e in raised.value.errors] == [("eventList[1].eventID", 1)]
    assert counts(db)["epcis_event"] == 0


def test_capture_stores_master_data(sessions, db):
    header = {"epcisMasterData": {"vocabularyList": [{
        "type": "urn:epcglobal:epcis:vtype:BusinessLocation",
        "vocabularyElementList": [{"id": f.FACTORY, "attributes": [
            {"id": "urn:epcglobal:cbv:mda:name", "attribute": "Nhà máy nước mắm Hòn Mê"}]}]}]}}
    store(sessions, f.document(f.object_event(), epcisHeader=header))
    element = db.scalars(select(VocabularyElement)).one()
    assert element.element_id == f.FACTORY
    assert element.attributes[0]["attribute"] == "Nhà máy nước mắm Hòn Mê"


def _location(*attributes: tuple[str, str], children: list[str]) -> dict:
    return {"epcisMasterData": {"vocabularyList": [{
        "type": "urn:epcglobal:epcis:vtype:BusinessLocation",
        "vocabularyElementList": [{"id": f.FACTORY, "children": children, "attributes": [
            {"id": key, "attribute": value} for key, value in attributes]}]}]}}


def test_capture_adds_to_known_master_data(sessions, db):
    name, city = "urn:epcglobal:cbv:mda#name", "urn:epcglobal:cbv:mda#city"
    store(sessions, f.document(epcisHeader=_location((name, "Nhà máy"), (city, "Thanh Hóa"),
                                                      children=[f.FARM])))
    store(sessions, f.document(epcisHeader=_location((name, "Nhà máy Hòn Mê"),
                                                      children=[f.FARM, f.FACTORY + ".1"])))
    element = db.scalars(select(VocabularyElement)).one()
    assert {a["id"]: a["attribute"] for a in element.attributes} == {
        name: "Nhà máy Hòn Mê", city: "Thanh Hóa"}
    assert element.children == [f.FARM, f.FACTORY + ".1"]


def test_capture_of_ten_thousand_events(sessions, db):
    events = [f.object_event(epcList=[f.SGTIN.format(serial=f"{n}-{k}") for k in range(3)])
              for n in range(10_000)]
    job = store(sessions, f.document(*events))
    assert job.event_count == 10_000
    assert db.scalar(select(func.count()).select_from(EventEpc)) == 30_000


def _valid_documents() -> list[str]:
    root = STANDARDS / "epcis"
    files = sorted(root.glob("JSON/**/*.jsonld")) + sorted(
        root.glob("openepcis-test-resources/JSON/Capture/Documents/*.json")) + sorted(
        root.glob("XML/**/*.xml")) + sorted(
        root.glob("openepcis-test-resources/XML/Capture/Documents/*.xml"))
    # Capture-job and query documents are answers of the REST binding, not capture input.
    return [str(p.relative_to(root)) for p in files
            if "EPCISQueryDocument" not in p.name and "CaptureJob" not in p.parts]


# Examples shipped as valid that break a rule of the standard; capture refuses each,
# naming the fault (the words are checked).
NOT_CONFORMANT = {
    "openepcis-test-resources/JSON/Capture/Documents/Combination_of_different_event.json":
        "8003/030013450007718765",  # GRAI check digit is 6, the file has 5
    "openepcis-test-resources/XML/Capture/Documents/Combination_of_different_event.xml":
        "8003/030013450007718765",
    "openepcis-test-resources/JSON/Capture/Documents/SensorData_with_combined_events.json":
        "Molar_concentration",  # not a GS1 Web Vocabulary measurement type
    "openepcis-test-resources/XML/Capture/Documents/SensorData_with_combined_events.xml":
        "8003/952012200000001004",  # GRAI without its leading 0
    "openepcis-test-resources/JSON/Capture/Documents/TransactionEvent_with_userExtensions.json":
        "EffectiveDoseRate",
    "openepcis-test-resources/XML/Capture/Documents/JumbledFieldsOrder.xml":
        "not expected",  # breaks the XSD's element order, as Invalid/..._wrong_element_order
    "openepcis-test-resources/XML/Capture/Documents/Namespace_document.xml":
        "not expected",  # events in the epcis namespace; the XSD wants them unqualified
    "openepcis-test-resources/XML/Capture/Documents/epcisDocWithAllGS1Keys.xml":
        "more than once",  # one SSCC twice in an epcList (the schema's uniqueItems)
}


@pytest.mark.parametrize("name", _valid_documents() or ["(absent)"])
def test_capture_official_valid_document(sessions, db, name):
    path = standards_path("epcis", name)
    media_type = "application/xml" if path.suffix == ".xml" else "application/ld+json"
    data = path.read_bytes()
    if name in NOT_CONFORMANT:
        with pytest.raises(InvalidInput, match=NOT_CONFORMANT[name]), \
                transaction(sessions) as db_session:
            capture(db_session=db_session, data=data, media_type=media_type, inline=True)
        assert counts(db)["epcis_event"] == 0
        return
    with transaction(sessions) as db_session:
        job = capture(db_session=db_session, data=data, media_type=media_type, inline=True)
    assert job.state == SUCCEEDED
    stored = counts(db)
    assert stored["epcis_event"] == job.event_count
    # Master-data documents carry no events, only vocabulary elements.
    assert job.event_count > 0 or stored["vocabulary_element"] > 0


def test_error_declaration_is_stored_beside_its_event(sessions, db):
    event = f.object_event(eventID="urn:uuid:8d7f0c9e-0e38-4f64-9b4a-6c1e2f3a4b5c")
    declared = dict(event, errorDeclaration={"declarationTime": "2026-03-02T08:00:00+07:00",
                                             "reason": "incorrect_data"})
    store(sessions, f.document(event, declared))
    rows = db.execute(select(Event.event_id, Event.declaration_time)).all()
    assert len(rows) == 2 and {r.event_id for r in rows} == {event["eventID"]}
    with pytest.raises(Conflict):
        store(sessions, f.document(declared))


def _invalid_documents() -> list[str]:
    root = STANDARDS / "epcis" / "openepcis-test-resources"
    files = sorted(root.glob("JSON/Capture/Invalid/*.json")) + sorted(
        root.glob("XML/Capture/Invalid/*.xml"))
    return [str(p.relative_to(root)) for p in files]


@pytest.mark.parametrize("name", _invalid_documents() or ["(absent)"])
def test_capture_refuses_official_invalid_document(sessions, db, name):
    path = standards_path("epcis", "openepcis-test-resources", name)
    media_type = "application/xml" if path.suffix == ".xml" else "application/json"
    before = counts(db)
    with pytest.raises(TxngError) as raised, transaction(sessions) as db_session:
        capture(db_session=db_session, data=path.read_bytes(), media_type=media_type,
                inline=True)
    assert 400 <= raised.value.status < 500
    assert counts(db) == before


def test_event_document_round_trips_json(sessions, db):
    doc = f.document(f.object_event(**{"txng:note": {"txng:grade": "A", "txng:text": "Lô đẹp"}}))
    store(sessions, doc)
    stored = db.scalars(select(Event)).one().document
    assert stored["txng:note"] == {"txng:grade": "A", "txng:text": "Lô đẹp"}
    assert json.loads(json.dumps(stored)) == stored


def test_one_event_written_several_ways_is_stored_once(sessions, db):
    """The WithEventHashID files hold one event each, written differently and with no
    eventID; each gets its hash ID, so a file whose event hashes like an earlier one is
    refused as a duplicate (file 2 changes the timezone offset, so it is another event)."""
    files = sorted(standards_path("epcis", "XML", "WithEventHashID").glob("*.xml"))
    stored: set[str] = set()
    for path in files:
        data = path.read_bytes()
        (event_hash,) = document_hash_ids(parse_document(data, "application/xml"))
        if event_hash in stored:
            with pytest.raises(Conflict, match="already captured"), \
                    transaction(sessions) as db_session:
                capture(db_session=db_session, data=data, media_type="application/xml",
                        inline=True)
        else:
            with transaction(sessions) as db_session:
                capture(db_session=db_session, data=data, media_type="application/xml",
                        inline=True)
            stored.add(event_hash)
    assert len(files) - len(stored) >= 4
    assert counts(db)["epcis_event"] == len(stored)
