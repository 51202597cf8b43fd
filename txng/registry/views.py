"""The registry's JSON API under /registry: parties, locations, products, lots,
certificates, and each product's completeness against Circular 02/2024.

Reads are public. Writes go through :data:`CanWriteRegistry`, the one place where the
permission check of txng.auth will plug in (today it lets every request through).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from txng.deps import DbSession
from txng.registry import products as product_service
from txng.registry import service
from txng.registry.completeness import completeness
from txng.registry.masterdata import lot_class, product_class
from txng.registry.models import Certificate, Location, Lot, Party, Product
from txng.registry.schemas import (AddressRead, CertificateCreate, CertificateKind,
                                   CertificateRead, CertificateUpdate, Completeness, Contact,
                                   LocationCreate, LocationKind, LocationRead, LocationUpdate,
                                   LotCreate, LotRead, LotUpdate, Page, PartyCreate, PartyKind,
                                   PartyRead, PartyStatus, PartyUpdate, ProductCreate,
                                   ProductRead, ProductUpdate, Sector)


def can_write_registry() -> None:
    """Who may write to the registry: everyone until txng.auth arrives.

    txng.auth replaces this with its check (an enterprise writes only its own party,
    locations and products; the province admin approves parties).
    """


CanWriteRegistry = Depends(can_write_registry)

router = APIRouter()
Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0)]


def _address(row: Party | Location) -> AddressRead | None:
    if row.ward is None:
        return None
    return AddressRead(street=row.street, ward=row.ward, ward_code=row.ward_code,
                       province=row.province, province_code=row.province_code,
                       as_given=row.address_as_given)


def party_read(party: Party) -> PartyRead:
    return PartyRead(id=party.id, name=party.name, trade_name=party.trade_name,
                     kind=party.kind, sector=party.sector, mst=party.mst, gln=party.gln,
                     company_prefixes=party.company_prefixes, address=_address(party),
                     contacts=[Contact(**c) for c in party.contacts], status=party.status,
                     created_at=party.created_at, updated_at=party.updated_at)


def location_read(location: Location) -> LocationRead:
    return LocationRead(
        id=location.id, name=location.name, kind=location.kind,
        description=location.description, gln=location.gln, extension=location.extension,
        sgln=location.sgln, canonical=location.canonical, owner_id=location.owner_id,
        parent_id=location.parent_id, children=[c.id for c in location.children],
        area_code=location.area_code, address=_address(location),
        latitude=location.latitude, longitude=location.longitude)


def product_read(product: Product) -> ProductRead:
    return ProductRead.model_validate(
        {**{c: getattr(product, c) for c in ProductRead.model_fields if hasattr(product, c)
            and c != "epc_class"}, "epc_class": product_class(product)})


def lot_read(lot: Lot) -> LotRead:
    return LotRead(id=lot.id, gtin=lot.product.gtin, lot_number=lot.lot_number,
                   epc_class=lot_class(lot), production_date=lot.production_date,
                   expiry_date=lot.expiry_date, quantity=lot.quantity, unit=lot.unit)


def certificate_read(db_session, certificate: Certificate) -> CertificateRead:
    return CertificateRead(
        id=certificate.id, kind=certificate.kind, party_id=certificate.party_id,
        product_gtin=product_service.certificate_gtin(db_session, certificate),
        location_id=certificate.location_id, issuer=certificate.issuer,
        number=certificate.number, scope=certificate.scope, issued_on=certificate.issued_on,
        valid_until=certificate.valid_until, file_ref=certificate.file_ref)


# --- parties -------------------------------------------------------------------------

@router.get("/parties", response_model=Page[PartyRead])
def list_parties(db_session: DbSession, q: str | None = None, kind: PartyKind | None = None,
                 sector: Sector | None = None, ward: str | None = None,
                 status: PartyStatus | None = None, limit: Limit = 50, offset: Offset = 0):
    """Search parties by name, MST or GLN; filter by kind, sector, ward, status."""
    rows, total = service.list_parties(db_session=db_session, q=q, kind=kind, sector=sector,
                                       ward=ward, status=status, limit=limit, offset=offset)
    return Page(items=[party_read(p) for p in rows], total=total, limit=limit, offset=offset)


@router.post("/parties", status_code=201, response_model=PartyRead,
             dependencies=[CanWriteRegistry])
def create_party(db_session: DbSession, party_in: PartyCreate):
    """Register a party (status pending until the province approves it)."""
    return party_read(service.create_party(db_session=db_session, party_in=party_in))


@router.get("/parties/{party_id}", response_model=PartyRead)
def get_party(db_session: DbSession, party_id: int):
    """One party."""
    return party_read(service.get_party_or_raise(db_session=db_session, party_id=party_id))


@router.patch("/parties/{party_id}", response_model=PartyRead, dependencies=[CanWriteRegistry])
def update_party(db_session: DbSession, party_id: int, party_in: PartyUpdate):
    """Change some fields of a party."""
    party = service.get_party_or_raise(db_session=db_session, party_id=party_id)
    return party_read(service.update_party(db_session=db_session, party=party,
                                           party_in=party_in))


# --- locations -----------------------------------------------------------------------

@router.get("/locations", response_model=Page[LocationRead])
def list_locations(db_session: DbSession, q: str | None = None, owner_id: int | None = None,
                   kind: LocationKind | None = None, parent_id: int | None = None,
                   ward: str | None = None, limit: Limit = 50, offset: Offset = 0):
    """Search locations by name, GLN or growing-area code; filter by owner, kind, parent."""
    rows, total = service.list_locations(db_session=db_session, q=q, owner_id=owner_id,
                                         kind=kind, parent_id=parent_id, ward=ward,
                                         limit=limit, offset=offset)
    return Page(items=[location_read(x) for x in rows], total=total, limit=limit,
                offset=offset)


@router.post("/locations", status_code=201, response_model=LocationRead,
             dependencies=[CanWriteRegistry])
def create_location(db_session: DbSession, location_in: LocationCreate):
    """Register a location; its EPCIS master data is written with it."""
    return location_read(service.create_location(db_session=db_session,
                                                 location_in=location_in))


@router.get("/locations/{location_id}", response_model=LocationRead)
def get_location(db_session: DbSession, location_id: int):
    """One location."""
    return location_read(service.get_location_or_raise(db_session=db_session,
                                                       location_id=location_id))


@router.patch("/locations/{location_id}", response_model=LocationRead,
              dependencies=[CanWriteRegistry])
def update_location(db_session: DbSession, location_id: int, location_in: LocationUpdate):
    """Change some fields of a location (its hierarchy cannot loop)."""
    location = service.get_location_or_raise(db_session=db_session, location_id=location_id)
    return location_read(service.update_location(db_session=db_session, location=location,
                                                 location_in=location_in))


# --- products ------------------------------------------------------------------------

@router.get("/products", response_model=Page[ProductRead])
def list_products(db_session: DbSession, q: str | None = None, owner_id: int | None = None,
                  category: str | None = None,
                  ocop_stars: Annotated[int | None, Query(ge=3, le=5)] = None,
                  key_product: bool | None = None, limit: Limit = 50, offset: Offset = 0):
    """Search products by name, brand or GTIN; filter by owner, category, OCOP stars."""
    rows, total = product_service.list_products(
        db_session=db_session, q=q, owner_id=owner_id, category=category,
        ocop_stars=ocop_stars, key_product=key_product, limit=limit, offset=offset)
    return Page(items=[product_read(p) for p in rows], total=total, limit=limit, offset=offset)


@router.post("/products", status_code=201, response_model=ProductRead,
             dependencies=[CanWriteRegistry])
def create_product(db_session: DbSession, product_in: ProductCreate):
    """Declare a product under its owner's GS1 company prefix."""
    return product_read(product_service.create_product(db_session=db_session,
                                                       product_in=product_in))


