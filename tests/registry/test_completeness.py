"""Completeness against Circular 02/2024: items from the record, stages from events."""

from __future__ import annotations

from tests import factories as f
from tests.registry.conftest import FARM_GLN, GTIN
from txng.db import transaction
from txng.epcis.capture import capture_parsed
from txng.registry import products as product_service
from txng.registry.completeness import completeness
from txng.registry.schemas import ProductUpdate

SGTIN = "urn:epc:id:sgtin:8935001.000012.{serial}"
FARM = "urn:epc:id:sgln:8935001.00001.0"


def capture(sessions, *events):
    with transaction(sessions) as db_session:
        capture_parsed(db_session=db_session, document=f.document(*events), actor="test")


def test_product_without_events_misses_its_stages(db, product):
    row = product_service.get_product_or_raise(db_session=db, gtin=GTIN)
    result = completeness(db, row)
    assert result.missing == ["stages", "location_codes", "event_times"]
    assert result.present == ["name", "images", "producer_name", "producer_address",
                              "product_code", "brand", "expiry", "standards"]
    assert result.percent == 73  # 8 of 11
    assert result.stages == []


def test_stages_come_from_events_naming_the_gtin(sessions, db, product, farm):
    capture(sessions,
            f.object_event(epcList=[SGTIN.format(serial=n) for n in (1, 2)],
                           readPoint={"id": FARM}, bizLocation={"id": FARM}),
            f.object_event(eventTime="2026-03-02T08:00:00.000+07:00", bizStep="shipping",
                           action="OBSERVE", disposition="in_transit",
                           epcList=[f"https://id.gs1.org/01/0{GTIN}/21/1"],
                           readPoint={"id": FARM}, bizLocation=None),
            # Another product's event does not count.
            f.object_event())
    row = product_service.get_product_or_raise(db_session=db, gtin=GTIN)
    result = completeness(db, row)
    assert result.missing == [] and result.percent == 100
    assert [(s.biz_step, s.location, s.events) for s in result.stages] == [
        ("https://ref.gs1.org/cbv/BizStep-commissioning", f"https://id.gs1.org/414/{FARM_GLN}", 1),
        ("https://ref.gs1.org/cbv/BizStep-shipping", f"https://id.gs1.org/414/{FARM_GLN}", 1)]


def test_where_any_items_do_not_count_against_the_product(sessions, db, product):
    with transaction(sessions) as db_session:
        row = product_service.get_product_or_raise(db_session=db_session, gtin=GTIN)
        product_service.update_product(db_session=db_session, product=row, product_in=ProductUpdate(
            brand=None, expires=False, shelf_life_days=None, images=[], standards=[]))
    result = completeness(db, product_service.get_product_or_raise(db_session=db, gtin=GTIN))
    statuses = {i.item: i.status for i in result.items}
    assert (statuses["brand"], statuses["expiry"]) == ("not_applicable", "not_applicable")
    assert result.missing == ["images", "stages", "location_codes", "event_times", "standards"]
    assert result.percent == 44  # 4 of 9
