"""GS1 identifiers as typed values, parsed once at the edge.

Keys (GTIN, GLN, SSCC, GRAI, GIAI) and EPCs (URN or GS1 Digital Link) parse
into frozen dataclasses through ``X.parse(text)``, which raises
:class:`ParseError`. ``canonical_epc`` gives the form used by the event hash.
"""

from txng.gs1._errors import ParseError
from txng.gs1.canonical import canonical_epc, is_epc_uri
from txng.gs1.checksums import check_digit, is_vietnamese
from txng.gs1.epc import Epc, default_gcp_length, parse_epc, to_digital_link, to_urn

__all__ = [
    "Epc",
    "ParseError",
    "canonical_epc",
    "check_digit",
    "default_gcp_length",
    "is_epc_uri",
    "is_vietnamese",
    "parse_epc",
    "to_digital_link",
    "to_urn",
]
