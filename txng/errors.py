"""Errors raised by domain code and rendered once, as RFC 7807 problem+json, by the app.

Domain code raises these, never FastAPI's HTTPException, so that the CLI, background
jobs and the REST binding report the same words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

EPCIS_VALIDATION = "epcisException:ValidationException"
EPCIS_CAPTURE_LIMIT = "epcisException:CaptureLimitExceededException"
EPCIS_NO_SUCH_RESOURCE = "epcisException:NoSuchResourceException"
EPCIS_IMPLEMENTATION = "epcisException:ImplementationException"
EPCIS_QUERY_PARAMETER = "epcisException:QueryParameterException"
EPCIS_QUERY_TOO_LARGE = "epcisException:QueryTooLargeException"
EPCIS_NO_SUCH_NAME = "epcisException:NoSuchNameException"
EPCIS_NO_SUCH_SUBSCRIPTION = "epcisException:NoSuchSubscriptionException"


@dataclass(frozen=True)
class FieldError:
    """One thing wrong with the input: where it is and what is wrong."""

    field: str
    """Path of the offending field, e.g. ``eventList[3].eventTime``."""
    message: str
    """What is wrong, in words that name the expected form."""
    event: int | None = None
    """Index of the event in the document's eventList, when the error is inside one."""

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"field": self.field, "message": self.message}
        if self.event is not None:
            out["event"] = self.event
        return out


class TxngError(Exception):
    """Base of every error that reaches a user; carries what RFC 7807 needs."""

    status = 500
    title = "Internal error"
    type = "about:blank"

    def __init__(self, detail: str, *, title: str | None = None, type: str | None = None,
                 status: int | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        if title is not None:
            self.title = title
        if type is not None:
            self.type = type
        if status is not None:
            self.status = status

    def problem(self) -> dict[str, Any]:
        return {"type": self.type, "title": self.title, "status": self.status,
                "detail": self.detail}


class NotFound(TxngError):
    status = 404
    title = "Not found"
    type = EPCIS_NO_SUCH_RESOURCE


class Conflict(TxngError):
    status = 409
    title = "Conflict"


class Forbidden(TxngError):
    status = 403
    title = "Forbidden"


class PayloadTooLarge(TxngError):
    status = 413
    title = "Capture limit exceeded"
    type = EPCIS_CAPTURE_LIMIT


class InvalidInput(TxngError):
    """The input is wrong; ``errors`` lists every field at fault."""

    status = 400
    title = "Invalid input"
    type = EPCIS_VALIDATION

    def __init__(self, detail: str, *, errors: list[FieldError] | None = None,
                 title: str | None = None, type: str | None = None,
                 status: int | None = None) -> None:
        super().__init__(detail, title=title, type=type, status=status)
        self.errors = list(errors or [])

    @classmethod
    def listing(cls, errors: list[FieldError], lead: str = ""):
        """The error that reports every one of ``errors`` in its detail."""
        return cls(lead + "; ".join(f"{e.field}: {e.message}" for e in errors), errors=errors)

    def problem(self) -> dict[str, Any]:
        out = super().problem()
        if self.errors:
            out["errors"] = [e.as_dict() for e in self.errors]
        return out


class QueryParameterError(InvalidInput):
    """A query names an unknown parameter or gives one a value it cannot take."""

    title = "Invalid query parameter"
    type = EPCIS_QUERY_PARAMETER


class QueryTooLarge(TxngError):
    status = 413
    title = "Query too large"
    type = EPCIS_QUERY_TOO_LARGE
