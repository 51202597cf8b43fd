"""The EPCIS 2.0 query language: parameters in, one typed :class:`EventQuery` out.

Parameters arrive from a REST query string (pipe-delimited lists) or from a named
query's JSON body (arrays, numbers); both are read here, once, so that the builder
only sees typed values. Every problem is a ``QueryParameterException`` naming the
parameter.

>>> query = parse_query({"EQ_bizStep": "shipping|receiving", "GE_eventTime":
...                      "2026-01-01T00:00:00+07:00"})
>>> query.columns[0].values
('https://ref.gs1.org/cbv/BizStep-shipping', 'https://ref.gs1.org/cbv/BizStep-receiving')
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from txng.epcis import cbv
from txng.epcis.capture import parse_time
from txng.epcis.document import EVENT_TYPES
from txng.epcis.event_checks import ACTIONS
from txng.epcis.normalise import EPCIS_NAMESPACES
from txng.epcis.query.patterns import EpcPattern, parse_pattern
from txng.errors import FieldError, QueryParameterError
from txng.gs1 import ParseError, canonical_epc, canonical_or_given


# Top-level fields EXISTS_ can name, with the column that holds each (None: the document).
STANDARD_FIELDS: dict[str, str | None] = {
    "action": "action", "bizStep": "biz_step", "disposition": "disposition",
    "readPoint": "read_point", "bizLocation": "biz_location", "parentID": "parent_id",
    "transformationID": "transformation_id", "errorDeclaration": "declaration_time",
    "epcList": None, "childEPCs": None, "inputEPCList": None, "outputEPCList": None,
    "quantityList": None, "childQuantityList": None, "inputQuantityList": None,
    "outputQuantityList": None, "bizTransactionList": None, "sourceList": None,
    "destinationList": None, "sensorElementList": None, "persistentDisposition": None,
    "certificationInfo": None, "ilmd": None,
}

# EPC index roles each MATCH_ parameter looks in.
MATCH_ROLES: dict[str, tuple[str, ...]] = {
    "MATCH_epc": ("epc", "child"),
    "MATCH_parentID": ("parent",),
    "MATCH_inputEPC": ("input",),
    "MATCH_outputEPC": ("output",),
    "MATCH_anyEPC": ("epc", "child", "input", "output", "parent"),
    "MATCH_epcClass": ("quantity", "child_qty"),
    "MATCH_inputEPCClass": ("input_qty",),
    "MATCH_outputEPCClass": ("output_qty",),
    "MATCH_anyEPCClass": ("quantity", "child_qty", "input_qty", "output_qty"),
}

BOUNDS = {"GE": ">=", "GT": ">", "LT": "<", "LE": "<="}
TIME_BOUNDS: dict[str, tuple[str, str]] = {
    "GE_eventTime": ("event_time", ">="), "LT_eventTime": ("event_time", "<"),
    "GE_recordTime": ("record_time", ">="), "LT_recordTime": ("record_time", "<"),
    "GE_errorDeclaration_Time": ("declaration_time", ">="),
    "LT_errorDeclaration_Time": ("declaration_time", "<"),
}
ORDER_COLUMNS = {"eventTime": "event_time", "recordTime": "record_time"}
# The scope words of extension-field parameters -> the EventValue field they search.
SCOPES = {"": "ext", "INNER_": "ext_inner", "ILMD_": "ilmd", "INNER_ILMD_": "ilmd_inner",
          "ERROR_DECLARATION_": "error", "INNER_ERROR_DECLARATION_": "error_inner"}
_EXTENSION = re.compile(
    r"(EQ|GT|GE|LT|LE|EXISTS)_(INNER_ILMD_|INNER_ERROR_DECLARATION_|INNER_|ILMD_|"
    r"ERROR_DECLARATION_|)(.+)")
_TYPED_LIST = re.compile(r"EQ_(bizTransaction|source|destination)_(.+)")
PRIVATE_FIELDS = frozenset({"bizTransaction", "source", "destination"})


@dataclass(frozen=True)
class ColumnIn:
    """The event's ``column`` is one of ``values`` (WD_: or below one, in the hierarchy)."""

    column: str
    values: tuple[str, ...]
    within: bool = False


