"""The checks of one event's fields: what each field of each event type may hold, and
the problems of timestamps, EPCs, vocabulary values and extension fields, in words
that name the expected form. ``txng.epcis.validate`` runs them."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from txng import gs1
from txng.epcis import cbv
from txng.epcis.cbv import ABSOLUTE_URI, Vocabulary
from txng.epcis.normalise import context_namespaces
from txng.epcis.document import EVENT_TYPES
from txng.errors import FieldError


ACTIONS = frozenset({"ADD", "OBSERVE", "DELETE"})

_TIME = re.compile(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.\d+)?(Z|[+-]\d\d:\d\d)?\Z")
_OFFSET = re.compile(r"[+-](?:(?:0\d|1[0-3]):[0-5]\d|14:00)\Z")
_UOM = re.compile(r"[A-Z0-9]{2,3}\Z")
_HEX = re.compile(r"[A-Fa-f0-9]+\Z")


def check_context(value: Any, field: str, index: int | None,
                   add: Callable[[FieldError], None]) -> None:
    items = value if isinstance(value, list) else [value]
    for item in items:
        if not (isinstance(item, dict) or (isinstance(item, str) and ABSOLUTE_URI.match(item))):
            add(FieldError(field, f"{field} must be a context URI, an object of prefix "
                                  f"definitions or a list of those; got {item!r}", index))
            return


def time_problem(value: Any, name: str) -> str | None:
    if not isinstance(value, str):
        return f"{name} must be a date-time string such as 2026-07-22T06:45:00+07:00, " \
               f"got {_shown(value)}"
    match = _TIME.match(value)
    if match is None:
        return f"{name} {value!r} is not an ISO 8601 date-time such as 2026-07-22T06:45:00+07:00"
    zone = match[7]
    if zone is None:
        return f"{name} {value!r} has no timezone offset; end it with Z or an offset such as +07:00"
    try:
        datetime(*(int(match[i]) for i in range(1, 7)))
    except ValueError:
        return f"{name} {value!r} is not a real date and time"
    if zone != "Z" and (int(zone[1:3]) > 14 or int(zone[4:]) > 59):
        return f"{name} {value!r} has an impossible timezone offset {zone}"
    return None


def extension_problem(key: str, where: str, scope: dict[str, str]) -> str | None:
    colon = key.find(":")
    if colon <= 0:
        return (f"{key!r} is not a field of {where}; an extension field must be namespaced as "
                "prefix:name, with the prefix declared in @context")
    if key.startswith("//", colon + 1):
        return None if ABSOLUTE_URI.match(key) else f"extension field {key!r} is not a URI"
    prefix = key[:colon]
    if prefix in scope:
        return None
    return f"extension field {key!r} uses the prefix {prefix!r}, which @context does not declare"


def _shown(value: Any) -> str:
    return repr(value) if isinstance(value, (str, int, float, bool)) else type(value).__name__



def _epc_problem(value: Any) -> str | None:
    if not isinstance(value, str):
        return f"an identifier must be a URI string, got {_shown(value)}"
    if not ABSOLUTE_URI.match(value):
        return (f"{value!r} is neither an EPC URN, a GS1 Digital Link URI nor another "
                "absolute URI")
    try:
        canonical = gs1.canonical_epc(value)
        # canonical_epc, made for the hash, does not verify a Digital Link's check digit (an
        # EPC URN has none: it is computed). Capture does.
        if value[:4] == "http":
            key = _CANONICAL_KEY.match(canonical)
            if key and not _mod10_ok(key[1], key[2]):
                _strict_epc(value)
    except gs1.ParseError as exc:
        return f"{value!r} is not a valid GS1 identifier: {exc}"
    return None


_CANONICAL_KEY = re.compile(r"https://id\.gs1\.org/(\d{2,4})/([^/?#]+)")
# Keys that are all digits ending in a mod-10 check digit, checked here without parsing the
# URI again (parse_epc costs ~30 us); the others go through parse_epc.
_MOD10_KEYS = {"01": 14, "00": 18, "414": 13, "417": 13}


@functools.lru_cache(maxsize=65536)
def _mod10_ok(ai: str, key: str) -> bool:
    """Whether the key's check digit is right (False also when parse_epc must decide)."""
    length = _MOD10_KEYS.get(ai)
    return (length == len(key) and key.isdigit()
            and int(key[-1]) == gs1.check_digit(key[:-1]))


