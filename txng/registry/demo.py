"""Register the demo province (txng.demo, pure data) in the registry, through the service.

Parties, their sites and sub-sites, products, the lots the demo's events create (read
from their ILMD) and a few certificates (the OCOP recognitions, VietGAP for the rice
fields and tea gardens, GMP for the drug factory). A party with several sites also gets
its head office (the party GLN) as the parent of those sites, so the hierarchy has
three levels: head office > site > sub-site. Certificate numbers are illustrative.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from txng.demo import Demo
from txng.demo import parties as demo_parties
from txng.demo import sites as demo_sites
from txng.gs1 import parse_epc
from txng.registry import products as product_service
from txng.registry import service
from txng.registry.schemas import (CertificateCreate, LocationCreate, LotCreate, PartyCreate,
                                   ProductCreate)

KINDS = {demo_parties.ENTERPRISE: "enterprise", demo_parties.COOPERATIVE: "cooperative",
         demo_parties.HOUSEHOLD: "household"}
SECTORS = {demo_parties.AGRICULTURE: "agriculture", demo_parties.HEALTH: "health",
           demo_parties.INDUSTRY: "industry", demo_parties.TRADE: "trade"}
SITE_KINDS = {demo_sites.GROWING_AREA: "growing_area", demo_sites.RAISING_AREA: "farm",
              demo_sites.SALT_FIELD: "other", demo_sites.FISHING_PORT: "other",
              demo_sites.FACTORY: "factory", demo_sites.WORKSHOP: "factory",
              demo_sites.WAREHOUSE: "warehouse", demo_sites.SHOP: "shop",
              demo_sites.SUPERMARKET: "shop", demo_sites.PHARMACY: "shop"}
SUBSITE_KINDS = {demo_sites.SST_BACKROOM: "warehouse", demo_sites.SST_STORAGE: "warehouse",
                 demo_sites.SST_SALES_FLOOR: "shop"}
VIETGAP_ISSUER = "Trung tâm Kiểm định và Chứng nhận VietGAP Thanh Hóa"


def _address(address) -> dict[str, str]:
    return {"street": address.street, "ward": address.ward, "province": address.province}


def _lots(demo: Demo) -> dict[tuple[str, str], dict[str, Any]]:
    """(GTIN-14, lot) -> dates, from the ILMD of the events that create each lot."""
    lots: dict[tuple[str, str], dict[str, Any]] = {}
    for event in demo.events():
        ilmd = event.get("ilmd") or {}
        if "cbvmda:lotNumber" not in ilmd:
            continue
        named = (event.get("epcList") or event.get("outputEPCList")
                 or [q["epcClass"] for q in event.get("quantityList")
                     or event.get("outputQuantityList") or []])
        gtin = parse_epc(named[0]).gtin
        expiry = ilmd.get("cbvmda:itemExpirationDate")
        lots.setdefault((gtin, ilmd["cbvmda:lotNumber"]), {
            "production_date": date.fromisoformat(ilmd["txng:productionDate"]),
            "expiry_date": date.fromisoformat(expiry) if expiry else None})
    return lots


def register_demo(*, db_session: Session, demo: Demo) -> dict[str, int]:
    """Register everything in ``demo``; returns how many of each were written."""
    written: Counter[str] = Counter()
    parties = {}
    for p in demo.parties:
        parties[p.key] = service.create_party(db_session=db_session, party_in=PartyCreate(
            name=p.name, trade_name=p.trade_name, kind=KINDS[p.kind], sector=SECTORS[p.sector],
            mst=p.mst, gln=p.gln, company_prefixes=[p.gcp], address=_address(p.address),
            status="approved"))
        written["parties"] += 1
    per_owner = Counter(site.owner for site in demo.locations)
    offices = {}
    for key, count in per_owner.items():
        if count > 1:
            p = next(x for x in demo.parties if x.key == key)
            offices[key] = service.create_location(db_session=db_session, location_in=(
                LocationCreate(name=f"Trụ sở {p.name}", kind="other", gln=p.gln,
                               owner_id=parties[key].id, address=_address(p.address))))
            written["locations"] += 1
    sites = {}
    for site in demo.locations:
        office = offices.get(site.owner)
        sites[site.key] = location = service.create_location(
            db_session=db_session, location_in=LocationCreate(
                name=site.name, kind=SITE_KINDS[site.kind], description=site.kind,
                gln=site.gln, owner_id=parties[site.owner].id,
                parent_id=office.id if office else None, area_code=site.area_code,
                address=_address(site.address), latitude=site.address.latitude,
                longitude=site.address.longitude))
        written["locations"] += 1
        for sub in site.subsites:
            service.create_location(db_session=db_session, location_in=LocationCreate(
                name=f"{site.name} - {sub.ssd}", kind=SUBSITE_KINDS[sub.sst],
                description=sub.ssd, gln=sub.sgln, owner_id=parties[site.owner].id,
                parent_id=location.id))
            written["locations"] += 1
    products = {}
    for item in demo.products:
        owner = next(x for x in demo.parties if x.key == item.owner)
        extra = dict(item.extra)
        products[item.key] = product_service.create_product(
            db_session=db_session, product_in=ProductCreate(
                gtin=item.gtin, owner_id=parties[item.owner].id, name=item.name,
                category=item.category, unit=item.net_content,
                ocop_stars=item.ocop.stars if item.ocop else None,
                key_product=item.ocop is not None, brand=owner.trade_name,
                registration_number=extra.get("additionalTradeItemIdentification"),
                standards=[item.standard] if item.standard else [],
                # Finished goods have label photos; raw materials are traded unlabelled.
                images=[] if item.raw else [f"demo/images/{item.key}.jpg"],
                expires=item.shelf_life_days is not None,
                shelf_life_days=item.shelf_life_days))
        written["products"] += 1
        if item.ocop:
            product_service.create_certificate(
                db_session=db_session, certificate_in=CertificateCreate(
                    kind="ocop", party_id=parties[item.owner].id, product_gtin=item.gtin,
                    issuer=item.ocop.issuer, number=item.ocop.decision,
                    scope=f"OCOP {item.ocop.stars} sao", file_ref=f"demo/ocop/{item.key}.pdf",
                    issued_on=date.fromisoformat(item.ocop.issued),
                    valid_until=date.fromisoformat(item.ocop.valid_until)))
            written["certificates"] += 1
    for (gtin, lot_number), dates in sorted(_lots(demo).items()):
        product_service.create_lot(db_session=db_session, lot_in=LotCreate(
            gtin=gtin, lot_number=lot_number, **dates))
        written["lots"] += 1
    for n, site in enumerate(s for s in demo.locations if s.area_code
                             and s.kind == demo_sites.GROWING_AREA):
        service_site = sites[site.key]
        product_service.create_certificate(db_session=db_session, certificate_in=(
            CertificateCreate(kind="vietgap", party_id=service_site.owner_id,
                              location_id=service_site.id, issuer=VIETGAP_ISSUER,
                              number=f"VG-TH-2025-{n + 1:03d}", scope=site.name,
                              issued_on=date(2025, 3, 1), valid_until=date(2027, 3, 1))))
        written["certificates"] += 1
    drug_factory = sites["nha_may_duoc"]
    product_service.create_certificate(db_session=db_session, certificate_in=CertificateCreate(
        kind="gmp", party_id=drug_factory.owner_id, location_id=drug_factory.id,
        issuer="Cục Quản lý Dược", number="GMP-WHO-2024-117", scope="Thuốc viên nén",
        issued_on=date(2024, 6, 1), valid_until=date(2027, 6, 1)))
    written["certificates"] += 1
    return dict(written)
