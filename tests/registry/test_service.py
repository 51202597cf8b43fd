"""Registry service: normal forms stored, master data written, bad input refused whole."""

from __future__ import annotations

from datetime import date

import pytest

from tests.registry.conftest import (FARM_GLN, GLN, GTIN, MST, OTHER_MST, OTHER_PREFIX, PLOT_GLN,
                                     PREFIX, counts, location_data, party_data, product_data,
                                     with_check)
from txng.db import transaction
from txng.epcis.models import VocabularyElement
from txng.errors import Conflict, InvalidInput, NotFound
from txng.registry import products as product_service
from txng.registry import service
from txng.registry.masterdata import VTYPE_CLASS, VTYPE_LOCATION, VTYPE_READ_POINT
from txng.registry.schemas import (CertificateCreate, LocationCreate, LocationUpdate, LotCreate,
                                   PartyCreate, PartyUpdate, ProductCreate, ProductUpdate)

FARM_SGLN = "urn:epc:id:sgln:8935001.00001.0"


def refused(sessions, db, exc_type, call):
    """Run ``call(db_session)`` in a transaction; it must raise and write nothing."""
    before = counts(db)
    with pytest.raises(exc_type) as info, transaction(sessions) as db_session:
        call(db_session)
    assert counts(db) == before
    return info.value


def create_party(sessions, **fields):
    with transaction(sessions) as db_session:
        return service.create_party(db_session=db_session,
                                    party_in=PartyCreate(**party_data(**fields)))


def element(db, vocabulary_type, element_id) -> VocabularyElement | None:
    db.expire_all()
    return db.get(VocabularyElement, (vocabulary_type, element_id))


def attributes(row: VocabularyElement) -> dict:
    return {a["id"]: a["attribute"] for a in row.attributes}


# --- parties -------------------------------------------------------------------------

def test_create_party_stores_normal_forms(sessions, db):
    party = create_party(sessions, mst="0314409058002", company_prefixes=[" 8935001 "])
    assert (party.mst, party.company_prefixes, party.status) == (
        "0314409058-002", ["8935001"], "pending")
    assert (party.ward, party.ward_code, party.province, party.address_as_given) == (
        "Xã Thiệu Trung", "15835", "Tỉnh Thanh Hóa", None)
    assert party.contacts == [{"name": "Lê Văn An", "phone": "0912 345 678",
                               "email": "an@htxthieutrung.vn"}]


def test_create_party_converts_a_pre_2025_address(sessions):
    party = create_party(sessions, address={
        "street": "Số 5 Lê Lợi", "ward": "Phường Điện Biên", "district": "Thành phố Thanh Hóa",
        "province": "Tỉnh Thanh Hóa"})
    assert (party.street, party.ward, party.province) == (
        "Số 5 Lê Lợi", "Phường Hạc Thành", "Tỉnh Thanh Hóa")
    assert party.address_as_given == ("Số 5 Lê Lợi, Phường Điện Biên, Thành phố Thanh Hóa, "
                                      "Tỉnh Thanh Hóa")


def test_create_party_with_invalid_mst_check_digit(sessions, db):
    exc = refused(sessions, db, InvalidInput, lambda s: service.create_party(
        db_session=s, party_in=PartyCreate(**party_data(mst="0100233480"))))
    assert [(e.field, e.message) for e in exc.errors] == [
        ("mst", "Invalid MST check digit in '0100233480' (Mã số thuế sai chữ số kiểm tra)")]


def test_create_party_with_invalid_gln_check_digit(sessions, db):
    wrong = GLN[:-1] + str((int(GLN[-1]) + 1) % 10)
    exc = refused(sessions, db, InvalidInput, lambda s: service.create_party(
        db_session=s, party_in=PartyCreate(**party_data(gln=wrong))))
    assert exc.errors[0].field == "gln"
    assert "Invalid GLN check digit" in exc.errors[0].message


def test_create_enterprise_with_a_foreign_gln(sessions, db):
    exc = refused(sessions, db, InvalidInput, lambda s: service.create_party(
        db_session=s, party_in=PartyCreate(**party_data(gln=with_check("400123400000")))))
    assert exc.errors[0].field == "gln" and "893" in exc.errors[0].message


