"""Named queries: a query definition kept under a name, run and subscribed to by it."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from txng.epcis.capture import now
from txng.epcis.query.models import NamedQuery
from txng.epcis.query.params import EventQuery, parse_query
from txng.errors import EPCIS_NO_SUCH_NAME, Conflict, FieldError, NotFound, QueryParameterError

_NAME = re.compile(r"[A-Za-z0-9_.\-]{1,100}")


def create_query(*, db_session: Session, name: Any, query: Any,
                 namespaces: dict[str, str], owner: str | None = None) -> NamedQuery:
    """Keep ``query`` under ``name``; the definition is checked now, not at first use."""
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise QueryParameterError(
            "name: a query name is 1-100 letters, digits, '_', '.' or '-'",
            errors=[FieldError("name", "1-100 of A-Z a-z 0-9 _ . -")])
    if not isinstance(query, dict):
        raise QueryParameterError("query: the query definition must be a JSON object",
                                  errors=[FieldError("query", "must be a JSON object")])
    parse_query(query, namespaces=namespaces)
    if db_session.get(NamedQuery, name) is not None:
        raise Conflict(f"A query named '{name}' already exists; delete it first or pick "
                       "another name")
    named = NamedQuery(name=name, query=query, namespaces=namespaces, owner=owner,
                       created_at=now())
    db_session.add(named)
    db_session.flush()
    return named


def get_query(*, db_session: Session, name: str) -> NamedQuery:
    named = db_session.get(NamedQuery, name)
    if named is None:
        raise NotFound(f"No query named '{name}'", type=EPCIS_NO_SUCH_NAME)
    return named


def list_queries(*, db_session: Session) -> list[NamedQuery]:
    return list(db_session.scalars(select(NamedQuery).order_by(NamedQuery.name)))


def delete_query(*, db_session: Session, name: str) -> None:
    """Forget the query and, with it, every subscription to it."""
    db_session.delete(get_query(db_session=db_session, name=name))
    db_session.flush()


def parsed(named: NamedQuery) -> EventQuery:
    return parse_query(named.query, namespaces=named.namespaces)
