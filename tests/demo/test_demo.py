"""The demo province: identifiers valid, addresses real, documents valid EPCIS 2.0, chains causal."""

from __future__ import annotations

import doctest
import json
from collections import Counter
from datetime import datetime, timedelta, timezone

import epcpy
import pytest
from biip.gln import Gln
from biip.gs1_digital_link_uris import GS1DigitalLinkURI
from biip.gtin import Gtin
from biip.sscc import Sscc
from stdnum.vn import mst
from vietnamadminunits import ParseMode, parse_address

from tests.standards import standards_path
import txng.demo
from txng.demo import PROVINCE, Demo, build_demo, keys, places
from txng.demo.parties import COOPERATIVE, ENTERPRISE, HOUSEHOLD

END = datetime(2026, 12, 1, tzinfo=timezone(timedelta(hours=7)))


@pytest.fixture(scope="module")
def demo() -> Demo:
    return build_demo()


def _events(demo: Demo) -> list[dict]:
    return list(demo.events())


def _ids(event: dict) -> list[str]:
    """Every EPC, EPC class, container and location an event names."""
    ids = [*event.get("epcList", []), *event.get("childEPCs", []),
           *event.get("inputEPCList", []), *event.get("outputEPCList", [])]
    for key in ("quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList"):
        ids += [q["epcClass"] for q in event.get(key, [])]
    if "parentID" in event:
        ids.append(event["parentID"])
    ids += [event[k]["id"] for k in ("readPoint", "bizLocation") if k in event]
    ids += [s["source"] for s in event.get("sourceList", [])]
    ids += [d["destination"] for d in event.get("destinationList", [])]
    return ids


# --- determinism and size -----------------------------------------------------------


def test_same_seed_gives_same_documents() -> None:
    first, second = build_demo(seed=7), build_demo(seed=7)
    assert json.dumps(first.documents) == json.dumps(second.documents)
    assert first.parties == second.parties


def test_another_seed_gives_other_identifiers(demo: Demo) -> None:
    other = build_demo(seed=8)
    assert json.dumps(other.documents) != json.dumps(demo.documents)
    assert {p.mst for p in other.parties} != {p.mst for p in demo.parties}


@pytest.mark.parametrize("seed", [2026, 1, 99])
def test_event_count_in_range(seed: int) -> None:
    events = list(build_demo(seed=seed).events())
    assert 2_000 <= len(events) <= 4_000


def test_counts_summarise_the_documents(demo: Demo) -> None:
    counts = demo.counts()
    assert counts["events"] == len(_events(demo)) == sum(
        counts[k] for k in ("ObjectEvent", "AggregationEvent", "TransformationEvent"))
    assert counts["parties"] == len(demo.parties) and counts["documents"] == len(demo.documents)


@pytest.mark.parametrize("module", [txng.demo, keys, places])
def test_doctests(module: object) -> None:
    assert doctest.testmod(module).failed == 0


def test_documents_are_modest(demo: Demo) -> None:
    sizes = [len(d["epcisBody"]["eventList"]) for d in demo.documents]
    assert all(1 <= n <= 500 for n in sizes), sizes
    assert len({d["instanceIdentifier"] for d in demo.documents}) == len(demo.documents)


def test_event_ids_unique(demo: Demo) -> None:
    ids = [e["eventID"] for e in _events(demo)]
    assert len(ids) == len(set(ids))


def test_identifiers_are_issued_once(demo: Demo) -> None:
    created: Counter[str] = Counter()
    documents: dict[str, Counter[str]] = {}
    for event in _events(demo):
        if event.get("action") == "ADD" or event["type"] == "TransformationEvent":
            created.update(event.get("epcList", []) + event.get("outputEPCList", []))
            created.update(q["epcClass"] for q in event.get("quantityList", [])
                           + event.get("outputQuantityList", []))
            if event["type"] == "AggregationEvent":
                created[event["parentID"]] += 1
        for bt in event.get("bizTransactionList", []):
            documents.setdefault(bt["bizTransaction"], Counter())[event["bizStep"]] += 1
    assert created and max(created.values()) == 1
    # every business document belongs to one transfer: one shipping, one receiving
    assert all(c == Counter(shipping=1, receiving=1) for c in documents.values())


