"""The /registry JSON API: 201/200 answers, problem+json errors naming fields, 404s."""

from __future__ import annotations

import pytest

from tests.epcis.test_views import make_client
from tests.registry.conftest import GTIN, OTHER_PREFIX, counts, location_data, party_data, \
    product_data, with_check

PROBLEM = "application/problem+json"


@pytest.fixture
def client(engine, sessions):
    with make_client(engine) as client:
        yield client


def create(client, path, data):
    response = client.post(path, json=data)
    assert response.status_code == 201, response.text
    return response.json()


def test_party_create_get_update_and_list(client):
    party = create(client, "/registry/parties", party_data(mst="0314409058-002"))
    assert party["mst"] == "0314409058-002" and party["status"] == "pending"
    assert party["address"]["ward_code"] == "15835"
    assert client.get(f"/registry/parties/{party['id']}").json() == party
    updated = client.patch(f"/registry/parties/{party['id']}", json={"status": "approved"})
    assert updated.status_code == 200 and updated.json()["status"] == "approved"
    page = client.get("/registry/parties", params={"q": "Thiệu", "kind": "cooperative"}).json()
    assert page["total"] == 1 and page["items"][0]["id"] == party["id"]


def test_party_with_bad_mst_is_a_problem_naming_the_field(client, db):
    before = counts(db)
    response = client.post("/registry/parties", json=party_data(mst="0100233480"))
    assert response.status_code == 400
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["errors"] == [
        {"field": "mst", "message": "Invalid MST check digit in '0100233480' "
                                    "(Mã số thuế sai chữ số kiểm tra)"}]
    assert counts(db) == before


def test_party_with_an_unknown_kind_is_refused_by_the_schema(client):
    response = client.post("/registry/parties", json=party_data(kind="company"))
    assert response.status_code == 400 and response.headers["content-type"] == PROBLEM
    assert response.json()["errors"][0]["field"] == "body.kind"


def test_duplicate_mst_is_a_conflict(client, db):
    create(client, "/registry/parties", party_data())
    before = counts(db)
    response = client.post("/registry/parties", json=party_data(
        gln=None, company_prefixes=[OTHER_PREFIX]))
    assert response.status_code == 409 and response.headers["content-type"] == PROBLEM
    assert counts(db) == before


@pytest.mark.parametrize("path", ["/registry/parties/999", "/registry/locations/999",
                                  "/registry/products/8935001000999", "/registry/products/42",
                                  "/registry/products/8935001000999/completeness",
                                  "/registry/lots/999", "/registry/certificates/999"])
def test_unknown_ids_are_404(client, path):
    response = client.get(path)
    assert response.status_code == 404 and response.headers["content-type"] == PROBLEM


def test_patch_unknown_party_is_404(client):
    assert client.patch("/registry/parties/999", json={"name": "x"}).status_code == 404


def test_location_hierarchy_over_the_api(client):
    party = create(client, "/registry/parties", party_data())
    farm = create(client, "/registry/locations", location_data(party["id"]))
    plot = create(client, "/registry/locations", location_data(
        party["id"], name="Thửa 1", gln=with_check("893500100002"), parent_id=farm["id"],
        address=None))
    assert client.get(f"/registry/locations/{farm['id']}").json()["children"] == [plot["id"]]
    response = client.patch(f"/registry/locations/{farm['id']}", json={"parent_id": plot["id"]})
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "parent_id"
    page = client.get("/registry/locations", params={"parent_id": farm["id"]}).json()
    assert [x["id"] for x in page["items"]] == [plot["id"]]


def test_product_name_with_a_script_tag_comes_back_unchanged(client):
    party = create(client, "/registry/parties", party_data())
    name = "<script>alert('x')</script> Gạo ST25"
    product = create(client, "/registry/products", product_data(party["id"], name=name))
    assert product["name"] == name
    assert product["epc_class"] == "urn:epc:idpat:sgtin:8935001.000012.*"
    assert client.get(f"/registry/products/0{GTIN}").json()["name"] == name


def test_product_outside_prefix_and_duplicate_gtin(client, db):
    party = create(client, "/registry/parties", party_data())
    before = counts(db)
    outside = client.post("/registry/products", json=product_data(
        party["id"], gtin=with_check("893500200012")))
    assert outside.status_code == 400 and outside.json()["errors"][0]["field"] == "gtin"
    assert counts(db) == before
    create(client, "/registry/products", product_data(party["id"]))
    assert client.post("/registry/products",
                       json=product_data(party["id"])).status_code == 409


def test_ocop_stars_out_of_range(client):
    party = create(client, "/registry/parties", party_data())
    response = client.post("/registry/products", json=product_data(party["id"], ocop_stars=2))
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "body.ocop_stars"


def test_lots_certificates_and_completeness(client):
    party = create(client, "/registry/parties", party_data())
    create(client, "/registry/products", product_data(party["id"]))
    lot = create(client, "/registry/lots", {"gtin": GTIN, "lot_number": "L1",
                                            "production_date": "2026-03-01",
                                            "expiry_date": "2027-03-01"})
    assert lot["epc_class"] == "urn:epc:class:lgtin:8935001.000012.L1"
    assert client.get(f"/registry/products/{GTIN}/lots").json()["total"] == 1
    bad = client.patch(f"/registry/lots/{lot['id']}", json={"expiry_date": "2026-01-01"})
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "expiry_date"
    certificate = create(client, "/registry/certificates", {
        "kind": "ocop", "party_id": party["id"], "product_gtin": GTIN,
        "issuer": "UBND tỉnh Thanh Hóa", "number": "1942/QĐ-UBND", "issued_on": "2025-05-12",
        "valid_until": "2028-05-12"})
    assert certificate["product_gtin"] == GTIN
    wrong = client.post("/registry/certificates", json={
        "kind": "vietgap", "party_id": party["id"], "issuer": "X", "number": "1",
        "issued_on": "2026-05-12", "valid_until": "2025-05-12"})
    assert wrong.status_code == 400 and wrong.json()["errors"][0]["field"] == "valid_until"
    result = client.get(f"/registry/products/{GTIN}/completeness").json()
    assert result["missing"] == ["stages", "location_codes", "event_times"]
    assert result["percent"] == 73
