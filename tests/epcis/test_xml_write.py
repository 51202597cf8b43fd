"""txng.epcis.xml_write: stored events -> EPCIS 2.0 XML that the reader maps back to them.

The round trip runs over every XML capture example of ../shared/standards that capture
accepts (test_capture's listing); those tests skip when the folder is absent.
"""

from __future__ import annotations

from typing import Any

import pytest
from lxml import etree

from tests.epcis.test_capture import NOT_CONFORMANT, _valid_documents
from tests.standards import standards_path
from txng.epcis.document import parse_document
from txng.epcis.normalise import document_namespaces, normalise_event
from txng.epcis.xml import parse_tree, validate_xml
from txng.epcis.xml_write import epcis_document_xml, query_document_xml

QUERY_NS = "urn:epcglobal:epcis-query:xsd:2"
SHIPPING = "https://ref.gs1.org/cbv/BizStep-shipping"
EVENT = {"type": "ObjectEvent", "eventTime": "2024-05-01T09:00:00+07:00",
         "eventTimeZoneOffset": "+07:00",
         "epcList": ["urn:epc:id:sgtin:8934567.012345.1"], "action": "OBSERVE",
         "bizStep": SHIPPING, "disposition": "https://ref.gs1.org/cbv/Disp-in_transit",
         "bizTransactionList": [{"type": "https://ref.gs1.org/cbv/BTT-po",
                                 "bizTransaction": "urn:epc:id:gdti:8934567.00001.7"},
                                {"bizTransaction": "https://example.com/tx/1"}],
         "sourceList": [{"type": "https://ref.gs1.org/cbv/SDT-owning_party",
                         "source": "urn:epc:id:pgln:8934567.00001"}]}


