"""Registry test data: valid identifiers computed with their check digits."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from txng.db import transaction
from txng.epcis.models import VocabularyElement
from txng.gs1 import check_digit
from txng.registry import products as product_service
from txng.registry import service
from txng.registry.models import Certificate, CompanyPrefix, Location, Lot, Party, Product
from txng.registry.schemas import LocationCreate, PartyCreate, ProductCreate


def with_check(body: str) -> str:
    return body + str(check_digit(body))


PREFIX = "8935001"
OTHER_PREFIX = "8935002"
MST = "0100233488"          # valid per python-stdnum's own examples
OTHER_MST = "0314409058"
GLN = with_check(PREFIX + "00000")
FARM_GLN = with_check(PREFIX + "00001")
PLOT_GLN = with_check(PREFIX + "00002")
GTIN = with_check(PREFIX + "00012")
WARD = {"street": "Thôn Đại Bối", "ward": "Xã Thiệu Trung", "province": "Tỉnh Thanh Hóa"}
TABLES = (Party, CompanyPrefix, Location, Product, Lot, Certificate, VocabularyElement)


def party_data(**fields: Any) -> dict[str, Any]:
    data = {"name": "Hợp tác xã Dịch vụ Nông nghiệp Thiệu Trung", "kind": "cooperative",
            "sector": "agriculture", "mst": MST, "gln": GLN, "company_prefixes": [PREFIX],
            "address": dict(WARD),
            "contacts": [{"name": "Lê Văn An", "phone": "0912 345 678",
                          "email": "an@htxthieutrung.vn"}]}
    data.update(fields)
    return data


def location_data(owner_id: int, **fields: Any) -> dict[str, Any]:
    data = {"name": "Vùng trồng lúa ST25 Đồng Bãi", "kind": "growing_area", "gln": FARM_GLN,
            "owner_id": owner_id, "area_code": "MSVT-38-15835-001",
            "address": {"street": "Cánh đồng Đồng Bãi", "ward": "Xã Thiệu Trung",
                        "province": "Tỉnh Thanh Hóa"}}
    data.update(fields)
    return data


def product_data(owner_id: int, **fields: Any) -> dict[str, Any]:
    data = {"gtin": GTIN, "owner_id": owner_id, "name": "Gạo ST25 Thiệu Trung túi 5 kg",
            "category": "Gạo", "unit": "5 kg", "key_product": True, "brand": "Thiệu Trung",
            "standards": ["TCVN 11888:2017"], "images": ["https://example.vn/gao.jpg"],
            "shelf_life_days": 365}
    data.update(fields)
    return data


def counts(db) -> dict[str, int]:
    """Rows per registry table (and master data), to show a refusal wrote nothing."""
    db.expire_all()
    return {t.__tablename__: db.scalar(select(func.count()).select_from(t)) for t in TABLES}


@pytest.fixture
def party(sessions) -> Party:
    with transaction(sessions) as db_session:
        return service.create_party(db_session=db_session, party_in=PartyCreate(**party_data()))


@pytest.fixture
def farm(sessions, party) -> Location:
    with transaction(sessions) as db_session:
        return service.create_location(db_session=db_session,
                                       location_in=LocationCreate(**location_data(party.id)))


@pytest.fixture
def product(sessions, party) -> Product:
    with transaction(sessions) as db_session:
        return product_service.create_product(
            db_session=db_session, product_in=ProductCreate(**product_data(party.id)))
