"""Capture-time validation of an EPCIS 2.0 document (the JSON-LD dict form), listing every error.

Two layers, so that an install without the GS1 artefacts still refuses bad input:

1. Plain-Python checks, always run: document envelope, event types and their fields,
   required fields, action, timestamps with offsets, quantities, EPC syntax and check digits
   (``txng.gs1``), CBV values (``txng.epcis.cbv``) and namespaced extension fields.
2. The official EPCIS 2.0 JSON Schema, when found (``$TXNG_EPCIS_SCHEMA`` or
   ``../shared/standards/epcis/EPCIS-JSON-Schema.json``), compiled once with fastjsonschema.
   Events are checked one by one against the event definition, the envelope without them.

Four relaxations are applied to the schema in memory, each a decision of txng:

- CBV 1.2 URNs (``urn:epcglobal:cbv:bizstep:shipping``) are accepted; the schema forbids them
  in JSON, but the XML binding writes them. Layer 1 still requires a standard word.
- Full GS1 Web Vocabulary URIs (``https://gs1.org/voc/Temperature``) are accepted as sensor
  measurement and alert types, as their CURIE and bare forms are.
- ``persistentDisposition`` is accepted on every event type, as the EPCIS 2.0 XSD accepts it;
  the JSON Schema allows it only on Object and Transformation events (gs1/EPCIS#440).
- A sensorReport may omit ``type``, as the XSD allows and GS1's own SensorDataExamples.xml
  does (a report of an ``exception`` alone); the JSON Schema requires it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from txng.epcis.normalise import EPCIS_NAMESPACES, document_namespaces
from txng.epcis.document import EVENT_TYPES
from txng.epcis.event_checks import EventCheck, check_context, extension_problem, time_problem
from txng.epcis.json_schema import Schema, load_schema
from txng.errors import FieldError, InvalidInput

log = logging.getLogger(__name__)

_VERSION = re.compile(r"2\.0(?:\.\d+)*\Z")

_DOCUMENT_FIELDS = frozenset({"@context", "id", "type", "schemaVersion", "creationDate",
                              "instanceIdentifier", "sender", "receiver", "epcisHeader",
                              "epcisBody"})


def _schema_error(found: tuple[list[str], str], where: str, index: int | None) -> FieldError:
    path, text = found
    field = where + "".join(f"[{p}]" if p.isdigit() else f".{p}" for p in path)
    field = field.lstrip(".") or "(document)"
    return FieldError(field, f"refused by the EPCIS 2.0 JSON Schema: {field} {text}", index)


def _covered(field: str, errors: list[FieldError]) -> bool:
    return any(e.field.startswith(field) or field.startswith(e.field) for e in errors)


# -- documents -------------------------------------------------------------------------------

def validate_document(doc: dict[str, Any], *, use_schema: bool = True) -> None:
    """Check a whole EPCISDocument (or EPCISQueryDocument) and each of its events.

    Args:
        doc: the document, as JSON-LD dict (``txng.epcis.xml`` gives XML the same form).
        use_schema: also apply the official JSON Schema when it is available.

    Raises:
        InvalidInput: listing every problem found, each with its field and event index.
    """
    raise_for(document_errors(doc, use_schema=use_schema))


def raise_for(errors: list[FieldError]) -> None:
    """Raise the InvalidInput that reports ``errors``, if there are any."""
    if errors:
        first = errors[0]
        raise InvalidInput(
            f"The EPCIS document has {len(errors)} error{'s' if len(errors) > 1 else ''}; "
            f"first: {first.field}: {first.message}", errors=errors)


def document_errors(doc: Any, *, use_schema: bool = True) -> list[FieldError]:
    """Every problem of the document, in document order (empty when it is valid)."""
    errors, scope, events = envelope_errors(doc, use_schema=use_schema)
    schema = load_schema() if use_schema else None
    for index, event in enumerate(events):
        errors.extend(event_errors(event, index=index, namespaces=scope, schema=schema))
    return errors


def envelope_errors(doc: Any, *, use_schema: bool = True
                    ) -> tuple[list[FieldError], dict[str, str], list]:
    """The problems of the document around its events, the namespaces in scope for
    them, and the events themselves (checked one by one with :func:`event_errors`)."""
    if not isinstance(doc, dict):
        return [FieldError("(document)", f"an EPCIS document must be an object, got "
                                         f"{type(doc).__name__}")], {}, []
    errors: list[FieldError] = []
    add = errors.append
    kind = doc.get("type")
    if kind not in ("EPCISDocument", "EPCISQueryDocument"):
        add(FieldError("type", f"type {kind!r} is not EPCISDocument (nor EPCISQueryDocument)"))
    if "@context" not in doc:
        add(FieldError("@context", "@context is missing; an EPCIS 2.0 JSON document must "
                                   "reference https://ref.gs1.org/standards/epcis/"
                                   "epcis-context.jsonld"))
    else:
        check_context(doc["@context"], "@context", None, add)
    scope = {**EPCIS_NAMESPACES, **document_namespaces(doc)}
    version = doc.get("schemaVersion")
    if version is not None or kind == "EPCISDocument":
        if not (isinstance(version, str) and _VERSION.match(version)):
            add(FieldError("schemaVersion", f"schemaVersion must be '2.0', got {version!r}"))
    if "creationDate" in doc or kind == "EPCISDocument":
        problem = time_problem(doc.get("creationDate"), "creationDate")
        if problem:
            add(FieldError("creationDate", problem))
    for key in doc:
        if key not in _DOCUMENT_FIELDS:
            problem = extension_problem(key, "an EPCIS document", scope)
            if problem:
                add(FieldError(key, problem))
    events = _event_list(doc, kind, add)
    schema = load_schema() if use_schema else None
    if schema and kind in schema.documents and not errors:
        found = schema.documents[kind](doc)
        if found:
            add(_schema_error(found, "", None))
    return errors, scope, events


def _event_list(doc: dict, kind: Any, add: Callable[[FieldError], None]) -> list:
    body = doc.get("epcisBody")
    path = "epcisBody"
    if isinstance(body, dict) and kind == "EPCISQueryDocument":
        results = body.get("queryResults")
        if not isinstance(results, dict) or not isinstance(results.get("queryName"), str):
            add(FieldError("epcisBody.queryResults", "an EPCISQueryDocument needs "
                                                     "epcisBody.queryResults with a queryName"))
            return []
        body, path = results.get("resultsBody"), "epcisBody.queryResults.resultsBody"
    if not isinstance(body, dict):
        add(FieldError(path, f"{path} must be an object holding the eventList"))
        return []
    events = body.get("eventList")
    if not isinstance(events, list):
        add(FieldError(f"{path}.eventList", f"{path}.eventList must be a list of events"))
        return []
    return events


# -- events ----------------------------------------------------------------------------------

def event_errors(event: Any, *, index: int, namespaces: dict[str, str],
                 schema: Schema | None = None) -> list[FieldError]:
    """Every problem of one event of a document.

    Args:
        event: the event.
        index: its position in the document's eventList, for the messages.
        namespaces: every prefix in scope (the EPCIS ones and the document's).
        schema: the compiled official schema, or None for the plain-Python checks only.
    """
    check = EventCheck(index, namespaces)
    check.run(event)
    errors = check.errors
    if schema is not None and isinstance(event, dict) and event.get("type") in EVENT_TYPES:
        found = schema.events[event["type"]](event)
        if found:
            error = _schema_error(found, check.where, index)
            if not _covered(error.field, errors):
                errors.append(error)
    return errors
