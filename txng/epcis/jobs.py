"""Capture jobs: the database is the queue, and the server process runs the worker.

A job is claimed and stored inside one transaction that holds its row lock
(PostgreSQL: ``FOR UPDATE SKIP LOCKED``), so a worker that dies mid-way leaves the
job pending for the next one instead of half-written.
"""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from txng.background import Poller
from txng.config import Settings
from txng.db import transaction
from txng.epcis.capture import FAILED, PENDING, SUCCEEDED, now, store_document
from txng.epcis.document import parse_document
from txng.epcis.models import CaptureJob
from txng.errors import EPCIS_IMPLEMENTATION, TxngError

log = logging.getLogger(__name__)


def run_next(*, sessions: sessionmaker[Session], settings: Settings) -> str | None:
    """Process the oldest pending job, if any; return its id."""
    failure: TxngError | None = None
    try:
        with transaction(sessions) as db_session:
            job = db_session.scalars(
                select(CaptureJob).where(CaptureJob.state == PENDING)
                .order_by(CaptureJob.created_at).limit(1)
                .with_for_update(skip_locked=True)).first()
            if job is None:
                return None
            job_id = job.id
            document = parse_document(job.payload or b"", job.media_type)
            job.event_count = store_document(db_session=db_session, document=document,
                                             job_id=job.id, owner=job.actor,
                                             settings=settings)
            job.state, job.finished_at, job.payload = SUCCEEDED, now(), None
    except TxngError as exc:
        failure = exc
    except Exception as exc:  # a bug must not leave a poison job retried forever
        log.exception("capture job failed unexpectedly")
        failure = TxngError(f"The server failed while storing the document: {exc}",
                            type=EPCIS_IMPLEMENTATION)
    if failure is not None:
        # The failed attempt rolled back whole; record why in a transaction of its own.
        with transaction(sessions) as db_session:
            job = db_session.get(CaptureJob, job_id)
            job.state, job.finished_at, job.payload = FAILED, now(), None
            job.problem = failure.problem()
    return job_id


def run_pending(*, sessions: sessionmaker[Session], settings: Settings) -> int:
    """Drain the queue; return how many jobs were processed."""
    count = 0
    while run_next(sessions=sessions, settings=settings) is not None:
        count += 1
    return count


def capture_worker(*, sessions: sessionmaker[Session], settings: Settings) -> Poller:
    """The server's thread that drains the capture queue."""
    return Poller(lambda: run_pending(sessions=sessions, settings=settings),
                  name="txng-capture-worker", poll_seconds=settings.worker_poll_seconds)
