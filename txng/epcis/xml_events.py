"""One EPCIS XML event -> its JSON-binding dict (2.0 layout and 1.2-style ``extension`` wrappers).

The converter also makes the structural checks the XSD would (required fields, allowed
fields per event type, value forms), so documents are refused even when the XSD is absent.
Element order is the one thing left to the XSD: the JSON binding has no order.
"""

from __future__ import annotations

import math
import re
from typing import Any

from lxml import etree

from txng.epcis.xml_names import XSI, Names, extension_value, put, text_of

DATE_TIME = re.compile(
    r"\d{4}-(1[0-2]|0[1-9])-(3[01]|0[1-9]|[12]\d)T(2[0-3]|[01]\d):[0-5]\d:[0-5]\d(\.\d+)?"
    r"(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00))\Z")
"""The XSD's DateTimeStamp pattern (a dateTime with a mandatory zone)."""
TZ_OFFSET = re.compile(r"[+-]((0\d|1[0-3]):[0-5]\d|14:00)\Z")
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\Z")
INTEGER = re.compile(r"[+-]?\d+\Z")
ACTIONS = ("ADD", "OBSERVE", "DELETE")

COMMON = {"eventTime", "recordTime", "eventTimeZoneOffset", "eventID", "errorDeclaration",
          "certificationInfo"}
WHERE_WHY = {"bizStep", "disposition", "readPoint", "bizLocation", "bizTransactionList",
             "sourceList", "destinationList", "sensorElementList", "persistentDisposition"}
EVENT_FIELDS: dict[str, frozenset[str]] = {
    "ObjectEvent": frozenset(COMMON | WHERE_WHY | {"epcList", "action", "quantityList", "ilmd"}),
    "AggregationEvent": frozenset(COMMON | WHERE_WHY | {"parentID", "childEPCs", "action",
                                                        "childQuantityList"}),
    "TransactionEvent": frozenset(COMMON | WHERE_WHY | {"parentID", "epcList", "action",
                                                        "quantityList"}),
    "TransformationEvent": frozenset(COMMON | WHERE_WHY | {
        "inputEPCList", "inputQuantityList", "outputEPCList", "outputQuantityList",
        "transformationID", "ilmd"}),
    "AssociationEvent": frozenset(COMMON | WHERE_WHY | {"parentID", "childEPCs",
                                                        "childQuantityList", "action"}),
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "ObjectEvent": ("eventTime", "eventTimeZoneOffset", "action"),
    "AggregationEvent": ("eventTime", "eventTimeZoneOffset", "action"),
    "TransactionEvent": ("eventTime", "eventTimeZoneOffset", "bizTransactionList", "action"),
    "TransformationEvent": ("eventTime", "eventTimeZoneOffset"),
    "AssociationEvent": ("eventTime", "eventTimeZoneOffset", "parentID", "action"),
}
ANY_FIELD = frozenset().union(*EVENT_FIELDS.values())
"""Fields allowed in an extension event type (one declared by a user namespace)."""

SENSOR_NUMBERS = frozenset({"value", "minValue", "maxValue", "meanValue", "sDev", "percRank",
                            "percValue"})
SENSOR_TIMES = frozenset({"time", "startTime", "endTime"})
WRAPPERS = ("extension", "baseExtension")
"""EPCIS 1.x put fields in these; 2.0 keeps them for user extensions. Both are flattened."""