@dataclass(frozen=True)
class Bound:
    column: str
    op: str
    moment: datetime


@dataclass(frozen=True)
class EpcMatch:
    roles: tuple[str, ...]
    patterns: tuple[EpcPattern, ...]


@dataclass(frozen=True)
class QuantityBound:
    op: str
    numbers: tuple[float, ...]


@dataclass(frozen=True)
class ValueMatch:
    """A typed event value (see ``EventValue``): compared, or only required to exist."""

    field: str
    name: str
    op: str
    texts: tuple[str, ...] = ()
    numbers: tuple[float, ...] = ()
    moment: datetime | None = None

    @property
    def private(self) -> bool:
        return self.field in PRIVATE_FIELDS


@dataclass(frozen=True)
class EventQuery:
    """A parsed query: every condition must hold (AND); values in one condition are ORs."""

    columns: tuple[ColumnIn, ...] = ()
    bounds: tuple[Bound, ...] = ()
    epcs: tuple[EpcMatch, ...] = ()
    quantities: tuple[QuantityBound, ...] = ()
    values: tuple[ValueMatch, ...] = ()
    exists: tuple[str, ...] = ()
    order_by: str | None = None
    descending: bool = True
    event_count_limit: int | None = None
    max_event_count: int | None = None
    fingerprint: str = field(default="", compare=False)

    def order_key(self) -> tuple[str | None, bool]:
        """(column, descending) of the answer's order: orderBy when given, else the
        time a time window bounds (so that its index serves filter and order alike),
        else capture order (None)."""
        if self.order_by is not None:
            return self.order_by, self.descending
        for bound in self.bounds:
            if bound.column in ("event_time", "record_time"):
                return bound.column, False
        return None, False


def parse_query(params: Mapping[str, Any], *,
                namespaces: Mapping[str, str] | None = None) -> EventQuery:
    """Read query parameters; ``namespaces`` are the caller's GS1-Extensions prefixes."""
    scope = {**EPCIS_NAMESPACES, **(namespaces or {})}
    reader = _Reader(scope)
    for name, raw in params.items():
        if name == "@context":
            continue
        try:
            reader.read(name, raw)
        except (ValueError, ParseError) as exc:
            reader.errors.append(FieldError(name, str(exc)))
    if reader.errors:
        raise QueryParameterError.listing(reader.errors)
    return reader.result(_fingerprint(params, scope))


def parse_extensions(header: str | None) -> dict[str, str]:
    """Prefixes of a ``GS1-Extensions`` header: ``ex=https://ns.example.com/,ex2=...``."""
    out: dict[str, str] = {}
    for part in (header or "").split(","):
        prefix, equals, namespace = part.strip().partition("=")
        if not part.strip():
            continue
        if not equals or not prefix or ":" not in namespace:
            raise QueryParameterError(f"GS1-Extensions: '{part.strip()}' is not "
                                      "prefix=namespace-URI")
        out[prefix.strip()] = namespace.strip().strip('"')
    return out


