"""The one way to write events: validate a whole document, then store it in one go.

A document is stored whole or not at all: every check runs before the first row is
written, and the rows go in inside the caller's transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, insert, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from txng.config import Settings, get_settings
from txng.epcis.document import parse_document
from txng.epcis.hash import event_hash_id
from txng.epcis.models import (CaptureJob, Event, EventEpc, EventValue, LineageEdge,
                               VocabularyElement)
from txng.epcis.normalise import document_namespaces, normalise_event
from txng.epcis.validate import envelope_errors, event_errors, load_schema, raise_for
from txng.epcis.values import event_values
from txng.errors import Conflict, FieldError, InvalidInput, PayloadTooLarge
from txng.gs1 import canonical_epc

CHUNK = 1000
PENDING, RUNNING, SUCCEEDED, FAILED = "pending", "running", "succeeded", "failed"

# (document key, index role, is an EPC class list)
EPC_FIELDS = (
    ("epcList", "epc", False),
    ("childEPCs", "child", False),
    ("inputEPCList", "input", False),
    ("outputEPCList", "output", False),
    ("quantityList", "quantity", True),
    ("childQuantityList", "child_qty", True),
    ("inputQuantityList", "input_qty", True),
    ("outputQuantityList", "output_qty", True),
)


@dataclass(frozen=True)
class StoredEvent:
    """What capture derived from one event before writing it."""

    row: dict[str, Any]
    epcs: list[tuple[str, str, float | None]]
    edges: list[tuple[str, str, str]]
    values: list[Any]


def capture(*, db_session: Session, data: bytes, media_type: str | None,
            actor: str | None = None, settings: Settings | None = None,
            inline: bool = False) -> CaptureJob:
    """Accept a capture document; the returned job says what became of it.

    Small documents (or ``inline=True``) are stored now, so errors raise here and the
    caller's transaction rolls back. Larger ones are queued for the worker, which
    stores them or records why not on the job.
    """
    settings = settings or get_settings()
    if len(data) > settings.capture_max_bytes:
        raise PayloadTooLarge(
            f"The document is {len(data):,} bytes; this server accepts at most "
            f"{settings.capture_max_bytes:,} bytes per capture")
    job = _new_job(media_type or "", actor)
    if not inline and len(data) > settings.sync_capture_bytes:
        job.payload = data
        db_session.add(job)
        db_session.flush()
        return job
    document = parse_document(data, media_type)
    del data
    return capture_parsed(db_session=db_session, document=document, actor=actor,
                          settings=settings, job=job)


def capture_parsed(*, db_session: Session, document: dict[str, Any],
                   actor: str | None = None, settings: Settings | None = None,
                   job: CaptureJob | None = None) -> CaptureJob:
    """Store an already parsed document now; errors raise and nothing is written."""
    settings = settings or get_settings()
    job = job or _new_job("application/json", actor)
    db_session.add(job)
    db_session.flush()
    job.event_count = store_document(db_session=db_session, document=document,
                                     job_id=job.id, owner=actor, settings=settings)
    job.state, job.finished_at = SUCCEEDED, now()
    return job


def _new_job(media_type: str, actor: str | None) -> CaptureJob:
    return CaptureJob(id=str(uuid.uuid4()), state=PENDING, media_type=media_type,
                      created_at=now(), actor=actor, event_count=0)


def store_document(*, db_session: Session, document: dict[str, Any], job_id: str,
                   owner: str | None = None, settings: Settings | None = None) -> int:
    """Validate ``document`` whole, then write its events, EPCs, edges and master data.

    ``owner`` is the party capturing: the one that sees the events' private fields.
    """
    settings = settings or get_settings()
    errors, scope, events = envelope_errors(document)
    raise_for(errors)
    if len(events) > settings.capture_limit:
        raise PayloadTooLarge(
            f"The document holds {len(events):,} events; this server accepts at most "
            f"{settings.capture_limit:,} per capture (GS1-EPCIS-Capture-Limit)")
    schema = load_schema()
    raise_for([error for index, event in enumerate(events)
               for error in event_errors(event, index=index, namespaces=scope, schema=schema)])
    namespaces = document_namespaces(document)
    record_time = now()
    seen: dict[tuple[str, datetime | None], int] = {}
    # Derive and write a chunk at a time, so that a 10,000-event document is never
    # held in memory twice; a failure in any chunk still rolls the whole document back.
    for start in range(0, len(events), CHUNK):
        chunk = [_derive(event, start + offset, namespaces, record_time, owner)
                 for offset, event in enumerate(events[start:start + CHUNK])]
        _refuse_duplicates(chunk, seen, start)
        _store_chunk(db_session, chunk, job_id)
    _store_master_data(db_session, document, record_time)
    return len(events)


def _derive(event: dict[str, Any], index: int, namespaces: dict[str, str],
            record_time: datetime, owner: str | None) -> StoredEvent:
    normal = normalise_event(event, namespaces=namespaces)
    normal.pop("recordTime", None)
    event_hash = event_hash_id(normal)
    normal.setdefault("eventID", event_hash)
    normal["recordTime"] = iso(record_time)
    declaration = normal.get("errorDeclaration")
    try:
        row = {
            "event_id": normal["eventID"],
            "event_hash": event_hash,
            "declaration_time": parse_time(declaration["declarationTime"])
            if declaration else None,
            "error_reason": declaration.get("reason") if declaration else None,
            "superseded": False,
            "owner": owner,
            "type": normal["type"],
            "action": normal.get("action"),
            "event_time": parse_time(normal["eventTime"]),
            "record_time": record_time,
            "biz_step": normal.get("bizStep"),
            "disposition": normal.get("disposition"),
            "read_point": _place(normal.get("readPoint")),
            "biz_location": _place(normal.get("bizLocation")),
            "parent_id": canonical_epc(normal["parentID"]) if "parentID" in normal else None,
            "transformation_id": normal.get("transformationID"),
            "document": normal,
        }
        epcs = _epcs(normal)
        values = event_values(normal)
    except ValueError as exc:
        raise InvalidInput(f"Event {index}: {exc}",
                           errors=[FieldError(f"eventList[{index}]", str(exc), index)]) from exc
    return StoredEvent(row=row, epcs=epcs, edges=_edges(normal, row, epcs), values=values)


def _epcs(event: dict[str, Any]) -> list[tuple[str, str, float | None]]:
    """(canonical EPC, role, quantity) of every EPC and class the event names; a class
    named twice in one list keeps its first quantity."""
    found: dict[tuple[str, str], float | None] = {}
    if "parentID" in event:
        found[(canonical_epc(event["parentID"]), "parent")] = None
    for key, role, is_class in EPC_FIELDS:
        for value in event.get(key) or ():
            if is_class:
                quantity = value.get("quantity")
                found.setdefault((canonical_epc(value["epcClass"]), role),
                                 float(quantity) if quantity is not None else None)
            else:
                found.setdefault((canonical_epc(value), role), None)
    return [(epc, role, quantity) for (epc, role), quantity in found.items()]


def _edges(event: dict[str, Any], row: dict[str, Any],
           epcs: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    kind = event["type"]
    if kind in ("AggregationEvent", "AssociationEvent"):
        # A disaggregation ends a containment; the ADD that began it holds the lineage.
        if event.get("action") == "DELETE" or row["parent_id"] is None:
            return []
        label = "aggregation" if kind == "AggregationEvent" else "association"
        return [(row["parent_id"], epc, label) for epc, role, _ in epcs
                if role in ("child", "child_qty")]
    if kind == "TransformationEvent":
        node = row["transformation_id"] or row["event_id"]
        return ([(epc, node, "transformation") for epc, role, _ in epcs
                 if role in ("input", "input_qty")]
                + [(node, epc, "transformation") for epc, role, _ in epcs
                   if role in ("output", "output_qty")])
    return []


def _refuse_duplicates(chunk: list[StoredEvent], seen: dict[tuple[str, datetime | None], int],
                       start: int) -> None:
    """Refuse an event the document already holds; an error declaration is a further
    record of its event, so (eventID, declaration time) is what must be new."""
    errors = []
    for index, item in enumerate(chunk, start):
        key = (item.row["event_id"], item.row["declaration_time"])
        if key in seen:
            errors.append(FieldError(
                f"eventList[{index}].eventID",
                f"eventID '{key[0]}' repeats event {seen[key]} of this document", index))
        seen.setdefault(key, index)
    if errors:
        raise InvalidInput("The document repeats an eventID", errors=errors)


def _store_chunk(db_session: Session, chunk: list[StoredEvent], job_id: str) -> None:
    """Insert a chunk, refusing events already stored.

    The unique index on eventID catches repeats of ordinary events, so the common
    case costs no lookup; declarations, which that index leaves out, are looked up.
    """
    declared = {(item.row["event_id"], item.row["declaration_time"]) for item in chunk
                if item.row["declaration_time"] is not None}
    if declared:
        _refuse_stored(db_session, declared)
    try:
        with db_session.begin_nested():
            _insert(db_session, chunk, job_id)
    except IntegrityError:
        _refuse_stored(db_session, {(item.row["event_id"], None) for item in chunk})
        raise


def _refuse_stored(db_session: Session, keys: set[tuple[str, datetime | None]]) -> None:
    stored = db_session.execute(select(Event.event_id, Event.declaration_time).where(
        Event.event_id.in_({event_id for event_id, _ in keys}))).all()
    taken = sorted({event_id for event_id, declared in stored if (event_id, declared) in keys})
    if taken:
        raise Conflict(
            f"eventID already captured: {', '.join(taken[:5])}"
            + (f" and {len(taken) - 5} more" if len(taken) > 5 else ""),
            type="epcisException:ValidationException")


def _insert(db_session: Session, chunk: list[StoredEvent], job_id: str) -> None:
    pks = _allocate_ids(db_session, len(chunk))
    rows = [{**item.row, "id": pk, "capture_job_id": job_id}
            for pk, item in zip(pks, chunk, strict=True)]
    db_session.execute(insert(Event.__table__), rows)
    epc_rows = [{"event_pk": pk, "epc": epc, "role": role, "quantity": quantity}
                for pk, item in zip(pks, chunk, strict=True)
                for epc, role, quantity in item.epcs]
    if epc_rows:
        db_session.execute(insert(EventEpc.__table__), epc_rows)
    edge_rows = [{"source": source, "target": target, "kind": kind, "event_pk": pk}
                 for pk, item in zip(pks, chunk, strict=True)
                 for source, target, kind in item.edges]
    if edge_rows:
        db_session.execute(insert(LineageEdge.__table__), edge_rows)
    value_rows = [{"event_pk": pk, "field": value.field, "name": value.name,
                   "value": value.value, "number": value.number, "moment": value.moment}
                  for pk, item in zip(pks, chunk, strict=True) for value in item.values]
    if value_rows:
        db_session.execute(insert(EventValue.__table__), value_rows)
    declared = {item.row["event_id"] for item in chunk if item.row["declaration_time"]}
    if declared:
        _supersede(db_session, declared)


def _supersede(db_session: Session, event_ids: set[str]) -> None:
    """Leave only the latest declaration of each eventID current: answers show an
    event once, with the error declaration that corrects it."""
    records = db_session.execute(
        select(Event.id, Event.event_id, Event.declaration_time)
        .where(Event.event_id.in_(event_ids), Event.superseded.is_(False))).all()
    latest: dict[str, tuple[datetime, int]] = {}
    for pk, event_id, declared in records:
        key = (declared or datetime.min.replace(tzinfo=UTC), pk)
        if event_id not in latest or key > latest[event_id]:
            latest[event_id] = key
    stale = [pk for pk, event_id, _ in records if pk != latest[event_id][1]]
    if stale:
        db_session.execute(update(Event).where(Event.id.in_(stale)).values(superseded=True))


def _allocate_ids(db_session: Session, count: int) -> list[int]:
    """Event ids for a chunk, taken up front so that its EPC and edge rows can name
    them without RETURNING (which SQLAlchemy runs row by row on SQLite)."""
    if db_session.bind.dialect.name == "postgresql":
        return list(db_session.scalars(text(
            "SELECT nextval(pg_get_serial_sequence('epcis_event', 'id')) "
            "FROM generate_series(1, :count)"), {"count": count}))
    # SQLite: the job row flushed before this holds the database's write lock, so no
    # other writer can take the same ids.
    top = db_session.scalar(select(func.coalesce(func.max(Event.id), 0)))
    return list(range(top + 1, top + 1 + count))


def _store_master_data(db_session: Session, document: dict[str, Any],
                       when: datetime) -> None:
    header = document.get("epcisHeader") or {}
    vocabularies = (header.get("epcisMasterData") or {}).get("vocabularyList") or []
    for vocabulary in vocabularies:
        for element in vocabulary.get("vocabularyElementList") or []:
            known = db_session.get(VocabularyElement, (vocabulary["type"], element["id"]))
            if known is None:
                db_session.add(VocabularyElement(
                    vocabulary_type=vocabulary["type"], element_id=element["id"],
                    attributes=element.get("attributes") or [],
                    children=element.get("children"), updated_at=when))
                continue
            # A document adds to what is known of an element (the registry's own rows
            # included): its attributes replace those of the same id, its children join.
            given = {attribute.get("id") for attribute in element.get("attributes") or []}
            known.attributes = [attribute for attribute in known.attributes or []
                                if attribute.get("id") not in given] + \
                list(element.get("attributes") or [])
            children = list(known.children or [])
            children += [c for c in element.get("children") or [] if c not in children]
            known.children = children or None
            known.updated_at = when


def _place(value: dict[str, Any] | None) -> str | None:
    return canonical_epc(value["id"]) if value else None


def now() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_time(text: str) -> datetime:
    """An EPCIS timestamp (validated to carry an offset) as an aware UTC datetime."""
    moment = datetime.fromisoformat(_trim_fraction(text))
    if moment.tzinfo is None:
        raise ValueError(f"timestamp '{text}' has no timezone offset")
    return moment.astimezone(UTC)


def _trim_fraction(text: str) -> str:
    # fromisoformat takes at most microseconds; EPCIS allows any number of digits.
    dot = text.find(".")
    if dot < 0:
        return text
    end = dot + 1
    while end < len(text) and text[end].isdigit():
        end += 1
    return text[:min(end, dot + 7)] + text[end:]


def pending_jobs(db_session: Session) -> Iterable[str]:
    return db_session.scalars(select(CaptureJob.id).where(CaptureJob.state == PENDING)
                              .order_by(CaptureJob.created_at)).all()