def test_every_event_type_and_step_present(demo: Demo) -> None:
    seen = Counter((e["type"], e.get("bizStep")) for e in _events(demo))
    for key in [("ObjectEvent", "commissioning"), ("TransformationEvent", "commissioning"),
                ("AggregationEvent", "packing"), ("AggregationEvent", "unpacking"),
                ("ObjectEvent", "shipping"), ("ObjectEvent", "receiving"),
                ("ObjectEvent", "retail_selling"), ("ObjectEvent", "dispensing"),
                ("ObjectEvent", "inspecting")]:
        assert seen[key] > 0, key


# --- parties, locations, products ---------------------------------------------------


def test_parties_of_every_kind_and_sector(demo: Demo) -> None:
    assert 25 <= len(demo.parties) <= 35
    assert {p.kind for p in demo.parties} == {ENTERPRISE, COOPERATIVE, HOUSEHOLD}
    assert {p.sector for p in demo.parties} == {"nông nghiệp", "y tế", "công nghiệp",
                                                "thương mại"}
    assert len({p.key for p in demo.parties}) == len(demo.parties)


def test_mst_valid(demo: Demo) -> None:
    for party in demo.parties:
        assert len(party.mst) == 10 and party.mst.isdigit()
        assert mst.is_valid(party.mst), party
    assert len({p.mst for p in demo.parties}) == len(demo.parties)


def test_glns_valid_and_vietnamese(demo: Demo) -> None:
    glns = [p.gln for p in demo.parties] + [s.gln for s in demo.locations]
    for gln in glns:
        assert Gln.parse(gln).value == gln
        assert gln.startswith("893")
    assert len(set(glns)) == len(glns)
    for party in demo.parties:
        assert epcpy.epc_pure_identity_to_gs1_key(party.pgln) == party.gln


def test_company_prefixes_prefix_free(demo: Demo) -> None:
    prefixes = [p.gcp for p in demo.parties]
    assert all(p.startswith("893") and 7 <= len(p) <= 9 for p in prefixes)
    for a in prefixes:
        assert not any(b != a and b.startswith(a) for b in prefixes)


def test_gtins_valid_and_vietnamese(demo: Demo) -> None:
    owners = {p.key: p for p in demo.parties}
    for product in demo.products:
        assert len(product.gtin) == 13
        assert Gtin.parse(product.gtin).value == product.gtin
        assert product.gtin.startswith(owners[product.owner].gcp)
    assert len({p.gtin for p in demo.products}) == len(demo.products)


def test_products_cover_the_plan(demo: Demo) -> None:
    categories = {p.category for p in demo.products}
    assert {"Gạo", "Nước mắm", "Chè", "Mật ong", "Thuốc", "Thủ công mỹ nghệ",
            "Dệt may"} <= categories
    rated = [p for p in demo.products if p.ocop]
    assert len(rated) >= 5 and all(3 <= p.ocop.stars <= 5 for p in rated)
    assert {p.sector for p in demo.products} == {"nông nghiệp", "y tế", "công nghiệp"}


def test_addresses_are_real_2025_units(demo: Demo) -> None:
    addresses = [p.address for p in demo.parties] + [s.address for s in demo.locations]
    for address in addresses:
        unit = parse_address(address.full, mode=ParseMode.FROM_2025)
        assert unit.province == PROVINCE == "Tỉnh Thanh Hóa"
        assert unit.ward == address.ward, address
        assert str(unit.ward_code) == address.ward_code
        assert unit.province_code == address.province_code == "38"
    assert len({a.ward for a in addresses}) >= 20


