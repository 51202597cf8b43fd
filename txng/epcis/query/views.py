"""The query side of the EPCIS 2.0 REST binding: /events, the resource lists and their
/events, and named queries."""

from __future__ import annotations

import asyncio
import json
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request, Response, WebSocket, WebSocketDisconnect
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from txng.deps import CurrentViewer, DbSession, get_viewer
from txng.epcis import cbv
from txng.epcis.capture import now
from txng.epcis.document import EVENT_TYPES
from txng.epcis.query import named as named_queries
from txng.epcis.query import render, service, subscriptions
from txng.epcis.query.params import parse_extensions, parse_query
from txng.epcis.query.schedule import Schedule
from txng.epcis.query.visibility import Viewer
from txng.epcis.views import CBV_VERSION, EPCIS_VERSION
from txng.epcis.xml_write import query_document_xml
from txng.errors import NotFound, QueryParameterError, TxngError

router = APIRouter()

SIMPLE_EVENT_QUERY = "SimpleEventQuery"
# Query-string parameters of the binding itself, not of the query language.
PAGING = ("perPage", "nextPageToken")
RESOURCES = {"bizSteps": "EQ_bizStep", "bizLocations": "EQ_bizLocation",
             "readPoints": "EQ_readPoint", "dispositions": "EQ_disposition",
             "epcs": "MATCH_anyEPC"}
TOP_LEVEL = ["queries", "capture", "events", "eventTypes", "epcs", "readPoints",
             "bizLocations", "dispositions", "bizSteps"]


def query_headers(request: Request) -> dict[str, str]:
    return {"GS1-EPCIS-Version": EPCIS_VERSION, "GS1-CBV-Version": CBV_VERSION,
            "GS1-EPC-Format": request.headers.get("GS1-EPC-Format",
                                                  "Always_GS1_Digital_Link"),
            "GS1-Extensions": request.headers.get("GS1-Extensions", "")}


def events_response(request: Request, db_session, viewer: Viewer, *,
                    params: dict[str, Any], query_name: str = SIMPLE_EVENT_QUERY,
                    namespaces: dict[str, str] | None = None) -> Response:
    """Run a query and answer one page of it, as JSON-LD or XML, with its Link."""
    per_page, token = _paging(request)
    if namespaces is None:
        namespaces = parse_extensions(request.headers.get("GS1-Extensions"))
    query = parse_query(params, namespaces=namespaces)
    page = service.query_events(db_session=db_session, query=query, viewer=viewer,
                                per_page=per_page, page_token=token)
    headers = query_headers(request)
    if page.next_token:
        headers["Link"] = _next_link(request, page.next_token)
    return _answer(request, page.events, query_name=query_name, headers=headers)


def _answer(request: Request, events: list[dict[str, Any]], *, query_name: str,
            headers: dict[str, str]) -> Response:
    """Stored events as the EPCISQueryDocument the request accepts: XML or JSON-LD."""
    convert = render.epc_converter(request.headers.get("GS1-EPC-Format"))
    if _wants_xml(request):
        body = query_document_xml(
            [render.convert_epcs(e, convert) for e in events] if convert else events,
            query_name=query_name,
            cbv_format=request.headers.get("GS1-CBV-XML-Format", "No_Preference"))
        return Response(body, media_type="application/xml", headers=headers)
    document = render.query_document([render.answer_event(e, convert) for e in events],
                                     query_name=query_name)
    return JSONResponse(document, headers=headers, media_type="application/ld+json"
                        if "ld+json" in request.headers.get("accept", "") else None)


def query_params(request: Request) -> dict[str, str]:
    """The query-language parameters of the query string; a repeated parameter's values
    join as a pipe-delimited list."""
    params: dict[str, str] = {}
    for name, value in request.query_params.multi_items():
        if name in PAGING:
            continue
        params[name] = f"{params[name]}|{value}" if name in params else value
    return params


@router.options("/")
def discovery(request: Request) -> Response:
    """What this server supports: versions, EPC formats, extensions."""
    return Response(status_code=204, headers={
        **query_headers(request), "Allow": "OPTIONS, GET",
        "GS1-EPCIS-Min": EPCIS_VERSION, "GS1-EPCIS-Max": EPCIS_VERSION,
        "GS1-CBV-Min": CBV_VERSION, "GS1-CBV-Max": CBV_VERSION,
        "GS1-EPC-Format": ", ".join(render.EPC_FORMATS[:3]),
        "GS1-CBV-XML-Format": "No_Preference, Always_Web_URI, Always_URN"})


