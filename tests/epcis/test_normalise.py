"""The stored form of events: CBV values as full URIs, an own @context, and back for answers."""

from __future__ import annotations

import copy
import json

import pytest

from tests.standards import STANDARDS, standards_path
from txng.epcis.normalise import (EPCIS_NAMESPACES, compact_event, context_namespaces,
                                  document_namespaces, normalise_event)
from txng.epcis.validate import event_errors

CBV = "https://ref.gs1.org/cbv/"
GS1 = "https://gs1.org/voc/"
EXAMPLE = "http://ns.example.com/epcis/"


def test_document_namespaces_from_strings_and_objects():
    doc = {"@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld",
                        {"example": EXAMPLE}, {"ext1": "https://ns.ext.de/epcis/",
                                               "id": "@id", "@vocab": "https://x.example/"}]}
    assert document_namespaces(doc) == {"example": EXAMPLE, "ext1": "https://ns.ext.de/epcis/"}


@pytest.mark.parametrize(("context", "expected"), [
    (None, {}),
    ("https://ref.gs1.org/standards/epcis/epcis-context.jsonld", {}),
    ({"example": EXAMPLE}, {"example": EXAMPLE}),
    ([{"a": "https://a.example/"}, {"a": "https://b.example/"}], {"a": "https://b.example/"}),
])
def test_context_namespaces(context, expected):
    assert context_namespaces(context) == expected


def test_object_event_is_normalised_whole():
    event = {
        "type": "ObjectEvent",
        "eventTime": "2005-04-03T20:33:31.116-06:00",
        "eventTimeZoneOffset": "-06:00",
        "epcList": ["urn:epc:id:sgtin:0614141.107346.2017"],
        "action": "ADD",
        "bizStep": "commissioning",
        "disposition": "urn:epcglobal:cbv:disp:active",
        "persistentDisposition": {"set": ["completeness_verified"],
                                  "unset": ["urn:epcglobal:cbv:disp:completeness_inferred"]},
        "readPoint": {"id": "urn:epc:id:sgln:0614141.07346.1234"},
        "bizTransactionList": [{"type": "po", "bizTransaction": "http://t.example/po/1"},
                               {"bizTransaction": "http://t.example/x/2"}],
        "sourceList": [{"type": "owning_party", "source": "urn:epc:id:pgln:0614141.00001"}],
        "destinationList": [{"type": "https://example.com/sdt/carrier",
                             "destination": "urn:epc:id:pgln:0614141.00002"}],
        "ilmd": {"example:bestBefore": "2026-01-01"},
        "example:userElement": {"anotherElement": "elementData"},
        "rdfs:comment": "commissioned",
    }
    before = copy.deepcopy(event)
    assert normalise_event(event, namespaces={"example": EXAMPLE, "unused": "https://u/"}) == {
        "type": "ObjectEvent",
        "eventTime": "2005-04-03T20:33:31.116-06:00",
        "eventTimeZoneOffset": "-06:00",
        "epcList": ["urn:epc:id:sgtin:0614141.107346.2017"],
        "action": "ADD",
        "bizStep": f"{CBV}BizStep-commissioning",
        "disposition": f"{CBV}Disp-active",
        "persistentDisposition": {"set": [f"{CBV}Disp-completeness_verified"],
                                  "unset": [f"{CBV}Disp-completeness_inferred"]},
        "readPoint": {"id": "urn:epc:id:sgln:0614141.07346.1234"},
        "bizTransactionList": [{"type": f"{CBV}BTT-po", "bizTransaction": "http://t.example/po/1"},
                               {"bizTransaction": "http://t.example/x/2"}],
        "sourceList": [{"type": f"{CBV}SDT-owning_party",
                        "source": "urn:epc:id:pgln:0614141.00001"}],
        "destinationList": [{"type": "https://example.com/sdt/carrier",
                             "destination": "urn:epc:id:pgln:0614141.00002"}],
        "ilmd": {"example:bestBefore": "2026-01-01"},
        "example:userElement": {"anotherElement": "elementData"},
        "rdfs:comment": "commissioned",
        "@context": {"example": EXAMPLE, "rdfs": "http://www.w3.org/2000/01/rdf-schema#"},
    }
    assert event == before


def test_sensor_and_error_declaration_values_are_expanded():
    event = {
        "type": "ObjectEvent", "action": "OBSERVE", "epcList": [],
        "eventTime": "2026-07-22T06:45:00+07:00", "eventTimeZoneOffset": "+07:00",
        "errorDeclaration": {"declarationTime": "2026-07-23T00:00:00Z",
                             "reason": "urn:epcglobal:cbv:er:incorrect_data"},
        "sensorElementList": [{
            "sensorMetadata": {"time": "2026-07-22T06:00:00Z", "example:batch": "7"},
            "sensorReport": [
                {"type": "Temperature", "value": 4.5, "uom": "CEL"},
                {"type": "gs1:EffectiveDoseRate", "exception": "ALARM_CONDITION"},
                {"type": "example:someSensorProperty", "component": "latitude"},
                {"exception": "gs1:ERROR_CONDITION", "component": "example:x"},
            ]}],
    }
    assert normalise_event(event, namespaces={"example": EXAMPLE}) == {
        "type": "ObjectEvent", "action": "OBSERVE", "epcList": [],
        "eventTime": "2026-07-22T06:45:00+07:00", "eventTimeZoneOffset": "+07:00",
        "errorDeclaration": {"declarationTime": "2026-07-23T00:00:00Z",
                             "reason": f"{CBV}ER-incorrect_data"},
        "sensorElementList": [{
            "sensorMetadata": {"time": "2026-07-22T06:00:00Z", "example:batch": "7"},
            "sensorReport": [
                {"type": f"{GS1}Temperature", "value": 4.5, "uom": "CEL"},
                {"type": f"{GS1}EffectiveDoseRate", "exception": f"{GS1}ALARM_CONDITION"},
                {"type": f"{EXAMPLE}someSensorProperty", "component": f"{CBV}Comp-latitude"},
                {"exception": f"{GS1}ERROR_CONDITION", "component": f"{EXAMPLE}x"},
            ]}],
        "@context": {"example": EXAMPLE},
    }