def test_growing_areas_have_codes(demo: Demo) -> None:
    farms = [s for s in demo.locations if s.kind in ("vùng trồng", "vùng nuôi")]
    assert len(farms) >= 8
    assert all(s.area_code and s.area_code.split("-")[2] == s.address.ward_code for s in farms)


# --- EPCIS validity -----------------------------------------------------------------


def test_documents_pass_official_json_schema(demo: Demo) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(standards_path("epcis", "EPCIS-JSON-Schema.json").read_text())
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    for doc in demo.documents:
        errors = [f"{list(e.path)[:5]}: {e.message[:200]}" for e in validator.iter_errors(doc)]
        assert not errors, (doc["instanceIdentifier"], errors[:5])


def test_document_header(demo: Demo) -> None:
    for doc in demo.documents:
        assert doc["@context"] == ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
                                   {"txng": "https://txng.vn/ns/"}]
        assert doc["type"] == "EPCISDocument" and doc["schemaVersion"] == "2.0"
        created = datetime.fromisoformat(doc["creationDate"])
        assert created.utcoffset() == timedelta(hours=7)
        assert all(datetime.fromisoformat(e["eventTime"]) < created
                   for e in doc["epcisBody"]["eventList"])


def test_cbv_words(demo: Demo) -> None:
    lists = json.loads(standards_path("epcis", "cbv", "cbv-vocabularies.json").read_text())["lists"]
    for event in _events(demo):
        assert event["bizStep"] in lists["bizStep"]
        assert event["disposition"] in lists["disposition"]
        for bt in event.get("bizTransactionList", []):
            assert bt["type"] in lists["bizTransaction-type"]
        for end in event.get("sourceList", []) + event.get("destinationList", []):
            assert end["type"] in lists["source-dest-type"]


def test_timestamps_are_2026_vietnam_time(demo: Demo) -> None:
    for event in _events(demo):
        when = datetime.fromisoformat(event["eventTime"])
        assert event["eventTimeZoneOffset"] == "+07:00"
        assert when.utcoffset() == timedelta(hours=7)
        assert when.year == 2026 and when < END


def _gs1_key(identifier: str) -> str | None:
    """The GS1 key inside an EPC URN or Digital Link, checked by biip; None for others."""
    if identifier.startswith("https://id.gs1.org/"):
        link = GS1DigitalLinkURI.parse(identifier)
        return link.as_gs1_message().element_strings[0].gtin.value
    if identifier.startswith(("urn:epc:id:", "urn:epc:class:")):
        key = epcpy.epc_pure_identity_to_gs1_key(identifier)
        parser = {13: Gln.parse, 14: Gtin.parse, 18: Sscc.parse}[len(key)]
        parser(key)  # raises on a bad check digit
        return key
    raise AssertionError(f"unexpected identifier {identifier}")


def test_identifiers_parse_with_valid_check_digits(demo: Demo) -> None:
    kinds = Counter()
    for event in _events(demo):
        for identifier in _ids(event):
            key = _gs1_key(identifier)
            kinds[identifier.split(":")[3] if identifier.startswith("urn") else "dl"] += 1
            digits = key[1:] if len(key) in (14, 18) else key  # indicator / extension digit
            assert digits.startswith("893"), identifier
    assert {"sgtin", "lgtin", "sscc", "sgln", "pgln", "dl"} <= set(kinds)


