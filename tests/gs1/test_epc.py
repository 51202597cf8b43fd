"""Epc: URN and Digital Link forms of one identity, its fields, conversions and errors."""

from __future__ import annotations

import pytest

from txng.gs1 import Epc, Gtin, ParseError, Sscc, default_gcp_length, parse, parse_epc, to_digital_link, to_urn


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("urn:epc:id:sgtin:8934673.012345.A1", Epc("sgtin", "01", "08934673123457", ("21", "A1"), gcp_length=7)),
        ("urn:epc:class:lgtin:8934673.012345.L%2F7", Epc("lgtin", "01", "08934673123457", ("10", "L/7"))),
        ("urn:epc:idpat:sgtin:8934673.012345.*", Epc("sgtin", "01", "08934673123457", pattern=True)),
        ("urn:epc:id:sscc:8934673.0000000001", Epc("sscc", "00", "089346730000000017")),
        ("urn:epc:id:sgln:8934673.00001.0", Epc("sgln", "414", "8934673000017")),
        ("urn:epc:id:sgln:8934673.00001.KHO-2", Epc("sgln", "414", "8934673000017", ("254", "KHO-2"))),
        ("urn:epc:id:pgln:8934673.00001", Epc("pgln", "417", "8934673000017")),
        ("urn:epc:id:grai:8934673.00001.7", Epc("grai", "8003", "089346730000177")),
        ("urn:epc:id:giai:8934673.TANK%2F7", Epc("giai", "8004", "8934673TANK/7")),
        ("URN:EPC:ID:SGTIN:8934673.012345.A1", Epc("sgtin", "01", "08934673123457", ("21", "A1"))),
    ],
)
def test_parse_urn(text: str, expected: Epc) -> None:
    assert parse_epc(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://id.gs1.org/01/08934673123457/21/A1", Epc("sgtin", "01", "08934673123457", ("21", "A1"))),
        ("https://tx.example.vn/p/gtin/8934673123457/lot/L7/ser/A1", Epc("sgtin", "01", "08934673123457", ("21", "A1"))),
        ("https://example.vn/01/8934673123457/10/L%2F7?17=261231", Epc("lgtin", "01", "08934673123457", ("10", "L/7"))),
        ("https://example.vn/01/8934673123457/22/V1", Epc("sgtin", "01", "08934673123457", pattern=True)),
        ("https://id.gs1.org/414/8934673000017", Epc("sgln", "414", "8934673000017")),
        ("https://id.gs1.org/8003/089346730000177", Epc("grai", "8003", "089346730000177")),
        ("https://id.gs1.org/8003/08934673000017", Epc("grai", "8003", "08934673000017", pattern=True)),
        ("https://id.gs1.org/8013/8934673ABC", Epc("gmn", "8013", "8934673ABC")),
    ],
)
def test_parse_digital_link(text: str, expected: Epc) -> None:
    assert parse_epc(text) == expected


def test_urn_and_digital_link_of_one_object_are_equal() -> None:
    urn = parse_epc("urn:epc:id:sgtin:8934673.012345.A1")
    dl = parse_epc("https://brand.example.vn/01/08934673123457/10/L1/21/A1")
    assert urn == dl
    assert (urn.gcp_length, dl.gcp_length) == (7, None)  # not part of the identity


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        ("urn:epc:id:sgtin:8934673.012345.A1", ("08934673123457", None, "A1", None, False)),
        ("urn:epc:class:lgtin:8934673.012345.L7", ("08934673123457", "L7", None, None, True)),
        ("urn:epc:idpat:sgtin:8934673.012345.*", ("08934673123457", None, None, None, True)),
        ("urn:epc:id:sgln:8934673.00001.12", (None, None, None, "12", False)),
        ("urn:epc:id:grai:8934673.00001.7", (None, None, "7", None, False)),
        ("urn:epc:id:sscc:8934673.0000000001", (None, None, None, None, False)),
        ("https://id.gs1.org/8006/089346731234570102/21/7", ("08934673123457", None, "7", None, False)),
    ],
)
def test_fields(text: str, fields: tuple) -> None:
    epc = parse_epc(text)
    assert (epc.gtin, epc.lot, epc.serial, epc.extension, epc.is_class) == fields


