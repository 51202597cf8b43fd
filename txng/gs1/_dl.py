"""Parse GS1 Digital Link URIs into (primary AI, key, qualifiers).

biip does the AI syntax (value patterns, qualifier order). Added here by hand:
short names (biip 5.2 has none), a check of the raw GTIN length before biip pads
it to 14 digits, and check digits of keys other than GTIN/SSCC/GLN, because biip
reports a bad check digit only as a side note (``gtin_error``), not as an error.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from biip import ParseError as BiipParseError
from biip.gs1_digital_link_uris import GS1DigitalLinkURI

from txng.gs1._errors import NotAGs1Key, ParseError
from txng.gs1._tables import PRIMARY, SHORT_NAMES
from txng.gs1.checksums import verify_check_digit

CANONICAL_HOST = "id.gs1.org"

Qualifiers = tuple[tuple[str, str], ...]


def parse_dl(text: str, *, verify: bool = True) -> tuple[str, str, Qualifiers]:
    """Split a GS1 Digital Link URI into its primary AI, key value and path qualifiers.

    Any host and path prefix is accepted, short names are mapped to AIs, the
    query string and fragment are ignored (they carry data attributes, not
    identity). Values are returned percent-decoded. ``verify=False`` skips the
    check digits (the event hash canonicalises without validating, like the
    reference implementation).

    Raises:
        NotAGs1Key: The URI is http(s) but has no GS1 primary key in its path.
        ParseError: It is not http(s), or its GS1 path is malformed.
    """
    if any(c <= " " or c == "\x7f" for c in text):
        msg = f"Invalid URI {text!r}: expected no spaces or control characters"
        raise ParseError(msg)
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        msg = f"{text!r} is not a GS1 Digital Link URI: expected an http(s) URI with a host"
        raise ParseError(msg)
    segments = parts.path.split("/")
    for start, segment in enumerate(segments[:-1]):
        ai = SHORT_NAMES.get(segment, segment)
        # A numeric key must start with a digit: "/2000/01/rdf-schema" is no GTIN.
        if ai in PRIMARY and (PRIMARY[ai].check is None or segments[start + 1][:1].isdigit()):
            break
    else:
        msg = f"{text!r} is not a GS1 Digital Link URI: expected a GS1 key in the path, e.g. /01/<GTIN>"
        raise (ParseError if parts.hostname == CANONICAL_HOST else NotAGs1Key)(msg)
    path = segments[start:]
    if len(path) % 2 or "" in path:
        msg = f"Invalid GS1 Digital Link URI {text!r}: expected /<AI>/<value> pairs after the path prefix"
        raise ParseError(msg)
    for i in range(0, len(path), 2):
        path[i] = SHORT_NAMES.get(path[i], path[i])
    ai = path[0]
    if ai == "01" and len(unquote(path[1])) not in (8, 12, 13, 14):
        msg = f"Invalid GTIN {unquote(path[1])!r} in {text!r}: expected 8, 12, 13 or 14 digits"
        raise ParseError(msg)
    grai_n1 = None
    if not verify and ai == "8003" and path[1][:1].isdigit() and path[1][0] != "0":
        # GRAI's first digit must be 0 (GS1 General Specifications), but valid
        # openepcis capture examples and the reference hash generator accept any.
        grai_n1, path[1] = path[1][0], "0" + path[1][1:]
    try:
        parsed = GS1DigitalLinkURI.parse(f"https://{CANONICAL_HOST}/{'/'.join(path)}")
    except BiipParseError as exc:
        msg = f"Invalid GS1 Digital Link URI {text!r}: {exc}"
        raise ParseError(msg) from exc
    first, *rest = parsed.element_strings
    key = first.value if grai_n1 is None else grai_n1 + first.value[1:]
    primary = PRIMARY[ai]
    if verify and primary.check is not None:
        start_at, end_at = primary.check
        verify_check_digit(key, primary.name, start=start_at, end=end_at)
    return ai, key, tuple((es.ai.ai, es.value) for es in rest)
