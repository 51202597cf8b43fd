"""The capture side of the EPCIS 2.0 REST binding: /capture, /capture/{id}, POST /events."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from sqlalchemy import select

from txng.deps import AppSettings, DbSession
from txng.epcis import capture as capture_service
from txng.epcis.document import event_document, parse_json
from txng.epcis.models import CaptureJob
from txng.epcis.schemas import CaptureJobRead
from txng.errors import InvalidInput, NotFound, PayloadTooLarge

router = APIRouter()

EPCIS_VERSION = "2.0.0"
CBV_VERSION = "2.0.0"


def standard_headers(settings) -> dict[str, str]:
    return {
        "GS1-EPCIS-Version": EPCIS_VERSION,
        "GS1-CBV-Version": CBV_VERSION,
        "GS1-EPCIS-Capture-Limit": str(settings.capture_limit),
        "GS1-EPCIS-Capture-File-Size-Limit": str(settings.capture_max_bytes),
        "GS1-Capture-Error-Behaviour": "rollback",
    }


def _check_request_headers(request: Request) -> None:
    version = request.headers.get("GS1-EPCIS-Version")
    if version and not version.startswith("2."):
        raise InvalidInput(f"GS1-EPCIS-Version '{version}' is not supported: this server "
                           f"speaks EPCIS {EPCIS_VERSION}", title="Not acceptable", status=406)
    behaviour = request.headers.get("GS1-Capture-Error-Behaviour", "rollback")
    if behaviour != "rollback":
        raise InvalidInput(f"GS1-Capture-Error-Behaviour '{behaviour}' is not supported: "
                           "a document is stored whole or not at all ('rollback')")


async def _read_body(request: Request, limit: int) -> bytes:
    """The request body, refused as soon as it passes ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge(f"The document is {int(declared):,} bytes; this server accepts "
                              f"at most {limit:,} bytes per capture")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge(f"The document is over {limit:,} bytes, the most this "
                                  "server accepts per capture")
        chunks.append(chunk)
    return b"".join(chunks)


def _accepted(job: CaptureJob, settings, request: Request) -> Response:
    if job.state == capture_service.PENDING and getattr(request.app.state, "worker", None):
        request.app.state.worker.wake()
    headers = {**standard_headers(settings), "Location": f"/capture/{job.id}"}
    return Response(status_code=202, headers=headers,
                    content=CaptureJobRead.of(job).model_dump_json(by_alias=True),
                    media_type="application/json")


@router.options("/capture")
def capture_options(settings: AppSettings) -> Response:
    """Tell clients the capture limits and versions this server supports."""
    return Response(status_code=204, headers={**standard_headers(settings),
                                              "Allow": "OPTIONS, GET, POST"})


@router.post("/capture", status_code=202)
async def capture_document(request: Request, db_session: DbSession,
                           settings: AppSettings) -> Response:
    """Capture an EPCISDocument (JSON/JSON-LD or XML); 202 with the job's Location."""
    _check_request_headers(request)
    data = await _read_body(request, settings.capture_max_bytes)
    job = capture_service.capture(db_session=db_session, data=data,
                                  media_type=request.headers.get("content-type"),
                                  settings=settings)
    return _accepted(job, settings, request)


@router.post("/events", status_code=202)
async def capture_event(request: Request, db_session: DbSession,
                        settings: AppSettings) -> Response:
    """Capture a single EPCIS event (JSON/JSON-LD)."""
    _check_request_headers(request)
    data = await _read_body(request, settings.capture_max_bytes)
    document = event_document(parse_json(data))
    job = capture_service.capture_parsed(db_session=db_session, document=document,
                                         settings=settings)
    return _accepted(job, settings, request)


@router.get("/capture")
def list_capture_jobs(db_session: DbSession, perPage: int = 30) -> list[dict]:
    """The most recent capture jobs, newest first."""
    jobs = db_session.scalars(select(CaptureJob).order_by(CaptureJob.created_at.desc())
                              .limit(min(max(perPage, 1), 1000))).all()
    return [CaptureJobRead.of(job).model_dump(by_alias=True, mode="json") for job in jobs]


@router.get("/capture/{capture_id}")
def get_capture_job(capture_id: str, db_session: DbSession) -> dict:
    """The state of one capture job, with its errors when it failed."""
    job = db_session.get(CaptureJob, capture_id)
    if job is None:
        raise NotFound(f"No capture job '{capture_id}'")
    return CaptureJobRead.of(job).model_dump(by_alias=True, mode="json")
