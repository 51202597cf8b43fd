"""Canonical form of an EPC for the EPCIS 2.0 event hash ID (CBV 2.0 hash algorithm).

GS1 keys, given as EPC URNs (id, class, idpat) or as GS1 Digital Link URIs on
any host, become ``https://id.gs1.org/<AI>/<key>[/<AI>/<value>]``: numeric AIs,
GTIN padded to 14 digits, only the most specific qualifier, no query string.
Any other absolute URI (``urn:uuid:...``, ``urn:epc:id:gid:...``, a web URI
without a GS1 key in its path) is a valid EPC and is returned unchanged.

>>> canonical_epc("urn:epc:id:sgtin:8934673.012345.A1")
'https://id.gs1.org/01/08934673123457/21/A1'
>>> canonical_epc("https://example.vn/gtin/8934673123457/lot/L1/ser/A1?17=260101")
'https://id.gs1.org/01/08934673123457/21/A1'
>>> canonical_epc("urn:uuid:4f2b7f4e-8a3c-4d2b-9a7e-0c1d2e3f4a5b")
'urn:uuid:4f2b7f4e-8a3c-4d2b-9a7e-0c1d2e3f4a5b'
>>> canonical_epc("not-a-urn")
Traceback (most recent call last):
...
txng.gs1._errors.ParseError: 'not-a-urn' is neither an EPC URN nor a GS1 Digital Link URI (nor another absolute URI)
"""

from __future__ import annotations

import re
from functools import lru_cache

from txng.gs1._dl import parse_dl
from txng.gs1._errors import NotAGs1Key, ParseError
from txng.gs1.checksums import fast_check_digit
from txng.gs1.epc import Epc

# An absolute URI (RFC 3986 scheme ":" something), without spaces or controls.
_ABSOLUTE_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20\x7f]+")

# Fast paths: canonical_epc runs for every EPC of every captured event, and
# epcpy (~5 us) / biip (~45 us) are too slow for that budget. These regexes take
# the common, unambiguous forms (alphanumeric serials, nothing to escape) and
# compute the check digit by hand; anything else goes through the libraries.
# tests/gs1/test_canonical.py checks that both paths agree.
_FAST_URN = re.compile(
    r"urn:epc:(?:id:(sgtin)|class:(lgtin)):(\d{6,12})\.(\d{1,7})\.([A-Za-z0-9_\-]{1,20})"
    r"|urn:epc:id:sscc:(\d{6,12})\.(\d{5,11})"
    r"|urn:epc:id:sgln:(\d{6,12})\.(\d{0,6})\.([A-Za-z0-9_\-]{1,20})"
)
_FAST_DL = re.compile(
    r"https?://[A-Za-z0-9.\-]+/(?:01/(\d{14})(?:/(10|21)/([A-Za-z0-9_\-]{1,20}))?"
    r"|00/(\d{18})|414/(\d{13})(?:/254/([A-Za-z0-9_\-]{1,20}))?)"
)


def _fast(text: str) -> str | None:
    """Canonical DL of a common URN/DL form, or None to take the full path."""
    if text[0] == "u":
        m = _FAST_URN.fullmatch(text)
        if m is None:
            return None
        sgtin, lgtin, gcp, item, serial, s_gcp, s_ref, l_gcp, l_ref, ext = m.groups()
        if gcp is not None:
            if len(gcp) + len(item) != 13:
                return None
            body = item[0] + gcp + item[1:]
            return f"https://id.gs1.org/01/{body}{fast_check_digit(body)}/{'21' if sgtin else '10'}/{serial}"
        if s_gcp is not None:
            if len(s_gcp) + len(s_ref) != 17:
                return None
            body = s_ref[0] + s_gcp + s_ref[1:]
            return f"https://id.gs1.org/00/{body}{fast_check_digit(body)}"
        if len(l_gcp) + len(l_ref) != 12:
            return None
        body = l_gcp + l_ref
        tail = "" if ext == "0" else f"/254/{ext}"
        return f"https://id.gs1.org/414/{body}{fast_check_digit(body)}{tail}"
    m = _FAST_DL.fullmatch(text)
    if m is None:
        return None
    gtin, q_ai, q_value, sscc, gln, ext = m.groups()
    key = gtin or sscc or gln
    if int(key[-1]) != fast_check_digit(key[:-1]):
        return None  # let the full path raise its precise error
    if gtin is not None:
        tail = f"/{q_ai}/{q_value}" if q_ai else ""
        return f"https://id.gs1.org/01/{gtin}{tail}"
    if sscc is not None:
        return f"https://id.gs1.org/00/{sscc}"
    return f"https://id.gs1.org/414/{gln}" + (f"/254/{ext}" if ext else "")


def _full(text: str) -> str:
    """Canonical form through epcpy/biip; unchanged for URIs without a GS1 key."""
    head = text[:8].lower()
    if not head.startswith(("urn:epc:", "http:", "https:")):
        if _ABSOLUTE_URI.fullmatch(text):
            return text  # urn:uuid:..., a private URN...: allowed as an EPC, kept as is
        msg = f"{text!r} is neither an EPC URN nor a GS1 Digital Link URI (nor another absolute URI)"
        raise ParseError(msg)
    try:
        if head.startswith("http"):
            # Check digits are not verified here: the hash canonicalises what it is
            # given (so does the reference generator); parse_epc is the strict check.
            return Epc._from_dl(*parse_dl(text, verify=False), None).digital_link  # noqa: SLF001
        return Epc.parse(text).digital_link
    except NotAGs1Key:
        return text


@lru_cache(maxsize=65536)
def _canonical(text: str) -> str:
    if not text:
        msg = "'' is neither an EPC URN nor a GS1 Digital Link URI (nor another absolute URI)"
        raise ParseError(msg)
    return _fast(text) or _full(text)


def canonical_epc(text: str) -> str:
    """Canonical GS1 Digital Link URI of an EPC, as used by the event hash.

    GS1 keys (EPC URN or Digital Link on any host) become
    ``https://id.gs1.org/...``; any other absolute URI is returned unchanged.
    Cached: repeated EPCs (locations, classes, parents) cost a dict lookup.

    Raises:
        ParseError: ``text`` is not a URI, or is a malformed GS1 identifier
            (an ``urn:epc:`` URN, or a DL URI whose GS1 path is invalid).
    """
    if type(text) is not str:
        msg = f"Expected an EPC as text, got {type(text).__name__} {text!r}"
        raise ParseError(msg)
    return _canonical(text)


def canonical_or_given(text: str) -> str:
    """The canonical form of an identifier that may be a GS1 key, or ``text`` itself
    (business transaction ids, party ids, transformation nodes...)."""
    try:
        return canonical_epc(text)
    except ParseError:
        return text


def is_epc_uri(text: object) -> bool:
    """Whether ``text`` is acceptable as an EPC in a captured event.

    True for a GS1 key as EPC URN or Digital Link URI and for any other absolute
    URI. Check digits are not verified, like the hash: EPCIS does not require
    them and valid capture documents of the conformance suite carry wrong ones.
    Use :func:`~txng.gs1.parse_epc` for a strict check.
    """
    try:
        canonical_epc(text)  # type: ignore[arg-type]
    except ParseError:
        return False
    return True
