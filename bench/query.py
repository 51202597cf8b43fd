"""Query latency through the query language next to the same SQL written by hand.

    .venv/bin/python bench/query.py [--events 1000000] [--small 100000]
                                    [--sqlite PATH-PREFIX] [--postgres URL URL-SMALL]

For each backend it builds (or reuses, when the event count matches) a repository of
``--events`` events and one of ``--small`` events through the capture path (documents
of 1,000 ObjectEvents with 3 SGTINs each, 30 business steps, 40 locations, event
times over a year), then times, as the median of several runs with other values:

- EQ_bizStep + a one-week eventTime window, first page of 100;
- MATCH_epc for one EPC (also on the small repository: the cost must not grow with
  the table);
- a 10,000-event walk of one bizStep in pages of 1,000, following the page tokens;

each next to hand-written SQL over the same tables returning the same rows (and
decoding the same documents), both on warm pages. The last line is the worst hand/txng latency ratio.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select, text  # noqa: E402

import txng.models  # noqa: E402,F401
from txng.db import make_engine, make_sessionmaker, transaction  # noqa: E402
from txng.epcis.capture import store_document  # noqa: E402
from txng.epcis.cbv import BIZ_STEP  # noqa: E402
from txng.epcis.models import CaptureJob, Event  # noqa: E402
from txng.epcis.query.params import parse_query  # noqa: E402
from txng.epcis.query.service import query_events  # noqa: E402
from txng.epcis.query.visibility import Viewer  # noqa: E402
from txng.gs1 import canonical_epc  # noqa: E402
from txng.migrate import upgrade  # noqa: E402

PER_DOCUMENT = 1000
STEPS = sorted(BIZ_STEP.words)[:30]
LOCATIONS = [f"urn:epc:id:sgln:8934567.{n:05d}.0" for n in range(1, 41)]
START = datetime(2026, 1, 1, tzinfo=UTC)
YEAR_SECONDS = 365 * 24 * 3600
RUNS = 7
REPEAT = 3
VIEWER = Viewer(sees_all=True)
TARGET = 1 / 3


def sgtin(serial: int, k: int) -> str:
    return f"urn:epc:id:sgtin:8934567.000001.{serial}-{k}"


def document(number: int, total: int) -> dict:
    events = []
    for k in range(PER_DOCUMENT):
        serial = number * PER_DOCUMENT + k
        # Spread over the year in an order unlike capture order, as real events arrive.
        offset = (serial * 7919) % total * YEAR_SECONDS // total
        when = (START + timedelta(seconds=offset)).isoformat().replace("+00:00", "+07:00")
        location = {"id": LOCATIONS[serial % len(LOCATIONS)]}
        events.append({"type": "ObjectEvent", "eventTime": when, "eventTimeZoneOffset": "+07:00",
                       "eventID": f"urn:uuid:00000000-0000-4000-8000-{serial:012d}",
                       "epcList": [sgtin(serial, i) for i in range(3)], "action": "OBSERVE",
                       "bizStep": STEPS[serial % len(STEPS)], "readPoint": location,
                       "bizLocation": location})
    return {"@context": "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
            "type": "EPCISDocument", "schemaVersion": "2.0",
            "creationDate": "2026-12-01T00:00:00Z", "epcisBody": {"eventList": events}}


def repository(url: str, events: int):
    """An engine on a repository of ``events`` events, built through capture if needed."""
    engine = make_engine(url)
    upgrade(engine)
    sessions = make_sessionmaker(engine)
    with sessions() as db_session:
        stored = db_session.scalar(select(func.count()).select_from(Event))
    if stored != events:
        with engine.begin() as connection:
            for table in ("epcis_event_value", "lineage_edge", "epcis_event_epc",
                          "epcis_event", "capture_job"):
                connection.execute(text(f"DELETE FROM {table}"))
        start = time.perf_counter()
        for number in range(events // PER_DOCUMENT):
            with transaction(sessions) as db_session:
                job = CaptureJob(id=f"bench-{number}", state="succeeded",
                                 media_type="application/json",
                                 created_at=datetime.now(UTC), event_count=0)
                db_session.add(job)
                db_session.flush()
                store_document(db_session=db_session, document=document(number, events),
                               job_id=job.id)
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))
        print(f"  built {events:,} events in {time.perf_counter() - start:.0f} s", flush=True)
    return engine, sessions


def compare(ours, theirs, values) -> tuple[float, float]:
    """Median seconds of ``ours(value)`` and ``theirs(value)`` over ``values``.

    Each value is run once by both before it is timed, so that both read warm pages:
    timing one side over cold pages and the other over the pages it just loaded would
    measure the disk, not the query.
    """
    mine, hand_times = [], []
    for value in values:
        ours(value), theirs(value)
        for run, times in ((ours, mine), (theirs, hand_times)):
            start = time.perf_counter()
            for _ in range(REPEAT):
                run(value)
            times.append((time.perf_counter() - start) / REPEAT)
    return statistics.median(mine), statistics.median(hand_times)


def decode(rows) -> list[tuple[int, dict]]:
    """(id, document) of each row, the document decoded as the query path decodes it."""
    return [(row[0], row[2] if isinstance(row[2], dict) else json.loads(row[2]))
            for row in rows]


def txng_page(sessions, params: dict, per_page: int, token: str | None = None):
    with sessions() as db_session:
        return query_events(db_session=db_session, query=parse_query(params), viewer=VIEWER,
                            per_page=per_page, page_token=token)


def hand(sessions, sql: str, **params) -> list:
    with sessions() as db_session:
        return decode(db_session.execute(text(sql), params).all())


def step_and_week(sessions, events: int) -> tuple[float, float]:
    weeks = [(STEPS[n % len(STEPS)], START + timedelta(days=7 * n)) for n in range(RUNS + 1)]

    def ours(value):
        step, week = value
        return txng_page(sessions, {"EQ_bizStep": step, "GE_eventTime": week.isoformat(),
                                    "LT_eventTime": (week + timedelta(days=7)).isoformat()}, 100)

    def theirs(value):
        step, week = value
        return hand(sessions, "SELECT id, event_time, document FROM epcis_event "
                    "WHERE biz_step = :step AND event_time >= :since AND event_time < :until "
                    "AND superseded = false ORDER BY event_time, id LIMIT 101",
                    step=BIZ_STEP.expand(step), since=week, until=week + timedelta(days=7))

    assert len(ours(weeks[1]).events) == min(len(theirs(weeks[1])), 100)
    return compare(ours, theirs, weeks)


def one_epc(sessions, events: int) -> tuple[float, float]:
    epcs = [sgtin((n * 104729) % events, 1) for n in range(RUNS + 1)]

    def ours(epc):
        return txng_page(sessions, {"MATCH_epc": epc}, 100)

    def theirs(epc):
        return hand(sessions, "SELECT e.id, e.id, e.document FROM epcis_event e "
                    "JOIN epcis_event_epc x ON x.event_pk = e.id WHERE x.epc = :epc "
                    "AND x.role IN ('epc', 'child') AND e.superseded = false "
                    "ORDER BY e.id LIMIT 101", epc=canonical_epc(epc))

    assert len(ours(epcs[1]).events) == len(theirs(epcs[1])) == 1
    return compare(ours, theirs, epcs)


def paged_walk(sessions, events: int) -> tuple[float, float]:
    steps = [STEPS[n % len(STEPS)] for n in range(3)]

    def ours(step):
        token, seen = None, 0
        while seen < 10_000:
            page = txng_page(sessions, {"EQ_bizStep": step}, 1000, token)
            seen += len(page.events)
            token = page.next_token
            if token is None:
                break
        return seen

    def theirs(step):
        last, seen = 0, 0
        while seen < 10_000:
            rows = hand(sessions, "SELECT id, id, document FROM epcis_event "
                        "WHERE biz_step = :step AND superseded = false AND id > :last "
                        "ORDER BY id LIMIT 1001", step=BIZ_STEP.expand(step), last=last)
            seen += len(rows[:1000])
            if len(rows) <= 1000:
                break
            last = rows[999][0]
        return seen

    assert ours(steps[0]) == theirs(steps[0])
    return compare(ours, theirs, steps)


def bench(name: str, url: str, small_url: str, events: int, small: int) -> list[float]:
    print(f"{name}:", flush=True)
    _, sessions = repository(url, events)
    ratios = []
    for label, measure in (("EQ_bizStep + one-week window, first 100", step_and_week),
                           ("MATCH_epc, one EPC", one_epc),
                           ("10,000 events in pages of 1,000", paged_walk)):
        ours, theirs = measure(sessions, events)
        ratios.append(theirs / ours)
        print(f"  {label}: txng {ours * 1000:.2f} ms, hand SQL {theirs * 1000:.2f} ms, "
              f"hand/txng {theirs / ours:.2f}", flush=True)
    epc_large, _ = one_epc(sessions, events)
    _, small_sessions = repository(small_url, small)
    epc_small, _ = one_epc(small_sessions, small)
    print(f"  MATCH_epc at {events:,} events {epc_large * 1000:.2f} ms, at {small:,} "
          f"{epc_small * 1000:.2f} ms: ratio {epc_large / epc_small:.2f} (target <= 1.3)",
          flush=True)
    return ratios


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=100_000)
    parser.add_argument("--sqlite", default="/tmp/txng-bench-query",
                        help="path prefix of the SQLite files ('' to skip SQLite)")
    parser.add_argument("--postgres", nargs=2, metavar=("URL", "URL_SMALL"),
                        help="two PostgreSQL databases, for the large and the small repository")
    args = parser.parse_args()
    worst: dict[str, float] = {}
    if args.sqlite:
        worst["SQLite"] = min(bench(
            "SQLite", f"sqlite:///{args.sqlite}-{args.events}.db",
            f"sqlite:///{args.sqlite}-{args.small}.db", args.events, args.small))
    if args.postgres:
        worst["PostgreSQL"] = min(bench("PostgreSQL", *args.postgres, args.events, args.small))
    backend = min(worst, key=worst.get)
    print(f"query ratio: {worst[backend]:.2f} (hand-SQL latency / txng latency, worst of three "
          f"queries on {', '.join(worst)}: {backend}, target >= {TARGET:.2f})")


if __name__ == "__main__":
    main()
