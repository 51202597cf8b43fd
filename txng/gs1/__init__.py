"""GS1 identifiers as typed values, parsed once at the edge.

Keys (:class:`Gtin`, :class:`Gln`, :class:`Sscc`, :class:`Grai`, :class:`Giai`)
and EPCs (:class:`Epc`, from an EPC URN or a GS1 Digital Link URI) are frozen
dataclasses built by ``X.parse(text)``, which raises :class:`ParseError`.
:func:`parse` takes GS1 text of unknown kind; :func:`canonical_epc` gives the
form the EPCIS event hash uses.
"""

from txng.gs1._errors import ParseError
from txng.gs1._parser import parse
from txng.gs1.canonical import canonical_epc, canonical_or_given, is_epc_uri
from txng.gs1.checksums import check_digit, is_vietnamese
from txng.gs1.element_strings import parse_element_string
from txng.gs1.epc import (Epc, default_gcp_length, parse_epc, to_digital_link, to_urn,
                          urn_or_given)
from txng.gs1.keys import Giai, Gln, Grai, Gtin, Sscc

__all__ = [
    "Epc",
    "Giai",
    "Gln",
    "Grai",
    "Gtin",
    "ParseError",
    "Sscc",
    "canonical_epc",
    "canonical_or_given",
    "check_digit",
    "default_gcp_length",
    "is_epc_uri",
    "is_vietnamese",
    "parse",
    "parse_element_string",
    "parse_epc",
    "to_digital_link",
    "to_urn",
    "urn_or_given",
]