@router.get("/products/{gtin}", response_model=ProductRead)
def get_product(db_session: DbSession, gtin: str):
    """One product, by GTIN (8, 12, 13 or 14 digits)."""
    return product_read(product_service.get_product_or_raise(db_session=db_session, gtin=gtin))


@router.patch("/products/{gtin}", response_model=ProductRead, dependencies=[CanWriteRegistry])
def update_product(db_session: DbSession, gtin: str, product_in: ProductUpdate):
    """Change some fields of a product."""
    product = product_service.get_product_or_raise(db_session=db_session, gtin=gtin)
    return product_read(product_service.update_product(db_session=db_session, product=product,
                                                       product_in=product_in))


@router.get("/products/{gtin}/completeness", response_model=Completeness)
def get_product_completeness(db_session: DbSession, gtin: str):
    """What the product's record holds and misses of Circular 02/2024's minimum data."""
    product = product_service.get_product_or_raise(db_session=db_session, gtin=gtin)
    return completeness(db_session, product)


@router.get("/products/{gtin}/lots", response_model=Page[LotRead])
def list_product_lots(db_session: DbSession, gtin: str, limit: Limit = 50,
                      offset: Offset = 0):
    """The lots of a product."""
    product_service.get_product_or_raise(db_session=db_session, gtin=gtin)
    rows, total = product_service.list_lots(db_session=db_session, gtin=gtin, limit=limit,
                                            offset=offset)
    return Page(items=[lot_read(x) for x in rows], total=total, limit=limit, offset=offset)


