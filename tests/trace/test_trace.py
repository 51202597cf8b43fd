"""Trace back and forward over a hand-built chain captured through capture: two
anchovy lots made into fish sauce bottles, packed on two pallets, received by two shops."""

from __future__ import annotations

import json

import pytest

from tests import factories as f
from txng.db import transaction
from txng.epcis.capture import capture_parsed
from txng.errors import InvalidInput, NotFound
from txng.gs1 import canonical_epc
from txng.trace.service import TraceTooLarge, trace

LOT_A, LOT_B = "urn:epc:class:lgtin:8934567.000001.LOT-A", "urn:epc:class:lgtin:8934567.000001.LOT-B"
BOTTLES = [f"urn:epc:id:sgtin:8934567.000002.{n}" for n in range(1, 5)]
PALLET_1, PALLET_2 = "urn:epc:id:sscc:8934567.0000000001", "urn:epc:id:sscc:8934567.0000000002"
FARM_A, FARM_B = "urn:epc:id:sgln:8934567.00010.0", "urn:epc:id:sgln:8934567.00011.0"
SHOP_1, SHOP_2 = "urn:epc:id:sgln:8934567.00020.0", "urn:epc:id:sgln:8934567.00021.0"
SHOP_PARTY = "urn:epc:id:pgln:8934567.00020"


def harvest(lot, farm, n):
    return f.object_event(eventID=f"urn:uuid:harvest-{n}", epcList=None,
                          quantityList=[{"epcClass": lot, "quantity": 500, "uom": "KGM"}],
                          readPoint={"id": farm}, bizLocation={"id": farm})


def chain() -> list[dict]:
    return [
        harvest(LOT_A, FARM_A, 1), harvest(LOT_B, FARM_B, 2),
        f.transformation_event(
            eventID="urn:uuid:make", transformationID="urn:uuid:t1",
            inputQuantityList=[{"epcClass": LOT_A, "quantity": 400, "uom": "KGM"},
                               {"epcClass": LOT_B, "quantity": 100, "uom": "KGM"}],
            outputEPCList=BOTTLES),
        f.aggregation_event(eventID="urn:uuid:pack-1", parentID=PALLET_1, childEPCs=BOTTLES[:2]),
        f.aggregation_event(eventID="urn:uuid:pack-2", parentID=PALLET_2, childEPCs=BOTTLES[2:]),
        f.object_event(eventID="urn:uuid:ship-1", epcList=[PALLET_1], action="OBSERVE",
                       bizStep="shipping", eventTime="2026-03-02T08:00:00.000+07:00",
                       destinationList=[{"type": "owning_party", "destination": SHOP_PARTY}]),
        f.object_event(eventID="urn:uuid:recv-1", epcList=[PALLET_1], action="OBSERVE",
                       bizStep="receiving", eventTime="2026-03-03T08:00:00.000+07:00",
                       readPoint={"id": SHOP_1}, bizLocation={"id": SHOP_1}),
        f.object_event(eventID="urn:uuid:recv-2", epcList=[PALLET_2], action="OBSERVE",
                       bizStep="receiving", eventTime="2026-03-03T09:00:00.000+07:00",
                       readPoint={"id": SHOP_2}, bizLocation={"id": SHOP_2}),
    ]


@pytest.fixture
def chain_db(sessions, db):
    with transaction(sessions) as db_session:
        capture_parsed(db_session=db_session, document=f.document(*chain()), actor="owner")
    return db


def test_forward_from_a_lot_reaches_every_bottle_pallet_and_shop(chain_db):
    result = trace(db_session=chain_db, identifier=LOT_A, direction="forward")
    assert result.lots == [LOT_A]
    assert result.items == sorted(BOTTLES + [PALLET_1, PALLET_2])
    assert {SHOP_1, SHOP_2} <= set(result.locations)
    assert result.parties == [SHOP_PARTY]
    assert {"urn:uuid:recv-1", "urn:uuid:recv-2", "urn:uuid:make"} <= set(result.events)
    assert "urn:uuid:harvest-2" not in result.events


def test_back_from_a_bottle_reaches_both_lots_and_farms(chain_db):
    result = trace(db_session=chain_db, identifier=BOTTLES[0], direction="back")
    assert result.lots == sorted([LOT_A, LOT_B])
    assert result.items == [BOTTLES[0]]
    assert {FARM_A, FARM_B} <= set(result.locations)
    assert {"urn:uuid:harvest-1", "urn:uuid:harvest-2"} <= set(result.events)
    assert SHOP_1 not in result.locations


def test_back_from_a_pallet_goes_through_its_contents(chain_db):
    result = trace(db_session=chain_db, identifier=PALLET_2, direction="back")
    assert result.items == sorted(BOTTLES[2:] + [PALLET_2])
    assert result.lots == sorted([LOT_A, LOT_B])


def test_forward_from_a_bottle_goes_with_its_pallet_not_its_siblings(chain_db):
    result = trace(db_session=chain_db, identifier=BOTTLES[0], direction="forward")
    assert result.items == sorted([BOTTLES[0], PALLET_1])
    assert SHOP_1 in result.locations and SHOP_2 not in result.locations


def test_digital_link_and_urn_give_the_same_trace(chain_db):
    by_urn = trace(db_session=chain_db, identifier=PALLET_1, direction="back")
    by_dl = trace(db_session=chain_db, identifier=canonical_epc(PALLET_1), direction="back")
    assert by_urn.as_dict() == by_dl.as_dict()


