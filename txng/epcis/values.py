"""The typed values of a stored event that queries filter on beyond its fixed columns.

Business transactions, sources and destinations by type, persistent dispositions set
and unset, corrective event IDs, and
every user extension field (top level, in ILMD, in the error declaration, and nested
inside those) by its full IRI, so that a query names a field with whatever prefix it
declares and still finds events captured under another.

>>> event = {"type": "ObjectEvent", "ilmd": {"ex:grade": "A", "ex:size": "12.5"},
...          "@context": {"ex": "https://ns.example.vn/"}}
>>> [v.field + " " + v.name + " " + str(v.number) for v in event_values(event)]
['ilmd https://ns.example.vn/grade None', 'ilmd https://ns.example.vn/size 12.5']
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from txng.epcis.normalise import EPCIS_NAMESPACES
from txng.gs1 import canonical_or_given

MAX_VALUE = 1024


@dataclass(frozen=True)
class EventValue:
    field: str
    name: str
    value: str | None
    number: float | None = None
    moment: datetime | None = None


def event_values(event: dict[str, Any]) -> list[EventValue]:
    """Every queryable typed value of a normalised event."""
    namespaces = {**EPCIS_NAMESPACES, **(event.get("@context") or {})}
    found: list[EventValue] = []
    for list_key, field in (("bizTransactionList", "bizTransaction"),
                            ("sourceList", "source"), ("destinationList", "destination")):
        for item in event.get(list_key) or ():
            value = item.get(field)
            if isinstance(value, str):
                found.append(EventValue(field, item.get("type") or "", canonical_or_given(value)))
    persistent = event.get("persistentDisposition")
    if isinstance(persistent, dict):
        found += [EventValue("persistentDisposition_" + change, "", value)
                  for change in ("set", "unset") for value in persistent.get(change) or ()
                  if isinstance(value, str)]
    found += _extensions(event, "ext", namespaces)
    if isinstance(event.get("ilmd"), dict):
        found += _extensions(event["ilmd"], "ilmd", namespaces)
    declaration = event.get("errorDeclaration")
    if isinstance(declaration, dict):
        found += [EventValue("correctiveEventID", "", corrective)
                  for corrective in declaration.get("correctiveEventIDs") or ()
                  if isinstance(corrective, str)]
        found += _extensions(declaration, "error", namespaces)
    return found


def field_iri(key: str, namespaces: dict[str, str]) -> str | None:
    """The full IRI of an extension key (``prefix:name`` or an IRI), None for a
    standard field."""
    prefix, colon, rest = key.partition(":")
    if not colon or key.startswith("@"):
        return None
    if rest.startswith("//") or prefix == "urn":
        return key
    return namespaces[prefix] + rest if prefix in namespaces else key


def typed(value: Any) -> tuple[str | None, float | None, datetime | None]:
    """A leaf value as text, number and moment, whichever it can be read as.

    XML captures carry every extension value as text, so numbers and timestamps are
    read out of strings too.
    """
    if isinstance(value, bool):
        return ("true" if value else "false"), None, None
    if isinstance(value, (int, float)):
        return _text(value), float(value), None
    if not isinstance(value, str):
        return None, None, None
    return value[:MAX_VALUE], _number(value), _moment(value)


def _extensions(element: dict[str, Any], field: str,
                namespaces: dict[str, str]) -> Iterator[EventValue]:
    for key, value in element.items():
        name = field_iri(key, namespaces)
        if name is not None:
            yield from _leaves(name, value, field, namespaces)


def _leaves(name: str, value: Any, field: str,
            namespaces: dict[str, str]) -> Iterator[EventValue]:
    if isinstance(value, list):
        for item in value:
            yield from _leaves(name, item, field, namespaces)
    elif isinstance(value, dict):
        inner = field if field.endswith("_inner") else field + "_inner"
        for key, item in value.items():
            inner_name = field_iri(key, namespaces)
            if inner_name is not None:
                yield from _leaves(inner_name, item, inner, namespaces)
            elif key in ("#text", "@value"):
                yield from _leaves(name, item, field, namespaces)
    else:
        text, number, moment = typed(value)
        if text is not None:
            yield EventValue(field, name, text, number, moment)


def _text(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else repr(float(number))


def _number(text: str) -> float | None:
    if not text or text[-1] not in "0123456789." or len(text) > 40:
        return None
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _moment(text: str) -> datetime | None:
    if len(text) < 20 or text[4:5] != "-" or "T" not in text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.astimezone(UTC) if moment.tzinfo else None