# --- lots ----------------------------------------------------------------------------

@router.get("/lots", response_model=Page[LotRead])
def list_lots(db_session: DbSession, gtin: str | None = None, limit: Limit = 50,
              offset: Offset = 0):
    """Lots, of one GTIN if given."""
    rows, total = product_service.list_lots(db_session=db_session, gtin=gtin, limit=limit,
                                            offset=offset)
    return Page(items=[lot_read(x) for x in rows], total=total, limit=limit, offset=offset)


@router.post("/lots", status_code=201, response_model=LotRead, dependencies=[CanWriteRegistry])
def create_lot(db_session: DbSession, lot_in: LotCreate):
    """Register a lot (GTIN + lot number) with its production and expiry dates."""
    return lot_read(product_service.create_lot(db_session=db_session, lot_in=lot_in))


@router.get("/lots/{lot_id}", response_model=LotRead)
def get_lot(db_session: DbSession, lot_id: int):
    """One lot."""
    return lot_read(product_service.get_lot_or_raise(db_session=db_session, lot_id=lot_id))


@router.patch("/lots/{lot_id}", response_model=LotRead, dependencies=[CanWriteRegistry])
def update_lot(db_session: DbSession, lot_id: int, lot_in: LotUpdate):
    """Change a lot's dates or quantity."""
    lot = product_service.get_lot_or_raise(db_session=db_session, lot_id=lot_id)
    return lot_read(product_service.update_lot(db_session=db_session, lot=lot, lot_in=lot_in))


# --- certificates --------------------------------------------------------------------

@router.get("/certificates", response_model=Page[CertificateRead])
def list_certificates(db_session: DbSession, party_id: int | None = None,
                      gtin: str | None = None, location_id: int | None = None,
                      kind: CertificateKind | None = None, limit: Limit = 50,
                      offset: Offset = 0):
    """Certificates, filtered by holder, product, location or kind."""
    rows, total = product_service.list_certificates(
        db_session=db_session, party_id=party_id, gtin=gtin, location_id=location_id,
        kind=kind, limit=limit, offset=offset)
    return Page(items=[certificate_read(db_session, c) for c in rows], total=total,
                limit=limit, offset=offset)


@router.post("/certificates", status_code=201, response_model=CertificateRead,
             dependencies=[CanWriteRegistry])
def create_certificate(db_session: DbSession, certificate_in: CertificateCreate):
    """Record a certificate (VietGAP, OCOP, HACCP...) with its validity and file."""
    certificate = product_service.create_certificate(db_session=db_session,
                                                     certificate_in=certificate_in)
    return certificate_read(db_session, certificate)


@router.get("/certificates/{certificate_id}", response_model=CertificateRead)
def get_certificate(db_session: DbSession, certificate_id: int):
    """One certificate."""
    certificate = product_service.get_certificate_or_raise(db_session=db_session,
                                                           certificate_id=certificate_id)
    return certificate_read(db_session, certificate)


@router.patch("/certificates/{certificate_id}", response_model=CertificateRead,
              dependencies=[CanWriteRegistry])
def update_certificate(db_session: DbSession, certificate_id: int,
                       certificate_in: CertificateUpdate):
    """Change some fields of a certificate (dates stay in order)."""
    certificate = product_service.get_certificate_or_raise(db_session=db_session,
                                                           certificate_id=certificate_id)
    return certificate_read(db_session, product_service.update_certificate(
        db_session=db_session, certificate=certificate, certificate_in=certificate_in))