@pytest.mark.parametrize(
    ("text", "urn"),
    [
        ("https://id.gs1.org/01/08934673123457/21/A%2F1", "urn:epc:id:sgtin:8934673.012345.A%2F1"),
        ("https://id.gs1.org/01/08934673123457/10/L7", "urn:epc:class:lgtin:8934673.012345.L7"),
        ("https://id.gs1.org/01/08934673123457", "urn:epc:idpat:sgtin:8934673.012345.*"),
        ("https://id.gs1.org/00/089346730000000017", "urn:epc:id:sscc:8934673.0000000001"),
        ("https://id.gs1.org/414/8934673000017", "urn:epc:id:sgln:8934673.00001.0"),
        ("https://id.gs1.org/417/8934673000017", "urn:epc:id:pgln:8934673.00001"),
        ("https://id.gs1.org/8004/8934673TANK%2F7", "urn:epc:id:giai:8934673.TANK%2F7"),
    ],
)
def test_to_urn_uses_gs1_prefix_list_for_893(text: str, urn: str) -> None:
    assert to_urn(text) == urn
    assert to_digital_link(urn) == to_digital_link(text)


@pytest.mark.parametrize(
    ("ai", "key", "expected"),
    [
        ("01", "08934673123457", 7),  # in GS1's list as 7 digits
        ("414", "8931234567897", 10),  # in GS1's list as 10 digits
        ("01", "08936048000011", 9),
        ("01", "08930000000019", 7),  # 893 but not in the list: the fallback
        ("00", "089300000000000005", 7),
        ("01", "04012345123456", 7),  # GS1 Germany, from the list
    ],
)
def test_default_gcp_length(ai: str, key: str, expected: int) -> None:
    assert default_gcp_length(ai, key) == expected


def test_default_gcp_length_unknown() -> None:
    with pytest.raises(ParseError) as exc_info:
        default_gcp_length("01", "02000000000008")  # prefix 20: restricted circulation, no GCP
    assert str(exc_info.value) == (
        "Cannot write GS1 key '02000000000008' (AI 01) as an EPC URN: its GS1 Company Prefix length is not in "
        "GS1's prefix list; pass gcp_length"
    )