def test_create_party_with_unknown_ward(sessions, db):
    exc = refused(sessions, db, InvalidInput, lambda s: service.create_party(
        db_session=s, party_in=PartyCreate(**party_data(address={
            "ward": "Xã Không Có", "province": "Tỉnh Thanh Hóa"}))))
    assert [e.field for e in exc.errors] == ["address.ward"]
    assert "Unknown ward 'Xã Không Có' in Tỉnh Thanh Hóa" in exc.errors[0].message


def test_create_party_names_every_bad_field(sessions, db):
    exc = refused(sessions, db, InvalidInput, lambda s: service.create_party(
        db_session=s, party_in=PartyCreate(**party_data(
            mst="12345", company_prefixes=["8935001", "89350011"],
            address={"ward": "Xã Không Có", "province": "Tỉnh Thanh Hóa"}))))
    assert [e.field for e in exc.errors] == ["mst", "company_prefixes[1]", "address.ward"]


def test_create_party_with_duplicate_mst(sessions, db, party):
    exc = refused(sessions, db, Conflict, lambda s: service.create_party(
        db_session=s, party_in=PartyCreate(**party_data(
            gln=None, company_prefixes=[OTHER_PREFIX]))))
    assert exc.detail.startswith(f"MST {MST} is already registered to party {party.id}")


def test_create_party_with_a_prefix_inside_another_partys(sessions, db, party):
    exc = refused(sessions, db, Conflict, lambda s: service.create_party(
        db_session=s, party_in=PartyCreate(**party_data(
            mst=OTHER_MST, gln=None, company_prefixes=[PREFIX + "9"]))))
    assert f"overlaps {PREFIX}" in exc.detail


def test_update_party_resyncs_master_data_of_its_places(sessions, db, farm):
    with transaction(sessions) as db_session:
        party = service.get_party_or_raise(db_session=db_session, party_id=farm.owner_id)
        service.update_party(db_session=db_session, party=party, party_in=PartyUpdate(
            name="HTX Thiệu Trung", status="approved"))
    row = element(db, VTYPE_LOCATION, FARM_SGLN)
    assert attributes(row)["https://txng.vn/ns/owningPartyName"] == "HTX Thiệu Trung"


def test_update_party_cannot_drop_the_prefix_of_its_products(sessions, db, product):
    def call(s):
        party = service.get_party_or_raise(db_session=s, party_id=product.owner_id)
        service.update_party(db_session=s, party=party,
                             party_in=PartyUpdate(company_prefixes=[OTHER_PREFIX]))
    exc = refused(sessions, db, InvalidInput, call)
    assert exc.errors[0].field == "company_prefixes"


def test_get_party_not_found(db):
    with pytest.raises(NotFound):
        service.get_party_or_raise(db_session=db, party_id=999)


def test_list_parties_searches_name_mst_and_filters(sessions, db, party):
    create_party(sessions, name="Công ty TNHH Nước mắm Hải Bình", kind="enterprise",
                 mst=OTHER_MST, gln=None, company_prefixes=[OTHER_PREFIX], sector="trade")
    rows, total = service.list_parties(db_session=db, q="thiệu trung")
    assert total == 1 and rows[0].id == party.id
    rows, total = service.list_parties(db_session=db, q=OTHER_MST[:6])
    assert [r.mst for r in rows] == [OTHER_MST]
    assert service.list_parties(db_session=db, sector="trade")[1] == 1
    assert service.list_parties(db_session=db, ward="15835")[1] == 2


# --- locations -----------------------------------------------------------------------

def test_create_location_writes_business_location_and_read_point(sessions, db, farm):
    assert (farm.sgln, farm.canonical) == (FARM_SGLN, f"https://id.gs1.org/414/{FARM_GLN}")
    for vocabulary_type in (VTYPE_LOCATION, VTYPE_READ_POINT):
        row = element(db, vocabulary_type, FARM_SGLN)
        attrs = attributes(row)
        assert attrs["urn:epcglobal:cbv:mda#name"] == "Vùng trồng lúa ST25 Đồng Bãi"
        assert attrs["urn:epcglobal:cbv:mda#city"] == "Xã Thiệu Trung"
        assert attrs["urn:epcglobal:cbv:mda#state"] == "Tỉnh Thanh Hóa"
        assert attrs["urn:epcglobal:cbv:mda#countryCode"] == "VN"
        assert attrs["urn:epcglobal:cbv:owning_party"] == "urn:epc:id:pgln:8935001.00000"
        assert attrs["https://txng.vn/ns/growingAreaCode"] == "MSVT-38-15835-001"
        assert row.children is None