def _stored(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The events of a parsed document in their stored form, as capture normalises them."""
    body = doc["epcisBody"]
    events = body["eventList"] if "eventList" in body else \
        body["queryResults"]["resultsBody"]["eventList"]
    namespaces = document_namespaces(doc)
    return [normalise_event(event, namespaces=namespaces) for event in events]


def _read_back(data: bytes) -> dict[str, Any]:
    """Validate written XML against the XSD (query XSD included), then read it."""
    standards_path("epcis", "XSD")
    assert validate_xml(parse_tree(data)) is True
    return parse_document(data, "application/xml")


def _xml_capture_documents() -> list[str]:
    names = [n for n in _valid_documents() if n.endswith(".xml") and n not in NOT_CONFORMANT]
    return names or ["(shared/standards absent)"]


@pytest.mark.parametrize("name", _xml_capture_documents())
def test_query_document_xml_round_trips_capture_example(name):
    doc = parse_document(standards_path("epcis", name).read_bytes(), "application/xml")
    stored = _stored(doc)
    vocabularies = (doc.get("epcisHeader", {}).get("epcisMasterData") or {}).get(
        "vocabularyList")
    if vocabularies:  # prefixes in attribute values resolve through their own @context
        context = {"@context": document_namespaces(doc)}
        vocabularies = [dict(v, **context) for v in vocabularies]
    written = query_document_xml(stored, query_name="SimpleEventQuery",
                                 vocabularies=vocabularies)
    again = _read_back(written)
    assert again["type"] == "EPCISQueryDocument"
    assert _stored(again) == stored
    if vocabularies:
        master = again["epcisHeader"]["epcisMasterData"]["vocabularyList"]
        assert master == doc["epcisHeader"]["epcisMasterData"]["vocabularyList"]


def test_query_document_xml_writes_query_results():
    written = query_document_xml([EVENT], query_name="SimpleEventQuery",
                                 subscription_id="sub-1")
    again = _read_back(written)
    results = again["epcisBody"]["queryResults"]
    assert results["queryName"] == "SimpleEventQuery"
    assert results["subscriptionID"] == "sub-1"
    root = etree.fromstring(written)
    assert root.tag == f"{{{QUERY_NS}}}EPCISQueryDocument"
    assert root.get("schemaVersion") == "2.0"
    assert root.get("creationDate").endswith("Z")
    assert _stored(again) == [EVENT]


def test_query_document_xml_without_events_is_valid():
    again = _read_back(query_document_xml([], query_name="SimpleEventQuery"))
    assert again["epcisBody"]["queryResults"]["resultsBody"] == {"eventList": []}


def test_epcis_document_xml_with_master_data():
    vocabularies = [{"type": "urn:epcglobal:epcis:vtype:BusinessLocation",
                     "vocabularyElementList": [{
                         "id": "urn:epc:id:sgln:8934567.00001.0",
                         "attributes": [{"id": "urn:epcglobal:cbv:mda#name",
                                         "attribute": "Nhà máy nước mắm Hòn Mê"},
                                        {"id": "urn:epcglobal:cbv:mda#site"}],
                         "children": ["urn:epc:id:sgln:8934567.00001.1"]}]}]
    again = _read_back(epcis_document_xml([EVENT], vocabularies))
    assert again["type"] == "EPCISDocument"
    assert again["epcisHeader"]["epcisMasterData"]["vocabularyList"] == vocabularies
    assert _stored(again) == [EVENT]


def _texts(data: bytes, path: str) -> list[str]:
    return [el.text if isinstance(el, etree._Element) else el
            for el in etree.fromstring(data).xpath(path)]


@pytest.mark.parametrize(("cbv_format", "step", "btt"), [
    ("Always_URN", "urn:epcglobal:cbv:bizstep:shipping", "urn:epcglobal:cbv:btt:po"),
    ("No_Preference", "urn:epcglobal:cbv:bizstep:shipping", "urn:epcglobal:cbv:btt:po"),
    ("Always_Web_URI", SHIPPING, "https://ref.gs1.org/cbv/BTT-po"),
])
def test_query_document_xml_cbv_format(cbv_format, step, btt):
    written = query_document_xml([EVENT], query_name="q", cbv_format=cbv_format)
    assert _texts(written, "//bizStep") == [step]
    assert _texts(written, "//bizTransaction/@type") == [btt]
    assert _stored(_read_back(written)) == [EVENT]


def test_query_document_xml_cbv_format_keeps_values_outside_the_cbv():
    event = dict(EVENT, bizStep="https://example.com/steps/harvest",
                 sensorElementList=[{"sensorReport": [
                     {"type": "https://gs1.org/voc/Temperature", "value": 26.5,
                      "uom": "CEL", "component": "https://ref.gs1.org/cbv/Comp-x"}]}])
    written = query_document_xml([event], query_name="q", cbv_format="Always_URN")
    assert _texts(written, "//bizStep") == ["https://example.com/steps/harvest"]
    # No URN form exists for GS1 Web Vocabulary measurement types: written as stored.
    assert _texts(written, "//sensorReport/@type") == ["https://gs1.org/voc/Temperature"]
    assert _stored(_read_back(written)) == [event]


def test_query_document_xml_with_unknown_cbv_format():
    with pytest.raises(ValueError) as raised:
        query_document_xml([EVENT], query_name="q", cbv_format="URN")
    assert str(raised.value) == ("GS1-CBV-XML-Format 'URN' is unknown; use one of "
                                 "Always_URN, Always_Web_URI, No_Preference")


def test_query_document_xml_escapes_markup_in_extension_values():
    hostile = 'a < b && c <script>alert("x")</script>'
    event = dict(EVENT, **{"ex:note": hostile, "ex:box": {"ex:inner": hostile, "#text": "&"},
                           "@context": {"ex": "https://ns.example.com/"}})
    written = query_document_xml([event], query_name="q")
    assert b"<script>" not in written
    assert b"&lt;script&gt;" in written
    assert _stored(_read_back(written)) == [event]


def test_query_document_xml_every_event_type_and_field():
    head = {"eventTime": "2024-05-01T09:00:00.5+07:00", "recordTime": "2024-05-01T02:00:01Z",
            "eventTimeZoneOffset": "+07:00", "eventID": "urn:uuid:6ec0d5c4-4c7e-4b39-8f4d-1c2d"
            "3e4f5a6b", "certificationInfo": "https://cert.example.com/1",
            "errorDeclaration": {"declarationTime": "2024-05-02T00:00:00Z",
                                 "reason": "https://ref.gs1.org/cbv/ER-incorrect_data",
                                 "correctiveEventIDs": ["urn:uuid:1"],
                                 "ex:why": "typo"},
            "readPoint": {"id": "urn:epc:id:sgln:8934567.00001.0", "ex:gate": "3"},
            "bizLocation": {"id": "urn:epc:id:sgln:8934567.00001.1"},
            "persistentDisposition": {"set": ["https://ref.gs1.org/cbv/Disp-completeness_"
                                              "verified"],
                                      "unset": ["https://ref.gs1.org/cbv/Disp-in_transit"]},
            "sensorElementList": [{
                "sensorMetadata": {"time": "2024-05-01T09:00:00+07:00", "ex:probe": "p1",
                                   "deviceID": "urn:epc:id:giai:8934567.1"},
                "sensorReport": [{"type": "https://gs1.org/voc/Temperature", "value": 1e-05,
                                  "booleanValue": True, "stringValue": "x < y"},
                                 {"type": "https://gs1.org/voc/Humidity", "value": 40,
                                  "#text": "raw"}],
                "ex:batch": "b1"}],
            "@context": {"ex": "https://ns.example.com/"}}
    quantities = [{"epcClass": "urn:epc:class:lgtin:8934567.012345.L1", "quantity": 2.5,
                   "uom": "KGM"}, {"epcClass": "urn:epc:idpat:sgtin:8934567.012345.*"},
                  {"epcClass": "urn:epc:idpat:sgtin:8934567.012346.*", "quantity": 1e-05}]
    ilmd = {"ex:lot": {"ex:expiry": "2025-01-01", "ex:grade": ["A", "B"]}}
    events = [
        {"type": "ObjectEvent", **head, "epcList": ["urn:epc:id:sgtin:8934567.012345.1"],
         "action": "ADD", "quantityList": quantities, "ilmd": ilmd,
         "destinationList": [{"type": "https://ref.gs1.org/cbv/SDT-location",
                              "destination": "urn:epc:id:sgln:8934567.00002.0"}]},
        {"type": "AggregationEvent", **head, "parentID": "urn:epc:id:sscc:8934567.0000000001",
         "childEPCs": ["urn:epc:id:sgtin:8934567.012345.1"], "action": "ADD",
         "childQuantityList": quantities},
        {"type": "TransactionEvent", **head, "bizTransactionList": EVENT["bizTransactionList"],
         "parentID": "urn:epc:id:sscc:8934567.0000000001", "epcList": [], "action": "ADD",
         "quantityList": quantities},
        {"type": "TransformationEvent", **head,
         "inputEPCList": ["urn:epc:id:sgtin:8934567.012345.1"],
         "inputQuantityList": quantities, "outputEPCList": ["urn:epc:id:sgtin:8934567.012345.2"],
         "outputQuantityList": quantities, "transformationID": "urn:uuid:t1", "ilmd": ilmd},
        {"type": "AssociationEvent", **head, "parentID": "urn:epc:id:grai:8934567.00001.1",
         "childEPCs": ["urn:epc:id:giai:8934567.1"], "childQuantityList": quantities,
         "action": "DELETE"},
    ]
    written = query_document_xml(events, query_name="q")
    assert _stored(_read_back(written)) == events
    assert _texts(written, "//quantityElement/quantity") == ["2.5", "0.00001"] * 6  # two lists in TransformationEvent


def test_query_document_xml_keeps_each_events_prefixes():
    """Two events bind ``ex`` differently, and one namespace has two prefixes: each
    element declares what the root does not, so the reader keys it as stored."""
    first = dict(EVENT, **{"ex:a": "1", "@context": {"ex": "https://one.example.com/"}})
    second = dict(EVENT, **{"ex:a": "2", "alt:b": {"ex:c": "3"},
                            "@context": {"alt": "https://one.example.com/",
                                         "ex": "https://two.example.com/"}})
    written = query_document_xml([first, second], query_name="q")
    again = _read_back(written)
    events = again["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
    assert [e.get("ex:a") for e in events] == ["1", None]
    # One document-wide @context on reading: the second ``ex`` is renamed, nothing lost.
    assert again["@context"][1] == {"ex": "https://one.example.com/",
                                    "alt": "https://one.example.com/",
                                    "ex2": "https://two.example.com/"}
    assert events[1]["ex2:a"] == "2" and events[1]["alt:b"] == {"ex2:c": "3"}


def test_query_document_xml_with_an_extension_event_type():
    event = {"type": "ex:CheckEvent", "eventTime": "2024-05-01T09:00:00+07:00",
             "eventTimeZoneOffset": "+07:00", "bizStep": SHIPPING, "ex:score": "9",
             "@context": {"ex": "https://ns.example.com/"}}
    written = query_document_xml([EVENT, event, event], query_name="q")
    assert _stored(_read_back(written)) == [EVENT, event, event]
    assert len(etree.fromstring(written).findall(".//EventList/extension")) == 1


def test_query_document_xml_with_an_undeclared_prefix():
    with pytest.raises(ValueError) as raised:
        query_document_xml([dict(EVENT, **{"ex:a": "1"})], query_name="q")
    assert str(raised.value) == ("extension field 'ex:a': the prefix 'ex' is not declared "
                                 "in the event's @context")


def test_query_document_xml_puts_bare_fields_in_extension_wrappers():
    """EPCIS 1.x ``##local`` fields (read from ``<extension>`` blocks) go back into one."""
    event = dict(EVENT, readPoint={"id": "urn:epc:id:sgln:8934567.00001.0", "gate": "3"},
                 ilmd={"lotNumber": "L1"})
    written = query_document_xml([event], query_name="q")
    assert _texts(written, "//readPoint/extension/gate") == ["3"]
    assert _stored(_read_back(written)) == [event]


def test_query_document_xml_refuses_a_bare_event_field():
    with pytest.raises(ValueError) as raised:
        query_document_xml([dict(EVENT, colour="red")], query_name="q")
    assert str(raised.value) == ("ObjectEvent field 'colour' is neither an EPCIS field nor "
                                 "an extension (prefix:name)")
