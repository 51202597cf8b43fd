"""EPCIS Event Hash ID (CBV 2.0): an event's canonical pre-hash string and its ``ni:`` URI.

Pure: takes the JSON-LD dict form of an event (what ``txng.epcis.xml`` also produces from XML)
and touches no database or network. The algorithm is GS1's "EPCIS Event Hash ID". Where
its text and the published test vectors disagree, the vectors rule (every other
implementation is checked against them); those places carry a "vectors:" comment.

>>> event = {"type": "ObjectEvent", "eventTime": "2020-03-04T11:00:30+01:00",
...          "eventTimeZoneOffset": "+01:00", "action": "OBSERVE", "bizStep": "shipping"}
>>> prehash(event)
'eventType=ObjectEventeventTime=2020-03-04T10:00:30.000ZeventTimeZoneOffset=+01:00action=OBSERVEbizStep=https://ref.gs1.org/cbv/BizStep-shipping'
>>> event_hash_id(event)
'ni:///sha-256;12586cb21e2ecc6fac251bca06a92664ca7b01d89e3ad8f14684143f7405e4ba?ver=CBV2.0'
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from txng.errors import InvalidInput
from txng.gs1 import ParseError, canonical_epc

__all__ = ["document_hash_ids", "document_prehashes", "event_hash_id", "prehash"]

CBV = "https://ref.gs1.org/cbv/"
GS1 = "https://gs1.org/voc/"

# Prefixes the EPCIS 2.0 JSON-LD context defines, so a document may use them undeclared.
DEFAULT_NAMESPACES = {
    "epcis": "https://ref.gs1.org/epcis/", "cbv": CBV, "cbvmda": "urn:epcglobal:cbv:mda",
    "gs1": GS1, "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#", "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dcterms": "http://purl.org/dc/terms/",
}

# Bare words of the standard vocabularies (terms of the EPCIS 2.0 JSON-LD context), by the
# URI prefix each expands with: "shipping" as a bizStep is CBV + "BizStep-shipping".
_BIZ_STEP = (CBV + "BizStep-", frozenset(
    "accepting arriving assembling collecting commissioning consigning creating_class_instance "
    "cycle_counting decommissioning departing destroying disassembling dispensing encoding "
    "entering_exiting holding inspecting installing killing loading other packing picking "
    "receiving removing repackaging repairing replacing reserving retail_selling sampling "
    "sensor_reporting shipping staging_outbound stock_taking stocking storing transporting "
    "unloading unpacking void_shipping".split()))
_DISPOSITION = (CBV + "Disp-", frozenset(
    "active available completeness_verified completeness_inferred conformant container_closed "
    "container_open damaged destroyed dispensed disposed encoded expired in_progress in_transit "
    "inactive mismatch_instance mismatch_class mismatch_quantity needs_replacement "
    "no_pedigree_match non_conformant non_sellable_other partially_dispensed recalled reserved "
    "retail_sold returned sellable_accessible sellable_not_accessible stolen unavailable "
    "unknown".split()))
_BTT = (CBV + "BTT-", frozenset(
    "bol cert desadv inv pedigree po poc prodorder recadv rma testprd testres upevt".split()))
_SDT = (CBV + "SDT-", frozenset("owning_party possessing_party location".split()))
_MEASUREMENT = (GS1, frozenset(
    "AbsoluteHumidity AbsorbedDose AbsorbedDoseRate Acceleration Radioactivity Altitude "
    "AmountOfSubstance AmountOfSubstancePerUnitVolume Angle AngularAcceleration AngularMomentum "
    "AngularVelocity Area Capacitance Conductance Conductivity Count Density Dimensionless "
    "DoseEquivalent DoseEquivalentRate DynamicViscosity ElectricCharge ElectricCurrent "
    "ElectricCurrentDensity ElectricFieldStrength Energy Exposure Force Frequency Illuminance "
    "Inductance Irradiance KinematicViscosity Length LinearMomentum Luminance LuminousFlux "
    "LuminousIntensity MagneticFlux MagneticFluxDensity MagneticVectorPotential Mass "
    "MassConcentration MassFlowRate MassPerAreaTime MemoryCapacity MolalityOfSolute MolarEnergy "
    "MolarMass MolarVolume Power Pressure RadiantFlux RadiantIntensity RelativeHumidity "
    "Resistance Resistivity SolidAngle SpecificVolume Speed SurfaceDensity SurfaceTension "
    "Temperature Time Torque Voltage Volume VolumeFlowRate VolumeFraction VolumetricFlux "
    "Wavenumber".split()))
_EXCEPTION = (GS1, frozenset(["ALARM_CONDITION", "ERROR_CONDITION"]))
_COMPONENT = (CBV + "Comp-", frozenset(
    "x y z axial_distance azimuth height spherical_radius polar_angle elevation_angle easting "
    "northing latitude longitude altitude".split()))
_REPORT_VOCAB = {"type": _MEASUREMENT, "exception": _EXCEPTION, "component": _COMPONENT}
_DISPOSITION_VOCAB = {"set": _DISPOSITION, "unset": _DISPOSITION}

# CBV 1.x URNs and the web URIs that replace them.
_CBV_URNS = (
    ("urn:epcglobal:cbv:bizstep:", CBV + "BizStep-"), ("urn:epcglobal:cbv:disp:", CBV + "Disp-"),
    ("urn:epcglobal:cbv:btt:", CBV + "BTT-"), ("urn:epcglobal:cbv:sdt:", CBV + "SDT-"),
    ("urn:epcglobal:cbv:er:", CBV + "ER-"))
# CURIEs expanded inside values. vectors: user prefixes stay compact (type="example:x").
_VALUE_PREFIXES = frozenset(["gs1", "cbv"])

# Never part of the hash: identity and storage metadata, the error declaration, comments.
_NOT_HASHED = frozenset(
    ["type", "eventID", "recordTime", "errorDeclaration", "#text", "comment", "rdfs:comment"])
_NOT_DATA = frozenset(["#text", "comment", "rdfs:comment"])

# The canonical property order. vectors: certificationInfo and parentID come before epcList,
# and bizTransactionList, sourceList and destinationList are not placed here: they are sorted
# with ILMD and the user extensions after sensorElementList.
_EPC = (("epc", None),)
_QUANTITY = (("quantityElement", (("epcClass", None), ("quantity", None), ("uom", None))),)
_METADATA = tuple((name, None) for name in (
    "time startTime endTime deviceID deviceMetadata rawData dataProcessingMethod bizRules"
).split())
_REPORT = tuple((name, None) for name in (
    "type exception deviceID deviceMetadata rawData dataProcessingMethod time microorganism "
    "chemicalSubstance value component stringValue booleanValue hexBinaryValue uriValue minValue "
    "maxValue meanValue sDev percRank percValue uom coordinateReferenceSystem").split())
_ORDER = (
    ("eventTime", None), ("eventTimeZoneOffset", None), ("certificationInfo", None),
    ("parentID", None), ("epcList", _EPC), ("inputEPCList", _EPC), ("childEPCs", _EPC),
    ("quantityList", _QUANTITY), ("childQuantityList", _QUANTITY),
    ("inputQuantityList", _QUANTITY), ("outputEPCList", _EPC), ("outputQuantityList", _QUANTITY),
    ("action", None), ("transformationID", None), ("bizStep", None), ("disposition", None),
    ("persistentDisposition", (("set", None), ("unset", None))),
    ("readPoint", (("id", None),)), ("bizLocation", (("id", None),)),
    ("sensorElementList", (("sensorElement", (("sensorMetadata", _METADATA),
                                              ("sensorReport", _REPORT))),)),
)
_TIMES = frozenset(["eventTime", "time", "startTime", "endTime"])

Node = tuple[Any, str, Any]
"""(name, text, children). A name of None marks an already-joined bizTransaction/source/destination."""


def event_hash_id(event: Mapping[str, Any], *, namespaces: Mapping[str, str] | None = None,
                  ignore_fields: Iterable[str] = ()) -> str:
    """The event's hash ID, ``ni:///sha-256;<hex>?ver=CBV2.0``.

    Args:
        event: one event in the JSON-LD dict form.
        namespaces: prefix -> namespace of the enclosing document's ``@context``; an
            event-level ``@context`` adds to it.
        ignore_fields: extension fields (``prefix:name``) left out, as a document's
            ``ignoreFields`` lists them.
    """
    digest = hashlib.sha256(prehash(event, namespaces=namespaces,
                                    ignore_fields=ignore_fields).encode()).hexdigest()
    return f"ni:///sha-256;{digest}?ver=CBV2.0"


def prehash(event: Mapping[str, Any], *, namespaces: Mapping[str, str] | None = None,
            ignore_fields: Iterable[str] = ()) -> str:
    """The canonical pre-hash string of the event; arguments as for ``event_hash_id``."""
    kind = event.get("type")
    if not isinstance(kind, str):
        raise InvalidInput("An EPCIS event needs a 'type' such as 'ObjectEvent' to be hashed")
    ns = _namespaces(namespaces, event.get("@context"))
    ignore = frozenset(_key(name, ns) for name in ignore_fields)
    ordered, rest = _ordered(_event_nodes(event, ns, ignore), _ORDER, nested=False)
    return "eventType=" + kind + ordered + _generic(rest)


def document_prehashes(document: Mapping[str, Any]) -> list[str]:
    """Pre-hash strings of a capture or query document's events, in document order."""
    ns = context_namespaces(document.get("@context"))
    ignore = _ignore_fields(document)
    return [prehash(event, namespaces=ns, ignore_fields=ignore) for event in events_of(document)]


