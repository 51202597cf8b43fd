"""canonical_epc against the hash-normaliser vectors, and the fast path against the full one."""

from __future__ import annotations

import json

import pytest

from tests.standards import standards_path
from txng.gs1 import ParseError, canonical_epc, is_epc_uri, to_digital_link
from txng.gs1.canonical import _fast, _full

# Vector inputs with expected null that canonical_epc keeps unchanged on purpose:
# they are well-formed web URIs with no GS1 key AI or short name in the path, i.e.
# the same shape as a private EPC such as https://example.com/thing/1, which EPCIS
# allows and the hash uses as is (the reference generator keeps such values too).
# to_digital_link, the strict conversion, rejects them.
KEPT_AS_IS = {
    "http://example.org/123/4012345ABC987/456/4711",
    "http://example.de/abc/9780345418913",
}
# Inputs with a GTIN whose check digit is wrong: the hash canonicalises them (as the
# reference does); to_digital_link and capture validation reject them.
BAD_CHECK_DIGIT = {
    "http://example.de/gtin-8/01/97803111",
    "http://example.de/01/040123451234/cpv/344/lot/ABD",
}


def _cases() -> list[dict]:
    path = standards_path("digital-link", "epc-urn-and-dl-to-canonical-dl.json")
    return json.loads(path.read_text())["cases"]


def _id(case: dict) -> str:
    return f"{case['group']}:{case['input']!r}"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "case" in metafunc.fixturenames:
        try:
            cases = _cases()
        except pytest.skip.Exception as exc:  # standards folder absent
            metafunc.parametrize("case", [pytest.param(None, marks=pytest.mark.skip(reason=str(exc)))])
            return
        metafunc.parametrize("case", cases, ids=[_id(c) for c in cases])


def test_canonical_epc(case: dict) -> None:
    text, expected = case["input"], case["expected"]
    if expected is not None:
        assert canonical_epc(text) == expected
    elif text in KEPT_AS_IS:
        assert canonical_epc(text) == text
    else:
        with pytest.raises(ParseError):
            canonical_epc(text)


def test_to_digital_link(case: dict) -> None:
    text, expected = case["input"], case["expected"]
    if expected is None or text in BAD_CHECK_DIGIT:
        with pytest.raises(ParseError):
            to_digital_link(text)
    else:
        assert to_digital_link(text) == expected


def test_is_epc_uri(case: dict) -> None:
    text, expected = case["input"], case["expected"]
    assert is_epc_uri(text) is (expected is not None or text in KEPT_AS_IS)


def test_fast_path_agrees_with_full_path(case: dict) -> None:
    text = case["input"]
    if not isinstance(text, str):
        with pytest.raises(ParseError):  # rejected before either path
            canonical_epc(text)
        return
    fast = _fast(text)
    if fast is not None:
        assert fast == _full(text)


@pytest.mark.parametrize(
    "text",
    [
        "urn:epc:id:sgtin:8934673.012345.A1",
        "urn:epc:class:lgtin:8934673.012345.LOT7",
        "urn:epc:id:sgtin:893467312345.0.1",
        "urn:epc:id:sscc:8934673.0000000001",
        "urn:epc:id:sgln:8934673.00001.0",
        "urn:epc:id:sgln:8934673.00001.12",
        "https://id.gs1.org/01/08934673123457/21/A1",
        "https://id.gs1.org/01/08934673123457/10/LOT7",
        "https://id.gs1.org/01/08934673123457",
        "http://brand.example.vn/01/08934673123457/21/A1",
        "https://id.gs1.org/00/089346730000000017",
        "https://id.gs1.org/414/8934673000017/254/12",
    ],
)
def test_fast_path_covers_common_forms(text: str) -> None:
    assert _fast(text) is not None
    assert _fast(text) == _full(text)


@pytest.mark.parametrize(
    "text",
    [
        "urn:uuid:4f2b7f4e-8a3c-4d2b-9a7e-0c1d2e3f4a5b",
        "urn:epc:id:gid:95100000.12345.400",
        "urn:epc:id:usdod:2S194.12345678901",
        "urn:epc:idpat:sgtin:4012345.*.*",
        "https://example.com/thing/1",
        "https://example.com/",
        "urn:example:private:1",
    ],
)
def test_canonical_epc_keeps_other_uris(text: str) -> None:
    assert canonical_epc(text) == text
    assert is_epc_uri(text)


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("not-a-urn", "'not-a-urn' is neither an EPC URN nor a GS1 Digital Link URI (nor another absolute URI)"),
        ("", "'' is neither an EPC URN nor a GS1 Digital Link URI (nor another absolute URI)"),
        (42, "Expected an EPC as text, got int 42"),
        ("urn:epc:id:sgtin:4012345.0111.1", "Invalid EPC URN 'urn:epc:id:sgtin:4012345.0111.1': Invalid SGTIN URI urn:epc:id:sgtin:4012345.0111.1 | Company prefix + item reference must be 13 digits"),
        ("urn:epc:id:foo:1.2", "Unknown EPC scheme in 'urn:epc:id:foo:1.2': expected urn:epc:id:<sgtin|sscc|sgln|grai|giai|...>, urn:epc:class:lgtin or urn:epc:idpat:<scheme>"),
        ("http://example.de/01/97803", "Invalid GTIN '97803' in 'http://example.de/01/97803': expected 8, 12, 13 or 14 digits"),
        ("https://id.gs1.org/foo", "'https://id.gs1.org/foo' is not a GS1 Digital Link URI: expected a GS1 key in the path, e.g. /01/<GTIN>"),
    ],
)
def test_canonical_epc_rejects(text: object, error: str) -> None:
    with pytest.raises(ParseError) as exc_info:
        canonical_epc(text)  # type: ignore[arg-type]
    assert str(exc_info.value) == error
    assert not is_epc_uri(text)


def test_check_digits_are_not_verified_by_the_hash() -> None:
    text = "https://id.gs1.org/01/08934673123458/21/A1"  # check digit should be 7
    assert canonical_epc(text) == text
    assert is_epc_uri(text)
    with pytest.raises(ParseError, match="expected 7, got 8"):
        to_digital_link(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # openepcis capture example: GRAI whose N1 digit is not 0; the reference keeps it
        ("https://id.example.com/8003/952012200000001004", "https://id.gs1.org/8003/952012200000001004"),
        # hash vector epclist_normalisation: "'" stays literal, * and ) are encoded
        ("urn:epc:id:upui:1234567.098765.51qIgY)%3C%26Jp3*j7'SDB", "https://id.gs1.org/01/01234567987651/235/51qIgY%29%3C%26Jp3%2Aj7'SDB"),
        # a vocabulary URI with /01/ in its path is not a GTIN
        ("http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2000/01/rdf-schema#label"),
    ],
)
def test_canonical_epc_matches_reference_on_conformance_documents(text: str, expected: str) -> None:
    assert canonical_epc(text) == expected
