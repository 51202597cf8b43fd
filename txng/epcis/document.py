"""Reading capture input: bytes in either binding -> one EPCISDocument dict (JSON-LD form).

Pure: no database, no web. XML is converted by ``txng.epcis.xml`` into the same form,
so validation, hashing and storage see one shape whatever the binding.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from txng.errors import FieldError, InvalidInput

EVENT_TYPES = ("ObjectEvent", "AggregationEvent", "TransactionEvent", "TransformationEvent",
               "AssociationEvent")

JSON_TYPES = ("application/json", "application/ld+json")
XML_TYPES = ("application/xml", "text/xml")
EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"


def binding(media_type: str | None, data: bytes) -> str:
    """'json' or 'xml' from the Content-Type, sniffing the first byte when it is absent."""
    kind = (media_type or "").split(";")[0].strip().lower()
    if kind in JSON_TYPES or kind.endswith("+json"):
        return "json"
    if kind in XML_TYPES or kind.endswith("+xml"):
        return "xml"
    if not kind or kind in ("application/octet-stream", "text/plain"):
        head = data.lstrip()[:1]
        if head == b"<":
            return "xml"
        if head in (b"{", b"["):
            return "json"
    raise InvalidInput(
        f"Unsupported media type '{media_type}': send application/json, application/ld+json "
        "or application/xml", title="Unsupported media type", status=415)


def parse_document(data: bytes, media_type: str | None = None) -> dict[str, Any]:
    """Parse a capture document of either binding into its JSON-LD dict."""
    if binding(media_type, data) == "xml":
        from txng.epcis.xml import parse_xml

        # A bare DOCTYPE (no subset, no external id) appears in official GS1 examples.
        return parse_xml(data, allow_bare_doctype=True)
    return parse_json(data)


def parse_json(data: bytes) -> dict[str, Any]:
    try:
        document = json.loads(data)
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"Malformed JSON: the document is not UTF-8 ({exc.reason})") from exc
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            f"Malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}",
            errors=[FieldError(field="(document)", message=exc.msg)]) from exc
    if not isinstance(document, dict):
        raise InvalidInput("An EPCIS document must be a JSON object, got "
                           f"{type(document).__name__}")
    return document


def event_document(event: dict[str, Any]) -> dict[str, Any]:
    """Wrap one event (``POST /events``) in a document, carrying its own @context."""
    if not isinstance(event, dict):
        raise InvalidInput(f"An EPCIS event must be a JSON object, got {type(event).__name__}")
    context = event.pop("@context", None) or EPCIS_CONTEXT
    return {
        "@context": context,
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
        "epcisBody": {"eventList": [event]},
    }
