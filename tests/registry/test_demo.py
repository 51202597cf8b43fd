"""The demo province registered through the service: counts, hierarchy, master data."""

from __future__ import annotations

from sqlalchemy import select

from txng.db import transaction
from txng.demo import build_demo
from txng.epcis.models import VocabularyElement
from txng.registry import products as product_service
from txng.registry import service
from txng.registry.completeness import completeness
from txng.registry.demo import register_demo
from txng.registry.masterdata import VTYPE_LOCATION
from txng.registry.models import Location


def test_register_demo(sessions, db):
    demo = build_demo()
    with transaction(sessions) as db_session:
        written = register_demo(db_session=db_session, demo=demo)
    assert written["parties"] == 30 and written["products"] == 22
    assert written["lots"] > 100 and written["certificates"] >= 10
    # Head office > site > sub-site, and the master data children follow it.
    tea = next(p for p in demo.parties if p.key == "htx_che_van_du")
    office = db.scalar(select(Location).where(Location.gln == tea.gln))
    sites = service.list_locations(db_session=db, parent_id=office.id)[0]
    assert {s.name for s in sites} >= {"Vùng chè Đồi Ngang", "Xưởng chế biến chè Vân Du"}
    row = db.get(VocabularyElement, (VTYPE_LOCATION, office.sgln))
    assert sorted(row.children) == sorted(s.sgln for s in sites)
    workshop = next(s for s in sites if s.kind == "factory")
    assert [c.extension for c in workshop.children] == ["1"]
    # A finished OCOP good is complete but for its stages (no events captured here).
    tea_box = next(p for p in demo.products if p.key == "che_xanh")
    result = completeness(db, product_service.get_product_or_raise(db_session=db,
                                                                   gtin=tea_box.gtin))
    assert result.missing == ["stages", "location_codes", "event_times"]