def test_child_locations_appear_in_the_parents_children(sessions, db, farm):
    with transaction(sessions) as db_session:
        plot = service.create_location(db_session=db_session, location_in=LocationCreate(
            **location_data(farm.owner_id, name="Thửa 1", gln=PLOT_GLN, parent_id=farm.id,
                            address=None)))
        store = service.create_location(db_session=db_session, location_in=LocationCreate(
            **location_data(farm.owner_id, name="Kho", kind="warehouse", gln=FARM_GLN,
                            extension="1", area_code=None, parent_id=farm.id, address=None)))
    assert store.sgln == "urn:epc:id:sgln:8935001.00001.1"
    assert plot.ward == "Xã Thiệu Trung"  # where its parent is
    assert element(db, VTYPE_LOCATION, FARM_SGLN).children == sorted([plot.sgln, store.sgln])
    store_attrs = attributes(element(db, VTYPE_READ_POINT, store.sgln))
    assert store_attrs["urn:epcglobal:cbv:mda:site"] == FARM_GLN
    # Moving the plot out takes it off the farm's children.
    with transaction(sessions) as db_session:
        moved = service.get_location_or_raise(db_session=db_session, location_id=plot.id)
        service.update_location(db_session=db_session, location=moved,
                                location_in=LocationUpdate(parent_id=None))
    assert element(db, VTYPE_LOCATION, FARM_SGLN).children == [store.sgln]


def test_location_hierarchy_cycle_is_refused(sessions, db, farm):
    with transaction(sessions) as db_session:
        plot = service.create_location(db_session=db_session, location_in=LocationCreate(
            **location_data(farm.owner_id, name="Thửa 1", gln=PLOT_GLN, parent_id=farm.id)))

    def call(s):
        top = service.get_location_or_raise(db_session=s, location_id=farm.id)
        service.update_location(db_session=s, location=top,
                                location_in=LocationUpdate(parent_id=plot.id))
    exc = refused(sessions, db, InvalidInput, call)
    assert exc.errors[0].field == "parent_id"
    assert "cannot loop" in exc.errors[0].message

    def self_parent(s):
        top = service.get_location_or_raise(db_session=s, location_id=farm.id)
        service.update_location(db_session=s, location=top,
                                location_in=LocationUpdate(parent_id=farm.id))
    refused(sessions, db, InvalidInput, self_parent)


def test_location_outside_the_owners_prefix_is_refused(sessions, db, party):
    foreign = with_check(OTHER_PREFIX + "00001")
    exc = refused(sessions, db, InvalidInput, lambda s: service.create_location(
        db_session=s, location_in=LocationCreate(**location_data(party.id, gln=foreign))))
    assert exc.errors[0].field == "gln" and "not under the owner's" in exc.errors[0].message


def test_location_with_unknown_owner_ward_and_parent(sessions, db, party):
    exc = refused(sessions, db, InvalidInput, lambda s: service.create_location(
        db_session=s, location_in=LocationCreate(**location_data(
            999, parent_id=998, address={"ward": "Xã Không Có", "province": "Tỉnh Thanh Hóa"}))))
    assert [e.field for e in exc.errors] == ["owner_id", "parent_id", "address.ward"]


def test_duplicate_location_is_refused(sessions, db, farm):
    exc = refused(sessions, db, Conflict, lambda s: service.create_location(
        db_session=s, location_in=LocationCreate(**location_data(
            farm.owner_id, gln=f"https://id.gs1.org/414/{FARM_GLN}"))))
    assert f"already registered as location {farm.id}" in exc.detail


