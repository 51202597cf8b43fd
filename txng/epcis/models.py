"""Tables of the EPCIS repository: events, their EPC index, lineage edges, capture jobs,
and the master data (vocabulary elements) that capture documents carry."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (JSON, BigInteger, Boolean, Float, ForeignKey, Index, Integer, LargeBinary,
                        String, false, text)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from txng.db import Base, UtcDateTime

# PostgreSQL keeps documents as JSONB (queryable later); SQLite stores JSON text.
Document = JSON().with_variant(JSONB(), "postgresql")
# SQLite only autoincrements INTEGER PRIMARY KEY; PostgreSQL gets 64-bit ids.
Id = BigInteger().with_variant(Integer(), "sqlite")
# EPC patterns are prefix ranges; PostgreSQL must compare bytes for those to be contiguous.
Uri = String(512).with_variant(String(512, collation="C"), "postgresql")


class CaptureJob(Base):
    """One capture request: its state, what it stored, and why it failed if it did."""

    __tablename__ = "capture_job"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    state: Mapped[str] = mapped_column(String(16), index=True)
    media_type: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    event_count: Mapped[int] = mapped_column(Integer, default=0)
    actor: Mapped[str | None] = mapped_column(String(200))
    problem: Mapped[dict[str, Any] | None] = mapped_column(Document)
    # The raw document waits here for the worker, and is dropped once processed.
    payload: Mapped[bytes | None] = mapped_column(LargeBinary)


class Event(Base):
    """An EPCIS event: the normalised document plus the columns queries filter on."""

    __tablename__ = "epcis_event"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(512), index=True)
    # An error declaration is a second record of an event under the same eventID.
    declaration_time: Mapped[datetime | None] = mapped_column(UtcDateTime)
    event_hash: Mapped[str] = mapped_column(String(100), index=True)
    type: Mapped[str] = mapped_column(String(32))
    action: Mapped[str | None] = mapped_column(String(8))
    event_time: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    record_time: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    biz_step: Mapped[str | None] = mapped_column(String(512), index=True)
    disposition: Mapped[str | None] = mapped_column(String(512), index=True)
    read_point: Mapped[str | None] = mapped_column(String(512), index=True)
    biz_location: Mapped[str | None] = mapped_column(String(512), index=True)
    parent_id: Mapped[str | None] = mapped_column(String(512), index=True)
    transformation_id: Mapped[str | None] = mapped_column(String(512), index=True)
    error_reason: Mapped[str | None] = mapped_column(String(512))
    # A later error declaration of the same eventID takes this record's place in answers.
    superseded: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The party that captured the event: it alone sees the event's private fields.
    owner: Mapped[str | None] = mapped_column(String(200), index=True)
    capture_job_id: Mapped[str] = mapped_column(ForeignKey("capture_job.id"), index=True)
    document: Mapped[dict[str, Any]] = mapped_column(Document)

    __table_args__ = (
        Index("ix_epcis_event_type_event_time", "type", "event_time"),
        # Each eventID once, apart from the declarations that correct it.
        Index("uq_epcis_event_event_id_original", "event_id", unique=True,
              sqlite_where=text("declaration_time IS NULL"),
              postgresql_where=text("declaration_time IS NULL")),
    )


class EventEpc(Base):
    """Every EPC and EPC class an event names, in canonical Digital Link form, by role."""

    __tablename__ = "epcis_event_epc"

    event_pk: Mapped[int] = mapped_column(
        ForeignKey("epcis_event.id", ondelete="CASCADE"), primary_key=True)
    epc: Mapped[str] = mapped_column(Uri, primary_key=True)
    role: Mapped[str] = mapped_column(String(16), primary_key=True)
    quantity: Mapped[float | None] = mapped_column(Float)

    __table_args__ = (Index("ix_epcis_event_epc_epc_role", "epc", "role"),)


class EventValue(Base):
    """A typed value of an event that queries filter on beyond the fixed columns.

    ``field`` says what it is: ``bizTransaction``/``source``/``destination`` (``name``
    the type, ``value`` the id), ``persistentDisposition_set``/``_unset``,
    ``correctiveEventID``, or an extension field by its
    full IRI in ``name``: ``ext``, ``ilmd``, ``error`` at the top of their element and
    ``ext_inner``, ``ilmd_inner``, ``error_inner`` nested deeper.
    """

    __tablename__ = "epcis_event_value"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    event_pk: Mapped[int] = mapped_column(
        ForeignKey("epcis_event.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(512))
    value: Mapped[str | None] = mapped_column(String(1024))
    number: Mapped[float | None] = mapped_column(Float)
    moment: Mapped[datetime | None] = mapped_column(UtcDateTime)

    __table_args__ = (
        Index("ix_epcis_event_value_field_name_value", "field", "name", "value"),
        Index("ix_epcis_event_value_field_name_number", "field", "name", "number"),
        Index("ix_epcis_event_value_field_name_moment", "field", "name", "moment"),
    )


class LineageEdge(Base):
    """A directed step a trace can walk: parent -> child, input -> output, association.

    Transformations go through a node named after the transformation (its
    transformationID, else the event), so N inputs and M outputs make N + M edges.
    """

    __tablename__ = "lineage_edge"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String(512), index=True)
    target: Mapped[str] = mapped_column(String(512), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    event_pk: Mapped[int] = mapped_column(
        ForeignKey("epcis_event.id", ondelete="CASCADE"), index=True)


class VocabularyElement(Base):
    """Master data (EPCIS vocabulary element) such as a location or a product class."""

    __tablename__ = "vocabulary_element"

    vocabulary_type: Mapped[str] = mapped_column(String(200), primary_key=True)
    element_id: Mapped[str] = mapped_column(String(512), primary_key=True)
    attributes: Mapped[list[dict[str, Any]]] = mapped_column(Document)
    children: Mapped[list[str] | None] = mapped_column(Document)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