class EventConverter:
    """Converts event elements; one instance per document (it shares its ``Names``)."""

    def __init__(self, names: Names) -> None:
        self.names = names
        self._handlers = {
            "eventTime": self._time, "recordTime": self._time,
            "eventTimeZoneOffset": self._offset, "eventID": self._text, "action": self._action,
            "bizStep": self._text, "disposition": self._text, "parentID": self._text,
            "transformationID": self._text, "certificationInfo": self._certification,
            "epcList": self._epcs, "childEPCs": self._epcs, "inputEPCList": self._epcs,
            "outputEPCList": self._epcs, "quantityList": self._quantities,
            "childQuantityList": self._quantities, "inputQuantityList": self._quantities,
            "outputQuantityList": self._quantities, "readPoint": self._location,
            "bizLocation": self._location, "bizTransactionList": self._transactions,
            "sourceList": self._source_dest, "destinationList": self._source_dest,
            "sensorElementList": self._sensor_elements,
            "persistentDisposition": self._persistent_disposition, "ilmd": self._ilmd,
            "errorDeclaration": self._error_declaration,
        }

    def event(self, el: etree._Element, kind: str) -> dict[str, Any]:
        """The JSON dict of one event element of type ``kind`` (a name or ``prefix:Name``)."""
        ev: dict[str, Any] = {"type": kind}
        allowed = EVENT_FIELDS.get(kind, ANY_FIELD)
        self._fill(ev, el, kind, allowed)
        self.attributes(ev, el)
        for field in REQUIRED.get(kind, ("eventTime", "eventTimeZoneOffset")):
            if field not in ev:
                raise self.names.fail(el, field, f"{kind} has no <{field}>, which is required")
        return ev

    def _fill(self, ev: dict[str, Any], el: etree._Element, kind: str,
              allowed: frozenset[str]) -> None:
        names = self.names
        for child in el:
            if child.tag.__class__ is not str:
                continue
            local = names.local(child)
            if local is None:
                put(ev, names.element_key(child), extension_value(names, child))
            elif local in WRAPPERS:
                self._fill(ev, child, kind, allowed)
            elif local in allowed:
                if local in ev and local != "certificationInfo":
                    raise names.fail(child, local, f"<{local}> appears more than once")
                self._handlers[local](ev, child, local)
            else:
                raise names.fail(child, local, f"{kind} has no element <{local}>")

    def attributes(self, obj: dict[str, Any], el: etree._Element) -> None:
        """Namespaced attributes of an EPCIS element are extensions; unqualified ones
        have no JSON counterpart and are dropped."""
        for name, value in el.attrib.items():
            if name[0] == "{":
                key = self.names.attribute_key(el, name)
                if key is not None and ":" in key:
                    obj[key] = value

    # simple values

    def text(self, el: etree._Element, field: str) -> str:
        if not len(el):  # the common case, without text_of's call
            value = el.text
            return value.strip() if value else ""
        value = text_of(el)
        if value is None:
            name = self.names.local(el) or el.tag
            raise self.names.fail(el, field, f"<{name}> must hold text, not child elements")
        return value

    def _text(self, ev: dict[str, Any], el: etree._Element, field: str) -> None:
        ev[field] = self.text(el, field)

    def time(self, el: etree._Element, field: str, value: str | None = None) -> str:
        value = self.text(el, field) if value is None else value.strip()
        if not DATE_TIME.match(value):
            raise self.names.fail(el, field, f"{field} must be a date-time with a time zone "
                                  f"(e.g. 2024-05-01T10:00:00Z), got '{value}'")
        return value

    def _time(self, ev: dict[str, Any], el: etree._Element, field: str) -> None:
        ev[field] = self.time(el, field)

    def _offset(self, ev: dict[str, Any], el: etree._Element, field: str) -> None:
        value = self.text(el, field)
        if not TZ_OFFSET.match(value):
            raise self.names.fail(el, field,
                                  f"eventTimeZoneOffset must look like +07:00, got '{value}'")
        ev[field] = value

    def _action(self, ev: dict[str, Any], el: etree._Element, field: str) -> None:
        value = self.text(el, field)
        if value not in ACTIONS:
            raise self.names.fail(el, field,
                                  f"action must be one of ADD, OBSERVE, DELETE, got '{value}'")
        ev[field] = value

    def _certification(self, ev: dict[str, Any], el: etree._Element, field: str) -> None:
        put(ev, field, self.text(el, field))  # the JSON binding allows a list when repeated

    def number(self, el: etree._Element, field: str, value: str) -> int | float:
        value = value.strip()
        if NUMBER.match(value):
            if INTEGER.match(value):
                return int(value)
            number = float(value)
            if math.isfinite(number):
                return number
        raise self.names.fail(el, field, f"{field} must be a finite number, got '{value}'")

    # lists

    def items(self, el: etree._Element, field: str, item: str):
        """Child elements of a list element, each of which must be ``<item>``."""
        names = self.names
        for i, child in enumerate(c for c in el if c.tag.__class__ is str):
            if names.local(child) != item:
                raise names.fail(child, f"{field}[{i}]",
                                 f"<{field}> may only hold <{item}>, got <{child.tag}>")
            yield i, child

    def _epcs(self, ev: dict[str, Any], el: etree._Element, field: str) -> None:
        ev[field] = [self.text(c, f"{field}[{i}]") for i, c in self.items(el, field, "epc")]

    def _quantities(self, ev: dict[str, Any], el: etree._Element, field: str) -> None:
        out = []
        for i, item in self.items(el, field, "quantityElement"):
            q: dict[str, Any] = {}
            for child in item:
                if child.tag.__class__ is not str:
                    continue
                local = self.names.local(child)
                path = f"{field}[{i}].{local}"
                if local == "epcClass" or local == "uom":
                    q[local] = self.text(child, path)
                elif local == "quantity":
                    if child.get(f"{{{XSI}}}nil", "").strip() not in ("true", "1"):
                        q[local] = self.number(child, path, self.text(child, path))
                else:
                    raise self.names.fail(child, path, f"<quantityElement> has no <{child.tag}>")
            if "epcClass" not in q:
                raise self.names.fail(item, f"{field}[{i}]", "<quantityElement> needs <epcClass>")
            out.append(q)
        ev[field] = out

    def _location(self, ev: dict[str, Any], el: etree._Element, field: str) -> None:
        loc: dict[str, Any] = {}
        self._plain(loc, el, field, {"id": self.text})
        if "id" not in loc:
            raise self.names.fail(el, field, f"<{field}> needs an <id>")
        ev[field] = loc

    def _plain(self, obj: dict[str, Any], el: etree._Element, field: str, known: dict,
               local_extensions: bool = False) -> None:
        """Fill ``obj`` from children: ``known`` EPCIS names via their function, wrappers
        flattened, namespaced children as extensions. 1.x ``extension`` blocks hold
        unqualified extension fields, accepted where ``local_extensions``."""
        names = self.names
        for child in el:
            if child.tag.__class__ is not str:
                continue
            local = names.local(child)
            if local is None:
                put(obj, names.element_key(child), extension_value(names, child))
            elif local in known:
                if local in obj:
                    raise names.fail(child, f"{field}.{local}", f"<{local}> appears more than once")
                obj[local] = known[local](child, f"{field}.{local}")
            elif local in WRAPPERS:
                self._plain(obj, child, field, known, local_extensions=True)
            elif local_extensions:
                put(obj, local, extension_value(names, child))
            else:
                raise names.fail(child, f"{field}.{local}", f"<{field}> has no element <{local}>")
        self.attributes(obj, el)

    def _transactions(self, ev: dict[str, Any], el: etree._Element, field: str) -> None:
        out = []
        for i, child in self.items(el, field, "bizTransaction"):
            bt: dict[str, Any] = {}
            kind = child.get("type")
            if kind is not None:
                bt["type"] = kind.strip()
            bt["bizTransaction"] = self.text(child, f"{field}[{i}]")
            out.append(bt)
        ev[field] = out

    def _source_dest(self, ev: dict[str, Any], el: etree._Element, field: str) -> None:
        item = field[: -len("List")]
        out = []
        for i, child in self.items(el, field, item):
            kind = child.get("type")
            if kind is None:
                raise self.names.fail(child, f"{field}[{i}].type", f"<{item}> needs a type")
            out.append({"type": kind.strip(), item: self.text(child, f"{field}[{i}]")})
        ev[field] = out

    def _persistent_disposition(self, ev: dict[str, Any], el: etree._Element, field: str) -> None:
        pd: dict[str, list[str]] = {}
        for child in el:
            if child.tag.__class__ is not str:
                continue
            local = self.names.local(child)
            if local not in ("set", "unset"):
                raise self.names.fail(child, f"{field}.{local}",
                                      f"<persistentDisposition> has no <{child.tag}>")
            pd.setdefault(local, []).append(self.text(child, f"{field}.{local}"))
        ev[field] = pd

    def _ilmd(self, ev: dict[str, Any], el: etree._Element, field: str) -> None:
        ilmd: dict[str, Any] = {}
        self._plain(ilmd, el, field, {}, local_extensions=False)
        ev[field] = ilmd

    def _error_declaration(self, ev: dict[str, Any], el: etree._Element, field: str) -> None:
        decl: dict[str, Any] = {}
        known = {"declarationTime": self.time, "reason": self.text,
                 "correctiveEventIDs": self._corrective_ids}
        self._plain(decl, el, field, known)
        if "declarationTime" not in decl:
            raise self.names.fail(el, field, "<errorDeclaration> needs a <declarationTime>")
        ev[field] = decl

    def _corrective_ids(self, el: etree._Element, field: str) -> list[str]:
        return [self.text(c, f"{field}[{i}]")
                for i, c in self.items(el, field, "correctiveEventID")]

    # sensors

    def _sensor_elements(self, ev: dict[str, Any], el: etree._Element, field: str) -> None:
        out = []
        names = self.names
        for i, child in enumerate(c for c in el if c.tag.__class__ is str):
            local = names.local(child)
            if local == "extension" and not len(child) and not (child.text or "").strip():
                continue
            if local != "sensorElement":
                raise names.fail(child, f"{field}[{i}]",
                                 f"<sensorElementList> may only hold <sensorElement>, "
                                 f"got <{child.tag}>")
            out.append(self._sensor_element(child, f"{field}[{i}]"))
        ev[field] = out

    def _sensor_element(self, el: etree._Element, field: str) -> dict[str, Any]:
        se: dict[str, Any] = {}
        reports: list[dict[str, Any]] = []
        names = self.names
        for child in self._flat(el):
            local = names.local(child)
            if local is None:
                put(se, names.element_key(child), extension_value(names, child))
            elif local == "sensorMetadata":
                if local in se:
                    raise names.fail(child, f"{field}.{local}", f"<{local}> appears more than once")
                se[local] = self._sensor_attrs(child, f"{field}.{local}")
            elif local == "sensorReport":
                path = f"{field}.sensorReport[{len(reports)}]"
                reports.append(self._sensor_attrs(child, path))
                se.setdefault("sensorReport", reports)
            else:
                raise names.fail(child, f"{field}.{local}", f"<sensorElement> has no <{local}>")
        if not reports:
            raise names.fail(el, field, "<sensorElement> needs at least one <sensorReport>")
        return se

    def _flat(self, el: etree._Element):
        """Element children, with the children of ``<extension>`` wrappers in their place."""
        for child in el:
            if child.tag.__class__ is not str:
                continue
            if self.names.local(child) in WRAPPERS:
                yield from self._flat(child)
            else:
                yield child

    def _sensor_attrs(self, el: etree._Element, field: str) -> dict[str, Any]:
        """sensorMetadata / sensorReport attributes, typed as the XSD declares them."""
        out: dict[str, Any] = {}
        for name, value in el.attrib.items():
            key = self.names.attribute_key(el, name)
            if key is None:
                continue
            if key in SENSOR_NUMBERS:
                out[key] = self.number(el, f"{field}.{key}", value)
            elif key == "booleanValue":
                flag = value.strip()
                if flag not in ("true", "false", "1", "0"):
                    raise self.names.fail(el, f"{field}.{key}",
                                          f"booleanValue must be true or false, got '{value}'")
                out[key] = flag in ("true", "1")
            elif key in SENSOR_TIMES:
                out[key] = self.time(el, f"{field}.{key}", value)
            else:
                out[key] = value.strip()
        text = text_of(el)
        if text:
            out["#text"] = text
        return out

