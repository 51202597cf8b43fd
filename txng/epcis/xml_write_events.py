"""Stored events -> EPCIS 2.0 XML event elements, in the element order the XSD demands.

The inverse of ``xml_events``: what that reader maps to a JSON key, this writes back so
the reader maps it to the same key again. Extension fields (``prefix:name`` keys) become
elements in the namespace the event's ``@context`` binds the prefix to.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from lxml import etree

from txng.epcis.normalise import EPCIS_NAMESPACES
from txng.epcis.xml_names import XSI

CBVMDA_JSON = "urn:epcglobal:cbv:mda:"
CBVMDA_XML = "urn:epcglobal:cbv:mda"
"""The CBV master-data namespace as JSON-LD writes it, and as XML traditionally does."""

_HEAD = ("eventTime", "recordTime", "eventTimeZoneOffset", "eventID", "errorDeclaration",
         "certificationInfo")
_WHY = ("bizStep", "disposition", "readPoint", "bizLocation")
_TAIL = ("sourceList", "destinationList", "sensorElementList", "persistentDisposition")
ORDER: dict[str, tuple[str, ...]] = {
    "ObjectEvent": _HEAD + ("epcList", "action") + _WHY + (
        "bizTransactionList", "quantityList") + _TAIL + ("ilmd",),
    "AggregationEvent": _HEAD + ("parentID", "childEPCs", "action") + _WHY + (
        "bizTransactionList", "childQuantityList") + _TAIL,
    "TransactionEvent": _HEAD + ("bizTransactionList", "parentID", "epcList", "action") + _WHY
    + ("quantityList",) + _TAIL,
    "TransformationEvent": _HEAD + ("inputEPCList", "inputQuantityList", "outputEPCList",
                                    "outputQuantityList", "transformationID") + _WHY + (
        "bizTransactionList",) + _TAIL + ("ilmd",),
    "AssociationEvent": _HEAD + ("parentID", "childEPCs", "childQuantityList", "action") + _WHY
    + ("bizTransactionList",) + _TAIL,
}
"""Each event type's EPCIS fields in XSD sequence order."""
EXTENSION_EVENT_ORDER = tuple(dict.fromkeys(
    ORDER["TransformationEvent"] + ORDER["TransactionEvent"] + ORDER["AssociationEvent"]
    + ORDER["ObjectEvent"]))
"""Field order for event types declared by user namespaces (their schema is not known)."""
_EPC_LISTS = frozenset({"epcList", "childEPCs", "inputEPCList", "outputEPCList"})
_QUANTITY_LISTS = frozenset({"quantityList", "childQuantityList", "inputQuantityList",
                             "outputQuantityList"})
_PLAIN = frozenset({"eventTime", "recordTime", "eventTimeZoneOffset", "eventID", "action",
                    "bizStep", "disposition", "parentID", "transformationID"})
_SKIPPED = frozenset({"type", "@context"})


def xml_namespace(namespace: str) -> str:
    """The namespace to write in XML for a JSON-LD namespace (only cbvmda differs)."""
    return CBVMDA_XML if namespace == CBVMDA_JSON else namespace


def event_namespaces(event: dict[str, Any]) -> dict[str, str]:
    """prefix -> XML namespace for every prefix the stored event declares."""
    context = event.get("@context")
    own = context if isinstance(context, dict) else {}
    return {prefix: xml_namespace(ns) for prefix, ns in own.items() if isinstance(ns, str)}