@router.get("/events")
def get_events(request: Request, db_session: DbSession, viewer: CurrentViewer) -> Response:
    """Events matching the EPCIS query language parameters of the query string."""
    return events_response(request, db_session, viewer, params=query_params(request))


@router.get("/events/{event_id:path}")
def get_event(event_id: str, request: Request, db_session: DbSession,
              viewer: CurrentViewer) -> Response:
    """One event by its eventID (URL-encoded)."""
    event = service.event_by_id(db_session=db_session, event_id=event_id, viewer=viewer)
    if event is None:
        raise NotFound(f"No event with eventID '{event_id}'")
    return _answer(request, [event], query_name=SIMPLE_EVENT_QUERY,
                   headers=query_headers(request))


@router.get("/eventTypes")
def event_types() -> dict:
    return render.collection(list(EVENT_TYPES))


@router.get("/eventTypes/{event_type}")
def event_type(event_type: str) -> dict:
    if event_type not in EVENT_TYPES:
        raise NotFound(f"'{event_type}' is not an event type this server holds")
    return render.collection(["events"])


@router.get("/eventTypes/{event_type}/events")
def event_type_events(event_type: str, request: Request, db_session: DbSession,
                      viewer: CurrentViewer) -> Response:
    return events_response(request, db_session, viewer,
                           params={**query_params(request), "eventType": event_type})


def _resource_routes(resource: str, parameter: str) -> None:
    singular = resource.removesuffix("s")

    def listing(request: Request, db_session: DbSession) -> Response:
        per_page, token = _paging(request)
        values, next_token = service.distinct_values(
            db_session=db_session, resource=resource, per_page=per_page, page_token=token)
        headers = query_headers(request)
        if next_token:
            headers["Link"] = _next_link(request, next_token)
        return JSONResponse(render.collection(_members(resource, values, request)),
                            headers=headers)

    def item(value: str) -> dict:
        return render.collection(["events"])

    def item_events(value: str, request: Request, db_session: DbSession,
                    viewer: CurrentViewer) -> Response:
        return events_response(request, db_session, viewer,
                               params={**query_params(request), parameter: value})

    router.add_api_route(f"/{resource}", listing, methods=["GET"],
                         summary=f"The {resource} of stored events")
    router.add_api_route(f"/{resource}/{{value:path}}/events", item_events, methods=["GET"],
                         summary=f"Events of one {singular}")
    router.add_api_route(f"/{resource}/{{value:path}}", item, methods=["GET"],
                         summary=f"What is available for one {singular}")


for _resource, _parameter in RESOURCES.items():
    _resource_routes(_resource, _parameter)


@router.post("/queries", status_code=201)
async def create_named_query(request: Request, db_session: DbSession,
                             viewer: CurrentViewer) -> Response:
    """Keep a query under a name: ``{"name": ..., "query": {...}}``."""
    body = await _json_body(request)
    named = named_queries.create_query(
        db_session=db_session, name=body.get("name"), query=body.get("query"),
        namespaces=parse_extensions(request.headers.get("GS1-Extensions")),
        owner=viewer.party)
    return Response(status_code=201, headers={**query_headers(request),
                                              "Location": f"/queries/{named.name}"})


@router.get("/queries")
def list_named_queries(db_session: DbSession) -> list[dict]:
    return [{"name": q.name, "query": q.query}
            for q in named_queries.list_queries(db_session=db_session)]


@router.get("/queries/{name}")
def get_named_query(name: str, db_session: DbSession) -> dict:
    named = named_queries.get_query(db_session=db_session, name=name)
    return {"name": named.name, "query": named.query}


@router.delete("/queries/{name}", status_code=204)
def delete_named_query(name: str, db_session: DbSession) -> Response:
    named_queries.delete_query(db_session=db_session, name=name)
    return Response(status_code=204)


@router.get("/queries/{name}/events")
def named_query_events(name: str, request: Request, db_session: DbSession,
                       viewer: CurrentViewer) -> Response:
    named = named_queries.get_query(db_session=db_session, name=name)
    return events_response(request, db_session, viewer, params=named.query, query_name=name,
                           namespaces=named.namespaces)