def test_master_data_describes_what_events_name(demo: Demo) -> None:
    for doc in demo.documents:
        vocab = {v["type"]: {e["id"]: e for e in v["vocabularyElementList"]}
                 for v in doc["epcisHeader"]["epcisMasterData"]["vocabularyList"]}
        sites = vocab["urn:epcglobal:epcis:vtype:BusinessLocation"]
        parties = vocab["urn:epcglobal:epcis:vtype:Party"]
        classes = vocab["urn:epcglobal:epcis:vtype:EPCClass"]
        for event in doc["epcisBody"]["eventList"]:
            for identifier in _ids(event):
                if identifier.startswith("urn:epc:id:sgln:"):
                    assert identifier in sites
                elif identifier.startswith("urn:epc:id:pgln:"):
                    assert identifier in parties
        for element in parties.values():
            attrs = {a["id"]: a["attribute"] for a in element["attributes"]}
            assert mst.is_valid(attrs["https://txng.vn/ns/taxCode"])
            assert attrs["urn:epcglobal:cbv:mda:countryCode"] == "VN"
        for element in sites.values():
            attrs = {a["id"] for a in element["attributes"]}
            assert {"urn:epcglobal:cbv:mda:name", "urn:epcglobal:cbv:mda:site"} <= attrs
        assert classes and all(c.startswith("urn:epc:idpat:sgtin:893") for c in classes)


def test_new_lots_carry_ilmd(demo: Demo) -> None:
    for event in _events(demo):
        if event.get("action") == "ADD" and event["bizStep"] == "commissioning" or \
                event["type"] == "TransformationEvent":
            ilmd = event["ilmd"]
            assert ilmd["cbvmda:lotNumber"] and ilmd["txng:productionDate"]
            assert all(k.split(":")[0] in ("cbvmda", "txng") for k in ilmd)
            lots = [q["epcClass"] for q in event.get("quantityList", [])
                    + event.get("outputQuantityList", [])]
            assert all(c.endswith("." + ilmd["cbvmda:lotNumber"]) for c in lots)


# --- causality ----------------------------------------------------------------------


def test_chains_are_causal_in_capture_order(demo: Demo) -> None:
    """Walking the documents in order: nothing is packed, shipped, received or sold
    before it exists, received before it was shipped, or sold where it never arrived."""
    made: dict[str, datetime] = {}  # EPC, container or lot class -> when it came to be
    shipped: dict[str, datetime] = {}
    arrived: dict[tuple[str, str], datetime] = {}  # (EPC or class, site) -> received
    container: dict[str, str] = {}  # unit -> last case it was packed in
    for event in _events(demo):
        when = datetime.fromisoformat(event["eventTime"])
        step, site = event["bizStep"], event.get("bizLocation", {}).get("id")
        epcs = event.get("epcList", []) + event.get("childEPCs", [])
        classes = [q["epcClass"] for q in event.get("quantityList", [])
                   + event.get("childQuantityList", []) + event.get("inputQuantityList", [])]

        def existed(ids: list[str]) -> None:
            for i in ids:
                assert i in made and made[i] < when, (step, i, event["eventTime"])

        if event["type"] == "TransformationEvent":
            existed(classes)
            outputs = event.get("outputEPCList", []) + [
                q["epcClass"] for q in event.get("outputQuantityList", [])]
            made.update(dict.fromkeys(outputs, when))
        elif step == "commissioning":
            made.update(dict.fromkeys(epcs + classes, when))
        elif step == "packing":
            existed(epcs + classes)
            made[event["parentID"]] = when
            container.update(dict.fromkeys(event.get("childEPCs", []), event["parentID"]))
        elif step == "shipping":
            existed(epcs + classes)
            shipped.update(dict.fromkeys(epcs + classes, when))
        elif step == "receiving":
            for i in epcs + classes:
                assert i in shipped and shipped[i] < when, (i, event["eventTime"])
                arrived[(i, site)] = when
        elif step in ("unpacking", "retail_selling", "dispensing", "inspecting"):
            existed(epcs + classes)
            if step == "unpacking":
                assert (event["parentID"], site) in arrived
            if step in ("retail_selling", "dispensing"):
                for i in epcs:
                    assert (container[i], site) in arrived, i
                for c in classes:
                    assert (c, site) in arrived, c
        else:
            pytest.fail(f"unexpected bizStep {step}")
    assert shipped and arrived
