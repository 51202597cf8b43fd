"""The EPCIS 2.0 query language and REST query binding over events captured through
the capture path, on SQLite and PostgreSQL."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from tests import factories as f
from tests.epcis import query_data as data
from txng.app import create_app
from txng.config import Settings
from txng.epcis.document import parse_document
from txng.epcis.query.params import parse_query
from txng.epcis.query.service import query_events
from txng.epcis.query.visibility import PUBLIC, Viewer
from txng.gs1 import canonical_epc

PROBLEM = "application/problem+json"
EXT = {"GS1-Extensions": data.EXTENSIONS}


@pytest.fixture
def client(engine, sessions):
    data.capture_chain(sessions)
    url = engine.url.render_as_string(hide_password=False)
    with TestClient(create_app(Settings(database_url=url, worker=False))) as client:
        yield client


def ids(response) -> list[str]:
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["type"] == "EPCISQueryDocument"
    return [e["eventID"] for e in body["epcisBody"]["queryResults"]["resultsBody"]["eventList"]]


def get_ids(client, headers=None, **params) -> list[str]:
    return sorted(ids(client.get("/events", params={"perPage": 100, **params},
                                 headers=headers)))


def e(*numbers: int) -> list[str]:
    return sorted(f"urn:uuid:e{n}" for n in numbers)


@pytest.mark.parametrize("params, expected", [
    ({}, e(1, 2, 3, 4, 5, 6)),
    ({"eventType": "AggregationEvent"}, e(2)),
    ({"eventType": "AggregationEvent|TransformationEvent"}, e(2, 5)),
    ({"EQ_action": "OBSERVE"}, e(3, 4, 6)),
    ({"EQ_bizStep": "shipping|receiving"}, e(3, 4)),
    ({"EQ_bizStep": "https://ref.gs1.org/cbv/BizStep-shipping"}, e(3)),
    ({"EQ_bizStep": "urn:epcglobal:cbv:bizstep:shipping"}, e(3)),
    ({"EQ_disposition": "in_transit"}, e(3)),
    ({"GE_eventTime": "2026-03-02T00:00:00+07:00", "LT_eventTime": "2026-03-04T00:00:00+07:00"},
     e(3, 4)),
    ({"GE_recordTime": "2000-01-01T00:00:00Z"}, e(1, 2, 3, 4, 5, 6)),
    ({"LT_recordTime": "2000-01-01T00:00:00Z"}, []),
    ({"EQ_readPoint": data.DOCK}, e(4)),
    ({"EQ_bizLocation": canonical_epc(data.DOCK)}, e(4)),
    ({"EQ_bizLocation": f.FACTORY}, e(1, 3)),
    ({"WD_bizLocation": f.FACTORY}, e(1, 3, 4)),
    ({"WD_readPoint": f.FACTORY}, e(1, 2, 3, 4, 5)),
    ({"EQ_transformationID": "urn:uuid:t1"}, e(5)),
    ({"EQ_eventID": "urn:uuid:e2|urn:uuid:e6"}, e(2, 6)),
    ({"MATCH_epc": f.SGTIN.format(serial=1)}, e(1, 2)),
    ({"MATCH_epc": canonical_epc(f.SGTIN.format(serial=1))}, e(1, 2)),
    ({"MATCH_epc": "urn:epc:idpat:sgtin:8934567.000001.*"}, e(1, 2)),
    ({"MATCH_epc": "urn:epc:idpat:sgtin:8934567.*.*"}, e(1, 2)),
    ({"MATCH_epc": "urn:epc:idpat:sscc:8934567.*"}, e(3, 4)),
    ({"MATCH_parentID": f.SSCC}, e(2)),
    ({"MATCH_outputEPC": f.SGTIN.format(serial=4)}, e(5)),
    ({"MATCH_anyEPC": f.SSCC}, e(2, 3, 4)),
    ({"MATCH_anyEPC": f.SGTIN.format(serial=5)}, e(5)),
    ({"MATCH_epcClass": f.LGTIN.format(lot="B2")}, e(6)),
    ({"MATCH_epcClass": "urn:epc:idpat:sgtin:8934567.000001.*"}, e(6)),
    ({"MATCH_inputEPCClass": f.LGTIN.format(lot="A1")}, e(5)),
    ({"MATCH_anyEPCClass": "urn:epc:idpat:sgtin:8934567.000001.*"}, e(5, 6)),
    ({"EXISTS_errorDeclaration": ""}, e(3)),
    ({"EQ_errorReason": "incorrect_data"}, e(3)),
    ({"EQ_correctiveEventID": "urn:uuid:e3b"}, e(3)),
    ({"GE_errorDeclaration_Time": "2026-03-05T00:00:00+07:00"}, e(3)),
    ({"EXISTS_ilmd": ""}, e(1)),
    ({"EXISTS_parentID": ""}, e(2)),
    ({"EXISTS_sensorElementList": ""}, []),
])
def test_query_parameters(client, params, expected):
    assert get_ids(client, **params) == expected


@pytest.mark.parametrize("params, expected", [
    ({"EQ_ILMD_txng:grade": "A"}, e(1)),
    ({"EQ_ILMD_txng:grade": "B"}, []),
    ({"GT_ILMD_txng:weight": "12"}, e(1)),
    ({"LT_ILMD_txng:weight": "12"}, []),
    ({"EXISTS_ILMD_txng:grade": ""}, e(1)),
    ({"EQ_txng:batchNote": "<script>alert(1)</script>"}, e(1)),
    ({"EQ_ILMD_https://txng.vn/ns/grade": "A"}, e(1)),
])
def test_extension_field_parameters(client, params, expected):
    assert get_ids(client, headers=EXT, **params) == expected


def test_the_prefix_of_the_query_need_not_be_the_prefix_of_the_capture(client):
    headers = {"GS1-Extensions": "vn=https://txng.vn/ns/"}
    assert get_ids(client, headers=headers, **{"EQ_ILMD_vn:grade": "A"}) == e(1)


def test_an_error_declaration_shows_the_event_once_with_the_declaration(client):
    events = client.get("/events", params={"EQ_eventID": "urn:uuid:e3"}).json()[
        "epcisBody"]["queryResults"]["resultsBody"]["eventList"]
    assert len(events) == 1
    assert events[0]["errorDeclaration"]["reason"] == "incorrect_data"


def test_answers_use_bare_cbv_words_and_digital_links_by_default(client):
    (event,) = client.get("/events", params={"EQ_eventID": "urn:uuid:e1"}).json()[
        "epcisBody"]["queryResults"]["resultsBody"]["eventList"]
    assert event["bizStep"] == "commissioning"
    assert event["epcList"][0] == canonical_epc(f.SGTIN.format(serial=1))
    assert event["bizLocation"]["id"] == canonical_epc(f.FACTORY)


def test_answers_in_epc_urns_on_request(client):
    response = client.get("/events", params={"EQ_eventID": "urn:uuid:e1"},
                          headers={"GS1-EPC-Format": "Always_EPC_URN"})
    event = response.json()["epcisBody"]["queryResults"]["resultsBody"]["eventList"][0]
    assert event["epcList"][0] == f.SGTIN.format(serial=1)
    assert event["bizLocation"]["id"] == f.FACTORY
    assert response.headers["GS1-EPC-Format"] == "Always_EPC_URN"


def test_the_public_does_not_see_private_fields(client):
    events = client.get("/events", params={"EQ_eventID": "urn:uuid:e1|urn:uuid:e3|urn:uuid:e6"}
                        ).json()["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
    for event in events:
        assert not {"bizTransactionList", "sourceList", "destinationList"} & set(event)
        for item in event.get("quantityList", []):
            assert "quantity" not in item and "epcClass" in item
    assert get_ids(client, EQ_bizTransaction_po=data.PO) == []
    assert get_ids(client, EQ_quantity="20") == []


@pytest.mark.parametrize("viewer, sees", [
    (Viewer(party=data.OWNER), True), (Viewer(sees_all=True), True),
    (Viewer(party="8934567000099"), False), (PUBLIC, False)])
def test_the_owner_sees_its_private_fields(client, db, viewer, sees):
    def run(**params):
        page = query_events(db_session=db, query=parse_query(params), viewer=viewer,
                            per_page=100)
        return page.events

    (event,) = run(EQ_eventID="urn:uuid:e1")
    assert ("bizTransactionList" in event) is sees
    assert len(run(EQ_bizTransaction_po=data.PO)) == (1 if sees else 0)
    assert len(run(EQ_source_owning_party=data.PGLN)) == (1 if sees else 0)
    assert len(run(EQ_quantity="20")) == (1 if sees else 0)
    assert len(run(GT_quantity="100")) == (1 if sees else 0)
    (sale,) = run(EQ_eventID="urn:uuid:e6")
    assert ("quantity" in sale["quantityList"][0]) is sees


def test_order_and_event_count_limit(client):
    response = client.get("/events", params={"orderBy": "eventTime", "orderDirection": "ASC",
                                             "eventCountLimit": 2})
    assert ids(response) == ["urn:uuid:e5", "urn:uuid:e1"]
    response = client.get("/events", params={"orderBy": "eventTime", "eventCountLimit": 1})
    assert ids(response) == ["urn:uuid:e6"]


def test_event_count_limit_holds_across_pages(client):
    seen, url = [], "/events?orderBy=eventTime&orderDirection=ASC&eventCountLimit=5&perPage=2"
    while url:
        response = client.get(url)
        seen += ids(response)
        url = _next(response)
    assert seen == ["urn:uuid:e5", "urn:uuid:e1", "urn:uuid:e2", "urn:uuid:e3", "urn:uuid:e4"]


@pytest.mark.parametrize("order", [{}, {"orderBy": "eventTime"},
                                   {"orderBy": "recordTime", "orderDirection": "ASC"}])
def test_pages_follow_the_link_header_to_the_end(client, order):
    seen, url = [], "/events?" + "&".join(f"{k}={v}" for k, v in
                                           {**order, "perPage": 2}.items())
    pages = 0
    while url:
        response = client.get(url)
        seen += ids(response)
        url = _next(response)
        pages += 1
    assert sorted(seen) == e(1, 2, 3, 4, 5, 6) and len(seen) == 6
    assert pages == 3


def test_epcs_resource_finds_the_same_events_by_urn_and_digital_link(client):
    by_urn = ids(client.get(f"/epcs/{quote(f.SSCC, safe='')}/events"))
    by_dl = ids(client.get(f"/epcs/{canonical_epc(f.SSCC)}/events"))
    assert sorted(by_urn) == sorted(by_dl) == e(2, 3, 4)


def test_resource_lists_and_their_events(client):
    assert "shipping" in client.get("/bizSteps").json()["member"]
    assert "in_transit" in client.get("/dispositions").json()["member"]
    assert canonical_epc(data.DOCK) in client.get("/bizLocations").json()["member"]
    assert data.DOCK in client.get("/readPoints", headers={
        "GS1-EPC-Format": "Always_EPC_URN"}).json()["member"]
    assert ids(client.get("/bizSteps/receiving/events")) == ["urn:uuid:e4"]
    assert ids(client.get("/dispositions/retail_sold/events")) == ["urn:uuid:e6"]
    assert ids(client.get(f"/bizLocations/{quote(data.SHOP, safe='')}/events")) == ["urn:uuid:e6"]
    assert ids(client.get(f"/readPoints/{quote(data.DOCK, safe='')}/events")) == ["urn:uuid:e4"]
    assert ids(client.get("/eventTypes/AggregationEvent/events")) == ["urn:uuid:e2"]
    assert client.get("/eventTypes").json()["member"][0] == "ObjectEvent"
    assert client.get("/bizSteps/shipping").json()["member"] == ["events"]


def test_resource_lists_are_paged(client):
    first = client.get("/epcs", params={"perPage": 3})
    second = client.get(_next(first))
    assert len(first.json()["member"]) == 3
    assert not set(first.json()["member"]) & set(second.json()["member"])


def test_one_event_by_its_event_id(client):
    assert ids(client.get("/events/" + quote("urn:uuid:e4", safe=""))) == ["urn:uuid:e4"]
    response = client.get("/events/" + quote("urn:uuid:nothing", safe=""))
    assert response.status_code == 404


def test_discovery(client):
    response = client.options("/")
    assert response.status_code == 204
    assert response.headers["GS1-EPCIS-Version"] == "2.0.0"
    assert "Always_EPC_URN" in response.headers["GS1-EPC-Format"]
    assert "events" in client.get("/").json()["member"]


@pytest.mark.parametrize("params, field, exception", [
    ({"EQ_colour": "red"}, "EQ_colour", "QueryParameterException"),
    ({"GE_eventTime": "yesterday"}, "GE_eventTime", "QueryParameterException"),
    ({"GE_eventTime": "2026-03-01T00:00:00"}, "GE_eventTime", "QueryParameterException"),
    ({"MATCH_epc": "urn:epc:idpat:sgtin:8934567.*.42"}, "MATCH_epc", "QueryParameterException"),
    ({"MATCH_epc": "not an epc"}, "MATCH_epc", "QueryParameterException"),
    ({"MATCH_epc": "urn:epc:id:sgtin:8934567.000001.1|https://id.gs1.org/01/08934567000011"},
     "MATCH_epc", "QueryParameterException"),
    ({"EQ_bizStep": "shiping"}, "EQ_bizStep", "QueryParameterException"),
    ({"EQ_action": "MOVE"}, "EQ_action", "QueryParameterException"),
    ({"GT_quantity": "many"}, "GT_quantity", "QueryParameterException"),
    ({"orderBy": "colour"}, "orderBy", "QueryParameterException"),
    ({"orderBy": "eventTime", "orderDirection": "UP"}, "orderDirection",
     "QueryParameterException"),
    ({"eventCountLimit": 3}, "eventCountLimit", "QueryParameterException"),
    ({"orderBy": "eventTime", "eventCountLimit": 3, "maxEventCount": 3}, "eventCountLimit",
     "QueryParameterException"),
    ({"EQ_ILMD_nope:grade": "A"}, "EQ_ILMD_nope:grade", "QueryParameterException"),
    ({"perPage": "0"}, "perPage", "QueryParameterException"),
    ({"nextPageToken": "garbage!"}, "nextPageToken", "QueryParameterException"),
])
def test_bad_queries_are_refused_by_name(client, params, field, exception):
    response = client.get("/events", params=params)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    problem = response.json()
    assert problem["type"] == f"epcisException:{exception}"
    assert field in problem["detail"]


def test_max_event_count_exceeded(client):
    response = client.get("/events", params={"maxEventCount": 2})
    assert response.status_code == 413
    assert response.json()["type"] == "epcisException:QueryTooLargeException"
    assert len(ids(client.get("/events", params={"maxEventCount": 6}))) == 6


def test_a_page_token_of_another_query_is_refused(client):
    token = client.get("/events", params={"perPage": 1}).links["next"]["url"].split(
        "nextPageToken=")[1]
    response = client.get("/events", params={"EQ_action": "OBSERVE", "perPage": 1,
                                             "nextPageToken": token})
    assert response.status_code == 400
    assert "another query" in response.json()["detail"]


def test_named_queries(client):
    body = {"name": "shipments", "query": {"EQ_bizStep": ["shipping", "receiving"],
                                           "eventType": ["ObjectEvent"]}}
    response = client.post("/queries", json=body)
    assert response.status_code == 201
    assert response.headers["Location"] == "/queries/shipments"
    assert client.post("/queries", json=body).status_code == 409
    assert client.get("/queries").json() == [body]
    assert client.get("/queries/shipments").json() == body
    answer = client.get("/queries/shipments/events")
    assert sorted(ids(answer)) == e(3, 4)
    assert answer.json()["epcisBody"]["queryResults"]["queryName"] == "shipments"
    assert client.delete("/queries/shipments").status_code == 204
    response = client.get("/queries/shipments/events")
    assert response.status_code == 404
    assert response.json()["type"] == "epcisException:NoSuchNameException"


def test_named_query_keeps_its_extension_prefixes(client):
    body = {"name": "grade-a", "query": {"EQ_ILMD_txng:grade": ["A"]}}
    assert client.post("/queries", json=body, headers=EXT).status_code == 201
    assert ids(client.get("/queries/grade-a/events")) == ["urn:uuid:e1"]


@pytest.mark.parametrize("body, status", [
    ({"name": "x", "query": {"EQ_colour": ["red"]}}, 400),
    ({"name": "bad name/slash", "query": {}}, 400),
    ({"name": "x", "query": "all"}, 400),
    ({"query": {}}, 400),
])
def test_bad_named_queries_are_refused(client, body, status):
    response = client.post("/queries", json=body)
    assert response.status_code == status
    assert response.json()["type"] == "epcisException:QueryParameterException"
    assert client.get("/queries").json() == []


def test_malformed_named_query_json(client):
    response = client.post("/queries", content=b"{not json",
                           headers={"Content-Type": "application/json"})
    assert response.status_code == 400


def _next(response) -> str | None:
    link = response.links.get("next")
    return link["url"] if link else None


@pytest.mark.parametrize("cbv_format, shipping", [
    (None, "urn:epcglobal:cbv:bizstep:shipping"),
    ("Always_URN", "urn:epcglobal:cbv:bizstep:shipping"),
    ("Always_Web_URI", "https://ref.gs1.org/cbv/BizStep-shipping")])
def test_answers_in_xml(client, cbv_format, shipping):
    headers = {"Accept": "application/xml"}
    if cbv_format:
        headers["GS1-CBV-XML-Format"] = cbv_format
    response = client.get("/events", params={"EQ_bizStep": "shipping"}, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/xml")
    assert f"<bizStep>{shipping}</bizStep>".encode() in response.content
    document = parse_document(response.content, "application/xml")
    (event,) = document["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
    assert event["eventID"] == "urn:uuid:e3"
    assert "sourceList" not in event


def test_xml_answer_escapes_extension_text(client):
    response = client.get("/events", params={"EQ_eventID": "urn:uuid:e1"},
                          headers={"Accept": "application/xml"})
    assert b"<script>" not in response.content
    assert b"&lt;script&gt;" in response.content


def test_one_event_in_xml(client):
    response = client.get("/events/" + quote("urn:uuid:e4", safe=""),
                          headers={"Accept": "application/xml"})
    assert response.headers["content-type"].startswith("application/xml")
    document = parse_document(response.content, "application/xml")
    (event,) = document["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
    assert event["eventID"] == "urn:uuid:e4"