def test_to_urn_with_explicit_gcp_length() -> None:
    assert to_urn("https://id.gs1.org/01/08934673123457/21/A1", gcp_length=9) == "urn:epc:id:sgtin:893467312.0345.A1"
    assert parse_epc("urn:epc:id:sgtin:8934673.012345.A1").as_urn(gcp_length=8) == "urn:epc:id:sgtin:89346731.02345.A1"


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("not-a-urn", "'not-a-urn' is neither an EPC URN nor a GS1 Digital Link URI"),
        ("urn:epc:id:gid:95100000.12345.400", "'urn:epc:id:gid:95100000.12345.400' is an EPC URN without a GS1 key"),
        ("urn:epc:idpat:sgtin:8934673.*.*", "'urn:epc:idpat:sgtin:8934673.*.*' is an EPC pattern that leaves the GS1 key open"),
        ("urn:epc:class:sgtin:8934673.012345.1", "Unknown EPC scheme in 'urn:epc:class:sgtin:8934673.012345.1': expected urn:epc:id:<sgtin|sscc|sgln|grai|giai|...>, urn:epc:class:lgtin or urn:epc:idpat:<scheme>"),
        ("urn:epc:tag:sgtin-96:3.8934673.012345.1", "Unknown EPC scheme in 'urn:epc:tag:sgtin-96:3.8934673.012345.1': expected urn:epc:id:<sgtin|sscc|sgln|grai|giai|...>, urn:epc:class:lgtin or urn:epc:idpat:<scheme>"),
        ("https://example.com/thing/1", "'https://example.com/thing/1' is not a GS1 Digital Link URI: expected a GS1 key in the path, e.g. /01/<GTIN>"),
        ("https://id.gs1.org/01/08934673123458", "Invalid GTIN check digit in '08934673123458': expected 7, got 8"),
        ("https://id.gs1.org/01/08934673123457/21/", "Invalid GS1 Digital Link URI 'https://id.gs1.org/01/08934673123457/21/': expected /<AI>/<value> pairs after the path prefix"),
        ("https://id.gs1.org/01/0893467312\t3457", "Invalid URI 'https://id.gs1.org/01/0893467312\\t3457': expected no spaces or control characters"),
        ("ftp://id.gs1.org/01/08934673123457", "'ftp://id.gs1.org/01/08934673123457' is neither an EPC URN nor a GS1 Digital Link URI"),
        (None, "Expected an EPC URN or GS1 Digital Link URI as text, got NoneType None"),
    ],
)
def test_parse_epc_errors(text: object, error: str) -> None:
    with pytest.raises(ParseError) as exc_info:
        parse_epc(text)  # type: ignore[arg-type]
    assert str(exc_info.value) == error


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("https://id.gs1.org/8006/089346731234570102/10/L1", "No EPC URN for ITIP '089346731234570102' at lot level (there is no EPC class for it)"),
        ("https://id.gs1.org/8013/8934673ABC", "No EPC URN for GMN '8934673ABC'"),
    ],
)
def test_urn_errors(text: str, error: str) -> None:
    epc = parse_epc(text, gcp_length=7)
    with pytest.raises(ParseError) as exc_info:
        _ = epc.urn
    assert str(exc_info.value) == error


def test_urn_gcp_length_that_does_not_fit() -> None:
    with pytest.raises(ParseError, match=r"^Cannot write '\(01\)08934673123457\(21\)A1' as an EPC URN with GS1 Company Prefix length 13"):
        to_urn("https://id.gs1.org/01/08934673123457/21/A1", gcp_length=13)


def test_serial_escapes_round_trip() -> None:
    urn = "urn:epc:id:sgtin:8934673.012345.%2F%22a%26b%3F%25'!(),*+:;="
    epc = parse_epc(urn)
    assert epc.serial == "/\"a&b?%'!(),*+:;="
    assert epc.digital_link == "https://id.gs1.org/01/08934673123457/21/%2F%22a%26b%3F%25'%21%28%29%2C%2A%2B%3A;="
    assert parse_epc(epc.digital_link).urn == urn


def test_element_string() -> None:
    assert parse_epc("urn:epc:id:sgtin:8934673.012345.A1").element_string == "(01)08934673123457(21)A1"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("urn:epc:id:sgtin:8934673.012345.A1", Epc("sgtin", "01", "08934673123457", ("21", "A1"))),
        ("https://id.gs1.org/01/08934673123457/21/A1", Epc("sgtin", "01", "08934673123457", ("21", "A1"))),
        ("(01)08934673123457(21)A1", Epc("sgtin", "01", "08934673123457", ("21", "A1"))),
        ("010893467312345721A1", Epc("sgtin", "01", "08934673123457", ("21", "A1"))),
        ("08934673123457", Gtin("08934673123457")),
        ("614141123452", Gtin("614141123452")),
        ("089346730000000017", Sscc("089346730000000017")),
    ],
)
def test_parse_unknown_input(text: str, expected: object) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("8934673123457", "'8934673123457' is ambiguous: 13 digits are a GTIN-13 or a GLN; use Gtin.parse or Gln.parse"),
        ("hello", "'hello' is not GS1 text: expected an EPC URN, a GS1 Digital Link URI, an element string or a GS1 key"),
    ],
)
def test_parse_unknown_input_errors(text: str, error: str) -> None:
    with pytest.raises(ParseError) as exc_info:
        parse(text)
    assert str(exc_info.value) == error