def document_hash_ids(document: Mapping[str, Any]) -> list[str]:
    """Hash IDs of a capture or query document's events, in document order."""
    ns = context_namespaces(document.get("@context"))
    ignore = _ignore_fields(document)
    return [event_hash_id(event, namespaces=ns, ignore_fields=ignore)
            for event in events_of(document)]


def events_of(document: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The events of an EPCISDocument (``eventList`` or single ``event``) or EPCISQueryDocument."""
    body = document.get("epcisBody") or {}
    if "queryResults" in body:
        body = (body["queryResults"] or {}).get("resultsBody") or {}
    if "eventList" in body:
        return list(body["eventList"] or [])
    return [body["event"]] if body.get("event") else []


def context_namespaces(context: Any) -> dict[str, str]:
    """prefix -> namespace from a JSON-LD ``@context`` (URL strings, dicts or a list of them)."""
    if isinstance(context, list):
        merged: dict[str, str] = {}
        for part in context:
            merged.update(context_namespaces(part))
        return merged
    if not isinstance(context, dict):
        return {}
    out = {}
    for prefix, target in context.items():
        if isinstance(target, dict):
            target = target.get("@id")
        if isinstance(target, str) and not prefix.startswith("@"):
            out[prefix] = target
    return out


def _ignore_fields(document: Mapping[str, Any]) -> list[str]:
    """Field names listed by any ``<prefix>:ignoreFields`` of the document or its query results."""
    body = document.get("epcisBody") or {}
    places = [document, body, body.get("queryResults") or {}]
    names: list[str] = []
    for place in places:
        for key, value in place.items():
            if key == "ignoreFields" or key.endswith(":ignoreFields"):
                if isinstance(value, str):
                    names.append(value)
                elif isinstance(value, dict):  # XML: the fields are empty child elements
                    names.extend(k for k in value if not k.startswith("@"))
                elif isinstance(value, list):
                    names.extend(v for v in value if isinstance(v, str))
    return names


def _namespaces(namespaces: Mapping[str, str] | None, context: Any) -> Mapping[str, str]:
    if not namespaces and not context:
        return DEFAULT_NAMESPACES
    ns = dict(DEFAULT_NAMESPACES)
    if namespaces:
        ns.update(namespaces)
    if context:
        ns.update(context_namespaces(context))
    return ns


def _key(key: str, ns: Mapping[str, str]) -> str:
    """``prefix:name`` -> ``{namespace}name`` as the algorithm writes extension fields."""
    prefix, colon, local = key.partition(":")
    if colon and prefix in ns:
        return "{" + ns[prefix] + "}" + local
    return key


# --- building: JSON-LD dict -> nodes, the XML-shaped tree the algorithm is defined on


def _event_nodes(event: Mapping[str, Any], ns: Mapping[str, str],
                 ignore: frozenset[str]) -> list[Node]:
    nodes: list[Node] = []
    for key, value in event.items():
        if key in _NOT_HASHED or key[:1] == "@":
            continue
        build = _TOP_LEVEL.get(key)
        if build is not None:
            nodes.extend(build(key, value, ns))
            continue
        name = _key(key, ns)
        if name not in ignore:
            nodes.extend(_nodes(name, value, ns))
    return nodes


def _nodes(name: str, value: Any, ns: Mapping[str, str],
           vocab: tuple[str, frozenset[str]] | None = None) -> list[Node]:
    """One node per value: a JSON array repeats the element, as XML does."""
    if isinstance(value, list):
        out: list[Node] = []
        for item in value:
            out.extend(_nodes(name, item, ns, vocab))
        return out
    if isinstance(value, dict):
        text = value.get("#text")
        return [(name, "" if text is None else _text(text, ns), _children(value, ns))]
    if value is None:
        return []
    return [(name, _text(value, ns, vocab), ())]


def _children(obj: Mapping[str, Any], ns: Mapping[str, str],
              vocab: Mapping[str, tuple[str, frozenset[str]]] | None = None) -> list[Node]:
    out: list[Node] = []
    for key, value in obj.items():
        if key in _NOT_DATA or key[:1] == "@":
            continue
        out.extend(_nodes(_key(key, ns), value, ns, vocab.get(key) if vocab else None))
    return out


def _text(value: Any, ns: Mapping[str, str],
          vocab: tuple[str, frozenset[str]] | None = None) -> str:
    """A value as text: bare standard words and gs1:/cbv: CURIEs expanded to URIs."""
    if isinstance(value, str):
        text = value.strip()
    elif isinstance(value, bool):  # JSON true must hash as XML's "true"
        text = "true" if value else "false"
    else:
        text = str(value)
    if vocab is not None and text in vocab[1]:
        return vocab[0] + text
    prefix, colon, rest = text.partition(":")
    if colon and prefix in _VALUE_PREFIXES:
        return ns.get(prefix, DEFAULT_NAMESPACES[prefix]) + rest
    return text


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _vocab_field(vocab: tuple[str, frozenset[str]]):
    def build(key: str, value: Any, ns: Mapping[str, str]) -> list[Node]:
        return _nodes(key, value, ns, vocab)
    return build


def _epcs(key: str, value: Any, ns: Mapping[str, str]) -> list[Node]:
    return [(key, "", _nodes("epc", value, ns))]


def _quantities(key: str, value: Any, ns: Mapping[str, str]) -> list[Node]:
    return [(key, "", _nodes("quantityElement", value, ns))]


def _persistent(key: str, value: Any, ns: Mapping[str, str]) -> list[Node]:
    if not isinstance(value, dict):
        return _nodes(key, value, ns)
    return [(key, "", _children(value, ns, _DISPOSITION_VOCAB))]


def _sensor_elements(key: str, value: Any, ns: Mapping[str, str]) -> list[Node]:
    elements: list[Node] = []
    for element in _list(value):
        if not isinstance(element, dict):
            elements.extend(_nodes("sensorElement", element, ns))
            continue
        kids: list[Node] = []
        for name, item in element.items():
            if name == "sensorReport":
                for report in _list(item):
                    if isinstance(report, dict):
                        kids.append(("sensorReport", "", _children(report, ns, _REPORT_VOCAB)))
                    else:
                        kids.extend(_nodes(name, report, ns))
            elif name not in _NOT_DATA and name[:1] != "@":
                kids.extend(_nodes(_key(name, ns), item, ns))
        elements.append(("sensorElement", "", kids))
    return [(key, "", elements)] if elements else []


def _typed_ids(field: str, vocab: tuple[str, frozenset[str]]):
    """bizTransactionList, sourceList, destinationList: each entry is ``type=..<field>=..``.

    vectors: the type comes first, whatever the key order of the JSON object.
    """
    def build(key: str, value: Any, ns: Mapping[str, str]) -> list[Node]:
        entries: list[Node] = []
        for entry in _list(value):
            if not isinstance(entry, dict):
                entry = {field: entry}
            text = ""
            kind = entry.get("type")
            if kind is not None and (kind := _text(kind, ns, vocab)):
                text = "type=" + _canon(kind)
            ident = entry.get(field)
            if ident is not None and (ident := _text(ident, ns)):
                text += field + "=" + _canon(ident)
            others = {k: v for k, v in entry.items() if k != "type" and k != field}
            if others:
                text += _generic(_children(others, ns))
            entries.append((None, text, ()))
        return [(key, "", entries)] if entries else []
    return build


_TOP_LEVEL = {
    "epcList": _epcs, "inputEPCList": _epcs, "outputEPCList": _epcs, "childEPCs": _epcs,
    "quantityList": _quantities, "childQuantityList": _quantities,
    "inputQuantityList": _quantities, "outputQuantityList": _quantities,
    "bizStep": _vocab_field(_BIZ_STEP), "disposition": _vocab_field(_DISPOSITION),
    "persistentDisposition": _persistent, "sensorElementList": _sensor_elements,
    "bizTransactionList": _typed_ids("bizTransaction", _BTT),
    "sourceList": _typed_ids("source", _SDT), "destinationList": _typed_ids("destination", _SDT),
}


# --- joining: nodes -> pre-hash string


def _ordered(nodes: list[Node], order: tuple, *, nested: bool) -> tuple[str, list[Node]]:
    """Fields of ``order`` in that order (repeats sorted), then the nested extensions.

    Returns the string and the nodes left over: fields outside the order keep their place
    in the tree and are written, sorted, after the ordered part of the event (vectors: a
    ``bizRules`` inside a sensorReport reappears as ``sensorElementList..bizRules=``).
    """
    groups: dict[str, list[Node]] = {}
    extensions: list[Node] = []
    for node in nodes:
        if nested and node[0][:1] == "{":
            extensions.append(node)
        else:
            groups.setdefault(node[0], []).append(node)
    parts: list[str] = []
    rest: list[Node] = []
    for name, sub_order in order:
        group = groups.pop(name, None)
        if group is None:
            continue
        values = []
        for node in group:
            name, text, kids = node
            inner = ""
            if sub_order is not None and kids:
                inner, kids = _ordered(kids, sub_order, nested=True)
            if text:
                values.append(name + "=" + (_timestamp(text) if name in _TIMES else _canon(text))
                              + inner)
            elif inner:
                values.append(name + inner)
            if kids:
                rest.append((name, text, kids))
        values.sort()
        parts.extend(values)
    for group in groups.values():
        rest.extend(group)
    if extensions:
        parts.append(_generic(extensions))
    return "".join(parts), rest


def _generic(nodes: Iterable[Node]) -> str:
    """Anything outside the canonical order: ``name=value`` and children, sorted per level."""
    parts = []
    for name, text, kids in nodes:
        if name is None:
            parts.append(text)
            continue
        if text:
            name += "=" + _canon(text)
        parts.append(name + _generic(kids) if kids else name)
    parts.sort()
    return "".join(parts)


# --- values


@lru_cache(maxsize=1 << 16)
def _canon(text: str) -> str:
    """A value in canonical form: CBV web URI, plain number, or canonical GS1 Digital Link."""
    if "urn:epcglobal:cbv:" in text:
        for urn, uri in _CBV_URNS:
            text = text.replace(urn, uri)
    first = text[0]
    if first in "0123456789+-." or not first.isascii():
        number = _number(text)
        if number is not None:
            return number
    if text.startswith(("urn:epc:", "http")):
        try:
            return canonical_epc(text)
        except ParseError:
            return text
    return text


def _number(text: str) -> str | None:
    """A number without trailing zeros, as the vectors write it (through a binary double:
    "111100001111000011110000" becomes "111100001111000003641344"), or None."""
    try:
        number = float(text)
    except ValueError:
        return None
    if number != number or number in (_INF, -_INF):
        return None
    whole = int(number)
    return str(whole) if whole == number else repr(number)


_INF = float("inf")
_TIMESTAMP = re.compile(
    r"(\d{4})-(\d\d)-(\d\d)[Tt ](\d\d):(\d\d)(?::(\d\d)(?:[.,](\d+))?)?(Z|z|[+-]\d\d(?::?\d\d)?)?")


@lru_cache(maxsize=1 << 12)
def _timestamp(text: str) -> str:
    """An xsd:dateTimeStamp in UTC at millisecond precision, e.g. ``2023-01-18T11:04:03.142Z``.

    The 3rd decimal is rounded up when the 4th is 5-9. Text that is not a timestamp is kept.
    """
    match = _TIMESTAMP.fullmatch(text)
    if match is None:
        return text
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    millis = 0
    if fraction:
        millis = int(fraction[:3].ljust(3, "0")) + (len(fraction) > 3 and fraction[3] >= "5")
    try:
        moment = datetime(int(year), int(month), int(day), int(hour), int(minute),
                          int(second or 0)) + timedelta(milliseconds=millis)
    except ValueError:
        return text
    if zone and zone not in ("Z", "z"):
        offset = timedelta(hours=int(zone[1:3]), minutes=int(zone[-2:]) if len(zone) > 3 else 0)
        moment = moment - offset if zone[0] == "+" else moment + offset
    return (f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}T{moment.hour:02d}:"
            f"{moment.minute:02d}:{moment.second:02d}.{moment.microsecond // 1000:03d}Z")
