"""The registry as EPCIS master data: locations, products and lots as vocabulary elements.

Every write of a location, product or lot calls :func:`sync_location` /
:func:`sync_product` / :func:`sync_lot`, which replace the element's row in
``vocabulary_element``, so that the EPCIS query interface answers with what the registry
holds. Attribute ids are CBV 2.0 master data attributes where CBV has one
(``urn:epcglobal:cbv:mda#name``..., the sub-site attributes ``urn:epcglobal:cbv:mda:site``
and the owning party ``urn:epcglobal:cbv:owning_party``), ``https://txng.vn/ns/`` for
what it has not (ward code, growing-area code, OCOP stars...). Attributes use the EPCIS
2.0 JSON shape ``{"id": ..., "attribute": ...}`` that capture stores too.

Element ids: a location's SGLN EPC URN (``urn:epc:id:sgln:...``), a product's EPC class
pattern (``urn:epc:idpat:sgtin:CP.ITEM.*``), a lot's class (``urn:epc:class:lgtin:...``).
A location's ``children`` are the SGLN URNs of the locations inside it, so that a
WD_bizLocation query can walk down the hierarchy.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from txng.epcis.models import VocabularyElement
from txng.gs1 import Gln, Gtin, parse_epc
from txng.registry.checks import under_prefix
from txng.registry.models import Location, Lot, Party, Product

MDA = "urn:epcglobal:cbv:mda#"
SUBSITE = "urn:epcglobal:cbv:mda:"
OWNING_PARTY = "urn:epcglobal:cbv:owning_party"
TXNG = "https://txng.vn/ns/"
COUNTRY = "VN"

VTYPE_LOCATION = "urn:epcglobal:epcis:vtype:BusinessLocation"
VTYPE_READ_POINT = "urn:epcglobal:epcis:vtype:ReadPoint"
VTYPE_CLASS = "urn:epcglobal:epcis:vtype:EPCClass"
LOCATION_TYPES = (VTYPE_LOCATION, VTYPE_READ_POINT)


def gcp_length(key: str, owner: Party) -> int | None:
    """Length of the owner's company prefix ``key`` falls under; None lets gs1 decide."""
    prefix = under_prefix(key, owner.company_prefixes)
    return len(prefix) if prefix else None


def party_urn(party: Party) -> str | None:
    """The party's PGLN URN, the value of ``owning_party``."""
    if not party.gln:
        return None
    return Gln.parse(party.gln).pgln().as_urn(gcp_length=gcp_length(party.gln, party))


def product_class(product: Product) -> str:
    """``urn:epc:idpat:sgtin:CP.ITEM.*`` of the product."""
    # A GTIN alone is the pattern over all its serials.
    return parse_epc(Gtin.parse(product.gtin14).digital_link).as_urn(
        gcp_length=gcp_length(product.gtin14[1:], product.owner))


def lot_class(lot: Lot) -> str:
    """``urn:epc:class:lgtin:CP.ITEM.LOT`` of the lot."""
    product = lot.product
    return Gtin.parse(product.gtin14).lgtin(lot.lot_number).as_urn(
        gcp_length=gcp_length(product.gtin14[1:], product.owner))


def _attributes(pairs: list[tuple[str, Any]]) -> list[dict[str, Any]]:
    return [{"id": key, "attribute": value} for key, value in pairs
            if value is not None and value != []]


def _put(db_session: Session, vocabulary_type: str, element_id: str,
         attributes: list[dict[str, Any]], children: list[str] | None = None) -> None:
    db_session.merge(VocabularyElement(vocabulary_type=vocabulary_type, element_id=element_id,
                                       attributes=attributes, children=children,
                                       updated_at=datetime.now(UTC)))


def drop(db_session: Session, vocabulary_types: tuple[str, ...], element_id: str) -> None:
    """Remove an element, e.g. when a location's GLN changed."""
    db_session.execute(delete(VocabularyElement).where(
        VocabularyElement.vocabulary_type.in_(vocabulary_types),
        VocabularyElement.element_id == element_id))


def location_attributes(location: Location) -> list[dict[str, Any]]:
    owner = location.owner
    return _attributes([
        (MDA + "name", location.name),
        (MDA + "streetAddressOne", location.street),
        # No districts since 2025: the ward (xã, phường) is the locality.
        (MDA + "city", location.ward),
        (MDA + "state", location.province),
        (MDA + "countryCode", COUNTRY),
        (MDA + "latitude", location.latitude),
        (MDA + "longitude", location.longitude),
        # CBV sub-site attributes: the GLN of the site an extension is part of.
        (SUBSITE + "site", location.gln if location.extension else None),
        (SUBSITE + "ssd", location.description if location.extension else None),
        (OWNING_PARTY, party_urn(owner)),
        (TXNG + "owningPartyName", owner.name),
        (TXNG + "taxCode", owner.mst),
        (TXNG + "locationKind", location.kind),
        (TXNG + "growingAreaCode", location.area_code),
        (TXNG + "ward", location.ward),
        (TXNG + "wardCode", location.ward_code),
        (TXNG + "province", location.province),
        (TXNG + "provinceCode", location.province_code),
        (TXNG + "parent", location.parent.sgln if location.parent else None),
    ])


def sync_location(db_session: Session, location: Location) -> None:
    """Write the location's BusinessLocation and ReadPoint elements (with its children)."""
    children = list(db_session.scalars(
        select(Location.sgln).where(Location.parent_id == location.id).order_by(Location.sgln)))
    attributes = location_attributes(location)
    for vocabulary_type in LOCATION_TYPES:
        _put(db_session, vocabulary_type, location.sgln, attributes, children or None)


def product_attributes(product: Product) -> list[dict[str, Any]]:
    owner = product.owner
    return _attributes([
        (MDA + "descriptionShort", product.name),
        (MDA + "regulatedProductName", product.name),
        (MDA + "netContentDescription", product.unit),
        (MDA + "manufacturerOfTradeItemPartyName", owner.name),
        (MDA + "tradeItemCountryOfOrigin", product.country_of_origin),
        (MDA + "additionalTradeItemIdentification", product.registration_number),
        (OWNING_PARTY, party_urn(owner)),
        (TXNG + "gtin", product.gtin),
        (TXNG + "nameEn", product.name_en),
        (TXNG + "category", product.category),
        (TXNG + "brand", product.brand),
        (TXNG + "trademark", product.trademark),
        (TXNG + "ocopStars", product.ocop_stars),
        (TXNG + "keyProduct", "true" if product.key_product else None),
        (TXNG + "standard", list(product.standards)),
        (TXNG + "image", list(product.images)),
        (TXNG + "shelfLifeDays", product.shelf_life_days),
        (TXNG + "expiryNote", product.expiry_note),
        (TXNG + "taxCode", owner.mst),
    ])


def sync_product(db_session: Session, product: Product) -> None:
    """Write the product's EPCClass element."""
    _put(db_session, VTYPE_CLASS, product_class(product), product_attributes(product))


def sync_lot(db_session: Session, lot: Lot) -> None:
    """Write the lot's EPCClass element: its product's attributes plus its own."""
    own = _attributes([
        (MDA + "lotNumber", lot.lot_number),
        (MDA + "itemExpirationDate", lot.expiry_date.isoformat() if lot.expiry_date else None),
        (TXNG + "productionDate",
         lot.production_date.isoformat() if lot.production_date else None),
    ])
    _put(db_session, VTYPE_CLASS, lot_class(lot), product_attributes(lot.product) + own)
