"""GS1 element strings (``(01)...(21)...`` or barcode data with FNC1/GS) to EPCs, through biip.

>>> parse_element_string("(01)08934673123457(17)261231(10)L7").digital_link
'https://id.gs1.org/01/08934673123457/10/L7'
>>> parse_element_string("0108934673123457\\x1d21A1").urn
'urn:epc:id:sgtin:8934673.012345.A1'
"""

from __future__ import annotations

from biip import ParseError as BiipParseError
from biip._exceptions import EncodeError
from biip.gs1_digital_link_uris import GS1DigitalLinkURI
from biip.gs1_messages import GS1Message

from txng.gs1._errors import ParseError
from txng.gs1.epc import Epc


def parse_element_string(text: str, *, gcp_length: int | None = None) -> Epc:
    """The EPC carried by a GS1 element string, in HRI form or as raw barcode data.

    Data attributes (dates, weights...) are dropped; the primary key and its
    most specific qualifier remain, as in :class:`~txng.gs1.Epc`.

    Raises:
        ParseError: Not a valid element string, or it carries no GS1 primary key.
    """
    if not isinstance(text, str) or not text.strip():
        msg = f"Invalid GS1 element string {text!r}: expected e.g. (01)<GTIN>(21)<serial>"
        raise ParseError(msg)
    value = text.strip()
    try:
        message = GS1Message.parse_hri(value) if value.startswith("(") else GS1Message.parse(value)
        uri = GS1DigitalLinkURI.from_element_strings(message.element_strings).as_canonical_uri()
    except (BiipParseError, EncodeError) as exc:
        msg = f"Invalid GS1 element string {value!r}: {exc}"
        raise ParseError(msg) from exc
    return Epc.parse(uri.split("?", 1)[0], gcp_length=gcp_length)
