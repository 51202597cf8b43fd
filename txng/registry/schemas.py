"""Pydantic shapes of the registry's JSON API: ``XCreate`` in, ``XUpdate`` for PATCH,
``XRead`` out. Shapes check types, lengths and ranges; identifiers (MST, GLN, GTIN),
wards, dates in order and ownership are checked by the service, which names the field."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]
Short = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]

PartyKind = Literal["enterprise", "cooperative", "household", "solution_provider",
                    "state_agency"]
Sector = Literal["health", "agriculture", "industry", "trade"]
PartyStatus = Literal["pending", "approved"]
LocationKind = Literal["farm", "growing_area", "factory", "warehouse", "shop", "other"]
CertificateKind = Literal["vietgap", "globalgap", "organic", "ocop", "haccp", "iso22000", "gmp"]


class RegistryBase(BaseModel):
    model_config = ConfigDict(extra="forbid", from_attributes=True)


class Address(RegistryBase):
    """An address in the 2025 units (street, ward, province); a pre-2025 address also
    names its district, and is converted."""

    street: Text | None = None
    ward: Short
    district: Short | None = Field(default=None, description="Pre-2025 district (huyện), "
                                   "only to convert an old address to the 2025 units.")
    province: Short


class AddressRead(RegistryBase):
    street: str | None
    ward: str
    ward_code: str
    province: str
    province_code: str
    as_given: str | None = None


class Contact(RegistryBase):
    name: Name
    phone: Annotated[str, StringConstraints(strip_whitespace=True, max_length=30,
                                            pattern=r"^\+?[0-9 .()-]{6,30}$")] | None = None
    email: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200,
                                            pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")] | None = None
    role: Text | None = None


# --- parties -------------------------------------------------------------------------

class PartyBase(RegistryBase):
    name: Name
    trade_name: Name | None = None
    kind: PartyKind
    sector: Sector | None = None
    mst: Annotated[str, StringConstraints(strip_whitespace=True, max_length=20)] | None = Field(
        default=None, description="Mã số thuế: 10 digits, or 13 (10-3) for a dependent unit.")
    gln: Annotated[str, StringConstraints(strip_whitespace=True, max_length=20)] | None = None
    company_prefixes: list[Annotated[str, StringConstraints(strip_whitespace=True,
                                                            max_length=20)]] = []
    address: Address
    contacts: list[Contact] = []


class PartyCreate(PartyBase):
    status: PartyStatus = "pending"


class PartyUpdate(RegistryBase):
    name: Name | None = None
    trade_name: Name | None = None
    kind: PartyKind | None = None
    sector: Sector | None = None
    mst: str | None = None
    gln: str | None = None
    company_prefixes: list[str] | None = None
    address: Address | None = None
    contacts: list[Contact] | None = None
    status: PartyStatus | None = None


class PartyRead(RegistryBase):
    id: int
    name: str
    trade_name: str | None
    kind: str
    sector: str | None
    mst: str | None
    gln: str | None
    company_prefixes: list[str]
    address: AddressRead
    contacts: list[Contact]
    status: str
    created_at: datetime
    updated_at: datetime


# --- locations -----------------------------------------------------------------------

class LocationBase(RegistryBase):
    name: Name
    kind: LocationKind
    description: Text | None = None
    gln: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                          max_length=200)] = Field(
        description="13-digit GLN, or an SGLN as EPC URN or GS1 Digital Link URI.")
    extension: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                                max_length=20)] | None = Field(
        default=None, description="GLN extension (AI 254) of a sub-location.")
    owner_id: int
    parent_id: int | None = None
    area_code: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                                max_length=64)] | None = Field(
        default=None, description="Mã số vùng trồng of a farm or growing area.")
    address: Address | None = Field(default=None, description="Where it is; a sub-location "
                                    "without one is where its parent is.")
    latitude: Annotated[float, Field(ge=-90, le=90)] | None = None
    longitude: Annotated[float, Field(ge=-180, le=180)] | None = None


class LocationCreate(LocationBase):
    pass


class LocationUpdate(RegistryBase):
    name: Name | None = None
    kind: LocationKind | None = None
    description: Text | None = None
    gln: str | None = None
    extension: str | None = None
    owner_id: int | None = None
    parent_id: int | None = None
    area_code: str | None = None
    address: Address | None = None
    latitude: Annotated[float, Field(ge=-90, le=90)] | None = None
    longitude: Annotated[float, Field(ge=-180, le=180)] | None = None


class LocationRead(RegistryBase):
    id: int
    name: str
    kind: str
    description: str | None
    gln: str
    extension: str | None
    sgln: str
    canonical: str
    owner_id: int
    parent_id: int | None
    children: list[int]
    area_code: str | None
    address: AddressRead | None
    latitude: float | None
    longitude: float | None


# --- products ------------------------------------------------------------------------

Stars = Annotated[int, Field(ge=3, le=5, description="OCOP stars: 3 to 5, or none.")]
Uri = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]


class ProductBase(RegistryBase):
    gtin: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20)]
    owner_id: int
    name: Name
    name_en: Name | None = None
    category: Short | None = None
    unit: Annotated[str, StringConstraints(strip_whitespace=True, max_length=50)] | None = None
    ocop_stars: Stars | None = None
    key_product: bool = False
    brand: Name | None = None
    trademark: Name | None = None
    registration_number: Short | None = None
    country_of_origin: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] = "VN"
    standards: list[Short] = []
    images: list[Uri] = []
    expires: bool | None = Field(default=None, description="Whether the product has a shelf "
                                 "life; None while undeclared.")
    shelf_life_days: Annotated[int, Field(gt=0, le=36500)] | None = None
    expiry_note: Text | None = None


class ProductCreate(ProductBase):
    pass


class ProductUpdate(RegistryBase):
    owner_id: int | None = None
    name: Name | None = None
    name_en: Name | None = None
    category: Short | None = None
    unit: str | None = None
    ocop_stars: Stars | None = None
    key_product: bool | None = None
    brand: Name | None = None
    trademark: Name | None = None
    registration_number: Short | None = None
    country_of_origin: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] | None = None
    standards: list[Short] | None = None
    images: list[Uri] | None = None
    expires: bool | None = None
    shelf_life_days: Annotated[int, Field(gt=0, le=36500)] | None = None
    expiry_note: Text | None = None


class ProductRead(RegistryBase):
    id: int
    gtin: str
    gtin14: str
    epc_class: str
    owner_id: int
    name: str
    name_en: str | None
    category: str | None
    unit: str | None
    ocop_stars: int | None
    key_product: bool
    brand: str | None
    trademark: str | None
    registration_number: str | None
    country_of_origin: str
    standards: list[str]
    images: list[str]
    expires: bool | None
    shelf_life_days: int | None
    expiry_note: str | None


# --- lots and certificates -----------------------------------------------------------

LotNumber = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20)]


class LotCreate(RegistryBase):
    gtin: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20)]
    lot_number: LotNumber
    production_date: date | None = None
    expiry_date: date | None = None
    quantity: Annotated[float, Field(gt=0)] | None = None
    unit: Annotated[str, StringConstraints(strip_whitespace=True, max_length=20)] | None = None


class LotUpdate(RegistryBase):
    production_date: date | None = None
    expiry_date: date | None = None
    quantity: Annotated[float, Field(gt=0)] | None = None
    unit: str | None = None


class LotRead(RegistryBase):
    id: int
    gtin: str
    lot_number: str
    epc_class: str
    production_date: date | None
    expiry_date: date | None
    quantity: float | None
    unit: str | None


class CertificateCreate(RegistryBase):
    kind: CertificateKind
    party_id: int
    product_gtin: str | None = Field(default=None, description="The product it covers, if any.")
    location_id: int | None = Field(default=None, description="The area or site it covers.")
    issuer: Name
    number: Short
    scope: Text | None = None
    issued_on: date
    valid_until: date | None = None
    file_ref: Uri | None = Field(default=None, description="URL or path of the scanned file.")


class CertificateUpdate(RegistryBase):
    issuer: Name | None = None
    number: Short | None = None
    scope: Text | None = None
    issued_on: date | None = None
    valid_until: date | None = None
    file_ref: Uri | None = None


class CertificateRead(RegistryBase):
    id: int
    kind: str
    party_id: int
    product_gtin: str | None
    location_id: int | None
    issuer: str
    number: str
    scope: str | None
    issued_on: date
    valid_until: date | None
    file_ref: str | None


# --- completeness --------------------------------------------------------------------

class CompletenessItem(RegistryBase):
    item: str
    label: str
    status: Literal["present", "missing", "not_applicable"]
    detail: str | None = None


class Stage(RegistryBase):
    biz_step: str | None
    location: str | None
    events: int
    first_event_time: datetime
    last_event_time: datetime


class Completeness(RegistryBase):
    gtin: str
    name: str
    percent: int
    present: list[str]
    missing: list[str]
    items: list[CompletenessItem]
    stages: list[Stage]


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """One page of a list answer."""

    items: list[T]
    total: int
    limit: int
    offset: int
