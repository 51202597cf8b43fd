"""Walk the lineage graph written at capture, backward to origins or forward to where
things went, in one recursive query over the indexed ``lineage_edge`` table.

Forward from a lot or an item: into what transformations made of it (input -> output)
and into the containers it was packed in (child -> parent: the container carries it).
Backward: from outputs to the inputs they were made of, and from a container to what
it holds. Cycles (a returned pallet reused) end because the walk is bounded in depth
and keeps each (node, depth) once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import String, and_, case, func, literal, or_, select
from sqlalchemy.orm import Session

from txng.db import UtcDateTime
from txng.epcis.models import Event, EventEpc, EventValue, LineageEdge
from txng.errors import InvalidInput, NotFound, TxngError
from txng.gs1 import ParseError, canonical_epc, urn_or_given

Direction = Literal["back", "forward"]
MAX_DEPTH = 64
MAX_NODES = 20_000
PARTY_TYPES = ("https://ref.gs1.org/cbv/SDT-owning_party",
               "https://ref.gs1.org/cbv/SDT-possessing_party")


class TraceTooLarge(TxngError):
    status = 413
    title = "Trace too large"


@dataclass(frozen=True)
class Trace:
    """What a trace reached, as EPC URNs where the identifier is a GS1 key."""

    start: str
    direction: Direction
    lots: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    steps: list[tuple[str, str, str]] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"start": self.start, "direction": self.direction, "lots": self.lots,
                "items": self.items, "locations": self.locations, "parties": self.parties,
                "events": self.events,
                "steps": [{"from": a, "to": b, "kind": k} for a, b, k in self.steps]}


def trace(*, db_session: Session, identifier: str, direction: Direction,
          depth: int = MAX_DEPTH, max_nodes: int = MAX_NODES) -> Trace:
    """Everything ``identifier`` (EPC URN, EPC class URN or Digital Link) came from
    (``back``) or went to (``forward``), ``depth`` steps at most (1: one step, TCVN 12850)."""
    try:
        start = canonical_epc(identifier)
    except ParseError as exc:
        raise InvalidInput(f"'{identifier}' is not an EPC URN, EPC class URN or GS1 Digital "
                           f"Link URI: {exc}") from None
    known = db_session.scalar(select(EventEpc.event_pk).where(EventEpc.epc == start).limit(1))
    if known is None:
        raise NotFound(f"No event names '{identifier}'")
    intervals, steps = _walk(db_session, start, direction, depth, max_nodes)
    nodes = set(intervals)
    candidates = db_session.execute(
        select(Event.id, Event.event_id, Event.event_time, Event.read_point,
               Event.biz_location, EventEpc.epc)
        .join(EventEpc, EventEpc.event_pk == Event.id)
        .where(Event.superseded.is_(False), EventEpc.epc.in_(nodes))
        .order_by(Event.event_time, Event.id)).all()
    event_rows = list({row.id: row for row in candidates
                       if _within(row.event_time, intervals[row.epc])}.values())
    pks = [row.id for row in event_rows]
    places = {place for row in event_rows for place in (row.read_point, row.biz_location)
              if place}
    parties: set[str] = set()
    for field_name, type_, value in db_session.execute(
            select(EventValue.field, EventValue.name, EventValue.value).where(
                EventValue.event_pk.in_(pks),
                EventValue.field.in_(("source", "destination")))):
        (parties if type_ in PARTY_TYPES else places).add(value)
    lots = sorted(urn_or_given(n) for n in nodes if _is_lot(n))
    items = sorted(urn_or_given(n) for n in nodes if _is_item(n))
    return Trace(start=urn_or_given(start), direction=direction, lots=lots, items=items,
                 locations=sorted(urn_or_given(p) for p in places),
                 parties=sorted(urn_or_given(p) for p in parties),
                 events=[row.event_id for row in event_rows],
                 steps=sorted({(urn_or_given(a), urn_or_given(b), k) for a, b, k in steps}))


def _walk(db_session: Session, start: str, direction: Direction, depth: int,
          max_nodes: int) -> tuple[dict[str, list[tuple]], list[tuple[str, str, str]]]:
    """Node -> the time intervals (since, until) it is part of the trace, and the steps.

    Forward, a step is taken only at or after the time the thing arrived (``since``)
    and before it left its container (``until``, the DELETE of that containment).
    """
    edge, event = LineageEdge.__table__, Event.__table__
    made = edge.c.kind == "transformation"
    # Forward, a transformation leads from input to output and a container carries
    # its contents (child -> parent); backward, the other way round.
    ahead = direction == "forward"
    far = case((made, edge.c.target if ahead else edge.c.source),
               else_=edge.c.source if ahead else edge.c.target)
    walk = select(literal(start).label("node"), literal(0).label("depth"),
                  literal(None, String).label("came_from"), literal(None, String).label("kind"),
                  literal(None, UtcDateTime).label("since"),
                  literal(None, UtcDateTime).label("until")).cte("walk", recursive=True)
    condition = or_(and_(made, (edge.c.source if ahead else edge.c.target) == walk.c.node),
                    and_(~made, (edge.c.target if ahead else edge.c.source) == walk.c.node))
    step = select(far, walk.c.depth + 1, walk.c.node, edge.c.kind,
                  event.c.event_time if ahead else literal(None, UtcDateTime),
                  _unpacked(edge, event) if ahead else literal(None, UtcDateTime)) \
        .select_from(walk.join(edge, condition).join(event, event.c.id == edge.c.event_pk)) \
        .where(walk.c.depth < depth)
    if ahead:
        step = step.where(or_(walk.c.since.is_(None), event.c.event_time >= walk.c.since),
                          or_(walk.c.until.is_(None), event.c.event_time < walk.c.until))
    walk = walk.union(step)
    rows = db_session.execute(select(walk.c.node, walk.c.came_from, walk.c.kind,
                                     walk.c.since, walk.c.until).distinct()
                              .limit(4 * max_nodes)).all()
    intervals: dict[str, list[tuple]] = {}
    for row in rows:
        intervals.setdefault(row.node, []).append((row.since, row.until))
    if len(intervals) > max_nodes or len(rows) == 4 * max_nodes:
        raise TraceTooLarge(f"The trace reaches more than {max_nodes:,} identifiers; trace "
                            "fewer steps (depth) or from a narrower identifier")
    steps = [(row.came_from, row.node, row.kind) for row in rows if row.came_from]
    return intervals, steps


def _unpacked(edge, event):
    """When the child of a containment edge left its parent: the first later DELETE
    that names both (None while it is still inside)."""
    undone, named = event.alias("undone"), EventEpc.__table__.alias("named")
    return select(func.min(undone.c.event_time)).select_from(
        undone.join(named, named.c.event_pk == undone.c.id)).where(
        undone.c.action == "DELETE", undone.c.parent_id == edge.c.source,
        named.c.role == "child", named.c.epc == edge.c.target,
        undone.c.event_time >= event.c.event_time, ~(edge.c.kind == "transformation")
    ).scalar_subquery()

def _within(moment, spans: list[tuple]) -> bool:
    return any((since is None or moment >= since) and (until is None or moment < until)
               for since, until in spans)


def _is_lot(node: str) -> bool:
    """A class: a GTIN with or without its lot (``/01/...`` without a serial)."""
    return node.startswith("https://id.gs1.org/01/") and "/21/" not in node


def _is_item(node: str) -> bool:
    """An instance: a serialised item, a logistic unit or a returnable asset."""
    return node.startswith(("https://id.gs1.org/00/", "https://id.gs1.org/8003/",
                            "https://id.gs1.org/8004/")) or "/21/" in node
