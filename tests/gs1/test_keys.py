"""Gtin, Gln, Sscc, Grai, Giai: whole values and exact error messages (biip style)."""

from __future__ import annotations

import pytest

from txng.gs1 import Epc, Giai, Gln, Grai, Gtin, ParseError, Sscc, check_digit, is_vietnamese


def _with_check_digit(body: str) -> str:
    return body + str(check_digit(body))


# Vietnamese keys, made up under 893 with valid check digits.
VN_GTIN13 = _with_check_digit("893000000001")  # 8930000000019
VN_GTIN13_B = _with_check_digit("893467312345")  # 8934673123457
VN_GLN = _with_check_digit("893467300001")  # 8934673000017
VN_SSCC = _with_check_digit("08934673000000001")  # 089346730000000017


def test_vietnamese_fixtures_are_what_the_comments_say() -> None:
    assert (VN_GTIN13, VN_GTIN13_B, VN_GLN, VN_SSCC) == (
        "8930000000019",
        "8934673123457",
        "8934673000017",
        "089346730000000017",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("8934673123457", Gtin("8934673123457")),
        (" 8934673123457\n", Gtin("8934673123457")),
        ("08934673123457", Gtin("08934673123457")),
        ("614141123452", Gtin("614141123452")),
        ("97803119", Gtin("97803119")),
        ("10614141073464", Gtin("10614141073464")),
    ],
)
def test_parse_gtin(text: str, expected: Gtin) -> None:
    assert Gtin.parse(text) == expected


@pytest.mark.parametrize(
    ("text", "gtin14", "fmt", "vietnamese"),
    [
        ("8934673123457", "08934673123457", 13, True),
        ("18934673123454", "18934673123454", 14, True),
        ("614141123452", "00614141123452", 12, False),
        ("00614141123452", "00614141123452", 12, False),
        ("97803119", "00000097803119", 8, False),
        ("4012345123456", "04012345123456", 13, False),
    ],
)
def test_gtin_forms(text: str, gtin14: str, fmt: int, vietnamese: bool) -> None:
    gtin = Gtin.parse(text)
    assert (gtin.gtin14, gtin.format, gtin.is_vietnamese, is_vietnamese(gtin)) == (gtin14, fmt, vietnamese, vietnamese)


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("8934567890124", "Invalid GTIN check digit in '8934567890124': expected 0, got 4"),
        ("8934673123458", "Invalid GTIN check digit in '8934673123458': expected 7, got 8"),
        ("00614141123453", "Invalid GTIN check digit in '00614141123453': expected 2, got 3"),
    ],
)
def test_parse_gtin_with_invalid_check_digit(text: str, error: str) -> None:
    with pytest.raises(ParseError) as exc_info:
        Gtin.parse(text)
    assert str(exc_info.value) == error


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("123", "Invalid GTIN '123': expected 8, 12, 13 or 14 digits"),
        ("893467312345A", "Invalid GTIN '893467312345A': expected 8, 12, 13 or 14 digits"),
        ("", "Invalid GTIN '': expected 8, 12, 13 or 14 digits"),
        ("８９３４６７３１２３４５７", "Invalid GTIN '８９３４６７３１２３４５７': expected 8, 12, 13 or 14 digits"),
    ],
)
def test_parse_gtin_with_invalid_form(text: str, error: str) -> None:
    with pytest.raises(ParseError) as exc_info:
        Gtin.parse(text)
    assert str(exc_info.value) == error


def test_parse_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="expected 8, 12, 13 or 14 digits"):
        Gtin.parse("1")


def test_gtin_prefixes_come_from_gs1_lists() -> None:
    gtin = Gtin.parse(VN_GTIN13_B)
    assert (gtin.gs1_prefix, gtin.company_prefix) == ("893", "8934673")


def test_gtin_to_epcs() -> None:
    gtin = Gtin.parse(VN_GTIN13_B)
    assert gtin.digital_link == "https://id.gs1.org/01/08934673123457"
    assert gtin.sgtin("A/1") == Epc("sgtin", "01", "08934673123457", ("21", "A/1"))
    assert gtin.sgtin("A/1").urn == "urn:epc:id:sgtin:8934673.012345.A%2F1"
    assert gtin.lgtin("L7") == Epc("lgtin", "01", "08934673123457", ("10", "L7"))


def test_gtin_sgtin_with_invalid_serial() -> None:
    with pytest.raises(ParseError, match="Invalid GS1 Digital Link URI"):
        Gtin.parse(VN_GTIN13_B).sgtin("x" * 21)


@pytest.mark.parametrize(
    ("text", "expected"),
    [(VN_GLN, Gln(VN_GLN)), ("4012345000054", Gln("4012345000054")), (" 0123456789128 ", Gln("0123456789128"))],
)
def test_parse_gln(text: str, expected: Gln) -> None:
    assert Gln.parse(text) == expected


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("4012345000055", "Invalid GLN check digit in '4012345000055': expected 4, got 5"),
        ("401234500005", "Invalid GLN '401234500005': expected 13 digits"),
    ],
)
def test_parse_gln_with_invalid_value(text: str, error: str) -> None:
    with pytest.raises(ParseError) as exc_info:
        Gln.parse(text)
    assert str(exc_info.value) == error


