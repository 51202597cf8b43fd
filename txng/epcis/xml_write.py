"""Stored events -> EPCIS 2.0 XML documents: query results and plain EPCISDocuments.

The query interface answers ``Accept: application/xml`` with this. The tree is built
with lxml, so every value is escaped by the serialiser::

    >>> event = {"type": "ObjectEvent", "eventTime": "2024-05-01T09:00:00+07:00",
    ...          "eventTimeZoneOffset": "+07:00", "action": "OBSERVE",
    ...          "bizStep": "https://ref.gs1.org/cbv/BizStep-shipping"}
    >>> xml = query_document_xml([event], query_name="SimpleEventQuery")
    >>> b"<bizStep>urn:epcglobal:cbv:bizstep:shipping</bizStep>" in xml
    True

Events are in the stored form of ``txng.epcis.normalise`` (CBV values as web URIs,
extension fields as ``prefix:name`` with the event's own ``@context``); EPCs are written
as given. Every namespace is declared on the root, except where two events bind one
prefix differently (or one namespace to two prefixes): the element using the other
binding then declares it, so the reader keys it by the same prefix.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from lxml import etree

from txng.epcis.normalise import urn_event
from txng.epcis.xml_names import XSI
from txng.epcis.xml_write_events import EventWriter, event_namespaces, scalar, scope_of, text

EPCIS_NS = "urn:epcglobal:epcis:xsd:2"
QUERY_NS = "urn:epcglobal:epcis-query:xsd:2"
CBV_FORMATS = ("Always_URN", "Always_Web_URI", "No_Preference")
"""Values of the GS1-CBV-XML-Format header. No_Preference writes URNs, the XML
binding's traditional form; Always_Web_URI writes values as stored."""


def query_document_xml(events: list[dict[str, Any]], *, query_name: str,
                       subscription_id: str | None = None, cbv_format: str = "No_Preference",
                       vocabularies: list[dict[str, Any]] | None = None) -> bytes:
    """An ``epcisq:EPCISQueryDocument`` holding ``events`` as the results of a query.

    Args:
        events: stored (normalised) events.
        query_name: the query answered, e.g. ``SimpleEventQuery``.
        subscription_id: the subscription, for results of a standing query.
        cbv_format: the GS1-CBV-XML-Format the client asked for.
        vocabularies: master data (JSON ``vocabularyList`` items) for the header.

    Raises:
        ValueError: an unknown ``cbv_format``, or an event the XML binding cannot hold
            (a field that is neither EPCIS's nor ``prefix:name``, an undeclared prefix).
    """
    root = _root(f"{{{QUERY_NS}}}EPCISQueryDocument", events,
                 {"epcisq": QUERY_NS, "epcis": EPCIS_NS}, cbv_format, vocabularies)
    results = etree.SubElement(etree.SubElement(root, "EPCISBody"),
                               f"{{{QUERY_NS}}}QueryResults")
    text(results, "queryName", query_name)
    if subscription_id is not None:
        text(results, "subscriptionID", subscription_id)
    _event_list(etree.SubElement(results, "resultsBody"), events, root.nsmap, cbv_format)
    return _serialise(root)


def epcis_document_xml(events: list[dict[str, Any]],
                       vocabularies: list[dict[str, Any]] | None = None, *,
                       cbv_format: str = "No_Preference") -> bytes:
    """An ``epcis:EPCISDocument`` holding ``events`` (and master data in its header).

    Raises:
        ValueError: as ``query_document_xml``.
    """
    root = _root(f"{{{EPCIS_NS}}}EPCISDocument", events, {"epcis": EPCIS_NS}, cbv_format,
                 vocabularies)
    _event_list(etree.SubElement(root, "EPCISBody"), events, root.nsmap, cbv_format)
    return _serialise(root)


def _root(tag: str, events: list[dict[str, Any]], fixed: dict[str, str], cbv_format: str,
          vocabularies: list[dict[str, Any]] | None) -> etree._Element:
    if cbv_format not in CBV_FORMATS:
        raise ValueError(f"GS1-CBV-XML-Format {cbv_format!r} is unknown; use one of "
                         + ", ".join(CBV_FORMATS))
    nsmap = _root_namespaces([*events, *(vocabularies or ())], {**fixed, "xsi": XSI})
    root = etree.Element(tag, nsmap=nsmap)
    root.set("schemaVersion", "2.0")
    root.set("creationDate", datetime.now(UTC).isoformat(timespec="milliseconds")
             .replace("+00:00", "Z"))
    if vocabularies:
        header = etree.SubElement(root, "EPCISHeader")
        master = etree.SubElement(etree.SubElement(header, "extension"), "EPCISMasterData")
        _vocabulary_list(etree.SubElement(master, "VocabularyList"), vocabularies, nsmap)
    return root


def _root_namespaces(items: list[dict[str, Any]], fixed: dict[str, str]) -> dict[str, str]:
    """The root's prefixes: ``fixed``, then each binding of an event's (or vocabulary's)
    ``@context`` that clashes with none."""
    nsmap = dict(fixed)
    taken = set(nsmap.values())
    for item in items:
        for prefix, namespace in event_namespaces(item).items():
            if prefix not in nsmap and namespace not in taken:
                nsmap[prefix] = namespace
                taken.add(namespace)
    return nsmap


def _event_list(parent: etree._Element, events: list[dict[str, Any]], root_nsmap: dict,
                cbv_format: str) -> None:
    holder = etree.SubElement(parent, "EventList")
    wrapper = None  # event types of user namespaces go in <extension>, as the XSD wants
    for event in events:
        if cbv_format != "Always_Web_URI":
            event = urn_event(event)
        writer = EventWriter(scope_of(event), root_nsmap)
        if ":" in event["type"]:
            if wrapper is None or wrapper is not holder[-1]:
                wrapper = etree.SubElement(holder, "extension")
            writer.event(wrapper, event)
        else:
            writer.event(holder, event)


def _vocabulary_list(holder: etree._Element, vocabularies: list[dict[str, Any]],
                     root_nsmap: dict) -> None:
    """Master data in the JSON form (``type``, ``vocabularyElementList``) as XML; a
    vocabulary's prefixes are those of its own ``@context``, as for stored events."""
    for vocabulary in vocabularies:
        writer = EventWriter(scope_of(vocabulary), root_nsmap)
        voc = etree.SubElement(holder, "Vocabulary", type=vocabulary["type"])
        elements = vocabulary.get("vocabularyElementList")
        if elements:
            element_list = etree.SubElement(voc, "VocabularyElementList")
            for element in elements:
                _vocabulary_element(writer, element_list, element)
        writer.extensions(voc, vocabulary, {"type", "vocabularyElementList"}, local=True,
                          where="Vocabulary field")


def _vocabulary_element(writer: EventWriter, parent: etree._Element,
                        element: dict[str, Any]) -> None:
    el = etree.SubElement(parent, "VocabularyElement", id=element["id"])
    for attribute in element.get("attributes", ()):
        value = attribute.get("attribute")
        attr = etree.SubElement(el, "attribute", id=attribute["id"])
        if isinstance(value, dict):
            writer.content(attr, value)
        elif value is not None:
            attr.text = scalar(value)
    if element.get("children"):
        children = etree.SubElement(el, "children")
        for child in element["children"]:
            text(children, "id", child)
    writer.extensions(el, element, {"id", "attributes", "children"}, local=True,
                      where="VocabularyElement field")


def _serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
