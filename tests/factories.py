"""Small builders of EPCIS documents for tests (JSON-LD binding)."""

from __future__ import annotations

import copy
import json
from typing import Any

CONTEXT = ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
           {"txng": "https://txng.vn/ns/"}]
# GTIN 8934567000018 (893 prefix, valid check digit) as an EPC URN with GCP 8934567.
SGTIN = "urn:epc:id:sgtin:8934567.000001.{serial}"
LGTIN = "urn:epc:class:lgtin:8934567.000001.LOT-{lot}"
SSCC = "urn:epc:id:sscc:8934567.0000000001"
FARM = "urn:epc:id:sgln:8934567.00001.0"
FACTORY = "urn:epc:id:sgln:8934567.00002.0"


def object_event(**fields: Any) -> dict[str, Any]:
    event = {
        "type": "ObjectEvent",
        "eventTime": "2026-03-01T08:00:00.000+07:00",
        "eventTimeZoneOffset": "+07:00",
        "epcList": [SGTIN.format(serial=n) for n in range(1, 4)],
        "action": "ADD",
        "bizStep": "commissioning",
        "disposition": "active",
        "readPoint": {"id": FACTORY},
        "bizLocation": {"id": FACTORY},
    }
    event.update(fields)
    return {key: value for key, value in event.items() if value is not None}


def aggregation_event(**fields: Any) -> dict[str, Any]:
    event = {
        "type": "AggregationEvent",
        "eventTime": "2026-03-01T09:00:00.000+07:00",
        "eventTimeZoneOffset": "+07:00",
        "parentID": SSCC,
        "childEPCs": [SGTIN.format(serial=n) for n in range(1, 4)],
        "action": "ADD",
        "bizStep": "packing",
        "disposition": "in_progress",
        "readPoint": {"id": FACTORY},
    }
    event.update(fields)
    return event


def transformation_event(**fields: Any) -> dict[str, Any]:
    event = {
        "type": "TransformationEvent",
        "eventTime": "2026-03-01T07:00:00.000+07:00",
        "eventTimeZoneOffset": "+07:00",
        "inputQuantityList": [{"epcClass": LGTIN.format(lot="A1"), "quantity": 500,
                               "uom": "KGM"}],
        "outputEPCList": [SGTIN.format(serial=n) for n in range(1, 4)],
        "bizStep": "commissioning",
        "readPoint": {"id": FACTORY},
    }
    event.update(fields)
    return event


def document(*events: dict[str, Any], **fields: Any) -> dict[str, Any]:
    doc = {
        "@context": copy.deepcopy(CONTEXT),
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": "2026-03-01T10:00:00Z",
        "epcisBody": {"eventList": [copy.deepcopy(e) for e in events]},
    }
    doc.update(fields)
    return doc


def as_bytes(doc: dict[str, Any]) -> bytes:
    return json.dumps(doc, ensure_ascii=False).encode()