def test_changing_a_locations_gln_moves_its_master_data(sessions, db, farm):
    with transaction(sessions) as db_session:
        row = service.get_location_or_raise(db_session=db_session, location_id=farm.id)
        service.update_location(db_session=db_session, location=row,
                                location_in=LocationUpdate(gln="urn:epc:id:sgln:8935001.00002.0"))
    assert element(db, VTYPE_LOCATION, FARM_SGLN) is None
    assert element(db, VTYPE_LOCATION, "urn:epc:id:sgln:8935001.00002.0") is not None


# --- products ------------------------------------------------------------------------

def test_create_product_writes_its_epc_class(sessions, db, product):
    assert (product.gtin, product.gtin14, product.expires) == (GTIN, "0" + GTIN, True)
    attrs = attributes(element(db, VTYPE_CLASS, "urn:epc:idpat:sgtin:8935001.000012.*"))
    assert attrs["urn:epcglobal:cbv:mda#regulatedProductName"] == "Gạo ST25 Thiệu Trung túi 5 kg"
    assert attrs["urn:epcglobal:cbv:mda#tradeItemCountryOfOrigin"] == "VN"
    assert attrs["urn:epcglobal:cbv:mda#manufacturerOfTradeItemPartyName"] == (
        "Hợp tác xã Dịch vụ Nông nghiệp Thiệu Trung")
    assert attrs["https://txng.vn/ns/standard"] == ["TCVN 11888:2017"]


def test_product_with_invalid_gtin_check_digit(sessions, db, party):
    wrong = GTIN[:-1] + str((int(GTIN[-1]) + 1) % 10)
    exc = refused(sessions, db, InvalidInput, lambda s: product_service.create_product(
        db_session=s, product_in=ProductCreate(**product_data(party.id, gtin=wrong))))
    assert exc.errors[0].field == "gtin" and "Invalid GTIN check digit" in exc.errors[0].message


def test_product_outside_the_owners_company_prefix(sessions, db, party):
    foreign = with_check(OTHER_PREFIX + "00012")
    exc = refused(sessions, db, InvalidInput, lambda s: product_service.create_product(
        db_session=s, product_in=ProductCreate(**product_data(party.id, gtin=foreign))))
    assert [(e.field, e.message) for e in exc.errors] == [(
        "gtin", f"GTIN {foreign} is not under the GS1 company prefixes of Hợp tác xã Dịch vụ "
                f"Nông nghiệp Thiệu Trung ({PREFIX}) (mã GTIN không thuộc tiền tố của doanh "
                "nghiệp)")]


def test_duplicate_gtin_is_refused_in_any_form(sessions, db, product):
    exc = refused(sessions, db, Conflict, lambda s: product_service.create_product(
        db_session=s, product_in=ProductCreate(**product_data(product.owner_id,
                                                              gtin="0" + GTIN))))
    assert exc.detail.startswith(f"GTIN {GTIN} is already registered")


def test_script_tag_in_a_product_name_is_stored_as_text(sessions, db, party):
    name = '<script>alert("x")</script> Gạo'
    with transaction(sessions) as db_session:
        product_service.create_product(db_session=db_session, product_in=ProductCreate(
            **product_data(party.id, name=name)))
    assert product_service.get_product(db_session=db, gtin=GTIN).name == name


def test_update_product_refuses_shelf_life_on_a_non_expiring_product(sessions, db, product):
    def call(s):
        row = product_service.get_product_or_raise(db_session=s, gtin=GTIN)
        product_service.update_product(db_session=s, product=row,
                                       product_in=ProductUpdate(expires=False))
    exc = refused(sessions, db, InvalidInput, call)
    assert exc.errors[0].field == "shelf_life_days"


def test_update_product_resyncs_its_class(sessions, db, product):
    with transaction(sessions) as db_session:
        row = product_service.get_product_or_raise(db_session=db_session, gtin=GTIN)
        product_service.update_product(db_session=db_session, product=row,
                                       product_in=ProductUpdate(ocop_stars=4))
    attrs = attributes(element(db, VTYPE_CLASS, "urn:epc:idpat:sgtin:8935001.000012.*"))
    assert attrs["https://txng.vn/ns/ocopStars"] == 4


def test_get_product_not_found(db):
    with pytest.raises(NotFound):
        product_service.get_product_or_raise(db_session=db, gtin=with_check("893500100099"))
    with pytest.raises(NotFound):
        product_service.get_product_or_raise(db_session=db, gtin="12345")


