"""Pydantic shapes of the EPCIS REST binding's own documents (capture jobs)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from txng.epcis.capture import FAILED, PENDING, SUCCEEDED
from txng.epcis.models import CaptureJob


class CaptureJobRead(BaseModel):
    """A capture job as the EPCIS 2.0 REST binding describes it."""

    model_config = ConfigDict(populate_by_name=True)

    capture_id: str = Field(alias="captureID")
    created_at: datetime = Field(alias="createdAt")
    finished_at: datetime | None = Field(default=None, alias="finishedAt")
    running: bool
    success: bool
    capture_error_behaviour: str = Field(default="rollback", alias="captureErrorBehaviour")
    event_count: int = Field(alias="eventCount")
    errors: list[dict[str, Any]] = []

    @classmethod
    def of(cls, job: CaptureJob) -> CaptureJobRead:
        errors = [job.problem] if job.problem else []
        return cls(captureID=job.id, createdAt=job.created_at, finishedAt=job.finished_at,
                   running=job.state == PENDING, success=job.state != FAILED,
                   eventCount=job.event_count if job.state == SUCCEEDED else 0,
                   errors=errors)