def test_gln_to_epcs() -> None:
    gln = Gln.parse(VN_GLN)
    assert gln.is_vietnamese
    assert gln.sgln() == Epc("sgln", "414", VN_GLN)
    assert gln.sgln().urn == "urn:epc:id:sgln:8934673.00001.0"
    assert gln.sgln("12").urn == "urn:epc:id:sgln:8934673.00001.12"
    assert gln.pgln().urn == "urn:epc:id:pgln:8934673.00001"


@pytest.mark.parametrize(
    ("text", "expected"),
    [(VN_SSCC, Sscc(VN_SSCC)), ("340123451111111111", Sscc("340123451111111111"))],
)
def test_parse_sscc(text: str, expected: Sscc) -> None:
    assert Sscc.parse(text) == expected


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("340123451111111112", "Invalid SSCC check digit in '340123451111111112': expected 1, got 2"),
        ("3401234511111111", "Invalid SSCC '3401234511111111': expected 18 digits"),
    ],
)
def test_parse_sscc_with_invalid_value(text: str, error: str) -> None:
    with pytest.raises(ParseError) as exc_info:
        Sscc.parse(text)
    assert str(exc_info.value) == error


def test_sscc_fields_and_epc() -> None:
    sscc = Sscc.parse(VN_SSCC)
    assert (sscc.extension_digit, sscc.is_vietnamese, sscc.company_prefix) == (0, True, "8934673")
    assert sscc.epc().urn == "urn:epc:id:sscc:8934673.0000000001"
    assert sscc.epc().digital_link == sscc.digital_link == f"https://id.gs1.org/00/{VN_SSCC}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("04012345000221334455", Grai("4012345000221", "334455")),
        ("04012345000221", Grai("4012345000221", None)),
        ("08934673000017A-1", Grai("8934673000017", "A-1")),
    ],
)
def test_parse_grai(text: str, expected: Grai) -> None:
    grai = Grai.parse(text)
    assert grai == expected
    assert grai.value == text


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("04012345000222", "Invalid GRAI check digit in '04012345000222': expected 1, got 2"),
        (
            "4012345000221334455",
            "Invalid GRAI '4012345000221334455': expected the AI (8003) value, '0' + 13 digits + an optional serial",
        ),
        ("04012345000221" + "1" * 17, "Invalid GRAI '04012345000221" + "1" * 17 + "': Failed to match '800304012345000221"
         + "1" * 17 + "' with GS1 AI (8003) pattern '^8003(0)(\\d{13})([!%-?A-Z_a-z\\x22]{0,16})$'."),
    ],
)
def test_parse_grai_with_invalid_value(text: str, error: str) -> None:
    with pytest.raises(ParseError) as exc_info:
        Grai.parse(text)
    assert str(exc_info.value) == error


def test_grai_epcs() -> None:
    assert Grai.parse("04012345000221334455").epc().urn == "urn:epc:id:grai:4012345.00022.334455"
    asset_type = Grai.parse("04012345000221").epc()
    assert asset_type.is_class
    assert asset_type.urn == "urn:epc:idpat:grai:4012345.00022.*"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("4012345ABC345", Giai("4012345ABC345")), ("8934673/TANK-7", Giai("8934673/TANK-7"))],
)
def test_parse_giai(text: str, expected: Giai) -> None:
    assert Giai.parse(text) == expected


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", "Invalid GIAI '': expected a GS1 Company Prefix then an asset reference, up to 30 characters"),
        ("ABC", "Invalid GIAI 'ABC': expected a GS1 Company Prefix then an asset reference, up to 30 characters"),
    ],
)
def test_parse_giai_with_invalid_value(text: str, error: str) -> None:
    with pytest.raises(ParseError) as exc_info:
        Giai.parse(text)
    assert str(exc_info.value) == error


def test_parse_giai_too_long() -> None:
    with pytest.raises(ParseError, match=r"GS1 AI \(8004\) pattern"):
        Giai.parse("4012345" + "A" * 24)


def test_giai_epc() -> None:
    giai = Giai.parse("8934673/TANK-7")
    assert giai.digital_link == "https://id.gs1.org/8004/8934673%2FTANK-7"
    assert giai.epc().urn == "urn:epc:id:giai:8934673.%2FTANK-7"


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        (VN_GTIN13, True),
        ("8934673123457", True),
        ("08934673123457", True),
        (VN_SSCC, True),
        ("4012345123456", False),
        ("893467312345", False),  # 12 digits: a U.P.C., never GS1 Vietnam
        (Gln.parse(VN_GLN), True),
        (Sscc.parse("340123451111111111"), False),
    ],
)
def test_is_vietnamese(key: object, expected: bool) -> None:
    assert is_vietnamese(key) is expected


def test_check_digit_of_non_digits() -> None:
    with pytest.raises(ParseError) as exc_info:
        check_digit("89312345678X")
    assert str(exc_info.value) == "Cannot compute a GS1 check digit of '89312345678X': expected digits"
