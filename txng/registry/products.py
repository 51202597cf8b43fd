"""Registry service for products, lots and certificates (same conventions as service.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from txng.errors import Conflict, NotFound
from txng.registry import masterdata
from txng.registry.checks import Problems, check_date_order, parse_gtin, under_prefix
from txng.registry.models import Certificate, Location, Lot, Party, Product
from txng.registry.schemas import (CertificateCreate, CertificateUpdate, LotCreate, LotUpdate,
                                   ProductCreate, ProductUpdate)
from txng.registry.service import _like, now

# --- products ------------------------------------------------------------------------


def _gtin14(text: str) -> str:
    """The GTIN-14 of ``text``, or NotFound: a malformed GTIN names no product."""
    problems = Problems()
    gtin = parse_gtin(problems, "gtin", text)
    if gtin is None:
        raise NotFound(f"No product with GTIN {text!r}: {problems.errors[0].message}")
    return gtin.gtin14


def get_product(*, db_session: Session, gtin: str) -> Product | None:
    """The product of a GTIN in any of its 8/12/13/14-digit forms."""
    return db_session.scalar(select(Product).where(Product.gtin14 == _gtin14(gtin)))


def get_product_or_raise(*, db_session: Session, gtin: str) -> Product:
    product = get_product(db_session=db_session, gtin=gtin)
    if product is None:
        raise NotFound(f"No product with GTIN {gtin} (không tìm thấy sản phẩm)")
    return product


def list_products(*, db_session: Session, q: str | None = None, owner_id: int | None = None,
                  category: str | None = None, ocop_stars: int | None = None,
                  key_product: bool | None = None, limit: int = 50,
                  offset: int = 0) -> tuple[list[Product], int]:
    """Products matching every filter given; ``q`` searches names, brand and GTIN."""
    query = select(Product)
    if q:
        query = query.where(or_(Product.name.ilike(_like(q), escape="\\"),
                                Product.name_en.ilike(_like(q), escape="\\"),
                                Product.brand.ilike(_like(q), escape="\\"),
                                Product.gtin14.like(_like(q), escape="\\")))
    for column, value in ((Product.owner_id, owner_id), (Product.category, category),
                          (Product.ocop_stars, ocop_stars), (Product.key_product, key_product)):
        if value is not None:
            query = query.where(column == value)
    total = db_session.scalar(select(func.count()).select_from(query.subquery()))
    rows = db_session.scalars(query.order_by(Product.name, Product.id).limit(limit)
                              .offset(offset))
    return list(rows), total


def _check_owner(db_session: Session, problems: Problems, owner_id: int,
                 gtin14: str | None) -> Party | None:
    owner = db_session.get(Party, owner_id)
    if owner is None:
        problems.add("owner_id", f"No party with id {owner_id} (không tìm thấy chủ sở hữu)")
    elif gtin14 is not None and under_prefix(gtin14[1:], owner.company_prefixes) is None:
        prefixes = ", ".join(owner.company_prefixes) or "none registered"
        shown = gtin14[1:] if gtin14.startswith("0") else gtin14
        problems.add("gtin", f"GTIN {shown} "
                             f"is not under the GS1 company prefixes of {owner.name} "
                             f"({prefixes}) (mã GTIN không thuộc tiền tố của doanh nghiệp)")
    return owner


def _check_expiry(problems: Problems, values: dict[str, Any]) -> None:
    if values.get("expires") is False and values.get("shelf_life_days"):
        problems.add("shelf_life_days", "A product that does not expire has no shelf life "
                                        "(sản phẩm không có hạn sử dụng)")
    if values.get("expires") is None and (values.get("shelf_life_days")
                                          or values.get("expiry_note")):
        values["expires"] = True


def create_product(*, db_session: Session, product_in: ProductCreate) -> Product:
    """Declare a product under its owner's GS1 company prefix; writes its EPCClass."""
    problems = Problems()
    gtin = parse_gtin(problems, "gtin", product_in.gtin)
    owner = _check_owner(db_session, problems, product_in.owner_id,
                         gtin.gtin14 if gtin else None)
    values = product_in.model_dump(exclude={"gtin", "owner_id"})
    _check_expiry(problems, values)
    problems.raise_if_any("Product")
    other = db_session.scalar(select(Product).where(Product.gtin14 == gtin.gtin14))
    if other is not None:
        raise Conflict(f"GTIN {other.gtin} is already registered as {other.name!r} "
                       "(mã GTIN đã được đăng ký)")
    moment = now()
    product = Product(gtin14=gtin.gtin14, owner=owner, created_at=moment, updated_at=moment,
                      **values)
    db_session.add(product)
    db_session.flush()
    masterdata.sync_product(db_session, product)
    return product


