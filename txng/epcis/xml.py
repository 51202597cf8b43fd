"""EPCIS 2.0 XML binding: safe parsing, XSD validation, conversion to the JSON-LD dict.

XML capture documents become the same dict a JSON-LD EPCISDocument is, so one pipeline
(validation, hashing, storage) serves both bindings::

    >>> doc = parse_xml(b'''<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2"
    ...   schemaVersion="2.0" creationDate="2024-05-01T10:00:00Z"><EPCISBody><EventList>
    ...   <ObjectEvent><eventTime>2024-05-01T09:00:00+07:00</eventTime>
    ...   <eventTimeZoneOffset>+07:00</eventTimeZoneOffset>
    ...   <epcList><epc>urn:epc:id:sgtin:8934567.012345.1</epc></epcList>
    ...   <action>OBSERVE</action></ObjectEvent></EventList></EPCISBody>
    ... </epcis:EPCISDocument>''')
    >>> doc["epcisBody"]["eventList"][0]["epcList"]
    ['urn:epc:id:sgtin:8934567.012345.1']

Any DOCTYPE is refused before lxml sees it, so entity tricks (XXE, billion laughs)
never reach the parser; the parser itself resolves no entities and loads nothing.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from txng.epcis.xml_convert import EPCIS_CONTEXT, xml_to_document
from txng.epcis.xml_schema import validate_xml, xsd_dir
from txng.errors import FieldError, InvalidInput

__all__ = ["EPCIS_CONTEXT", "parse_tree", "parse_xml", "validate_xml", "xml_to_document",
           "xsd_dir"]

# What may precede a DOCTYPE: a BOM, the XML declaration, comments, PIs, whitespace.
_PROLOG = re.compile(rb"(?:\xef\xbb\xbf)?(?:\s+|<\?.*?\?>|<!--.*?-->)*", re.S)
_BARE_DOCTYPE = re.compile(rb"<!DOCTYPE\s+[^\s\[\]>]+\s*>")
_LOCATION = re.compile(r", line \d+, column \d+$")
DOCTYPE_REFUSED = ("XML documents with a DOCTYPE (DTD) are refused: DTDs and entity "
                   "declarations allow XXE and entity-expansion attacks, and EPCIS needs none")


def parse_xml(data: bytes, *, allow_bare_doctype: bool = False) -> dict[str, Any]:
    """Parse, validate (XSD, when present) and convert EPCIS XML into its JSON-LD dict.

    Args:
        data: the XML document as bytes.
        allow_bare_doctype: accept a DOCTYPE that declares nothing (``<!DOCTYPE Name>``,
            no internal subset, no SYSTEM/PUBLIC id), as several GS1 examples carry.

    Raises:
        InvalidInput: DOCTYPE present, malformed XML, not XSD-valid, or not an EPCIS
            document; the detail says which and where.
    """
    tree = parse_tree(data, allow_bare_doctype=allow_bare_doctype)
    validate_xml(tree)
    return xml_to_document(tree.getroot())


def parse_tree(data: bytes, *, allow_bare_doctype: bool = False) -> etree._ElementTree:
    """Parse XML bytes with a locked-down lxml parser, refusing any DOCTYPE.

    Raises:
        InvalidInput: a DOCTYPE is present, or the XML is malformed (line and column given).
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    start = _PROLOG.match(data).end()
    if data.startswith(b"<!DOCTYPE", start) and not (
            allow_bare_doctype and _BARE_DOCTYPE.match(data, start)):
        raise _doctype_refused(data.count(b"\n", 0, start) + 1)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, dtd_validation=False, remove_comments=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line, column = exc.position
        message = _LOCATION.sub("", exc.msg or "unreadable document")
        raise InvalidInput(f"Malformed XML at line {line}, column {column}: {message}",
                           errors=[FieldError(field="(document)",
                                              message=f"line {line}: {message}")]) from exc
    except ValueError as exc:  # e.g. a str with an encoding declaration
        raise InvalidInput(f"Malformed XML: {exc}") from exc
    tree = root.getroottree()
    # Backstop for encodings the byte scan cannot read (UTF-16/32): lxml has parsed the
    # DOCTYPE without resolving anything, and the document is still refused.
    info = tree.docinfo
    if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
        dtd = info.internalDTD
        declares = dtd is not None and (any(dtd.iterentities()) or any(dtd.iterelements()))
        if not allow_bare_doctype or declares or info.system_url or info.public_id:
            raise _doctype_refused(1)
    return tree


def _doctype_refused(line: int) -> InvalidInput:
    return InvalidInput(DOCTYPE_REFUSED, errors=[FieldError(
        field="(document)", message=f"line {line}: DOCTYPE declarations are not accepted")])