@router.post("/queries/{name}/subscriptions", status_code=201)
async def subscribe(name: str, request: Request, db_session: DbSession,
                    viewer: CurrentViewer) -> Response:
    """Subscribe a webhook: ``{"dest", "signatureToken", "stream": true}`` or a schedule."""
    body = await _json_body(request)
    subscription = subscriptions.create_subscription(
        db_session=db_session, query_name=name, body=body, viewer=viewer)
    location = f"/queries/{name}/subscriptions/{subscription.id}"
    return JSONResponse(subscriptions.describe(subscription), status_code=201,
                        headers={**query_headers(request), "Location": location})


@router.get("/queries/{name}/subscriptions")
def list_subscriptions(name: str, db_session: DbSession) -> list[dict]:
    return [subscriptions.describe(subscription) for subscription in
            subscriptions.list_subscriptions(db_session=db_session, query_name=name)]


@router.get("/queries/{name}/subscriptions/{subscription_id}")
def get_subscription(name: str, subscription_id: str, db_session: DbSession) -> dict:
    return subscriptions.describe(subscriptions.get_subscription(
        db_session=db_session, query_name=name, subscription_id=subscription_id))


@router.delete("/queries/{name}/subscriptions/{subscription_id}", status_code=204)
def unsubscribe(name: str, subscription_id: str, db_session: DbSession) -> Response:
    db_session.delete(subscriptions.get_subscription(
        db_session=db_session, query_name=name, subscription_id=subscription_id))
    return Response(status_code=204)


@router.websocket("/queries/{name}/events")
async def stream_named_query(websocket: WebSocket, name: str) -> None:
    """A WebSocket subscription (``?stream=true`` or schedule fields): every matching
    event captured after the handshake arrives as an EPCISQueryDocument."""
    app = websocket.app
    viewer = get_viewer(websocket)
    try:
        query, position, schedule = await run_in_threadpool(
            _open_stream, app.state.sessions, name, dict(websocket.query_params))
    except TxngError as exc:
        await websocket.accept()
        await websocket.send_json(exc.problem())
        await websocket.close(code=1008)
        return
    await websocket.accept()
    poll = app.state.settings.subscription_poll_seconds
    try:
        while True:
            wait = poll
            if schedule is not None:
                wait = max((schedule.next_after(now()) - now()).total_seconds(), 0.0)
            await asyncio.sleep(wait)
            events, position = await run_in_threadpool(
                _stream_batch, app.state.sessions, query, viewer, position)
            if events or schedule is not None:
                await websocket.send_json(render.query_document(events, query_name=name))
    except WebSocketDisconnect:
        return


def _open_stream(sessions, name: str, params: dict[str, str]):
    with sessions() as db_session:
        position = subscriptions.start_position(db_session=db_session, query_name=name,
                                                params=params)
        query = named_queries.parsed(named_queries.get_query(db_session=db_session, name=name))
    schedule_fields = {k: v for k, v in params.items() if k in Schedule.FIELDS}
    return query, position, Schedule.parse(schedule_fields) if schedule_fields else None


def _stream_batch(sessions, query, viewer: Viewer, position: int):
    with sessions() as db_session:
        events, position = subscriptions.new_events(db_session, query, viewer=viewer,
                                                    after_pk=position)
    convert = render.epc_converter(None)
    return [render.answer_event(event, convert) for event in events], position


async def _json_body(request: Request) -> dict[str, Any]:
    try:
        body = json.loads(await request.body())
    except (ValueError, UnicodeDecodeError) as exc:
        raise QueryParameterError(f"Malformed JSON: {exc}") from None
    if not isinstance(body, dict):
        raise QueryParameterError("The body must be a JSON object")
    return body


def _paging(request: Request) -> tuple[int | None, str | None]:
    text = request.query_params.get("perPage")
    if text is not None and not text.isdigit():
        raise QueryParameterError(f"perPage: '{text}' must be a positive whole number")
    return (int(text) if text else None), request.query_params.get("nextPageToken")


def _next_link(request: Request, token: str) -> str:
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "nextPageToken"]
    return f'<{request.url.path}?{urlencode([*params, ("nextPageToken", token)])}>; rel="next"'


def _wants_xml(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "application/xml" in accept or "text/xml" in accept


def _members(resource: str, values: list[str], request: Request) -> list[str]:
    if resource == "bizSteps":
        return [cbv.BIZ_STEP.compact(value) for value in values]
    if resource == "dispositions":
        return [cbv.DISPOSITION.compact(value) for value in values]
    convert = render.epc_converter(request.headers.get("GS1-EPC-Format"))
    return [convert(value) for value in values] if convert else values