def update_product(*, db_session: Session, product: Product,
                   product_in: ProductUpdate) -> Product:
    """Change what ``product_in`` sets (not the GTIN, which is its identity)."""
    given = product_in.model_dump(exclude_unset=True)
    for name in ("name", "key_product", "country_of_origin", "standards", "images"):
        if given.get(name, ...) is None:
            del given[name]  # required fields keep their value when sent as null
    problems = Problems()
    owner = product.owner
    if "owner_id" in given:
        owner = _check_owner(db_session, problems, given.pop("owner_id"), product.gtin14)
    values = {"expires": product.expires, "shelf_life_days": product.shelf_life_days,
              "expiry_note": product.expiry_note, **given}
    _check_expiry(problems, values)
    problems.raise_if_any("Product")
    given.update({name: values[name] for name in ("expires",) if name in values})
    old_class = masterdata.product_class(product)
    for name, value in given.items():
        setattr(product, name, value)
    product.owner = owner
    product.updated_at = now()
    db_session.flush()
    if masterdata.product_class(product) != old_class:  # a new owner's prefix length
        masterdata.drop(db_session, (masterdata.VTYPE_CLASS,), old_class)
    masterdata.sync_product(db_session, product)
    for lot in db_session.scalars(select(Lot).where(Lot.product_id == product.id)):
        masterdata.sync_lot(db_session, lot)
    return product


# --- lots ----------------------------------------------------------------------------

def get_lot(*, db_session: Session, lot_id: int) -> Lot | None:
    return db_session.get(Lot, lot_id)


def get_lot_or_raise(*, db_session: Session, lot_id: int) -> Lot:
    lot = db_session.get(Lot, lot_id)
    if lot is None:
        raise NotFound(f"No lot with id {lot_id} (không tìm thấy lô hàng)")
    return lot


def list_lots(*, db_session: Session, gtin: str | None = None, limit: int = 50,
              offset: int = 0) -> tuple[list[Lot], int]:
    query = select(Lot)
    if gtin is not None:
        query = query.join(Product).where(Product.gtin14 == _gtin14(gtin))
    total = db_session.scalar(select(func.count()).select_from(query.subquery()))
    rows = db_session.scalars(query.order_by(Lot.id).limit(limit).offset(offset))
    return list(rows), total


def _check_lot_number(problems: Problems, lot_number: str) -> None:
    # AI 10 takes GS1 AI encodable character set 82; keep to its printable ASCII subset.
    allowed = set("!\"%&'()*+,-./:;<=>?_") | set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                   "abcdefghijklmnopqrstuvwxyz")
    if not set(lot_number) <= allowed:
        problems.add("lot_number", f"Lot number {lot_number!r} may hold only letters A-Z, "
                                   "digits and !\"%&'()*+,-./:;<=>?_ (GS1 AI 10) (số lô chỉ "
                                   "gồm chữ không dấu, số và ký hiệu cho phép)")


def create_lot(*, db_session: Session, lot_in: LotCreate) -> Lot:
    """Register a lot of a product; production must not come after expiry."""
    problems = Problems()
    product = get_product(db_session=db_session, gtin=lot_in.gtin)
    if product is None:
        problems.add("gtin", f"No product with GTIN {lot_in.gtin} (không tìm thấy sản phẩm)")
    _check_lot_number(problems, lot_in.lot_number)
    check_date_order(problems, "production_date", lot_in.production_date,
                     "expiry_date", lot_in.expiry_date)
    problems.raise_if_any("Lot")
    other = db_session.scalar(select(Lot).where(Lot.product_id == product.id,
                                                Lot.lot_number == lot_in.lot_number))
    if other is not None:
        raise Conflict(f"Lot {lot_in.lot_number} of GTIN {product.gtin} is already registered "
                       f"as lot {other.id} (lô hàng đã được đăng ký)")
    moment = now()
    lot = Lot(product=product, created_at=moment, updated_at=moment,
              **lot_in.model_dump(exclude={"gtin"}))
    db_session.add(lot)
    db_session.flush()
    masterdata.sync_lot(db_session, lot)
    return lot