@functools.lru_cache(maxsize=4096)
def _strict_epc(value: str) -> None:
    gs1.parse_epc(value)


def _value_problem(kind: str | Vocabulary, value: Any, name: str) -> str | None:
    """Why ``value`` is not of ``kind`` (a Vocabulary or a simple type name), or None."""
    if isinstance(kind, Vocabulary):
        return kind.problem(value, name)
    if kind == "time":
        return time_problem(value, name)
    if kind == "uri":
        ok = isinstance(value, str) and ABSOLUTE_URI.match(value) is not None
    elif kind == "number":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    elif kind == "boolean":
        ok = isinstance(value, bool)
    elif kind == "hex":
        ok = isinstance(value, str) and _HEX.match(value) is not None
    else:
        ok = isinstance(value, str)
    return None if ok else f"{name} must be {_KIND_WORDS[kind]}, got {_shown(value)}"


_KIND_WORDS = {"uri": "an absolute URI", "number": "a number", "boolean": "true or false",
               "hex": "hexadecimal digits", "string": "a string"}
_URI_KEYS = ("deviceID", "deviceMetadata", "rawData", "dataProcessingMethod", "bizRules")
_SENSOR_METADATA = {"time": "time", "startTime": "time", "endTime": "time",
                    **dict.fromkeys(_URI_KEYS, "uri")}
_SENSOR_REPORT: dict[str, str | Vocabulary] = {
    "type": cbv.MEASUREMENT_TYPE, "exception": cbv.SENSOR_ALERT_TYPE,
    "component": cbv.COMPONENT, "time": "time",
    **dict.fromkeys(_URI_KEYS + ("microorganism", "chemicalSubstance",
                                 "coordinateReferenceSystem", "uriValue"), "uri"),
    **dict.fromkeys(("value", "minValue", "maxValue", "meanValue", "sDev", "percRank",
                     "percValue"), "number"),
    "stringValue": "string", "uom": "string", "booleanValue": "boolean",
    "hexBinaryValue": "hex"}
_DECLARATION = {"declarationTime": "time", "reason": cbv.ERROR_REASON}


