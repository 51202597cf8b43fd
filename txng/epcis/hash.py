"""EPCIS Event Hash ID (CBV 2.0): an event's canonical pre-hash string and its ``ni:`` URI.

Pure: takes the JSON-LD dict form of an event (what ``txng.epcis.xml`` also produces from XML)
and touches no database or network. The algorithm is GS1's "EPCIS Event Hash ID". Where
its text and the published test vectors disagree, the vectors rule (every other
implementation is checked against them); those places carry a "vectors:" comment.

It agrees with the reference implementation (epcis-event-hash-generator 1.9.3) on the
vectors and on generated events, except where 1.9.3 is at odds with the algorithm: JSON
booleans hash as XML's ``true``, a 4th decimal of exactly 5 rounds the milliseconds up,
an untyped bizTransaction hashes, nested extensions are recognised whatever their
namespace ends with, and a document's ``ignoreFields`` and query results are honoured.

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
from typing import Any, NamedTuple

from txng.epcis import cbv
from txng.errors import InvalidInput
from txng.gs1 import ParseError, canonical_epc

__all__ = ["context_namespaces", "document_hash_ids", "document_prehashes", "event_hash_id",
           "events_of", "prehash"]

CBV = cbv.CBV
GS1 = cbv.GS1_VOC

# Prefixes the EPCIS 2.0 JSON-LD context defines, so a document may use them undeclared.
# cbvmda is the XML namespace "urn:epcglobal:cbv:mda" (the context's value ends in ":"):
# the vectors keep whichever spelling a document declares, and an undeclared cbvmda: in
# JSON then hashes as the same field in XML does.
DEFAULT_NAMESPACES = {
    "epcis": "https://ref.gs1.org/epcis/", "cbv": CBV, "cbvmda": "urn:epcglobal:cbv:mda",
    "gs1": GS1, "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#", "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dcterms": "http://purl.org/dc/terms/",
}


def _words(vocabulary: cbv.Vocabulary) -> tuple[str, frozenset[str]]:
    """(URI prefix, bare words): "shipping" as a bizStep is CBV + "BizStep-shipping"."""
    return vocabulary.uri_prefix, frozenset(vocabulary.words)


_BIZ_STEP = _words(cbv.BIZ_STEP)
_DISPOSITION = _words(cbv.DISPOSITION)
_BTT = _words(cbv.BIZ_TRANSACTION_TYPE)
_SDT = _words(cbv.SOURCE_DEST_TYPE)
_MEASUREMENT = _words(cbv.MEASUREMENT_TYPE)
_EXCEPTION = _words(cbv.SENSOR_ALERT_TYPE)
_COMPONENT = _words(cbv.COMPONENT)

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


class _Field(NamedTuple):
    """How a standard field is written in the canonical property order."""

    sub: Mapping[str, _Field] | None = None
    """The order of the fields inside its (object) value."""
    item: str | None = None
    """Its value is a list written as repeated ``item`` elements (epcList: epc)."""
    vocab: tuple[str, frozenset[str]] | None = None
    """Bare words of this vocabulary expand to URIs."""


def _plain(names: str) -> dict[str, _Field]:
    return {name: _Field() for name in names.split()}


# The canonical property order. vectors: certificationInfo and parentID come before epcList,
# and bizTransactionList, sourceList and destinationList are not placed here: they are sorted
# with ILMD and the user extensions after sensorElementList.
_EPCS = _Field(item="epc")
_QUANTITIES = _Field(item="quantityElement", sub=_plain("epcClass quantity uom"))
_REPORT = _plain(
    "type exception deviceID deviceMetadata rawData dataProcessingMethod time microorganism "
    "chemicalSubstance value component stringValue booleanValue hexBinaryValue uriValue minValue "
    "maxValue meanValue sDev percRank percValue uom coordinateReferenceSystem")
_REPORT.update(type=_Field(vocab=_MEASUREMENT), exception=_Field(vocab=_EXCEPTION),
               component=_Field(vocab=_COMPONENT))
_SENSOR_ELEMENTS = _Field(item="sensorElement", sub={
    "sensorMetadata": _Field(sub=_plain(
        "time startTime endTime deviceID deviceMetadata rawData dataProcessingMethod bizRules")),
    "sensorReport": _Field(sub=_REPORT)})
_ID = _Field(sub=_plain("id"))
_ORDER = {
    **_plain("eventTime eventTimeZoneOffset certificationInfo parentID"),
    "epcList": _EPCS, "inputEPCList": _EPCS, "childEPCs": _EPCS, "quantityList": _QUANTITIES,
    "childQuantityList": _QUANTITIES, "inputQuantityList": _QUANTITIES, "outputEPCList": _EPCS,
    "outputQuantityList": _QUANTITIES, **_plain("action transformationID"),
    "bizStep": _Field(vocab=_BIZ_STEP), "disposition": _Field(vocab=_DISPOSITION),
    "persistentDisposition": _Field(sub={"set": _Field(vocab=_DISPOSITION),
                                         "unset": _Field(vocab=_DISPOSITION)}),
    "readPoint": _ID, "bizLocation": _ID, "sensorElementList": _SENSOR_ELEMENTS,
}
_TIMES = frozenset(["eventTime", "time", "startTime", "endTime"])

Node = tuple[Any, str, Any]
"""(name, text, children) of a field outside the order; name None: a joined bizTransaction."""


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
    ordered, rest = _fields(event, _ORDER, ns, ignore)
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


# --- the canonical order, read straight from the JSON-LD dict


def _fields(obj: Mapping[str, Any], order: Mapping[str, _Field], ns: Mapping[str, str],
            ignore: frozenset[str] | None = None) -> tuple[str, list[Node]]:
    """The fields of ``order`` in that order (repeats sorted), then the user extensions.

    ``ignore`` is given for the event itself, whose extensions are not written here but
    returned, with everything else outside the order, as nodes for ``_generic``. Below the
    event, extensions close their parent's fields; other unknown fields are returned too,
    kept in their place in the tree (vectors: a ``bizRules`` inside a sensorReport reappears
    after the ordered part as ``sensorElementList..sensorReportbizRules=``).
    """
    parts: list[str] = []
    rest: list[Node] = []
    for name, field in order.items():
        value = obj.get(name)
        if value is None:
            continue
        values: list[str] = []
        if field.item is None:
            _write(name, value, field.sub, field.vocab, ns, values, rest)
        else:
            items: list[str] = []
            left: list[Node] = []
            _write(field.item, value, field.sub, None, ns, items, left)
            if items:
                items.sort()
                values.append(name + "".join(items))
            if left:
                rest.append((name, "", left))
        values.sort()
        parts.extend(values)
    extensions: list[Node] = []
    for key, value in obj.items():
        if key in order or key[:1] == "@":
            continue
        if ignore is not None:  # the event level
            if key in _NOT_HASHED:
                continue
            build = _TAIL.get(key)
            if build is not None:
                rest.extend(build(key, value, ns))
            elif (name := _key(key, ns)) not in ignore:
                rest.extend(_nodes(name, value, ns))
        elif key not in _NOT_DATA:
            name = _key(key, ns)
            (extensions if name[:1] == "{" else rest).extend(_nodes(name, value, ns))
    if extensions:
        parts.append(_generic(extensions))
    return "".join(parts), rest


def _write(name: str, value: Any, sub: Mapping[str, _Field] | None,
           vocab: tuple[str, frozenset[str]] | None, ns: Mapping[str, str],
           values: list[str], rest: list[Node]) -> None:
    """Append ``name=value`` (and its ordered fields) to ``values``, leftovers to ``rest``."""
    if isinstance(value, list):  # a JSON array repeats the element, as XML does
        for item in value:
            _write(name, item, sub, vocab, ns, values, rest)
        return
    if isinstance(value, dict):
        text = value.get("#text")
        text = "" if text is None else _text(text, ns)
        if sub is None:
            inner, left = "", _children(value, ns)
        else:
            inner, left = _fields(value, sub, ns)
        if left:
            rest.append((name, text, left))
    elif value is None:
        return
    else:
        text, inner = _text(value, ns, vocab), ""
    if text:
        values.append(name + "=" + (_timestamp(text) if name in _TIMES else _canon(text)) + inner)
    elif inner:
        values.append(name + inner)


# --- everything else: nodes (name, text, children), joined and sorted per level


def _nodes(name: str, value: Any, ns: Mapping[str, str]) -> list[Node]:
    """One node per value: a JSON array repeats the element, as XML does."""
    if isinstance(value, list):
        out: list[Node] = []
        for item in value:
            out.extend(_nodes(name, item, ns))
        return out
    if isinstance(value, dict):
        text = value.get("#text")
        return [(name, "" if text is None else _text(text, ns), _children(value, ns))]
    if value is None:
        return []
    return [(name, _text(value, ns), ())]


def _children(obj: Mapping[str, Any], ns: Mapping[str, str]) -> list[Node]:
    out: list[Node] = []
    for key, value in obj.items():
        if key not in _NOT_DATA and key[:1] != "@":
            out.extend(_nodes(_key(key, ns), value, ns))
    return out


def _generic(nodes: Iterable[Node]) -> str:
    """Fields outside the canonical order: ``name=value`` and children, sorted per level."""
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


def _typed_ids(field: str, vocab: tuple[str, frozenset[str]]):
    """bizTransactionList, sourceList, destinationList: each entry is ``type=..<field>=..``.

    vectors: the type comes first, whatever the key order of the JSON object.
    """
    def build(key: str, value: Any, ns: Mapping[str, str]) -> list[Node]:
        entries: list[Node] = []
        for entry in value if isinstance(value, list) else [value]:
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


_TAIL = {"bizTransactionList": _typed_ids("bizTransaction", _BTT),
         "sourceList": _typed_ids("source", _SDT),
         "destinationList": _typed_ids("destination", _SDT)}


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