def test_event_context_is_replaced_by_the_prefixes_it_uses():
    event = {"type": "ObjectEvent", "action": "OBSERVE", "epcList": [],
             "eventTime": "2026-07-22T06:45:00Z", "eventTimeZoneOffset": "+00:00",
             "@context": [{"ext2": "http://www.ext2.net/"}, {"ext9": "http://unused.example/"},
                          {"ext1": "https://event-level.example/"}],
             "ext1:name": "Testing", "ext2:address": {"ext3:city": "Cologne"}}
    namespaces = {"ext1": "https://document-level.example/", "ext3": "http://www.ext3.net/"}
    assert normalise_event(event, namespaces=namespaces) == {
        "type": "ObjectEvent", "action": "OBSERVE", "epcList": [],
        "eventTime": "2026-07-22T06:45:00Z", "eventTimeZoneOffset": "+00:00",
        "ext1:name": "Testing", "ext2:address": {"ext3:city": "Cologne"},
        "@context": {"ext1": "https://event-level.example/", "ext2": "http://www.ext2.net/",
                     "ext3": "http://www.ext3.net/"},
    }


def test_event_without_extensions_gets_no_context():
    event = {"type": "ObjectEvent", "action": "OBSERVE", "epcList": ["urn:epc:id:sgtin:1.2.3"],
             "eventTime": "2026-07-22T06:45:00Z", "eventTimeZoneOffset": "+00:00",
             "@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"],
             "bizStep": "https://example.com/steps/harvest"}
    assert normalise_event(event, namespaces={}) == {
        "type": "ObjectEvent", "action": "OBSERVE", "epcList": ["urn:epc:id:sgtin:1.2.3"],
        "eventTime": "2026-07-22T06:45:00Z", "eventTimeZoneOffset": "+00:00",
        "bizStep": "https://example.com/steps/harvest"}


def test_compact_event_gives_back_the_bare_words():
    stored = {
        "type": "AggregationEvent", "action": "ADD", "parentID": "urn:epc:id:sscc:0614141.1",
        "bizStep": f"{CBV}BizStep-packing", "disposition": "https://example.com/disp/x",
        "bizTransactionList": [{"type": f"{CBV}BTT-desadv", "bizTransaction": "urn:x:1"}],
        "sensorElementList": [{"sensorReport": [
            {"type": f"{GS1}Temperature", "component": f"{CBV}Comp-x"},
            {"type": f"{GS1}Molar_concentration", "exception": f"{GS1}ALARM_CONDITION"}]}],
        "@context": {"example": EXAMPLE}, "example:f": 1,
    }
    assert compact_event(stored) == {
        "type": "AggregationEvent", "action": "ADD", "parentID": "urn:epc:id:sscc:0614141.1",
        "bizStep": "packing", "disposition": "https://example.com/disp/x",
        "bizTransactionList": [{"type": "desadv", "bizTransaction": "urn:x:1"}],
        "sensorElementList": [{"sensorReport": [
            {"type": "Temperature", "component": "x"},
            {"type": "gs1:Molar_concentration", "exception": "ALARM_CONDITION"}]}],
        "@context": {"example": EXAMPLE}, "example:f": 1,
    }


def _official_events():
    for path in sorted((STANDARDS / "epcis" / "JSON").glob("**/*.jsonld")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        body = doc["epcisBody"]
        body = body.get("queryResults", {}).get("resultsBody", body)
        for index, event in enumerate(body["eventList"]):
            yield f"{path.name}[{index}]", doc, event


def test_stored_and_compacted_forms_of_the_official_examples_stay_valid():
    standards_path("epcis", "JSON")
    count = 0
    for name, doc, event in _official_events():
        namespaces = document_namespaces(doc)
        stored = normalise_event(event, namespaces=namespaces)
        scope = {**EPCIS_NAMESPACES, **namespaces}
        assert event_errors(stored, index=0, namespaces={}) == [], name
        assert event_errors(compact_event(stored), index=0, namespaces={}) == [], name
        # Normalising is idempotent, and compacting gives the words of the input back.
        assert normalise_event(stored, namespaces={}) == stored, name
        assert normalise_event(compact_event(stored), namespaces={}) == stored, name
        assert event_errors(event, index=0, namespaces=scope) == [], name
        count += 1
    assert count > 50