class EventCheck:
    """Collects the problems of one event; one method per kind of field."""

    __slots__ = ("errors", "index", "scope", "where")

    def __init__(self, index: int, namespaces: dict[str, str]) -> None:
        self.errors: list[FieldError] = []
        self.index = index
        self.where = f"eventList[{index}]"
        self.scope = namespaces

    def error(self, path: str, message: str) -> None:
        self.errors.append(FieldError(f"{self.where}.{path}", message, self.index))

    def run(self, event: Any) -> None:
        if not isinstance(event, dict):
            self.errors.append(FieldError(self.where, "an event must be an object, got "
                                          f"{type(event).__name__}", self.index))
            return
        kind = event.get("type")
        fields = _FIELDS.get(kind)
        if fields is None:
            self.error("type", f"{_shown(kind)} is not an EPCIS 2.0 event type; expected one "
                               f"of {', '.join(EVENT_TYPES)}")
        own = event.get("@context")
        if own is not None:
            self.scope = {**self.scope, **context_namespaces(own)}
        for key, value in event.items():
            handler = (fields or _COMMON_HANDLERS).get(key)
            if handler is not None:
                handler(self, key, value)
            elif fields is not None:
                self.extension(key, key, f"{_ARTICLE[kind]} {kind}")
        if fields is not None:
            self.required(kind, event)

    def required(self, kind: str, event: dict) -> None:
        for name in _REQUIRED[kind]:
            if name not in event:
                self.error(name, f"{name} is missing; {_ARTICLE[kind]} {kind} requires it")
        action = event.get("action")
        if kind == "ObjectEvent":
            if not ("epcList" in event or _filled(event, "quantityList")
                    or (_filled(event, "sensorElementList") and "readPoint" in event)):
                self.error("epcList", "an ObjectEvent needs an epcList or a quantityList (or "
                                      "a sensorElementList with a readPoint)")
            if "ilmd" in event and action in ("OBSERVE", "DELETE"):
                self.error("ilmd", f"ilmd is allowed only when action is ADD, not {action}")
        elif kind in ("AggregationEvent", "AssociationEvent"):
            if action != "DELETE" and not (_filled(event, "childEPCs")
                                           or _filled(event, "childQuantityList")):
                self.error("childEPCs", f"{_ARTICLE[kind]} {kind} needs childEPCs or a "
                                        "childQuantityList unless its action is DELETE")
        elif kind == "TransactionEvent":
            if "bizTransactionList" in event and not _filled(event, "bizTransactionList"):
                self.error("bizTransactionList", "a TransactionEvent needs at least one "
                                                 "bizTransaction")
            if action != "DELETE" and not ("epcList" in event or _filled(event, "quantityList")):
                self.error("epcList", "a TransactionEvent needs an epcList or a quantityList "
                                      "unless its action is DELETE")
        elif kind == "TransformationEvent":
            inputs = _filled(event, "inputEPCList") or _filled(event, "inputQuantityList")
            outputs = _filled(event, "outputEPCList") or _filled(event, "outputQuantityList")
            if not (inputs and outputs or "transformationID" in event and (inputs or outputs)):
                self.error("inputEPCList", "a TransformationEvent needs inputs and outputs (EPC "
                                           "or quantity lists), or a transformationID and one "
                                           "of them")

    def extension(self, path: str, key: str, where: str) -> None:
        problem = extension_problem(key, where, self.scope)
        if problem:
            self.error(path, problem)

    def extensions(self, path: str, item: dict, known: Any, where: str) -> None:
        for key in item:
            if key not in known:
                self.extension(f"{path}.{key}", key, where)

    def typed(self, path: str, kind: str | Vocabulary, value: Any, name: str) -> None:
        problem = _value_problem(kind, value, name)
        if problem:
            self.error(path, problem)

    def object(self, path: str, value: Any, what: str) -> bool:
        if isinstance(value, dict):
            return True
        self.error(path, f"{what} must be an object, got {_shown(value)}")
        return False

    def list(self, path: str, value: Any, *, filled: bool = False) -> bool:
        if isinstance(value, list) and (value or not filled):
            return True
        self.error(path, f"{path} must be a {'non-empty ' if filled else ''}list, "
                         f"got {_shown(value)}")
        return False

    # -- one method per kind of field, called as handler(self, key, value) --

    def context(self, key: str, value: Any) -> None:
        check_context(value, f"{self.where}.{key}", self.index, self.errors.append)

    def time(self, key: str, value: Any) -> None:
        self.typed(key, "time", value, key)

    def offset(self, key: str, value: Any) -> None:
        if not (isinstance(value, str) and _OFFSET.match(value)):
            self.error(key, f"eventTimeZoneOffset {_shown(value)} must be +hh:mm or -hh:mm "
                            "between -14:00 and +14:00, such as +07:00")

    def uri(self, key: str, value: Any) -> None:
        self.typed(key, "uri", value, key)

    def action(self, key: str, value: Any) -> None:
        if value not in ACTIONS:
            self.error(key, f"action {_shown(value)} is not one of ADD, OBSERVE, DELETE")

    def certification(self, key: str, value: Any) -> None:
        for j, item in enumerate(value) if isinstance(value, list) else ((None, value),):
            if not (isinstance(item, str) and ABSOLUTE_URI.match(item)):
                self.error(key if j is None else f"{key}[{j}]",
                           "certificationInfo must be a URI (or a list of URIs) of a "
                           f"certificate, got {_shown(item)}")

    def declaration(self, key: str, value: Any) -> None:
        if not self.object(key, value, key):
            return
        if "declarationTime" not in value:
            self.error(f"{key}.declarationTime", "declarationTime is missing; an "
                                                 "errorDeclaration requires it")
        for name, item in value.items():
            if name in _DECLARATION:
                self.typed(f"{key}.{name}", _DECLARATION[name], item, name)
            elif name == "correctiveEventIDs":
                if self.list(f"{key}.{name}", item):
                    for j, event_id in enumerate(item):
                        self.typed(f"{key}.{name}[{j}]", "uri", event_id, "an eventID")
            else:
                self.extension(f"{key}.{name}", name, "an errorDeclaration")

    def epc(self, key: str, value: Any) -> None:
        problem = _epc_problem(value)
        if problem:
            self.error(key, problem)

    def epcs(self, key: str, value: Any) -> None:
        if not self.list(key, value):
            return
        for j, item in enumerate(value):
            problem = _epc_problem(item)
            if problem:
                self.error(f"{key}[{j}]", problem)
        if len(set(map(str, value))) != len(value):
            self.error(key, f"{key} lists an EPC more than once")

    def quantities(self, key: str, value: Any) -> None:
        if not self.list(key, value):
            return
        for j, item in enumerate(value):
            path = f"{key}[{j}]"
            if not self.object(path, item, "a quantity element"):
                continue
            for name, part in item.items():
                if name == "quantity":
                    self.typed(f"{path}.quantity", "number", part, "quantity")
                elif name == "uom":
                    if not (isinstance(part, str) and _UOM.match(part)):
                        self.error(f"{path}.uom", f"uom {_shown(part)} must be a UN/ECE "
                                                  "Recommendation 20 code such as KGM")
                elif name == "epcClass":
                    self.epc(f"{path}.epcClass", part)
                else:
                    self.error(f"{path}.{name}", f"unknown field {name!r} in a quantity "
                                                 "element; only epcClass, quantity and uom "
                                                 "are allowed")
            if "epcClass" not in item:
                self.error(f"{path}.epcClass", "epcClass is missing from a quantity element")

    def biz_step(self, key: str, value: Any) -> None:
        self.typed(key, cbv.BIZ_STEP, value, key)

    def disposition(self, key: str, value: Any) -> None:
        self.typed(key, cbv.DISPOSITION, value, key)

    def persistent(self, key: str, value: Any) -> None:
        if not self.object(key, value, key):
            return
        if not ("set" in value or "unset" in value):
            self.error(key, "persistentDisposition needs a set or an unset list")
        for name, items in value.items():
            path = f"{key}.{name}"
            if name not in ("set", "unset"):
                self.error(path, f"unknown field {name!r} in persistentDisposition; only set "
                                 "and unset are allowed")
            elif self.list(path, items, filled=True):
                for j, item in enumerate(items):
                    self.typed(f"{path}[{j}]", cbv.DISPOSITION, item, f"{key}.{name}")

    def place(self, key: str, value: Any) -> None:
        if not self.object(key, value, key):
            return
        if "id" in value:
            self.epc(f"{key}.id", value["id"])
        else:
            self.error(f"{key}.id", f"{key} needs an id")
        self.extensions(key, value, ("id",), f"a {key}")

    def transactions(self, key: str, value: Any) -> None:
        if not self.list(key, value):
            return
        for j, item in enumerate(value):
            path = f"{key}[{j}]"
            if not self.object(path, item, "a bizTransaction"):
                continue
            for name, part in item.items():
                if name == "type":
                    self.typed(f"{path}.type", cbv.BIZ_TRANSACTION_TYPE, part,
                               "bizTransaction type")
                elif name == "bizTransaction":
                    self.typed(f"{path}.bizTransaction", "uri", part, "bizTransaction")
                else:
                    self.error(f"{path}.{name}", f"unknown field {name!r} in a bizTransaction; "
                                                 "only type and bizTransaction are allowed")
            if "bizTransaction" not in item:
                self.error(f"{path}.bizTransaction", "bizTransaction is missing")

    def parties(self, key: str, value: Any) -> None:
        if not self.list(key, value):
            return
        role = key[:-4]  # sourceList -> source
        for j, item in enumerate(value):
            path = f"{key}[{j}]"
            if not self.object(path, item, f"a {role}"):
                continue
            for name in ("type", role):
                if name not in item:
                    self.error(f"{path}.{name}", f"{name} is missing from a {role}")
            for name, part in item.items():
                if name == "type":
                    self.typed(f"{path}.type", cbv.SOURCE_DEST_TYPE, part, f"{role} type")
                elif name == role:
                    self.epc(f"{path}.{role}", part)
                else:
                    self.error(f"{path}.{name}", f"unknown field {name!r} in a {role}; only "
                                                 f"type and {role} are allowed")

    def sensors(self, key: str, value: Any) -> None:
        if not self.list(key, value):
            return
        for j, element in enumerate(value):
            path = f"{key}[{j}]"
            if not self.object(path, element, "a sensorElement"):
                continue
            metadata = element.get("sensorMetadata")
            if metadata is not None and self.object(f"{path}.sensorMetadata", metadata,
                                                    "sensorMetadata"):
                self.fields(f"{path}.sensorMetadata", metadata, _SENSOR_METADATA,
                            "sensorMetadata")
            reports = element.get("sensorReport")
            if self.list(f"{path}.sensorReport", reports, filled=True):
                for n, report in enumerate(reports):
                    where = f"{path}.sensorReport[{n}]"
                    if self.object(where, report, "a sensorReport"):
                        self.fields(where, report, _SENSOR_REPORT, "a sensorReport")
            self.extensions(path, element, ("sensorMetadata", "sensorReport"), "a sensorElement")

    def fields(self, path: str, item: dict, kinds: dict, where: str) -> None:
        for name, part in item.items():
            kind = kinds.get(name)
            if kind is None:
                self.extension(f"{path}.{name}", name, where)
            else:
                self.typed(f"{path}.{name}", kind, part,
                           "sensorReport type" if name == "type" else name)

    def ilmd(self, key: str, value: Any) -> None:
        if self.object(key, value, key):
            self.extensions(key, value, (), "ilmd")

    def ignore(self, key: str, value: Any) -> None:
        """The event type, read before the fields."""


