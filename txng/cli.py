"""The ``txng`` command line: serve, demo, db, capture, query, party."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from sqlalchemy import Engine

from txng.config import Settings, get_settings
from txng.db import Base, make_engine, make_sessionmaker, transaction
from txng.errors import TxngError
from txng.migrate import upgrade

app = typer.Typer(help="txng — truy xuất nguồn gốc (product traceability) for a province.",
                  no_args_is_help=True)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")
party_app = typer.Typer(help="Parties of the registry.", no_args_is_help=True)
app.add_typer(party_app, name="party")


def _engine(settings: Settings) -> Engine:
    engine = make_engine(settings.database_url)
    upgrade(engine)
    return engine


def _fail(exc: TxngError, code: int = 1) -> None:
    typer.echo(f"error: {exc.detail}", err=True)
    for error in getattr(exc, "errors", []):
        typer.echo(f"  {error.field}: {error.message}", err=True)
    raise typer.Exit(code=code)


@app.command()
def serve(host: str = "127.0.0.1", port: int = 8000) -> None:
    """Migrate the database TXNG_DATABASE_URL names, then serve the platform."""
    import uvicorn

    from txng.app import create_app

    settings = get_settings()
    _engine(settings).dispose()
    typer.echo(f"txng serving {settings.database_url} on http://{host}:{port}/")
    uvicorn.run(create_app(settings), host=host, port=port)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply every migration not yet applied."""
    settings = get_settings()
    _engine(settings).dispose()
    typer.echo(f"database at the newest schema: {settings.database_url}")


@app.command()
def capture(file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True)) -> None:
    """Capture an EPCIS 2.0 document (JSON/JSON-LD or XML) from FILE, whole or not at all."""
    from txng.epcis.capture import capture as capture_document

    settings = get_settings()
    engine = _engine(settings)
    media_type = "application/xml" if file.suffix.lower() == ".xml" else "application/json"
    try:
        with transaction(make_sessionmaker(engine)) as db_session:
            job = capture_document(db_session=db_session, data=file.read_bytes(),
                                   media_type=media_type, settings=settings, inline=True,
                                   actor="cli")
    except TxngError as exc:
        _fail(exc)
    finally:
        engine.dispose()
    typer.echo(f"captured {job.event_count} events from {file} (capture job {job.id})")


@app.command()
def query(
    parameters: list[str] = typer.Argument(None, metavar="[PARAM=VALUE]...",
                                           help="Query language parameters, as GET /events "
                                           "takes them: EQ_bizStep=shipping MATCH_epc=urn:..."),
    per_page: int = typer.Option(30, "--per-page", help="Events per page."),
    every_page: bool = typer.Option(False, "--all", help="Follow the pages to the end."),
    as_json: bool = typer.Option(False, "--json", help="Print the EPCISQueryDocument."),
    epc_format: str = typer.Option("Always_GS1_Digital_Link", "--epc-format",
                                   help="Always_GS1_Digital_Link, Always_EPC_URN or "
                                   "No_Preference."),
    extensions: str = typer.Option("", "--extensions",
                                   help="Extension prefixes, as GS1-Extensions: ex=https://..."),
) -> None:
    """Query the events of the database with the EPCIS 2.0 query language.

    The console is the operator's, so private fields of every enterprise are shown.
    """
    from txng.epcis.query import render
    from txng.epcis.query.params import parse_extensions, parse_query
    from txng.epcis.query.service import query_events
    from txng.epcis.query.visibility import Viewer

    params: dict[str, str] = {}
    for parameter in parameters or []:
        name, equals, value = parameter.partition("=")
        if not equals:
            typer.echo(f"error: '{parameter}' is not PARAM=VALUE", err=True)
            raise typer.Exit(code=2)
        params[name] = f"{params[name]}|{value}" if name in params else value
    engine = _engine(get_settings())
    events, token = [], None
    try:
        parsed = parse_query(params, namespaces=parse_extensions(extensions))
        convert = render.epc_converter(epc_format)
        with make_sessionmaker(engine)() as db_session:
            while True:
                page = query_events(db_session=db_session, query=parsed,
                                    viewer=Viewer(sees_all=True), per_page=per_page,
                                    page_token=token)
                events += [render.answer_event(event, convert) for event in page.events]
                token = page.next_token
                if token is None or not every_page:
                    break
    except TxngError as exc:
        _fail(exc, code=2)
    finally:
        engine.dispose()
    if as_json:
        typer.echo(json.dumps(render.query_document(events, query_name="SimpleEventQuery"),
                              ensure_ascii=False, indent=2))
        return
    _print_events(events)
    if token:
        typer.echo(f"... more events: --all follows every page (or --per-page {per_page * 10})")


