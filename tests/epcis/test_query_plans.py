"""Indexed filters are index searches, not full scans, on SQLite and PostgreSQL.

The plans are read from EXPLAIN over 2,000 captured events with statistics gathered,
so that each planner chooses as it would on a real repository; the filtered values are
rare, as a selective filter is (for a common one, walking the answer order and
filtering is the better plan and PostgreSQL rightly takes it).
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests import factories as f
from txng.db import transaction
from txng.epcis.capture import capture_parsed
from txng.epcis.query.builder import event_select
from txng.epcis.query.params import parse_query
from txng.epcis.query.visibility import Viewer

STEPS = ["commissioning", "packing", "shipping", "receiving", "storing", "loading",
         "unloading", "inspecting", "picking", "retail_selling"]
EVENTS = 2000


RARE = 250  # every RARE-th event is the only one destroying, and of a second product


def _event(n: int) -> dict:
    day = 1 + n % 28
    rare = n % RARE == 0
    sgtin = "urn:epc:id:sgtin:8934567.000002.{serial}" if rare else f.SGTIN
    return f.object_event(
        eventID=f"urn:uuid:plan-{n}", bizStep="destroying" if rare else STEPS[n % len(STEPS)],
        epcList=[sgtin.format(serial=f"P{n}-{k}") for k in range(3)],
        eventTime=f"2026-{1 + n % 12:02d}-{day:02d}T08:00:00.000+07:00",
        bizLocation={"id": f"urn:epc:id:sgln:8934567.{n % 97:05d}.0"},
        readPoint={"id": f"urn:epc:id:sgln:8934567.{n % 89:05d}.0"},
        ilmd={"txng:grade": f"G{n % 50}"})


@pytest.fixture
def analysed(engine, sessions):
    with transaction(sessions) as db_session:
        capture_parsed(db_session=db_session, actor="owner",
                       document=f.document(*(_event(n) for n in range(EVENTS))))
    with engine.begin() as connection:
        connection.execute(text("ANALYZE"))
    return sessions


CASES = [
    ({"EQ_bizStep": "destroying"}, "ix_epcis_event_biz_step"),
    ({"EQ_bizLocation": "urn:epc:id:sgln:8934567.00005.0"}, "ix_epcis_event_biz_location"),
    ({"EQ_readPoint": "urn:epc:id:sgln:8934567.00005.0"}, "ix_epcis_event_read_point"),
    ({"GE_eventTime": "2026-03-01T00:00:00+07:00", "LT_eventTime": "2026-03-08T00:00:00+07:00"},
     ("ix_epcis_event_event_time", "ix_epcis_event_type_event_time")),
    ({"EQ_eventID": "urn:uuid:plan-7"}, "ix_epcis_event_event_id"),
    ({"MATCH_epc": f.SGTIN.format(serial="P7-1")}, "ix_epcis_event_epc_epc_role"),
    ({"MATCH_anyEPC": f.SGTIN.format(serial="P7-1")}, "ix_epcis_event_epc_epc_role"),
    ({"MATCH_epc": "urn:epc:idpat:sgtin:8934567.000002.*"}, "ix_epcis_event_epc_epc_role"),
    ({"EQ_ILMD_txng:grade": "G7"}, "ix_epcis_event_value_field_name_value"),
]


def _plan(db_session, params: dict) -> str:
    query = parse_query(params, namespaces={"txng": "https://txng.vn/ns/"})
    stmt = event_select(db_session, query, viewer=Viewer(sees_all=True)).limit(101)
    engine = db_session.bind
    sql = str(stmt.compile(engine, compile_kwargs={"literal_binds": True}))
    explain = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN "
    return "\n".join(str(row[-1]) for row in db_session.execute(text(explain + sql)))


@pytest.mark.parametrize("params, index", CASES)
def test_indexed_filters_search_their_index(analysed, params, index):
    with analysed() as db_session:
        plan = _plan(db_session, params)
    assert any(name in plan for name in ((index,) if isinstance(index, str) else index)), plan
    lines = [line.strip() for line in plan.splitlines()]
    # SQLite names a full table scan "SCAN <table>" with no index; PostgreSQL "Seq Scan".
    assert not any(line in ("SCAN epcis_event", "SCAN epcis_event_epc") for line in lines), plan
    assert "Seq Scan on epcis_event" not in plan, plan
