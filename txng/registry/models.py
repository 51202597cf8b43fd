"""Registry tables: parties with their GS1 company prefixes, locations, products, lots,
certificates. Identifiers are stored once, in one normal form (MST hyphenated, GTIN-14,
canonical SGLN), so that uniqueness holds whatever form was typed."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (JSON, Boolean, Date, ForeignKey, Integer, SmallInteger, String,
                        UniqueConstraint)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from txng.db import Base, UtcDateTime

Json = JSON().with_variant(JSONB(), "postgresql")

# Kinds and sectors are stored as ASCII codes; the Vietnamese labels are for people.
PARTY_KINDS = {"enterprise": "doanh nghiệp", "cooperative": "hợp tác xã",
               "household": "hộ sản xuất", "solution_provider": "đơn vị cung cấp giải pháp",
               "state_agency": "cơ quan nhà nước"}
# Producers and traders: their GS1 keys come from GS1 Vietnam (893).
PRODUCER_KINDS = frozenset({"enterprise", "cooperative", "household"})
SECTORS = {"health": "y tế", "agriculture": "nông nghiệp", "industry": "công nghiệp",
           "trade": "thương mại"}
PARTY_STATUSES = ("pending", "approved")
LOCATION_KINDS = {"farm": "trang trại", "growing_area": "vùng trồng", "factory": "nhà máy",
                  "warehouse": "kho", "shop": "cửa hàng", "other": "khác"}
# A growing-area code (mã số vùng trồng) belongs to farming places only.
AREA_CODE_KINDS = frozenset({"farm", "growing_area"})
CERTIFICATE_KINDS = {"vietgap": "VietGAP", "globalgap": "GlobalGAP", "organic": "Hữu cơ",
                     "ocop": "OCOP", "haccp": "HACCP", "iso22000": "ISO 22000", "gmp": "GMP"}


class Party(Base):
    """An organisation or household in the province: producer, trader, provider, agency."""

    __tablename__ = "party"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(300), index=True)
    trade_name: Mapped[str | None] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(24), index=True)
    sector: Mapped[str | None] = mapped_column(String(16), index=True)
    # 10 digits, or 10-3 for a dependent unit; unique where given (agencies may have none).
    mst: Mapped[str | None] = mapped_column(String(14), unique=True)
    gln: Mapped[str | None] = mapped_column(String(13), unique=True)
    street: Mapped[str | None] = mapped_column(String(300))
    ward: Mapped[str] = mapped_column(String(100), index=True)
    ward_code: Mapped[str] = mapped_column(String(10), index=True)
    province: Mapped[str] = mapped_column(String(100))
    province_code: Mapped[str] = mapped_column(String(4))
    # What was typed, kept when a pre-2025 address was converted to the 2025 units.
    address_as_given: Mapped[str | None] = mapped_column(String(500))
    contacts: Mapped[list[dict[str, Any]]] = mapped_column(Json, default=list)
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)

    prefixes: Mapped[list[CompanyPrefix]] = relationship(
        back_populates="party", cascade="all, delete-orphan", order_by="CompanyPrefix.prefix",
        lazy="selectin")

    @property
    def company_prefixes(self) -> list[str]:
        return [p.prefix for p in self.prefixes]


class CompanyPrefix(Base):
    """A GS1 company prefix licensed to a party; one party per prefix."""

    __tablename__ = "company_prefix"

    prefix: Mapped[str] = mapped_column(String(12), primary_key=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("party.id", ondelete="CASCADE"), index=True)

    party: Mapped[Party] = relationship(back_populates="prefixes")


class Location(Base):
    """A place a party owns: farm, growing area, factory, warehouse, shop; may sit in another."""

    __tablename__ = "location"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(300), index=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    description: Mapped[str | None] = mapped_column(String(500))
    gln: Mapped[str] = mapped_column(String(13), index=True)
    extension: Mapped[str | None] = mapped_column(String(20))
    # The SGLN EPC URN (the master data element id) and its canonical Digital Link (what
    # events are indexed by), both unique.
    sgln: Mapped[str] = mapped_column(String(100), unique=True)
    canonical: Mapped[str] = mapped_column(String(120), unique=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("party.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("location.id"), index=True)
    area_code: Mapped[str | None] = mapped_column(String(64), index=True)
    street: Mapped[str | None] = mapped_column(String(300))
    ward: Mapped[str | None] = mapped_column(String(100), index=True)
    ward_code: Mapped[str | None] = mapped_column(String(10))
    province: Mapped[str | None] = mapped_column(String(100))
    province_code: Mapped[str | None] = mapped_column(String(4))
    address_as_given: Mapped[str | None] = mapped_column(String(500))
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)

    owner: Mapped[Party] = relationship(lazy="joined")
    parent: Mapped[Location | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Location]] = relationship(back_populates="parent",
                                                    order_by="Location.sgln")


class Product(Base):
    """A trade item (GTIN) and what Circular 02/2024 asks a product record to hold."""

    __tablename__ = "product"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    gtin14: Mapped[str] = mapped_column(String(14), unique=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("party.id"), index=True)
    name: Mapped[str] = mapped_column(String(300), index=True)
    name_en: Mapped[str | None] = mapped_column(String(300))
    category: Mapped[str | None] = mapped_column(String(100), index=True)
    unit: Mapped[str | None] = mapped_column(String(50))
    ocop_stars: Mapped[int | None] = mapped_column(SmallInteger, index=True)
    key_product: Mapped[bool] = mapped_column(Boolean, default=False)
    brand: Mapped[str | None] = mapped_column(String(200))
    trademark: Mapped[str | None] = mapped_column(String(200))
    registration_number: Mapped[str | None] = mapped_column(String(100))
    country_of_origin: Mapped[str] = mapped_column(String(2), default="VN")
    standards: Mapped[list[str]] = mapped_column(Json, default=list)
    images: Mapped[list[str]] = mapped_column(Json, default=list)
    # None: not declared; False: the product does not expire (chiếu cói); True: it does.
    expires: Mapped[bool | None] = mapped_column(Boolean)
    shelf_life_days: Mapped[int | None] = mapped_column(Integer)
    expiry_note: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)

    owner: Mapped[Party] = relationship(lazy="joined")

    @property
    def gtin(self) -> str:
        """The GTIN as printed: 13 digits for a GTIN-13, else the 14."""
        return self.gtin14[1:] if self.gtin14.startswith("0") else self.gtin14


class Lot(Base):
    """A batch of a product (GTIN + lot number, AI 10) with its dates."""

    __tablename__ = "lot"
    __table_args__ = (UniqueConstraint("product_id", "lot_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"), index=True)
    lot_number: Mapped[str] = mapped_column(String(20))
    production_date: Mapped[date | None] = mapped_column(Date)
    expiry_date: Mapped[date | None] = mapped_column(Date)
    quantity: Mapped[float | None]
    unit: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)

    product: Mapped[Product] = relationship(lazy="joined")


class Certificate(Base):
    """A certificate a party holds, for a product or a location where it has a scope."""

    __tablename__ = "certificate"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("party.id"), index=True)
    product_id: Mapped[int | None] = mapped_column(ForeignKey("product.id"), index=True)
    location_id: Mapped[int | None] = mapped_column(ForeignKey("location.id"), index=True)
    issuer: Mapped[str] = mapped_column(String(300))
    number: Mapped[str] = mapped_column(String(100))
    scope: Mapped[str | None] = mapped_column(String(500))
    issued_on: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    file_ref: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