def test_forward_keeps_to_the_time_the_bottle_was_on_the_pallet(sessions, chain_db):
    """Pallet 1 was seen at a warehouse before the bottles were packed on it, and reused
    for another shop after they were unpacked: neither is part of the bottles' journey."""
    warehouse, shop_3 = "urn:epc:id:sgln:8934567.00030.0", "urn:epc:id:sgln:8934567.00022.0"
    before = f.object_event(eventID="urn:uuid:pallet-before", epcList=[PALLET_1],
                            action="OBSERVE", eventTime="2026-02-01T08:00:00.000+07:00",
                            readPoint={"id": warehouse}, bizLocation={"id": warehouse})
    unpack = f.aggregation_event(eventID="urn:uuid:unpack-1", parentID=PALLET_1,
                                 childEPCs=BOTTLES[:2], action="DELETE", bizStep="unpacking",
                                 eventTime="2026-03-04T08:00:00.000+07:00")
    reused = f.object_event(eventID="urn:uuid:pallet-after", epcList=[PALLET_1],
                            action="OBSERVE", eventTime="2026-03-10T08:00:00.000+07:00",
                            readPoint={"id": shop_3}, bizLocation={"id": shop_3})
    with transaction(sessions) as db_session:
        capture_parsed(db_session=db_session, document=f.document(before, unpack, reused),
                       actor="owner")
    result = trace(db_session=chain_db, identifier=BOTTLES[0], direction="forward")
    assert SHOP_1 in result.locations
    assert warehouse not in result.locations and shop_3 not in result.locations
    assert {"urn:uuid:recv-1", "urn:uuid:unpack-1"} <= set(result.events)
    assert not {"urn:uuid:pallet-before", "urn:uuid:pallet-after"} & set(result.events)


def test_a_cycle_ends(sessions, chain_db):
    loop = f.transformation_event(eventID="urn:uuid:loop", transformationID="urn:uuid:t2",
                                  inputEPCList=[BOTTLES[0]],
                                  outputQuantityList=[{"epcClass": LOT_A, "quantity": 1}])
    del loop["outputEPCList"], loop["inputQuantityList"]
    with transaction(sessions) as db_session:
        capture_parsed(db_session=db_session, document=f.document(loop), actor="owner")
    result = trace(db_session=chain_db, identifier=LOT_A, direction="forward")
    assert LOT_A in result.lots and PALLET_2 in result.items


def test_bad_identifiers(chain_db):
    with pytest.raises(NotFound, match="urn:epc:id:sgtin:8934567.000002.99"):
        trace(db_session=chain_db, identifier="urn:epc:id:sgtin:8934567.000002.99",
              direction="back")
    with pytest.raises(InvalidInput, match="not an EPC"):
        trace(db_session=chain_db, identifier="lot A", direction="back")


def test_a_trace_over_the_size_bound_is_refused(chain_db):
    with pytest.raises(TraceTooLarge, match="more than 3"):
        trace(db_session=chain_db, identifier=LOT_A, direction="forward", max_nodes=3)


def test_trace_api_and_cli(engine, chain_db, monkeypatch):
    from fastapi.testclient import TestClient
    from typer.testing import CliRunner

    from txng.app import create_app
    from txng.cli import app
    from txng.config import Settings, get_settings

    url = engine.url.render_as_string(hide_password=False)
    with TestClient(create_app(Settings(database_url=url, worker=False,
                                        subscriptions=False))) as client:
        body = client.get("/trace/forward", params={"id": LOT_B}).json()
        assert body["items"] == sorted(BOTTLES + [PALLET_1, PALLET_2])
        assert client.get("/trace/back", params={"id": "nothing"}).status_code == 400
        assert client.get("/trace/back", params={"id": BOTTLES[0] + "0"}).status_code == 404
        assert client.get("/trace/sideways", params={"id": LOT_A}).status_code == 400
    monkeypatch.setenv("TXNG_DATABASE_URL", url)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["trace", "back", BOTTLES[0], "--json"])
        assert result.exit_code == 0, result.output
        assert set(json.loads(result.output)) >= {"lots", "items", "locations", "parties",
                                                  "events"}
        assert CliRunner().invoke(app, ["trace", "up", LOT_A]).exit_code == 2
    finally:
        get_settings.cache_clear()


def test_the_walk_searches_the_edge_indexes(engine, chain_db):
    """One recursive query whose every step is an index search of lineage_edge."""
    from sqlalchemy import event, text

    statements = []

    def grab(conn, cursor, statement, params, context, executemany):
        if "RECURSIVE" in statement:
            statements.append((statement, params))

    event.listen(engine, "before_cursor_execute", grab)
    try:
        trace(db_session=chain_db, identifier=LOT_A, direction="forward")
    finally:
        event.remove(engine, "before_cursor_execute", grab)
    (statement, params), = statements
    raw = chain_db.connection().connection.driver_connection
    if engine.dialect.name == "sqlite":
        plan = "\n".join(row[-1] for row in raw.execute("EXPLAIN QUERY PLAN " + statement,
                                                        params).fetchall())
        assert "SCAN lineage_edge" not in plan, plan
        assert "ix_lineage_edge_source" in plan and "ix_lineage_edge_target" in plan, plan
    else:
        chain_db.execute(text("SET LOCAL enable_seqscan = off"))
        with raw.cursor() as cursor:
            cursor.execute("EXPLAIN " + statement, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        # On a table this small PostgreSQL may prefer any index to the edge ones; what
        # matters is that it never reads the table whole.
        assert "Seq Scan on lineage_edge" not in plan, plan