def _filled(event: dict, key: str) -> bool:
    value = event.get(key)
    return isinstance(value, list) and len(value) > 0


_COMMON_HANDLERS: dict[str, Callable[[EventCheck, str, Any], None]] = {
    "@context": EventCheck.context, "type": EventCheck.ignore,
    "eventTime": EventCheck.time, "recordTime": EventCheck.time,
    "eventTimeZoneOffset": EventCheck.offset, "eventID": EventCheck.uri,
    "certificationInfo": EventCheck.certification, "errorDeclaration": EventCheck.declaration,
}
_HANDLERS = {
    **_COMMON_HANDLERS, "action": EventCheck.action, "parentID": EventCheck.epc,
    **dict.fromkeys(("epcList", "childEPCs", "inputEPCList", "outputEPCList"),
                    EventCheck.epcs),
    **dict.fromkeys(("quantityList", "childQuantityList", "inputQuantityList",
                     "outputQuantityList"), EventCheck.quantities),
    "transformationID": EventCheck.uri, "bizStep": EventCheck.biz_step,
    "disposition": EventCheck.disposition, "persistentDisposition": EventCheck.persistent,
    "readPoint": EventCheck.place, "bizLocation": EventCheck.place,
    "bizTransactionList": EventCheck.transactions, "sourceList": EventCheck.parties,
    "destinationList": EventCheck.parties, "sensorElementList": EventCheck.sensors,
    "ilmd": EventCheck.ilmd,
}
_SHARED = ("readPoint", "bizLocation", "bizTransactionList", "sourceList", "destinationList",
          "sensorElementList", "bizStep", "disposition", "persistentDisposition")
