"""EPC URNs (Tag Data Standard) to and from GS1 element strings, through epcpy.

epcpy does the TDS syntax, partition tables and escapes. Added here: the
``urn:epc:idpat:`` patterns at key level (epcpy only gives the key of a few), and
splitting epcpy's ``(AI)value(AI)value`` strings, whose values are not escaped.
"""

from __future__ import annotations

from epcpy import ConvertException, epc_pure_identity_to_scheme
from epcpy.utils.parsers import EPC_SCHEME_IDENTIFIERS, IDPAT_URI_REGEX

from txng.gs1 import _epcpy_fix
from txng.gs1._errors import NotAGs1Key, ParseError
from txng.gs1._tables import NON_GS1_SCHEMES, SCHEME_QUALIFIER, SERIAL_IN_KEY

Qualifiers = tuple[tuple[str, str], ...]

_epcpy_fix.install()


def parse_urn(text: str) -> tuple[str, str, str, Qualifiers, int]:
    """Split an EPC URN into (scheme, primary AI, key, qualifiers, GCP length).

    Accepts ``urn:epc:id:<scheme>:...``, ``urn:epc:class:lgtin:...`` and
    ``urn:epc:idpat:<scheme>:...`` patterns that fix everything but the serial
    (``.*`` at the end). Qualifiers are the element strings after the key, as
    epcpy gives them (an SGLN extension ``0`` means "no extension" and is dropped).

    Raises:
        NotAGs1Key: A valid EPC that is not a GS1 key (gid, usdod, adi, bic,
            imovn) or a pattern that leaves the key open (``...:4012345.*.*``).
        ParseError: Anything else that is not a valid EPC URN.
    """
    fields = text.split(":", 4)
    if len(fields) != 5 or fields[0].lower() != "urn" or fields[1].lower() != "epc":
        msg = f"{text!r} is not an EPC URN: expected urn:epc:id:<scheme>:..."
        raise ParseError(msg)
    level, scheme, body = fields[2].lower(), fields[3].lower(), fields[4]
    urn = f"urn:epc:{level}:{scheme}:{body}"
    if scheme not in EPC_SCHEME_IDENTIFIERS or (level == "class") != (scheme == "lgtin"):
        msg = f"Unknown EPC scheme in {text!r}: expected urn:epc:id:<sgtin|sscc|sgln|grai|giai|...>, urn:epc:class:lgtin or urn:epc:idpat:<scheme>"
        raise ParseError(msg)
    if level == "idpat":
        return _parse_idpat(text, scheme, body)
    if level not in ("id", "class"):
        msg = f"Unknown EPC URN type {fields[2]!r} in {text!r}: expected id, class or idpat"
        raise ParseError(msg)
    try:
        epc = epc_pure_identity_to_scheme(urn)
    except (ConvertException, ValueError, IndexError) as exc:
        msg = f"Invalid EPC URN {text!r}: {getattr(exc, 'message', '') or 'does not match the Tag Data Standard syntax'}"
        raise ParseError(msg) from exc
    if scheme in NON_GS1_SCHEMES:
        msg = f"{text!r} is an EPC URN without a GS1 key"
        raise NotAGs1Key(msg)
    ai, key, qualifiers = _split(scheme, epc.gs1_element_string())
    return scheme, ai, key, qualifiers, len(body.split(".", 1)[0])


def _parse_idpat(text: str, scheme: str, body: str) -> tuple[str, str, str, Qualifiers, int]:
    if not IDPAT_URI_REGEX.fullmatch(f"urn:epc:idpat:{scheme}:{body}"):
        msg = f"Invalid EPC pattern URN {text!r}: does not match the Tag Data Standard syntax"
        raise ParseError(msg)
    if body.count("*") != 1 or not body.endswith(".*"):
        if "*" in body:
            msg = f"{text!r} is an EPC pattern that leaves the GS1 key open"
            raise NotAGs1Key(msg)
        msg = f"Invalid EPC pattern URN {text!r}: expected the serial part to be '*'"
        raise ParseError(msg)
    if scheme not in SCHEME_QUALIFIER and scheme not in SERIAL_IN_KEY:
        msg = f"{text!r} is an EPC pattern that leaves the GS1 key open"
        raise NotAGs1Key(msg)
    # Any concrete serial turns the pattern into an instance epcpy can convert;
    # the serial is dropped again below.
    scheme_, ai, key, _, gcp_length = parse_urn(f"urn:epc:id:{scheme}:{body[:-1]}0")
    if scheme in SERIAL_IN_KEY:
        key = key[: SERIAL_IN_KEY[scheme]]
    return scheme_, ai, key, (), gcp_length


def _split(scheme: str, element_string: str) -> tuple[str, str, Qualifiers]:
    # epcpy gives "(01)04012345111118(21)98\"": values are raw, so a serial may hold
    # "(" and ")"; only the key (digits, or CPI's [0-9A-Z#/-]) is safe to search.
    ai, _, rest = element_string[1:].partition(")")
    qualifier_ai = SCHEME_QUALIFIER.get(scheme)
    if qualifier_ai is None:
        return ai, rest, ()
    key, marker, value = rest.partition(f"({qualifier_ai})")
    if not marker or (scheme == "sgln" and value == "0"):
        return ai, key, ()
    return ai, key, ((qualifier_ai, value),)


def render_urn(
    kind: str, ai: str, key: str, qualifier: tuple[str, str] | None, gcp_length: int, *, pattern: bool
) -> str:
    """EPC URN of a GS1 key, given the GS1 Company Prefix length.

    Raises:
        ParseError: No EPC scheme for this key, or the key does not fit ``gcp_length``.
    """
    cls = EPC_SCHEME_IDENTIFIERS.get(kind)
    if cls is None or not hasattr(cls, "from_gs1_element_string"):
        msg = f"No EPC URN for {kind.upper()} {key!r}"
        raise ParseError(msg)
    element_string = f"({ai}){key}"
    if pattern:
        # A dummy serial makes an instance epcpy can encode; it becomes "*" again.
        qualifier_ai = SCHEME_QUALIFIER.get(kind)
        element_string += "0" if qualifier_ai is None else f"({qualifier_ai})0"
    elif qualifier is not None:
        element_string += f"({qualifier[0]}){qualifier[1]}"
    elif kind == "sgln":
        element_string += "(254)0"
    try:
        urn = cls.from_gs1_element_string(element_string, gcp_length).epc_uri
    except (ConvertException, ValueError, IndexError) as exc:
        msg = f"Cannot write {element_string!r} as an EPC URN with GS1 Company Prefix length {gcp_length}: {getattr(exc, 'message', '') or exc}"
        raise ParseError(msg) from exc
    if pattern:
        urn = f"urn:epc:idpat:{urn[len('urn:epc:id:') : -1]}*"
    return urn
