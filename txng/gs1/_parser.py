"""One entry point for GS1 text of unknown kind.

>>> parse("urn:epc:id:sscc:8934673.0000000001")
Epc(kind='sscc', ai='00', key='089346730000000017', qualifier=None, pattern=False, gcp_length=7)
>>> parse("8934673123457")
Traceback (most recent call last):
...
txng.gs1._errors.ParseError: '8934673123457' is ambiguous: 13 digits are a GTIN-13 or a GLN; use Gtin.parse or Gln.parse
>>> parse("08934673123457")
Gtin(value='08934673123457')
"""

from __future__ import annotations

from txng.gs1._errors import ParseError
from txng.gs1.element_strings import parse_element_string
from txng.gs1.epc import Epc
from txng.gs1.keys import Gtin, Sscc


def parse(text: str, *, gcp_length: int | None = None) -> Epc | Gtin | Sscc:
    """Parse GS1 text whose kind is unknown: an EPC URN or Digital Link URI, an element
    string (``(01)...`` or barcode data), or a bare GTIN-8/12/14 or SSCC.

    An ambiguous input is reported, not guessed: 13 digits may be a GTIN-13 or a GLN.

    Raises:
        ParseError: Not GS1 text, invalid, or ambiguous.
    """
    if not isinstance(text, str):
        msg = f"Expected GS1 text, got {type(text).__name__} {text!r}"
        raise ParseError(msg)
    value = text.strip()
    if value[:8].lower().startswith(("urn:epc:", "http:", "https:")):
        return Epc.parse(value, gcp_length=gcp_length)
    if value.isascii() and value.isdigit():
        if len(value) in (8, 12, 14):
            return Gtin.parse(value)
        if len(value) == 13:
            msg = f"{value!r} is ambiguous: 13 digits are a GTIN-13 or a GLN; use Gtin.parse or Gln.parse"
            raise ParseError(msg)
        if len(value) == 18:
            return Sscc.parse(value)
    if value.startswith("(") or value[:2].isdigit():
        return parse_element_string(value, gcp_length=gcp_length)
    msg = f"{value!r} is not GS1 text: expected an EPC URN, a GS1 Digital Link URI, an element string or a GS1 key"
    raise ParseError(msg)
