"""biip's Digital Link and element-string vectors, as far as they are within txng.gs1's API.

txng keeps the identity of an EPC only: the primary key and its most specific qualifier.
So where biip keeps a CPV (22), a lot next to a serial, or query-string data attributes,
the comparison is between identities: ``parse_epc(dl) == parse_element_string(hri)``.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest

from tests.standards import standards_path
from txng.gs1 import ParseError, parse_element_string, parse_epc, to_digital_link


def _vectors() -> dict:
    return json.loads(standards_path("digital-link", "biip-dl-and-element-string-vectors.json").read_text())


def _groups(section: str, group: str) -> list:
    return _vectors()[section][group]


def _hri(element_strings: list[dict], only_ais: set[str] | None = None) -> str:
    return "".join(f"({e['ai']}){e['value']}" for e in element_strings if only_ais is None or e["ai"] in only_ais)


def _same(left: object, right: object) -> None:
    """Both sides parse to the same Epc, or both are rejected."""

    def run(fn):  # noqa: ANN001, ANN202
        try:
            return fn()
        except ParseError:
            return ParseError

    assert run(left) == run(right)  # type: ignore[arg-type]


def test_dl_parse() -> None:
    for case in _groups("digital_link_uris", "test_parse"):
        path_ais = set(urlsplit(case["value"]).path.split("/"))
        expected = parse_element_string(_hri(case["expected"]["element_strings"], path_ais))
        assert parse_epc(case["value"]) == expected, case["value"]


def test_dl_parse_ignores_invalid_query_attributes() -> None:
    # biip needs ParseConfig(gs1_element_strings_verify_date=False) for "?15=000000";
    # txng never reads the query string of an EPC, so it parses as is.
    for case in _groups("digital_link_uris", "test_parse_with_invalid_element_values"):
        assert parse_epc(case["value"]).digital_link == "https://id.gs1.org/01/00614141123452"


@pytest.mark.parametrize("index", range(8))
def test_dl_parse_error(index: int) -> None:
    case = _groups("digital_link_uris", "test_parse_error")[index]
    with pytest.raises(ParseError):
        parse_epc(case["value"])


def test_dl_as_canonical_uri() -> None:
    for case in _groups("digital_link_uris", "test_as_canonical_uri"):
        # txng's canonical form is the EPCIS hash one: no CPV, no query string
        expected = parse_element_string(_hri(_path_elements(case["expected"])))
        assert to_digital_link(case["value"]) == expected.digital_link


def _path_elements(uri: str) -> list[dict]:
    """Element strings in the path of a canonical DL URI."""
    parts = urlsplit(uri).path.strip("/").split("/")
    return [{"ai": parts[i], "value": parts[i + 1]} for i in range(0, len(parts), 2)]


def test_dl_as_gs1_message() -> None:
    for case in _groups("digital_link_uris", "test_as_gs1_message"):
        assert parse_epc(case["value"]) == parse_element_string(case["expected"])


def test_dl_as_uri_on_other_domain() -> None:
    for case in _groups("digital_link_uris", "test_as_uri"):
        epc = parse_epc(case["value"])
        assert epc.as_digital_link(domain=case["domain"] or "id.gs1.org", prefix=case["prefix"]) == case["expected"]


def test_dl_from_element_strings() -> None:
    for case in _groups("digital_link_uris", "test_from_element_strings"):
        epc = parse_element_string(_hri(case["value"]))
        assert epc.digital_link == case["expected"]["uri"].split("?")[0]


def test_element_string_parse() -> None:
    for case in _groups("gs1_messages", "test_parse"):
        if case["value"] == "800307071324001022085952":
            # GRAI 7071324001022: txng verifies the GRAI check digit (should be 1), biip does not
            with pytest.raises(ParseError, match="Invalid GRAI check digit in '07071324001022085952': expected 1, got 2"):
                parse_element_string(case["value"])
            continue
        _same(lambda: parse_element_string(case["value"]), lambda: parse_element_string(_hri(case["expected"]["element_strings"])))


def test_element_string_with_gs_separator() -> None:
    cases = [c for c in _groups("gs1_messages", "test_parse_with_separator_char") if c["separator_chars"] == ["\x1d"]]
    assert len(cases) == 3  # the cases with other separators ('|') configure a scanner, not txng
    for case in cases:
        _same(lambda: parse_element_string(case["value"]), lambda: parse_element_string(case["expected_hri"]))


def test_element_string_ignores_redundant_separators() -> None:
    for case in _groups("gs1_messages", "test_parse_ignores_redundant_separator_chars"):
        _same(lambda: parse_element_string(case["value"]), lambda: parse_element_string(case["expected_hri"]))


def test_hri_parse() -> None:
    # no primary key in these HRIs: an EPC needs one, so all are rejected (and agree)
    for case in _groups("gs1_messages", "test_parse_hri"):
        _same(lambda: parse_element_string(case["value"]), lambda: parse_element_string(case["expected"]["value"]))


@pytest.mark.parametrize(
    "group",
    [
        "test_parse_fails_if_unparsed_data_left",
        "test_parse_hri_fails_if_not_starting_with_parenthesis",
        "test_parse_hri_fails_if_no_pattern_matches",
        "test_parse_hri_fails_if_ai_is_unknown",
    ],
)
def test_element_string_errors(group: str) -> None:
    for case in _groups("gs1_messages", group):
        with pytest.raises(ParseError):
            parse_element_string(case["value"])


def test_as_hri_and_dl() -> None:
    (hri,) = _groups("gs1_messages", "test_as_hri")
    assert parse_element_string(hri["value"]) == parse_element_string(hri["expected"])
    (dl,) = _groups("gs1_messages", "test_as_gs1_digital_link_uri")
    assert parse_element_string(dl["value"]).digital_link == dl["expected"].split("?")[0]
