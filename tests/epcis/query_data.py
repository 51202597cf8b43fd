"""A small supply chain captured through the capture path, for the query tests.

e1 commissioning (ILMD, a purchase order, an extension field with a script tag),
e2 packing into a pallet, e3 shipping the pallet (later corrected by an error
declaration), e4 receiving at the factory's dock (below the factory in the master
data), e5 a transformation of a rice lot, e6 a retail sale of a quantity of a lot.
"""

from __future__ import annotations

from tests import factories as f
from txng.db import transaction
from txng.epcis.capture import capture_parsed

OWNER = "8934567000001"
DOCK = "urn:epc:id:sgln:8934567.00002.1"
SHOP = "urn:epc:id:sgln:8934567.00003.0"
PGLN = "urn:epc:id:pgln:8934567.00001"
PO = "urn:epcglobal:cbv:bt:8934567000001:PO-1"
EXTENSIONS = "txng=https://txng.vn/ns/"

MASTER_DATA = {"epcisMasterData": {"vocabularyList": [{
    "type": "urn:epcglobal:epcis:vtype:BusinessLocation",
    "vocabularyElementList": [{"id": f.FACTORY, "attributes": [
        {"id": "urn:epcglobal:cbv:mda#name", "attribute": "Nhà máy Thọ Xuân"}],
        "children": [DOCK]}]}]}}


def events() -> list[dict]:
    return [
        f.object_event(eventID="urn:uuid:e1", ilmd={"txng:grade": "A", "txng:weight": "12.5"},
                       **{"txng:batchNote": "<script>alert(1)</script>"},
                       bizTransactionList=[{"type": "po", "bizTransaction": PO}]),
        f.aggregation_event(eventID="urn:uuid:e2"),
        f.object_event(eventID="urn:uuid:e3", action="OBSERVE", bizStep="shipping",
                       disposition="in_transit", epcList=[f.SSCC],
                       eventTime="2026-03-02T10:00:00.000+07:00",
                       sourceList=[{"type": "owning_party", "source": PGLN}],
                       destinationList=[{"type": "owning_party",
                                         "destination": "urn:epc:id:pgln:8934567.00009"}]),
        f.object_event(eventID="urn:uuid:e4", action="OBSERVE", bizStep="receiving",
                       disposition="in_progress", epcList=[f.SSCC],
                       eventTime="2026-03-03T10:00:00.000+07:00",
                       readPoint={"id": DOCK}, bizLocation={"id": DOCK}),
        f.transformation_event(eventID="urn:uuid:e5", transformationID="urn:uuid:t1",
                               eventTime="2026-02-28T07:00:00.000+07:00",
                               outputEPCList=[f.SGTIN.format(serial=n) for n in (4, 5)]),
        f.object_event(eventID="urn:uuid:e6", action="OBSERVE", bizStep="retail_selling",
                       disposition="retail_sold", epcList=None,
                       quantityList=[{"epcClass": f.LGTIN.format(lot="B2"), "quantity": 20,
                                      "uom": "KGM"}],
                       eventTime="2026-03-04T15:00:00.000+07:00",
                       readPoint={"id": SHOP}, bizLocation={"id": SHOP}),
    ]


def correction() -> dict:
    event = events()[2]
    event["errorDeclaration"] = {"declarationTime": "2026-03-05T08:00:00.000+07:00",
                                 "reason": "incorrect_data",
                                 "correctiveEventIDs": ["urn:uuid:e3b"]}
    return event


def capture_chain(sessions) -> None:
    with transaction(sessions) as db_session:
        capture_parsed(db_session=db_session, actor=OWNER,
                       document=f.document(*events(), epcisHeader=MASTER_DATA))
    with transaction(sessions) as db_session:
        capture_parsed(db_session=db_session, actor=OWNER, document=f.document(correction()))