class _Reader:
    def __init__(self, namespaces: dict[str, str]) -> None:
        self.namespaces = namespaces
        self.errors: list[FieldError] = []
        self.columns: list[ColumnIn] = []
        self.bounds: list[Bound] = []
        self.epcs: list[EpcMatch] = []
        self.quantities: list[QuantityBound] = []
        self.values: list[ValueMatch] = []
        self.exists: list[str] = []
        self.order: dict[str, Any] = {}

    def read(self, name: str, raw: Any) -> None:
        column = _COLUMN_PARAMS.get(name)
        if column is not None:
            column_name, read_one = column
            self.columns.append(ColumnIn(column_name, tuple(
                read_one(value, self.namespaces) for value in _texts(raw)),
                within=name.startswith("WD_")))
        elif name in TIME_BOUNDS:
            self.bounds.append(Bound(*TIME_BOUNDS[name], _time(_one(raw))))
        elif name in MATCH_ROLES:
            self.epcs.append(EpcMatch(MATCH_ROLES[name], tuple(
                parse_pattern(value) for value in _texts(raw))))
        elif name.endswith("_quantity") and name[:2] in ("EQ", *BOUNDS):
            op = "=" if name.startswith("EQ") else BOUNDS[name[:2]]
            numbers = tuple(_number(v) for v in (_texts(raw) if op == "=" else [_one(raw)]))
            self.quantities.append(QuantityBound(op, numbers))
        elif name in ("orderBy", "orderDirection", "eventCountLimit", "maxEventCount"):
            self.order[name] = _one(raw)
        elif name in ("EQ_persistentDisposition_set", "EQ_persistentDisposition_unset"):
            self.values.append(ValueMatch(name[3:], "", "=", tuple(
                _vocabulary(cbv.DISPOSITION)(v, self.namespaces) for v in _texts(raw))))
        elif name == "EQ_correctiveEventID":
            self.values.append(ValueMatch("correctiveEventID", "", "=", tuple(_texts(raw))))
        elif match := _TYPED_LIST.fullmatch(name):
            self._typed_list(match.group(1), match.group(2), raw)
        elif name.startswith("EXISTS_") and name[7:] in STANDARD_FIELDS:
            self.exists.append(name[7:])
        elif match := _EXTENSION.fullmatch(name):
            self._extension(*match.groups(), raw)
        else:
            raise ValueError("unknown query parameter (see the EPCIS 2.0 query language: "
                             "eventType, GE_eventTime, EQ_bizStep, MATCH_epc, ...)")

    def _typed_list(self, list_name: str, type_word: str, raw: Any) -> None:
        vocabulary = cbv.BIZ_TRANSACTION_TYPE if list_name == "bizTransaction" \
            else cbv.SOURCE_DEST_TYPE
        kind = vocabulary.expand(type_word, self.namespaces)
        ids = tuple(value if list_name == "bizTransaction" else canonical_or_given(value)
                    for value in _texts(raw))
        self.values.append(ValueMatch(list_name, kind, "=", ids))

    def _extension(self, op: str, scope: str, key: str, raw: Any) -> None:
        prefix, colon, local = key.partition(":")
        if not colon:
            raise ValueError("unknown query parameter: an extension field is named "
                             "prefix:name (prefix declared in GS1-Extensions) or by its IRI")
        if local.startswith("//") or prefix == "urn":
            iri = key
        elif prefix in self.namespaces:
            iri = self.namespaces[prefix] + local
        else:
            raise ValueError(f"prefix '{prefix}' is not declared: send it in the "
                             f"GS1-Extensions header, e.g. '{prefix}=https://example.com/ns/'")
        field_name = SCOPES[scope]
        if op == "EXISTS":
            self.values.append(ValueMatch(field_name, iri, "exists"))
        elif op == "EQ":
            texts = tuple(_texts(raw))
            numbers = tuple(float(v) for v in texts if _is_number(v))
            self.values.append(ValueMatch(field_name, iri, "=", texts, numbers))
        else:
            value = _one(raw)
            if _is_number(value):
                self.values.append(ValueMatch(field_name, iri, BOUNDS[op],
                                              numbers=(float(value),)))
            else:
                self.values.append(ValueMatch(field_name, iri, BOUNDS[op],
                                              moment=_time(value)))

    def result(self, fingerprint: str) -> EventQuery:
        order_by = self.order.get("orderBy")
        direction = str(self.order.get("orderDirection", "DESC"))
        errors = []
        if order_by is not None and order_by not in ORDER_COLUMNS:
            errors.append(FieldError("orderBy", f"'{order_by}' cannot order results: use "
                                     "eventTime or recordTime"))
        if direction not in ("ASC", "DESC"):
            errors.append(FieldError("orderDirection", f"'{direction}' must be ASC or DESC"))
        limit = _count(self.order, "eventCountLimit", errors)
        maximum = _count(self.order, "maxEventCount", errors)
        if limit is not None and maximum is not None:
            errors.append(FieldError("eventCountLimit", "eventCountLimit and maxEventCount "
                                     "cannot be used together"))
        if limit is not None and order_by is None:
            errors.append(FieldError("eventCountLimit", "eventCountLimit needs orderBy"))
        if errors:
            raise QueryParameterError.listing(errors)
        return EventQuery(
            columns=tuple(self.columns), bounds=tuple(self.bounds), epcs=tuple(self.epcs),
            quantities=tuple(self.quantities), values=tuple(self.values),
            exists=tuple(self.exists), order_by=ORDER_COLUMNS.get(order_by or ""),
            descending=direction == "DESC", event_count_limit=limit,
            max_event_count=maximum, fingerprint=fingerprint)


