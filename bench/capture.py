"""Capture throughput next to the raw insert of the same rows into the same engine.

    .venv/bin/python bench/capture.py [--events 100000] [--postgres URL]

For each backend (SQLite file; PostgreSQL when --postgres or TXNG_TEST_POSTGRES_URL is
given) it captures documents of 1,000 ObjectEvents and AggregationEvents through the one
capture path (parse bytes, validate, normalise, hash, index, store), then empties the
tables and inserts exactly the rows capture derived with the DBAPI's executemany, one
transaction per document. The ratio is capture events/s over raw events/s.
It also reports peak Python memory while capturing one 10,000-event document.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text  # noqa: E402

import txng.models  # noqa: E402,F401
from txng.config import Settings  # noqa: E402
from txng.db import Base, make_engine, make_sessionmaker, transaction  # noqa: E402
from txng.epcis.capture import _derive, capture, now  # noqa: E402
from txng.epcis.normalise import document_namespaces  # noqa: E402
from txng.migrate import upgrade  # noqa: E402

CONTEXT = ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
           {"txng": "https://txng.vn/ns/"}]
PER_DOCUMENT = 1000
TARGET = 0.35


def make_document(number: int, size: int = PER_DOCUMENT) -> dict:
    """A document of ObjectEvents (5 EPCs) and AggregationEvents (1 SSCC, 5 children)."""
    events = []
    for k in range(size):
        serial = number * size + k
        epcs = [f"urn:epc:id:sgtin:8934567.000001.{serial}-{i}" for i in range(5)]
        when = f"2026-03-01T08:{k % 60:02d}:{(serial // 60) % 60:02d}.000+07:00"
        if k % 2:
            events.append({"type": "AggregationEvent", "eventTime": when,
                           "eventTimeZoneOffset": "+07:00",
                           "parentID": f"urn:epc:id:sscc:8934567.{serial:010d}",
                           "childEPCs": epcs, "action": "ADD", "bizStep": "packing",
                           "disposition": "in_progress",
                           "readPoint": {"id": "urn:epc:id:sgln:8934567.00002.0"}})
        else:
            events.append({"type": "ObjectEvent", "eventTime": when,
                           "eventTimeZoneOffset": "+07:00", "epcList": epcs,
                           "action": "ADD", "bizStep": "commissioning",
                           "disposition": "active",
                           "readPoint": {"id": "urn:epc:id:sgln:8934567.00002.0"},
                           "bizLocation": {"id": "urn:epc:id:sgln:8934567.00002.0"},
                           "ilmd": {"txng:lot": f"LOT-{number}"}})
    return {"@context": CONTEXT, "type": "EPCISDocument", "schemaVersion": "2.0",
            "creationDate": "2026-03-01T10:00:00Z", "epcisBody": {"eventList": events}}


def fresh(url: str):
    engine = make_engine(url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    upgrade(engine)
    return engine


def empty(engine) -> None:
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())


def run_capture(engine, payloads: list[bytes], settings: Settings) -> float:
    sessions = make_sessionmaker(engine)
    start = time.perf_counter()
    for data in payloads:
        with transaction(sessions) as db_session:
            capture(db_session=db_session, data=data, media_type="application/ld+json",
                    settings=settings, inline=True)
    return time.perf_counter() - start


def derived_rows(documents: list[dict]) -> list[tuple[list, list, list, list]]:
    """The event, EPC, edge and typed-value rows capture writes, ids assigned up front."""
    batches, pk, record_time = [], 0, now()
    job = "00000000-0000-0000-0000-000000000000"
    for doc in documents:
        namespaces = document_namespaces(doc)
        events, epcs, edges, values = [], [], [], []
        for index, event in enumerate(doc["epcisBody"]["eventList"]):
            pk += 1
            item = _derive(event, index, namespaces, record_time, None)
            row = dict(item.row, id=pk, capture_job_id=job,
                       document=json.dumps(item.row["document"], separators=(",", ":")))
            events.append(row)
            epcs += [{"event_pk": pk, "epc": epc, "role": role, "quantity": quantity}
                     for epc, role, quantity in item.epcs]
            edges += [{"event_pk": pk, "source": s, "target": t, "kind": k}
                      for s, t, k in item.edges]
            values += [{"event_pk": pk, "field": v.field, "name": v.name, "value": v.value,
                        "number": v.number, "moment": v.moment} for v in item.values]
        batches.append((events, epcs, edges, values))
    return batches


def run_raw(engine, batches) -> float:
    """executemany of the same rows through the DBAPI cursor, one transaction a batch."""
    paramstyle = "%({})s" if engine.dialect.name == "postgresql" else ":{}"

    def statement(table, row):
        columns = list(row)
        return (f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
                f"({', '.join(paramstyle.format(c) for c in columns)})")

    connection = engine.raw_connection()
    cur = connection.cursor()
    cur.execute("INSERT INTO capture_job (id, state, media_type, created_at, event_count)"
                " VALUES ('00000000-0000-0000-0000-000000000000', 'succeeded', 'bench',"
                " '2026-01-01T00:00:00+00:00', 0)")
    connection.commit()
    cur.close()
    start = time.perf_counter()
    for events, epcs, edges, values in batches:
        cur = connection.cursor()
        cur.executemany(statement("epcis_event", events[0]), events)
        cur.executemany(statement("epcis_event_epc", epcs[0]), epcs)
        if edges:
            cur.executemany(statement("lineage_edge", edges[0]), edges)
        if values:
            cur.executemany(statement("epcis_event_value", values[0]), values)
        connection.commit()
        cur.close()
    elapsed = time.perf_counter() - start
    connection.close()
    return elapsed


def peak_memory(engine, settings: Settings) -> tuple[float, float]:
    """Peak traced MiB capturing one 10,000-event document, and that document's bytes."""
    empty(engine)
    data = json.dumps(make_document(10_000, 10_000)).encode()
    sessions = make_sessionmaker(engine)
    tracemalloc.start()
    with transaction(sessions) as db_session:
        capture(db_session=db_session, data=data, media_type="application/json",
                settings=settings, inline=True)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20, len(data) / 2**20


def bench(name: str, url: str, total: int) -> float:
    settings = Settings(database_url=url)
    engine = fresh(url)
    documents = [make_document(n) for n in range(total // PER_DOCUMENT)]
    payloads = [json.dumps(doc).encode() for doc in documents]
    captured = run_capture(engine, payloads, settings)
    batches = derived_rows(documents)
    empty(engine)
    raw = run_raw(engine, batches)
    peak, size = peak_memory(engine, settings)
    engine.dispose()
    capture_rate, raw_rate = total / captured, total / raw
    print(f"{name}: capture {capture_rate:,.0f} events/s, raw executemany "
          f"{raw_rate:,.0f} events/s, ratio {capture_rate / raw_rate:.2f}; "
          f"peak memory for a 10,000-event document: {peak:.1f} MiB "
          f"(document {size:.1f} MiB)")
    return capture_rate / raw_rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--postgres", default=os.environ.get("TXNG_TEST_POSTGRES_URL"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        ratios = {"SQLite": bench("SQLite", f"sqlite:///{folder}/bench.db", args.events)}
    if args.postgres:
        ratios["PostgreSQL"] = bench("PostgreSQL", args.postgres, args.events)
    worst = min(ratios, key=ratios.get)
    print(f"capture ratio: {ratios[worst]:.2f} (capture events/s / raw executemany events/s, "
          f"worst of {', '.join(ratios)}: {worst}, target >= {TARGET})")


if __name__ == "__main__":
    main()
