"""The stored form of an event: standard vocabulary values as full URIs, and its own @context.

An event in a document leans on the document's @context for its extension prefixes; the
stored event carries ``{"@context": {prefix: namespace}}`` for exactly the prefixes it uses,
so it can be read (and answered) alone. EPCs are kept as written: ``txng.gs1`` compares them.

>>> event = {"type": "ObjectEvent", "bizStep": "shipping", "example:lot": "L1"}
>>> normalise_event(event, namespaces={"example": "https://ns.example.com/"})
{'type': 'ObjectEvent', 'bizStep': 'https://ref.gs1.org/cbv/BizStep-shipping', \
'example:lot': 'L1', '@context': {'example': 'https://ns.example.com/'}}
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from txng.epcis import cbv
from txng.epcis.cbv import Vocabulary

# Prefixes the EPCIS 2.0 JSON-LD context itself declares (epcis-context.jsonld).
EPCIS_NAMESPACES: dict[str, str] = {
    "epcis": "https://ref.gs1.org/epcis/",
    "cbv": "https://ref.gs1.org/cbv/",
    "cbvmda": "urn:epcglobal:cbv:mda:",
    "gs1": "https://gs1.org/voc/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dcterms": "http://purl.org/dc/terms/",
}

# Top-level fields that hold only identifier strings: nothing in them declares a prefix.
_STRING_LISTS = frozenset({"epcList", "childEPCs", "inputEPCList", "outputEPCList",
                           "certificationInfo", "@context"})

Convert = Callable[[Vocabulary, str], str]


def context_namespaces(context: Any) -> dict[str, str]:
    """Prefix -> namespace for the term definitions of a JSON-LD @context (string, dict or list).

    >>> context_namespaces(["https://ref.gs1.org/standards/epcis/epcis-context.jsonld",
    ...                     {"ext1": "https://ns.ext.de/epcis/", "id": "@id"}])
    {'ext1': 'https://ns.ext.de/epcis/'}
    """
    items = context if isinstance(context, list) else [context]
    out: dict[str, str] = {}
    for item in items:
        if isinstance(item, dict):
            for prefix, namespace in item.items():
                # Keyword aliases ("id": "@id") and @-keys are not namespaces.
                if (isinstance(namespace, str) and not prefix.startswith("@")
                        and ":" in namespace):
                    out[prefix] = namespace
    return out


def document_namespaces(doc: dict[str, Any]) -> dict[str, str]:
    """Prefix -> namespace the document's own @context declares (the EPCIS ones excluded)."""
    return context_namespaces(doc.get("@context"))


def event_prefixes(event: dict[str, Any]) -> set[str]:
    """The prefixes of every ``prefix:name`` key in the event, at any depth."""
    found: set[str] = set()
    for key, value in event.items():
        _add_prefix(key, found)
        if key not in _STRING_LISTS and isinstance(value, (dict, list)):
            _collect_prefixes(value, found)
    return found


def normalise_event(event: dict[str, Any], *, namespaces: dict[str, str]) -> dict[str, Any]:
    """The stored form of a validated event (a new dict; ``event`` is not changed).

    Args:
        event: one event of a document, as captured.
        namespaces: the document's prefixes, from ``document_namespaces``.
    """
    own = event.get("@context")
    scope = {**EPCIS_NAMESPACES, **namespaces, **context_namespaces(own)} if own else \
        {**EPCIS_NAMESPACES, **namespaces}
    out = _map_vocabulary(event, lambda vocabulary, value: vocabulary.expand(value, scope))
    out.pop("@context", None)
    used = sorted(prefix for prefix in event_prefixes(out) if prefix in scope)
    if used:
        out["@context"] = {prefix: scope[prefix] for prefix in used}
    return out


def compact_event(event: dict[str, Any]) -> dict[str, Any]:
    """The stored event with standard vocabulary values back as bare words, for answers."""
    return _map_vocabulary(event, lambda vocabulary, value: vocabulary.compact(value))


def urn_event(event: dict[str, Any]) -> dict[str, Any]:
    """The stored event with standard vocabulary values as CBV URNs, for XML answers.

    >>> urn_event({"bizStep": "https://ref.gs1.org/cbv/BizStep-shipping"})
    {'bizStep': 'urn:epcglobal:cbv:bizstep:shipping'}
    """
    return _map_vocabulary(event, lambda vocabulary, value: vocabulary.urn(value))


def _add_prefix(key: str, found: set[str]) -> None:
    colon = key.find(":")
    # "https://..." as a key is a full IRI, not a CURIE.
    if colon > 0 and not key.startswith("//", colon + 1):
        found.add(key[:colon])


def _collect_prefixes(value: dict | list, found: set[str]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _add_prefix(key, found)
            if isinstance(item, (dict, list)):
                _collect_prefixes(item, found)
    else:
        for item in value:
            if isinstance(item, (dict, list)):
                _collect_prefixes(item, found)


def _map_vocabulary(event: dict[str, Any], convert: Convert) -> dict[str, Any]:
    """A copy of ``event`` with every standard-vocabulary value passed through ``convert``.

    Only the parts that hold such values are copied; the rest is shared with ``event``.
    """
    out = dict(event)
    for key, vocabulary in (("bizStep", cbv.BIZ_STEP), ("disposition", cbv.DISPOSITION)):
        value = out.get(key)
        if isinstance(value, str):
            out[key] = convert(vocabulary, value)
    persistent = out.get("persistentDisposition")
    if isinstance(persistent, dict):
        out["persistentDisposition"] = {
            key: [convert(cbv.DISPOSITION, v) if isinstance(v, str) else v for v in values]
            if isinstance(values, list) else values for key, values in persistent.items()}
    for key, vocabulary in (("bizTransactionList", cbv.BIZ_TRANSACTION_TYPE),
                            ("sourceList", cbv.SOURCE_DEST_TYPE),
                            ("destinationList", cbv.SOURCE_DEST_TYPE)):
        items = out.get(key)
        if isinstance(items, list):
            out[key] = [_convert_keys(item, (("type", vocabulary),), convert) for item in items]
    declaration = out.get("errorDeclaration")
    if isinstance(declaration, dict):
        out["errorDeclaration"] = _convert_keys(declaration, (("reason", cbv.ERROR_REASON),),
                                                convert)
    elements = out.get("sensorElementList")
    if isinstance(elements, list):
        out["sensorElementList"] = [_sensor_element(element, convert) for element in elements]
    return out


_REPORT_FIELDS = (("type", cbv.MEASUREMENT_TYPE), ("exception", cbv.SENSOR_ALERT_TYPE),
                  ("component", cbv.COMPONENT))


def _sensor_element(element: Any, convert: Convert) -> Any:
    if not isinstance(element, dict) or not isinstance(element.get("sensorReport"), list):
        return element
    return {**element, "sensorReport": [_convert_keys(report, _REPORT_FIELDS, convert)
                                        for report in element["sensorReport"]]}


def _convert_keys(item: Any, fields: tuple[tuple[str, Vocabulary], ...],
                  convert: Convert) -> Any:
    if not isinstance(item, dict):
        return item
    out = item
    for key, vocabulary in fields:
        value = item.get(key)
        if isinstance(value, str):
            if out is item:
                out = dict(item)
            out[key] = convert(vocabulary, value)
    return out
