"""Registry service for parties and locations: plain functions, session first.

Services check everything, then write and ``flush()``; the request (or the CLI's
transaction) commits once, so a refused write leaves nothing behind. Checks of one
input are collected and raised together as :class:`~txng.errors.InvalidInput`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from txng.errors import Conflict, NotFound
from txng.gs1 import Gln
from txng.registry import masterdata
from txng.registry.checks import (Problems, ResolvedAddress, parse_gln, parse_mst,
                                  parse_prefixes, parse_sgln, resolve_address, under_prefix)
from txng.registry.models import (AREA_CODE_KINDS, PRODUCER_KINDS, CompanyPrefix, Location,
                                  Party, Product)
from txng.registry.schemas import (Address, LocationCreate, LocationUpdate, PartyCreate,
                                   PartyUpdate)


def now() -> datetime:
    return datetime.now(UTC)


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _set_address(row: Party | Location, address: ResolvedAddress) -> None:
    row.street, row.ward, row.ward_code = address.street, address.ward, address.ward_code
    row.province, row.province_code = address.province, address.province_code
    row.address_as_given = address.as_given


# --- parties -------------------------------------------------------------------------

def get_party(*, db_session: Session, party_id: int) -> Party | None:
    return db_session.get(Party, party_id)


def get_party_or_raise(*, db_session: Session, party_id: int) -> Party:
    party = db_session.get(Party, party_id)
    if party is None:
        raise NotFound(f"No party with id {party_id} (không tìm thấy tổ chức, cá nhân)")
    return party


def get_party_by_mst(*, db_session: Session, mst: str) -> Party | None:
    problems = Problems()
    stored = parse_mst(problems, "mst", mst)
    return db_session.scalar(select(Party).where(Party.mst == stored)) if stored else None


def get_party_by_gln(*, db_session: Session, gln: str) -> Party | None:
    return db_session.scalar(select(Party).where(Party.gln == gln.strip()))


def list_parties(*, db_session: Session, q: str | None = None, kind: str | None = None,
                 sector: str | None = None, ward: str | None = None,
                 status: str | None = None, limit: int = 50,
                 offset: int = 0) -> tuple[list[Party], int]:
    """Parties matching every filter given, by name; ``q`` searches name, MST and GLN."""
    query = select(Party)
    if q:
        query = query.where(or_(Party.name.ilike(_like(q), escape="\\"),
                                Party.trade_name.ilike(_like(q), escape="\\"),
                                Party.mst.like(_like(q), escape="\\"),
                                Party.gln.like(_like(q), escape="\\")))
    for column, value in ((Party.kind, kind), (Party.sector, sector), (Party.status, status)):
        if value is not None:
            query = query.where(column == value)
    if ward:
        query = query.where(or_(Party.ward == ward, Party.ward_code == ward))
    total = db_session.scalar(select(func.count()).select_from(query.subquery()))
    rows = db_session.scalars(query.order_by(Party.name, Party.id).limit(limit).offset(offset))
    return list(rows), total


def _check_party(db_session: Session, problems: Problems, *, kind: str, mst: str | None,
                 gln: str | None, prefixes: list[str], address: Address | None,
                 party_id: int | None) -> dict[str, Any]:
    producer = kind in PRODUCER_KINDS
    out: dict[str, Any] = {
        "mst": parse_mst(problems, "mst", mst),
        "gln": parse_gln(problems, "gln", gln, vietnamese=producer),
        "prefixes": parse_prefixes(problems, "company_prefixes", prefixes, vietnamese=producer),
        "address": resolve_address(problems, "address", address) if address else None,
    }
    if out["mst"]:
        other = db_session.scalar(select(Party).where(Party.mst == out["mst"]))
        if other is not None and other.id != party_id:
            raise Conflict(f"MST {out['mst']} is already registered to party {other.id} "
                           f"({other.name}) (mã số thuế đã được đăng ký)")
    if out["gln"]:
        other = db_session.scalar(select(Party).where(Party.gln == out["gln"]))
        if other is not None and other.id != party_id:
            raise Conflict(f"GLN {out['gln']} is already registered to party {other.id} "
                           f"({other.name}) (GLN đã được đăng ký)")
    for prefix in out["prefixes"]:
        clash = db_session.scalar(select(CompanyPrefix).where(
            CompanyPrefix.party_id != (party_id or -1),
            or_(CompanyPrefix.prefix == prefix,
                func.substr(CompanyPrefix.prefix, 1, len(prefix)) == prefix,
                func.substr(prefix, 1, func.length(CompanyPrefix.prefix))
                == CompanyPrefix.prefix)))
        if clash is not None:
            raise Conflict(f"GS1 company prefix {prefix} overlaps {clash.prefix} of party "
                           f"{clash.party_id} (tiền tố đã thuộc về đơn vị khác)")
    return out


def create_party(*, db_session: Session, party_in: PartyCreate) -> Party:
    """Register a party; identifiers checked, address resolved to the 2025 units."""
    problems = Problems()
    checked = _check_party(db_session, problems, kind=party_in.kind, mst=party_in.mst,
                           gln=party_in.gln, prefixes=party_in.company_prefixes,
                           address=party_in.address, party_id=None)
    problems.raise_if_any("Party")
    moment = now()
    party = Party(name=party_in.name, trade_name=party_in.trade_name, kind=party_in.kind,
                  sector=party_in.sector, mst=checked["mst"], gln=checked["gln"],
                  contacts=[c.model_dump(exclude_none=True) for c in party_in.contacts],
                  status=party_in.status, created_at=moment, updated_at=moment,
                  prefixes=[CompanyPrefix(prefix=p) for p in checked["prefixes"]])
    _set_address(party, checked["address"])
    db_session.add(party)
    db_session.flush()
    return party


def update_party(*, db_session: Session, party: Party, party_in: PartyUpdate) -> Party:
    """Change what ``party_in`` sets; products and locations keep to the new prefixes."""
    given = party_in.model_dump(exclude_unset=True)
    problems = Problems()
    kind = given.get("kind") or party.kind
    checked = _check_party(
        db_session, problems, kind=kind,
        mst=given.get("mst", party.mst), gln=given.get("gln", party.gln),
        prefixes=given.get("company_prefixes", party.company_prefixes),
        address=party_in.address, party_id=party.id)
    if "company_prefixes" in given and not problems.errors:
        products = db_session.scalars(select(Product.gtin14).where(Product.owner_id == party.id))
        for gtin14 in products:
            if under_prefix(gtin14[1:], checked["prefixes"]) is None:
                problems.add("company_prefixes", f"Product {gtin14[1:]} would fall outside "
                             "the party's company prefixes (sản phẩm nằm ngoài tiền tố)")
    problems.raise_if_any("Party")
    for name in ("name", "trade_name", "kind", "sector", "status"):
        if name in given and (given[name] is not None or name in ("trade_name", "sector")):
            setattr(party, name, given[name])
    party.mst, party.gln = checked["mst"], checked["gln"]
    if "contacts" in given:
        party.contacts = [c.model_dump(exclude_none=True) for c in party_in.contacts or []]
    if "company_prefixes" in given:
        kept = {p.prefix: p for p in party.prefixes}
        party.prefixes = [kept.get(p) or CompanyPrefix(prefix=p) for p in checked["prefixes"]]
    if checked["address"]:
        _set_address(party, checked["address"])
    party.updated_at = now()
    db_session.flush()
    # Owner name, tax code and PGLN appear in the master data of its places and goods.
    for location in db_session.scalars(select(Location).where(Location.owner_id == party.id)):
        masterdata.sync_location(db_session, location)
    for product in db_session.scalars(select(Product).where(Product.owner_id == party.id)):
        masterdata.sync_product(db_session, product)
    return party


# --- locations -----------------------------------------------------------------------

def get_location(*, db_session: Session, location_id: int) -> Location | None:
    return db_session.get(Location, location_id)


def get_location_or_raise(*, db_session: Session, location_id: int) -> Location:
    location = db_session.get(Location, location_id)
    if location is None:
        raise NotFound(f"No location with id {location_id} (không tìm thấy địa điểm)")
    return location


def list_locations(*, db_session: Session, q: str | None = None, owner_id: int | None = None,
                   kind: str | None = None, parent_id: int | None = None,
                   ward: str | None = None, limit: int = 50,
                   offset: int = 0) -> tuple[list[Location], int]:
    """Locations matching every filter given; ``q`` searches name, GLN and area code."""
    query = select(Location)
    if q:
        query = query.where(or_(Location.name.ilike(_like(q), escape="\\"),
                                Location.gln.like(_like(q), escape="\\"),
                                Location.area_code.ilike(_like(q), escape="\\")))
    for column, value in ((Location.owner_id, owner_id), (Location.kind, kind),
                          (Location.parent_id, parent_id)):
        if value is not None:
            query = query.where(column == value)
    if ward:
        query = query.where(or_(Location.ward == ward, Location.ward_code == ward))
    total = db_session.scalar(select(func.count()).select_from(query.subquery()))
    rows = db_session.scalars(query.order_by(Location.name, Location.id).limit(limit)
                              .offset(offset))
    return list(rows), total


def _sgln(gln: str, extension: str | None, owner: Party) -> tuple[str, str]:
    epc = Gln.parse(gln).sgln(extension)
    return epc.as_urn(gcp_length=masterdata.gcp_length(gln, owner)), epc.digital_link


def _check_parent(db_session: Session, problems: Problems, location_id: int | None,
                  parent_id: int | None) -> Location | None:
    """The parent, refused when missing or when it lies inside the location itself."""
    if parent_id is None:
        return None
    parent = db_session.get(Location, parent_id)
    if parent is None:
        problems.add("parent_id", f"No location with id {parent_id} (không tìm thấy địa điểm "
                                  "cấp trên)")
        return None
    seen, step = set(), parent
    while step is not None and step.id not in seen:
        if step.id == location_id:
            problems.add("parent_id", f"Location {parent_id} lies inside location "
                                      f"{location_id}: a hierarchy cannot loop (phân cấp "
                                      "địa điểm không được tạo vòng)")
            return None
        seen.add(step.id)
        step = step.parent
    return parent


def _write_location(db_session: Session, location: Location | None,
                    values: dict[str, Any], address: Address | None) -> Location:
    """Check and write a new (``location`` None) or existing location."""
    problems = Problems()
    owner = db_session.get(Party, values["owner_id"])
    if owner is None:
        problems.add("owner_id", f"No party with id {values['owner_id']} (không tìm thấy "
                                 "chủ sở hữu)")
    keys = parse_sgln(problems, "gln", values["gln"], values.get("extension"))
    parent = _check_parent(db_session, problems, location.id if location else None,
                           values.get("parent_id"))
    resolved = resolve_address(problems, "address", address) if address else None
    if values.get("area_code") and values["kind"] not in AREA_CODE_KINDS:
        problems.add("area_code", "A growing-area code belongs to a farm or growing area "
                                  "(mã số vùng trồng chỉ dành cho trang trại, vùng trồng)")
    if address is None and parent is None and (location is None or location.ward is None):
        if not any(e.field == "parent_id" for e in problems.errors):
            problems.add("address", "A location needs an address, or a parent location it "
                                    "is part of (cần địa chỉ hoặc địa điểm cấp trên)")
    if owner is not None and keys is not None and owner.company_prefixes \
            and under_prefix(keys[0], owner.company_prefixes) is None:
        problems.add("gln", f"GLN {keys[0]} is not under the owner's GS1 company prefixes "
                            f"{', '.join(owner.company_prefixes)} (GLN không thuộc tiền tố "
                            "của chủ sở hữu)")
    problems.raise_if_any("Location")
    sgln, canonical = _sgln(keys[0], keys[1], owner)
    other = db_session.scalar(select(Location).where(Location.canonical == canonical))
    if other is not None and (location is None or other.id != location.id):
        raise Conflict(f"Location {sgln} is already registered as location {other.id} "
                       f"({other.name}) (địa điểm đã được đăng ký)")
    moment = now()
    old_sgln, old_parent = (location.sgln, location.parent) if location else (None, None)
    if location is None:
        location = Location(created_at=moment)
        db_session.add(location)
    for name in ("name", "kind", "description", "area_code", "latitude", "longitude"):
        setattr(location, name, values.get(name))
    location.owner, location.parent = owner, parent
    location.gln, location.extension, location.sgln, location.canonical = (
        keys[0], keys[1], sgln, canonical)
    if resolved is not None:
        _set_address(location, resolved)
    elif parent is not None and address is None and location.ward is None:
        # A sub-location without an address of its own is where its parent is.
        for name in ("street", "ward", "ward_code", "province", "province_code"):
            setattr(location, name, getattr(parent, name))
    location.updated_at = moment
    db_session.flush()
    if old_sgln and old_sgln != sgln:
        masterdata.drop(db_session, masterdata.LOCATION_TYPES, old_sgln)
    masterdata.sync_location(db_session, location)
    for affected in {old_parent, parent} - {None}:
        db_session.refresh(affected, ["children"])
        masterdata.sync_location(db_session, affected)
    if old_sgln and old_sgln != sgln:
        for child in location.children:  # their parent attribute names the new SGLN
            masterdata.sync_location(db_session, child)
    return location


def create_location(*, db_session: Session, location_in: LocationCreate) -> Location:
    """Register a location and write its EPCIS master data (and its parent's children)."""
    values = location_in.model_dump(exclude={"address"})
    return _write_location(db_session, None, values, location_in.address)


# Fields a PATCH may set to null; the others keep their value when sent as null.
_CLEARABLE = frozenset({"description", "extension", "parent_id", "area_code", "latitude",
                        "longitude"})


def update_location(*, db_session: Session, location: Location,
                    location_in: LocationUpdate) -> Location:
    """Change what ``location_in`` sets; master data follows, hierarchy stays loop-free."""
    given = {name: value for name, value in
             location_in.model_dump(exclude_unset=True, exclude={"address"}).items()
             if value is not None or name in _CLEARABLE}
    values = {name: getattr(location, name) for name in (
        "name", "kind", "description", "gln", "extension", "owner_id", "parent_id",
        "area_code", "latitude", "longitude")}
    values.update(given)
    if "gln" in given and "extension" not in given and not given["gln"].strip().isdigit():
        values["extension"] = None  # an SGLN carries its own extension
    return _write_location(db_session, location, values, location_in.address)