class EventWriter:
    """Writes one stored event as an element; ``scope`` resolves its prefixes.

    The reader keys an extension by the prefix it is written with, so each element gets
    the event's own prefix, declared on the element when the root binds it otherwise.
    """

    def __init__(self, scope: dict[str, str], root: dict[str | None, str]) -> None:
        self.scope = scope
        """prefix -> XML namespace: the event's own ``@context`` over the standard ones."""
        self.root = root
        """The root element's prefixes."""

    def event(self, parent: etree._Element, event: dict[str, Any]) -> etree._Element:
        """Append ``event`` (stored form) to ``parent`` as its XML element."""
        kind = event["type"]
        order = ORDER.get(kind)
        el = etree.SubElement(parent, kind) if order is not None else self.element(parent, kind)
        for field in order or EXTENSION_EVENT_ORDER:
            if field in event:
                self._field(el, field, event[field])
        self.extensions(el, event, set(order or EXTENSION_EVENT_ORDER) | _SKIPPED,
                        where=f"{kind} field")
        return el

    def _field(self, el: etree._Element, field: str, value: Any) -> None:
        if field in _PLAIN:
            text(el, field, value)
        elif field == "certificationInfo":
            # One in the XSD; the JSON binding allows a list, which is written repeated.
            for item in value if isinstance(value, list) else [value]:
                text(el, field, item)
        elif field in _EPC_LISTS:
            holder = etree.SubElement(el, field)
            for epc in value:
                text(holder, "epc", epc)
        elif field in _QUANTITY_LISTS:
            self._quantities(etree.SubElement(el, field), value)
        elif field in ("readPoint", "bizLocation"):
            self.plain(etree.SubElement(el, field), value, ("id",))
        elif field == "bizTransactionList":
            self._typed(etree.SubElement(el, field), value, "bizTransaction")
        elif field in ("sourceList", "destinationList"):
            self._typed(etree.SubElement(el, field), value, field[: -len("List")])
        elif field == "sensorElementList":
            holder = etree.SubElement(el, field)
            for element in value:
                self._sensor_element(etree.SubElement(holder, "sensorElement"), element)
        elif field == "persistentDisposition":
            holder = etree.SubElement(el, field)
            for part in ("unset", "set"):  # the XSD's order
                for item in value.get(part, ()):
                    text(holder, part, item)
        elif field == "ilmd":
            self.plain(etree.SubElement(el, field), value, ())
        elif field == "errorDeclaration":
            self._error_declaration(etree.SubElement(el, field), value)

    def _quantities(self, holder: etree._Element, items: list[dict[str, Any]]) -> None:
        for item in items:
            q = etree.SubElement(holder, "quantityElement")
            text(q, "epcClass", item["epcClass"])
            if item.get("quantity") is not None:
                text(q, "quantity", decimal(item["quantity"]))
            elif "uom" in item:  # a uom needs a quantity before it; nil stands for none
                etree.SubElement(q, "quantity").set(f"{{{XSI}}}nil", "true")
            if "uom" in item:
                text(q, "uom", item["uom"])

    def _typed(self, holder: etree._Element, items: list[dict[str, Any]], item: str) -> None:
        """bizTransaction, source or destination elements: the value under the same key."""
        for entry in items:
            child = text(holder, item, entry[item])
            if entry.get("type") is not None:
                child.set("type", entry["type"])

    def _error_declaration(self, el: etree._Element, decl: dict[str, Any]) -> None:
        for field in ("declarationTime", "reason"):
            if field in decl:
                text(el, field, decl[field])
        if "correctiveEventIDs" in decl:
            holder = etree.SubElement(el, "correctiveEventIDs")
            for event_id in decl["correctiveEventIDs"]:
                text(holder, "correctiveEventID", event_id)
        self.extensions(el, decl, {"declarationTime", "reason", "correctiveEventIDs"},
                        local=True, where="errorDeclaration field")

    def _sensor_element(self, el: etree._Element, element: dict[str, Any]) -> None:
        if "sensorMetadata" in element:
            self._sensor_attributes(el, "sensorMetadata", element["sensorMetadata"])
        for report in element.get("sensorReport", ()):
            self._sensor_attributes(el, "sensorReport", report)
        self.extensions(el, element, {"sensorMetadata", "sensorReport"}, local=True,
                        where="sensorElement field")

    def _sensor_attributes(self, parent: etree._Element, tag: str,
                           values: dict[str, Any]) -> None:
        """sensorMetadata / sensorReport fields are attributes; ``#text`` is the content."""
        declare = {}
        for key in values:
            if ":" in key:
                namespace, prefix, _ = self.resolve(key)
                if prefix and self.root.get(prefix) != namespace:
                    declare[prefix] = namespace
        el = etree.SubElement(parent, tag, nsmap=declare or None)
        for key, value in values.items():
            if key == "#text":
                el.text = scalar(value)
            elif value is not None:
                el.set(self.tag(key) if ":" in key else key, scalar(value))

    def plain(self, el: etree._Element, obj: dict[str, Any], known: tuple[str, ...]) -> None:
        """``known`` EPCIS fields as text children, then the extensions."""
        for field in known:
            if field in obj:
                text(el, field, obj[field])
        self.extensions(el, obj, set(known), local=True, where=f"{el.tag} field")

    def extensions(self, el: etree._Element, obj: dict[str, Any], done: set[str], *,
                   local: bool = False, where: str) -> None:
        """The keys of ``obj`` not in ``done``: bare ones (1.x ``##local`` fields, allowed
        where ``local``) in an ``<extension>`` wrapper, ``prefix:name`` ones after it."""
        bare = [k for k in obj if k not in done and ":" not in k and not k.startswith("@")]
        if bare:
            if not local:
                raise ValueError(f"{where} {bare[0]!r} is neither an EPCIS field nor "
                                 "an extension (prefix:name)")
            wrapper = etree.SubElement(el, "extension")
            for key in bare:
                self.value(wrapper, key, obj[key])
        for key, value in obj.items():
            if key not in done and ":" in key:
                self.value(el, key, value)

    def value(self, parent: etree._Element, key: str, value: Any) -> None:
        """An extension value as the reader maps it: a list is the element repeated, an
        object its children (``#text`` its text), None an ``xsi:nil`` element.

        Attributes of extension elements come back from the reader as keys alike to
        children, so they are written as children; JSON-LD keywords (``@id``...) have
        no XML form and are left out."""
        if isinstance(value, list):
            for item in value:
                self.value(parent, key, item)
            return
        el = self.element(parent, key)
        if value is None:
            el.set(f"{{{XSI}}}nil", "true")
        elif isinstance(value, dict):
            self.content(el, value)
        else:
            el.text = scalar(value)

    def content(self, el: etree._Element, obj: dict[str, Any]) -> None:
        """An extension object's ``#text`` and children into ``el``."""
        for key, item in obj.items():
            if key == "#text":
                el.text = scalar(item)
            elif not key.startswith("@"):
                self.value(el, key, item)

    def element(self, parent: etree._Element, key: str) -> etree._Element:
        """A child named by a JSON key (bare, ``prefix:name`` or a full IRI), written
        with the key's own prefix."""
        if ":" not in key:
            return etree.SubElement(parent, key)
        namespace, prefix, local = self.resolve(key)
        tag = f"{{{namespace}}}{local}"
        el = etree.SubElement(parent, tag)
        if prefix is not None and el.prefix != prefix:
            # lxml picked another in-scope prefix of the namespace: declare ours here.
            parent.remove(el)
            el = etree.SubElement(parent, tag, nsmap={prefix: namespace})
        return el

    def resolve(self, key: str) -> tuple[str, str | None, str]:
        """(namespace, prefix, local name) of a ``prefix:name`` or full-IRI key."""
        prefix, _, local = key.partition(":")
        if local.startswith("//"):
            cut = max(key.rfind("#"), key.rfind("/")) + 1
            return key[:cut], None, key[cut:]
        namespace = self.scope.get(prefix)
        if namespace is None:
            raise ValueError(f"extension field {key!r}: the prefix {prefix!r} is not "
                             "declared in the event's @context")
        return namespace, prefix, local

    def tag(self, key: str) -> str:
        """Clark-notation name of a ``prefix:name`` or full-IRI key."""
        namespace, _, local = self.resolve(key)
        return f"{{{namespace}}}{local}"


def scope_of(event: dict[str, Any]) -> dict[str, str]:
    """prefix -> XML namespace for resolving the event's keys."""
    standard = {prefix: xml_namespace(ns) for prefix, ns in EPCIS_NAMESPACES.items()}
    return {**standard, **event_namespaces(event)}


def text(parent: etree._Element, tag: str, value: Any) -> etree._Element:
    """Append ``<tag>value</tag>``; lxml escapes the text."""
    el = etree.SubElement(parent, tag)
    el.text = scalar(value)
    return el


def scalar(value: Any) -> str:
    """A JSON scalar as XML text: booleans as the XSD spells them, numbers as written."""
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def decimal(value: Any) -> str:
    """A quantity as xsd:decimal, which has no exponent form (1e-05 -> 0.00001)."""
    if isinstance(value, float):
        return format(Decimal(repr(value)), "f")
    return str(value)