def update_lot(*, db_session: Session, lot: Lot, lot_in: LotUpdate) -> Lot:
    given = lot_in.model_dump(exclude_unset=True)
    problems = Problems()
    check_date_order(problems, "production_date", given.get("production_date",
                                                            lot.production_date),
                     "expiry_date", given.get("expiry_date", lot.expiry_date))
    problems.raise_if_any("Lot")
    for name, value in given.items():
        setattr(lot, name, value)
    lot.updated_at = now()
    db_session.flush()
    masterdata.sync_lot(db_session, lot)
    return lot


# --- certificates --------------------------------------------------------------------

def get_certificate(*, db_session: Session, certificate_id: int) -> Certificate | None:
    return db_session.get(Certificate, certificate_id)


def get_certificate_or_raise(*, db_session: Session, certificate_id: int) -> Certificate:
    certificate = db_session.get(Certificate, certificate_id)
    if certificate is None:
        raise NotFound(f"No certificate with id {certificate_id} (không tìm thấy chứng nhận)")
    return certificate


def list_certificates(*, db_session: Session, party_id: int | None = None,
                      gtin: str | None = None, location_id: int | None = None,
                      kind: str | None = None, limit: int = 50,
                      offset: int = 0) -> tuple[list[Certificate], int]:
    query = select(Certificate)
    if gtin is not None:
        query = query.join(Product).where(Product.gtin14 == _gtin14(gtin))
    for column, value in ((Certificate.party_id, party_id), (Certificate.kind, kind),
                          (Certificate.location_id, location_id)):
        if value is not None:
            query = query.where(column == value)
    total = db_session.scalar(select(func.count()).select_from(query.subquery()))
    rows = db_session.scalars(query.order_by(Certificate.issued_on, Certificate.id)
                              .limit(limit).offset(offset))
    return list(rows), total


def create_certificate(*, db_session: Session, certificate_in: CertificateCreate) -> Certificate:
    """Record a certificate of a party, for one of its products or locations if given."""
    problems = Problems()
    party = db_session.get(Party, certificate_in.party_id)
    if party is None:
        problems.add("party_id", f"No party with id {certificate_in.party_id} "
                                 "(không tìm thấy tổ chức, cá nhân)")
    product = None
    if certificate_in.product_gtin is not None:
        product = get_product(db_session=db_session, gtin=certificate_in.product_gtin)
        if product is None:
            problems.add("product_gtin", f"No product with GTIN {certificate_in.product_gtin} "
                                         "(không tìm thấy sản phẩm)")
        elif party is not None and product.owner_id != party.id:
            problems.add("product_gtin", f"Product {product.gtin} belongs to another party "
                                         "(sản phẩm thuộc đơn vị khác)")
    if certificate_in.location_id is not None:
        location = db_session.get(Location, certificate_in.location_id)
        if location is None:
            problems.add("location_id", f"No location with id {certificate_in.location_id} "
                                        "(không tìm thấy địa điểm)")
        elif party is not None and location.owner_id != party.id:
            problems.add("location_id", f"Location {location.id} belongs to another party "
                                        "(địa điểm thuộc đơn vị khác)")
    check_date_order(problems, "issued_on", certificate_in.issued_on,
                     "valid_until", certificate_in.valid_until)
    problems.raise_if_any("Certificate")
    moment = now()
    certificate = Certificate(
        product_id=product.id if product else None, created_at=moment, updated_at=moment,
        **certificate_in.model_dump(exclude={"product_gtin"}))
    db_session.add(certificate)
    db_session.flush()
    return certificate


def update_certificate(*, db_session: Session, certificate: Certificate,
                       certificate_in: CertificateUpdate) -> Certificate:
    given = {name: value for name, value in certificate_in.model_dump(exclude_unset=True).items()
             if value is not None or name in ("scope", "valid_until", "file_ref")}
    problems = Problems()
    check_date_order(problems, "issued_on", given.get("issued_on", certificate.issued_on),
                     "valid_until", given.get("valid_until", certificate.valid_until))
    problems.raise_if_any("Certificate")
    for name, value in given.items():
        setattr(certificate, name, value)
    certificate.updated_at = now()
    db_session.flush()
    return certificate


def certificate_gtin(db_session: Session, certificate: Certificate) -> str | None:
    if certificate.product_id is None:
        return None
    return db_session.get(Product, certificate.product_id).gtin