# The fields of each event type beyond the common ones (the schema's propertyNames, with
# persistentDisposition on every type as in the XSD).
_FIELDS = {kind: {**_COMMON_HANDLERS, **{name: _HANDLERS[name] for name in names + _SHARED}}
           for kind, names in {
               "ObjectEvent": ("action", "epcList", "quantityList", "ilmd"),
               "AggregationEvent": ("action", "parentID", "childEPCs", "childQuantityList"),
               "TransactionEvent": ("action", "parentID", "epcList", "quantityList"),
               "TransformationEvent": ("inputEPCList", "inputQuantityList", "outputEPCList",
                                       "outputQuantityList", "transformationID", "ilmd"),
               "AssociationEvent": ("action", "parentID", "childEPCs", "childQuantityList"),
           }.items()}
_REQUIRED = {
    "ObjectEvent": ("eventTime", "eventTimeZoneOffset", "action"),
    "AggregationEvent": ("eventTime", "eventTimeZoneOffset", "action"),
    "TransactionEvent": ("eventTime", "eventTimeZoneOffset", "action", "bizTransactionList"),
    "TransformationEvent": ("eventTime", "eventTimeZoneOffset"),
    "AssociationEvent": ("eventTime", "eventTimeZoneOffset", "action", "parentID"),
}
_ARTICLE = {"ObjectEvent": "an", "AggregationEvent": "an", "TransactionEvent": "a",
            "TransformationEvent": "a", "AssociationEvent": "an"}