def _print_events(events: list[dict]) -> None:
    columns = ("eventTime", "type", "action", "bizStep", "bizLocation", "EPCs", "eventID")
    rows = [(event.get("eventTime", ""), event.get("type", ""), event.get("action", ""),
             event.get("bizStep", ""), (event.get("bizLocation") or {}).get("id", ""),
             str(sum(len(event.get(key) or ()) for key in
                     ("epcList", "childEPCs", "inputEPCList", "outputEPCList",
                      "quantityList", "childQuantityList", "inputQuantityList",
                      "outputQuantityList"))), event.get("eventID", ""))
            for event in events]
    widths = [max([len(column), *(len(row[i]) for row in rows)]) for i, column in
              enumerate(columns)]
    for row in (columns, *rows):
        typer.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
    typer.echo(f"{len(events)} event{'s' if len(events) != 1 else ''}")


@app.command("trace")
def trace_command(direction: str = typer.Argument(..., metavar="back|forward"),
                  identifier: str = typer.Argument(..., metavar="ID",
                                                   help="EPC URN, EPC class URN or Digital Link"),
                  depth: int = typer.Option(64, help="Most steps to walk."),
                  as_json: bool = typer.Option(False, "--json")) -> None:
    """Trace an item, lot or logistic unit back to its origins or forward to where it went."""
    from txng.trace.service import trace

    if direction not in ("back", "forward"):
        typer.echo(f"error: '{direction}' is neither back nor forward", err=True)
        raise typer.Exit(code=2)
    engine = _engine(get_settings())
    try:
        with make_sessionmaker(engine)() as db_session:
            result = trace(db_session=db_session, identifier=identifier,
                           direction=direction, depth=depth)
    except TxngError as exc:
        _fail(exc, code=2)
    finally:
        engine.dispose()
    out = result.as_dict()
    if as_json:
        del out["steps"]
        typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    for key in ("lots", "items", "locations", "parties", "events"):
        typer.echo(f"{key} ({len(out[key])}):")
        for value in out[key]:
            typer.echo(f"  {value}")


@app.command()
def demo(reset: bool = typer.Option(False, help="Empty the database first.")) -> None:
    """Load the demo province into the database, through capture, and exit."""
    from txng.demo import build_demo
    from txng.epcis.capture import capture_parsed
    from txng.registry.demo import register_demo

    settings = get_settings()
    engine = _engine(settings)
    if reset:
        _empty(engine)
    sessions = make_sessionmaker(engine)
    province = build_demo()
    events = 0
    try:
        for document in province.documents:
            with transaction(sessions) as db_session:
                events += capture_parsed(db_session=db_session, document=document,
                                         settings=settings, actor="demo").event_count
        # The registry writes its elements whole: last, so that its words win.
        with transaction(sessions) as db_session:
            registered = register_demo(db_session=db_session, demo=province)
    except TxngError as exc:
        if reset:
            _fail(exc)
        typer.echo("The demo could not be loaded over existing data "
                   f"({exc.detail}); run `txng demo --reset` to start over.", err=True)
        raise typer.Exit(code=1) from exc
    finally:
        engine.dispose()
    typer.echo(f"demo province loaded: {len(province.parties)} parties, "
               f"{len(province.locations)} locations, {len(province.products)} products, "
               f"{events} events")
    typer.echo("registry: " + ", ".join(f"{count} {what}" for what, count in registered.items()))


@party_app.command("list")
def party_list(as_json: bool = typer.Option(False, "--json", help="Print a JSON array.")) -> None:
    """Every party: name, kind, sector, MST, GLN and GS1 company prefixes."""
    import json

    from sqlalchemy import select

    from txng.registry.models import Party

    engine = _engine(get_settings())
    try:
        with make_sessionmaker(engine)() as db_session:
            parties = [{"id": p.id, "name": p.name, "kind": p.kind, "sector": p.sector,
                        "mst": p.mst, "gln": p.gln, "company_prefixes": p.company_prefixes,
                        "status": p.status}
                       for p in db_session.scalars(select(Party).order_by(Party.id))]
    finally:
        engine.dispose()
    if as_json:
        typer.echo(json.dumps(parties, ensure_ascii=False, indent=2))
        return
    for p in parties:
        typer.echo(f"{p['id']:>5}  {p['mst'] or '-':<14}  {p['gln'] or '-':<13}  "
                   f"{','.join(p['company_prefixes']) or '-':<10}  {p['kind']:<17}  "
                   f"{p['sector'] or '-':<11}  {p['name']}")


def _empty(engine: Engine) -> None:
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())


if __name__ == "__main__":
    sys.exit(app())