# --- lots and certificates -----------------------------------------------------------

def test_create_lot_writes_its_lgtin_class(sessions, db, product):
    with transaction(sessions) as db_session:
        lot = product_service.create_lot(db_session=db_session, lot_in=LotCreate(
            gtin=GTIN, lot_number="L2026-01", production_date=date(2026, 3, 1),
            expiry_date=date(2027, 3, 1)))
    row = element(db, VTYPE_CLASS, "urn:epc:class:lgtin:8935001.000012.L2026-01")
    attrs = attributes(row)
    assert attrs["urn:epcglobal:cbv:mda#lotNumber"] == "L2026-01"
    assert attrs["urn:epcglobal:cbv:mda#itemExpirationDate"] == "2027-03-01"
    assert lot.lot_number == "L2026-01"


def test_lot_with_dates_in_the_wrong_order(sessions, db, product):
    exc = refused(sessions, db, InvalidInput, lambda s: product_service.create_lot(
        db_session=s, lot_in=LotCreate(gtin=GTIN, lot_number="L1",
                                       production_date=date(2026, 3, 1),
                                       expiry_date=date(2026, 2, 1))))
    assert [(e.field, e.message) for e in exc.errors] == [(
        "expiry_date", "expiry_date 2026-02-01 is before production_date 2026-03-01 "
                       "(ngày kết thúc trước ngày bắt đầu)")]


def test_duplicate_lot_and_unknown_gtin(sessions, db, product):
    with transaction(sessions) as db_session:
        product_service.create_lot(db_session=db_session,
                                   lot_in=LotCreate(gtin=GTIN, lot_number="L1"))
    refused(sessions, db, Conflict, lambda s: product_service.create_lot(
        db_session=s, lot_in=LotCreate(gtin=GTIN, lot_number="L1")))
    exc = refused(sessions, db, InvalidInput, lambda s: product_service.create_lot(
        db_session=s, lot_in=LotCreate(gtin=with_check("893500100099"), lot_number="L1")))
    assert exc.errors[0].field == "gtin"


def test_certificate_dates_in_the_wrong_order(sessions, db, product):
    exc = refused(sessions, db, InvalidInput, lambda s: product_service.create_certificate(
        db_session=s, certificate_in=CertificateCreate(
            kind="vietgap", party_id=product.owner_id, product_gtin=GTIN,
            issuer="Trung tâm Chứng nhận VietGAP", number="VG-001",
            issued_on=date(2026, 5, 1), valid_until=date(2025, 5, 1))))
    assert [e.field for e in exc.errors] == ["valid_until"]


def test_certificate_for_another_partys_product(sessions, db, product):
    with transaction(sessions) as db_session:
        other = service.create_party(db_session=db_session, party_in=PartyCreate(**party_data(
            name="Khác", mst=OTHER_MST, gln=None, company_prefixes=[OTHER_PREFIX])))
    exc = refused(sessions, db, InvalidInput, lambda s: product_service.create_certificate(
        db_session=s, certificate_in=CertificateCreate(
            kind="ocop", party_id=other.id, product_gtin=GTIN, issuer="UBND tỉnh Thanh Hóa",
            number="1942/QĐ-UBND", issued_on=date(2025, 5, 12))))
    assert exc.errors[0].field == "product_gtin"


def test_create_certificate(sessions, db, product, farm):
    with transaction(sessions) as db_session:
        certificate = product_service.create_certificate(
            db_session=db_session, certificate_in=CertificateCreate(
                kind="vietgap", party_id=product.owner_id, product_gtin=GTIN,
                location_id=farm.id, issuer="Trung tâm Chứng nhận VietGAP", number="VG-001",
                issued_on=date(2025, 5, 1), valid_until=date(2027, 5, 1),
                file_ref="files/vg-001.pdf"))
    rows, total = product_service.list_certificates(db_session=db, gtin=GTIN)
    assert total == 1 and rows[0].id == certificate.id
    assert product_service.list_certificates(db_session=db, location_id=farm.id)[1] == 1


def test_checks_doctests():
    import doctest

    from txng.registry import checks
    assert doctest.testmod(checks).failed == 0
