"""EPCIS master data for the demo: parties, locations and products as vocabulary elements.

Attribute ids are full URIs: the CBV master data attributes (``urn:epcglobal:cbv:mda:``)
where CBV has one (name, address, site, sub-site type...), ``https://txng.vn/ns/`` for
what it has not (tax code, ward, OCOP stars...). Vocabulary types:

- ``urn:epcglobal:epcis:vtype:Party``: parties, keyed by PGLN URN. CBV 2.0 defines
  party master data attributes but the EPCIS examples show no type for them; this is
  the name GS1-based traceability tools (GDST, OpenTraceability) use. Each location also
  names its owner (``txng:owningParty``), so nothing depends on this vocabulary alone.
- ``urn:epcglobal:epcis:vtype:BusinessLocation``: sites (SGLN, extension 0) with their
  sub-sites as children, and the sub-sites themselves (site, sst, ssd), as in CBV 2.0
  example 11.4 / the EPCIS master data examples;
- ``urn:epcglobal:epcis:vtype:ReadPoint``: the sub-sites again, as read points;
- ``urn:epcglobal:epcis:vtype:EPCClass``: products, keyed by ``urn:epc:idpat:sgtin:...*``.
"""

from __future__ import annotations

from typing import Any

from txng.demo.parties import Party
from txng.demo.places import COUNTRY, Address
from txng.demo.products import Product
from txng.demo.sites import Location

MDA = "urn:epcglobal:cbv:mda:"
TXNG = "https://txng.vn/ns/"

VTYPE_PARTY = "urn:epcglobal:epcis:vtype:Party"
VTYPE_LOCATION = "urn:epcglobal:epcis:vtype:BusinessLocation"
VTYPE_READ_POINT = "urn:epcglobal:epcis:vtype:ReadPoint"
VTYPE_CLASS = "urn:epcglobal:epcis:vtype:EPCClass"


def _attributes(pairs: list[tuple[str, Any]]) -> list[dict[str, Any]]:
    return [{"id": key, "attribute": value} for key, value in pairs if value is not None]


def _address(address: Address) -> list[tuple[str, Any]]:
    return [
        (MDA + "streetAddressOne", address.street),
        (MDA + "city", address.ward),
        (MDA + "state", address.province),
        (MDA + "countryCode", COUNTRY),
        (TXNG + "ward", address.ward),
        (TXNG + "wardCode", address.ward_code),
        (TXNG + "province", address.province),
        (TXNG + "provinceCode", address.province_code),
        (TXNG + "address", address.full),
    ]


def party_element(party: Party) -> dict[str, Any]:
    """A Party vocabulary element."""
    return {"id": party.pgln, "attributes": _attributes([
        (MDA + "name", party.name),
        *_address(party.address),
        (TXNG + "taxCode", party.mst),
        (TXNG + "partyKind", party.kind),
        (TXNG + "sector", party.sector),
        (TXNG + "tradeName", party.trade_name),
        (TXNG + "gln", party.gln),
        (TXNG + "companyPrefix", party.gcp),
    ])}


def location_elements(site: Location) -> list[dict[str, Any]]:
    """The site's BusinessLocation element, then one per sub-site."""
    element: dict[str, Any] = {"id": site.sgln, "attributes": _attributes([
        (MDA + "name", site.name),
        *_address(site.address),
        (MDA + "latitude", site.address.latitude),
        (MDA + "longitude", site.address.longitude),
        (MDA + "site", site.gln),
        (TXNG + "locationKind", site.kind),
        (TXNG + "owningParty", site.owner_pgln),
        (TXNG + "growingAreaCode", site.area_code),
    ])}
    if site.subsites:
        element["children"] = [sub.sgln for sub in site.subsites]
    return [element, *(subsite_element(site, i) for i in range(len(site.subsites)))]


def subsite_element(site: Location, index: int) -> dict[str, Any]:
    """A sub-site: its site's GLN, sub-site type and detail."""
    sub = site.subsites[index]
    return {"id": sub.sgln, "attributes": _attributes([
        (MDA + "name", f"{site.name} - {sub.ssd}"),
        (MDA + "site", site.gln),
        (MDA + "sst", sub.sst),
        (MDA + "ssd", sub.ssd),
        (TXNG + "owningParty", site.owner_pgln),
    ])}


def product_element(product: Product, owner: Party) -> dict[str, Any]:
    """An EPCClass vocabulary element."""
    ocop = product.ocop
    return {"id": product.epc_class, "attributes": _attributes([
        (MDA + "descriptionShort", product.name),
        (MDA + "netContentDescription", product.net_content),
        (MDA + "manufacturerOfTradeItemPartyName", owner.name),
        *((MDA + name, value) for name, value in product.extra),
        (TXNG + "gtin", product.gtin),
        (TXNG + "category", product.category),
        (TXNG + "sector", product.sector),
        (TXNG + "owningParty", owner.pgln),
        (TXNG + "rawMaterial", "true" if product.raw else "false"),
        (TXNG + "shelfLifeDays", product.shelf_life_days),
        (TXNG + "standard", product.standard),
        (TXNG + "ocopStars", ocop.stars if ocop else None),
        (TXNG + "ocopDecision", ocop.decision if ocop else None),
        (TXNG + "ocopIssuer", ocop.issuer if ocop else None),
        (TXNG + "ocopIssued", ocop.issued if ocop else None),
        (TXNG + "ocopValidUntil", ocop.valid_until if ocop else None),
    ])}


def vocabulary_list(parties: list[Party], sites: list[Location],
                    products: list[Product]) -> list[dict[str, Any]]:
    """The vocabularyList of a document whose events name these parties, sites, products."""
    owners = {p.key: p for p in parties}
    site_elements = [e for site in sites for e in location_elements(site)]
    read_points = [subsite_element(site, i) for site in sites for i in range(len(site.subsites))]
    vocabularies = [
        (VTYPE_PARTY, [party_element(p) for p in parties]),
        (VTYPE_LOCATION, site_elements),
        (VTYPE_READ_POINT, read_points),
        (VTYPE_CLASS, [product_element(p, owners[p.owner]) for p in products]),
    ]
    return [{"type": kind, "vocabularyElementList": elements}
            for kind, elements in vocabularies if elements]
