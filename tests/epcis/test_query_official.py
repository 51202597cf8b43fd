"""Every official example that capture accepts is found again by the query interface:
by eventID, by event type, by business step, and by each of its EPCs in both EPC URN
and Digital Link form."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.epcis.test_capture import NOT_CONFORMANT, _valid_documents
from tests.standards import standards_path
from txng.db import transaction
from txng.epcis.capture import capture
from txng.epcis.models import Event, EventEpc
from txng.epcis.query.params import parse_query
from txng.epcis.query.service import query_events
from txng.epcis.query.visibility import Viewer
from txng.gs1 import ParseError, to_urn

VIEWER = Viewer(sees_all=True)
DOCUMENTS = [name for name in _valid_documents() if name not in NOT_CONFORMANT]


def found(db, **params) -> set[str]:
    page = query_events(db_session=db, query=parse_query(params), viewer=VIEWER, per_page=10_000)
    return {event["eventID"] for event in page.events}


@pytest.mark.parametrize("name", DOCUMENTS or ["(absent)"])
def test_official_examples_are_found_by_query(sessions, db, name):
    path = standards_path("epcis", name)
    media_type = "application/xml" if path.suffix == ".xml" else "application/ld+json"
    with transaction(sessions) as db_session:
        capture(db_session=db_session, data=path.read_bytes(), media_type=media_type,
                inline=True)
    events = db.execute(select(Event.id, Event.event_id, Event.type, Event.biz_step)
                        .where(Event.superseded.is_(False))).all()
    assert found(db) == {event_id for _, event_id, _, _ in events}
    for pk, event_id, event_type, biz_step in events:
        assert event_id in found(db, EQ_eventID=event_id)
        assert event_id in found(db, eventType=event_type)
        if biz_step:
            assert event_id in found(db, EQ_bizStep=biz_step)
        for epc, role in db.execute(select(EventEpc.epc, EventEpc.role)
                                    .where(EventEpc.event_pk == pk)):
            parameter = "MATCH_anyEPCClass" if role.endswith(("qty", "quantity")) \
                else "MATCH_anyEPC"
            assert event_id in found(db, **{parameter: epc})
            try:
                urn = to_urn(epc)
            except ParseError:
                continue
            assert event_id in found(db, **{parameter: urn}), (epc, urn)
