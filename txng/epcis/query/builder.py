"""The one query builder: an :class:`EventQuery` becomes one SELECT over the indexed
columns, the EPC index and the typed-value index.

Every condition is either a comparison on an indexed column of ``epcis_event`` or an
``id IN (SELECT event_pk ...)`` over an index of ``epcis_event_epc`` /
``epcis_event_value``, so a selective filter is an index search on both engines
(tests/epcis/test_query_plans.py checks the plans).
"""

from __future__ import annotations

import operator
from functools import lru_cache
from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, false, func, or_, select
from sqlalchemy.orm import Session

from txng.epcis.models import Event, EventEpc, EventValue, VocabularyElement
from txng.epcis.query.params import STANDARD_FIELDS, EventQuery, ValueMatch
from txng.epcis.query.patterns import EpcPattern
from txng.epcis.query.visibility import PRIVATE_LISTS, Viewer
from txng.gs1 import canonical_or_given

OPS = {"=": operator.eq, ">": operator.gt, ">=": operator.ge, "<": operator.lt,
       "<=": operator.le}
# Core tables rather than ORM attributes: a query is built per request, and the ORM's
# expression layer costs more than the SQL that the indexes answer.
EVENT, EPC, VALUE = Event.__table__, EventEpc.__table__, EventValue.__table__
VOCABULARY = VocabularyElement.__table__
CURRENT = EVENT.c.superseded.is_(False)
LOCATION_VOCABULARIES = ("urn:epcglobal:epcis:vtype:BusinessLocation",
                         "urn:epcglobal:epcis:vtype:ReadPoint")


def event_select(db_session: Session, query: EventQuery, *, viewer: Viewer,
                 after: tuple[Any, int] | None = None) -> Select:
    """SELECT (id, order key, document, owner) of the current events ``query`` matches,
    in answer order, starting after the keyset position ``after``."""
    order_name, descending = query.order_key()
    order_column = EVENT.c[order_name] if order_name else None
    columns = [EVENT.c.id, order_column if order_column is not None else EVENT.c.id,
               EVENT.c.document, EVENT.c.owner]
    stmt = select(*columns).where(*conditions(db_session, query, viewer=viewer))
    if after is not None:
        stmt = stmt.where(_after(order_column, after, descending))
    if order_column is None:
        return stmt.order_by(EVENT.c.id)
    if descending:
        return stmt.order_by(order_column.desc(), EVENT.c.id.desc())
    return stmt.order_by(order_column, EVENT.c.id)


def conditions(db_session: Session, query: EventQuery, *,
               viewer: Viewer) -> list[ColumnElement[bool]]:
    """The WHERE clause of ``query`` for ``viewer``, as a list of ANDed conditions."""
    private = _owned_by(viewer)
    out: list[ColumnElement[bool]] = [CURRENT]
    for column_in in query.columns:
        values = set(column_in.values)
        if column_in.within:
            values = within(db_session, values)
        out.append(_one_of(EVENT.c[column_in.column], sorted(values)))
    out += [OPS[bound.op](EVENT.c[bound.column], bound.moment) for bound in query.bounds]
    for match in query.epcs:
        patterns = [_epc_condition(pattern) for pattern in match.patterns]
        out.append(EVENT.c.id.in_(select(EPC.c.event_pk).where(
            _roles(match.roles), patterns[0] if len(patterns) == 1 else or_(*patterns))))
    for bound in query.quantities:
        test = EPC.c.quantity.in_(bound.numbers) if bound.op == "=" else \
            OPS[bound.op](EPC.c.quantity, bound.numbers[0])
        out += [private, EVENT.c.id.in_(select(EPC.c.event_pk).where(test))]
    for match in query.values:
        if match.private:
            out.append(private)
        out.append(EVENT.c.id.in_(select(VALUE.c.event_pk).where(
            VALUE.c.field == match.field, VALUE.c.name == match.name,
            *_value_conditions(match))))
    for name in query.exists:
        if name in PRIVATE_LISTS:
            out.append(private)
        out.append(_exists(db_session, name))
    return out


def within(db_session: Session, roots: Iterable[str]) -> set[str]:
    """The locations ``roots`` and every location below them in the master data
    hierarchy (vocabulary elements' children), as canonical EPCs."""
    children: dict[str, list[str]] = {}
    rows = db_session.execute(select(VOCABULARY.c.element_id, VOCABULARY.c.children)
                              .where(VOCABULARY.c.vocabulary_type.in_(
                                  LOCATION_VOCABULARIES))).all()
    for element_id, element_children in rows:
        children.setdefault(canonical_or_given(element_id), []).extend(
            canonical_or_given(child) for child in element_children or ())
    found, todo = set(roots), list(roots)
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


@lru_cache(maxsize=64)
def _roles(roles: tuple[str, ...]) -> ColumnElement[bool]:
    return _one_of(EPC.c.role, roles)


def _one_of(column, values) -> ColumnElement[bool]:
    # ORed equalities rather than IN: an IN list is re-expanded at every execution,
    # which costs more than these short lists are worth.
    if len(values) > 8:
        return column.in_(values)
    return or_(*(column == value for value in values)) if len(values) > 1 else \
        column == values[0]


def _owned_by(viewer: Viewer) -> ColumnElement[bool]:
    """Private fields only match events the viewer may see them in."""
    if viewer.sees_all:
        return EVENT.c.id.isnot(None)
    if viewer.party is None:
        return false()
    return EVENT.c.owner == viewer.party


def _epc_condition(pattern: EpcPattern) -> ColumnElement[bool]:
    if pattern.exact is not None and pattern.prefix is None:
        return EPC.c.epc == pattern.exact
    tests = [_prefix(EPC.c.epc, pattern.prefix)]
    if pattern.like is not None:
        tests.append(EPC.c.epc.like(pattern.like))
    prefixed = and_(*tests)
    return or_(EPC.c.epc == pattern.exact, prefixed) if pattern.exact else prefixed


def _prefix(column, prefix: str) -> ColumnElement[bool]:
    # A range, not LIKE: SQLite's LIKE ignores case and so skips the index.
    return and_(column >= prefix, column < prefix[:-1] + chr(ord(prefix[-1]) + 1))


def _value_conditions(match: ValueMatch) -> list[ColumnElement[bool]]:
    if match.op == "exists":
        return []
    if match.op == "=":
        tests = [VALUE.c.value.in_(match.texts)]
        if match.numbers:
            tests.append(VALUE.c.number.in_(match.numbers))
        return [or_(*tests)]
    if match.moment is not None:
        return [OPS[match.op](VALUE.c.moment, match.moment)]
    return [OPS[match.op](VALUE.c.number, match.numbers[0])]


def _exists(db_session: Session, name: str) -> ColumnElement[bool]:
    column = STANDARD_FIELDS[name]
    if column is not None:
        return EVENT.c[column].isnot(None)
    if db_session.bind.dialect.name == "postgresql":
        return EVENT.c.document.op("?")(name)
    return func.json_type(EVENT.c.document, f'$."{name}"').isnot(None)


def _after(order_column, after: tuple[Any, int], descending: bool) -> ColumnElement[bool]:
    value, pk = after
    if order_column is None:
        return EVENT.c.id > pk
    if descending:
        return or_(order_column < value, and_(order_column == value, EVENT.c.id < pk))
    return or_(order_column > value, and_(order_column == value, EVENT.c.id > pk))
