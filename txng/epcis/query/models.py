"""Named queries and their subscriptions: kept in the database, so they outlive the
server process that created them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from txng.db import Base, UtcDateTime
from txng.epcis.models import Document, Id


class NamedQuery(Base):
    __tablename__ = "epcis_named_query"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    query: Mapped[dict[str, Any]] = mapped_column(Document)
    # The GS1-Extensions prefixes in force when the query was created.
    namespaces: Mapped[dict[str, str]] = mapped_column(Document)
    owner: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Subscription(Base):
    """A webhook (``dest``) or WebSocket subscriber of a named query.

    ``last_event_pk`` is how far delivery has got: every later current event that
    matches the query is still owed to the subscriber, across restarts.
    """

    __tablename__ = "epcis_subscription"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    query_name: Mapped[str] = mapped_column(
        ForeignKey("epcis_named_query.name", ondelete="CASCADE"), index=True)
    dest: Mapped[str | None] = mapped_column(String(2000))
    signature_token: Mapped[str | None] = mapped_column(String(500))
    stream: Mapped[bool] = mapped_column(Boolean, default=False)
    schedule: Mapped[dict[str, str] | None] = mapped_column(Document)
    report_if_empty: Mapped[bool] = mapped_column(Boolean, default=False)
    viewer_party: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_event_pk: Mapped[int] = mapped_column(Id, default=0)
    last_notified_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    next_run_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(2000))