def _texts(raw: Any) -> list[str]:
    """The values of a list parameter: a JSON array, or a pipe-delimited string."""
    items = raw if isinstance(raw, (list, tuple)) else str(raw).split("|")
    values = [str(item).strip() for item in items if str(item).strip()]
    if not values:
        raise ValueError("needs at least one value")
    return values


def _one(raw: Any) -> str:
    if isinstance(raw, (list, tuple)):
        if len(raw) != 1:
            raise ValueError("takes a single value")
        raw = raw[0]
    if raw is None or str(raw).strip() == "":
        raise ValueError("needs a value")
    return str(raw).strip()


def _time(text: str) -> datetime:
    try:
        return parse_time(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a timestamp with a timezone offset, "
                         "e.g. 2026-01-31T08:00:00+07:00") from None


def _number(text: str) -> float:
    if not _is_number(text):
        raise ValueError(f"'{text}' is not a number")
    return float(text)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return text.strip().lower() not in ("nan", "inf", "-inf", "infinity", "-infinity")


def _count(order: dict[str, Any], name: str, errors: list[FieldError]) -> int | None:
    if name not in order:
        return None
    text = str(order[name])
    if not text.isdigit() or int(text) < 1:
        errors.append(FieldError(name, f"'{text}' must be a positive whole number"))
        return None
    return int(text)


def _event_type(value: str, _namespaces: dict[str, str]) -> str:
    if value in EVENT_TYPES or ":" in value:
        return value
    raise ValueError(f"'{value}' is not an event type: one of {', '.join(EVENT_TYPES)}")


def _action(value: str, _namespaces: dict[str, str]) -> str:
    if value not in ACTIONS:
        raise ValueError(f"'{value}' is not an action: one of ADD, OBSERVE, DELETE")
    return value


def _vocabulary(vocabulary: cbv.Vocabulary):
    def read(value: str, namespaces: dict[str, str]) -> str:
        expanded = vocabulary.expand(value, namespaces)
        if ":" not in expanded:
            raise ValueError(f"'{value}' is not a {vocabulary.standard} word; custom values "
                             "are URIs or CURIEs with a declared prefix")
        return expanded
    return read


def _place(value: str, _namespaces: dict[str, str]) -> str:
    return canonical_epc(value)


def _uri(value: str, _namespaces: dict[str, str]) -> str:
    return value


_COLUMN_PARAMS = {
    "eventType": ("type", _event_type),
    "EQ_action": ("action", _action),
    "EQ_bizStep": ("biz_step", _vocabulary(cbv.BIZ_STEP)),
    "EQ_disposition": ("disposition", _vocabulary(cbv.DISPOSITION)),
    "EQ_readPoint": ("read_point", _place),
    "WD_readPoint": ("read_point", _place),
    "EQ_bizLocation": ("biz_location", _place),
    "WD_bizLocation": ("biz_location", _place),
    "EQ_transformationID": ("transformation_id", _uri),
    "EQ_eventID": ("event_id", _uri),
    "EQ_errorReason": ("error_reason", _vocabulary(cbv.ERROR_REASON)),
}


def _fingerprint(params: Mapping[str, Any], namespaces: dict[str, str]) -> str:
    """Names a query's meaning, so that a page token is refused by any other query."""
    canonical = sorted((name, raw) for name, raw in params.items() if name != "@context")
    text = json.dumps([canonical, sorted(namespaces.items())], default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]
