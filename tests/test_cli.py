"""The command line: demo, capture and db upgrade on a real SQLite file."""

from __future__ import annotations

import json

from sqlalchemy import create_engine, func, select
from typer.testing import CliRunner

from tests import factories as f
from txng.cli import app
from txng.config import get_settings
from txng.epcis.models import Event

runner = CliRunner()


def run(monkeypatch, tmp_path, *args):
    monkeypatch.setenv("TXNG_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    get_settings.cache_clear()
    try:
        return runner.invoke(app, list(args))
    finally:
        get_settings.cache_clear()


def event_count(tmp_path) -> int:
    engine = create_engine(f"sqlite:///{tmp_path / 'cli.db'}")
    with engine.connect() as connection:
        count = connection.scalar(select(func.count()).select_from(Event.__table__))
    engine.dispose()
    return count


def test_db_upgrade(monkeypatch, tmp_path):
    result = run(monkeypatch, tmp_path, "db", "upgrade")
    assert result.exit_code == 0, result.output
    assert "newest schema" in result.output


def test_capture_file(monkeypatch, tmp_path):
    path = tmp_path / "doc.jsonld"
    path.write_text(json.dumps(f.document(f.object_event(), f.aggregation_event())))
    result = run(monkeypatch, tmp_path, "capture", str(path))
    assert result.exit_code == 0, result.output
    assert "captured 2 events" in result.output
    assert event_count(tmp_path) == 2


def test_capture_file_with_an_error_writes_nothing(monkeypatch, tmp_path):
    path = tmp_path / "bad.jsonld"
    path.write_text(json.dumps(f.document(f.object_event(), f.object_event(action="MOVE"))))
    result = run(monkeypatch, tmp_path, "capture", str(path))
    assert result.exit_code == 1
    assert "action" in result.output
    assert event_count(tmp_path) == 0


def test_demo_loads_through_capture_and_reset_starts_over(monkeypatch, tmp_path):
    result = run(monkeypatch, tmp_path, "demo")
    assert result.exit_code == 0, result.output
    assert "30 parties" in result.output
    loaded = event_count(tmp_path)
    assert 2000 <= loaded <= 4000
    again = run(monkeypatch, tmp_path, "demo")
    assert again.exit_code == 1
    assert "--reset" in again.output
    assert event_count(tmp_path) == loaded
    reset = run(monkeypatch, tmp_path, "demo", "--reset")
    assert reset.exit_code == 0, reset.output
    assert event_count(tmp_path) == loaded


def test_demo_registers_the_province_and_party_list_prints_it(monkeypatch, tmp_path):
    assert run(monkeypatch, tmp_path, "demo").exit_code == 0
    result = run(monkeypatch, tmp_path, "party", "list", "--json")
    assert result.exit_code == 0, result.output
    parties = json.loads(result.output)
    assert len(parties) == 30
    first = parties[0]
    assert set(first) == {"id", "name", "kind", "sector", "mst", "gln", "company_prefixes",
                          "status"}
    assert first["company_prefixes"][0].startswith("893") and len(first["mst"]) == 10
    assert {p["kind"] for p in parties} == {"enterprise", "cooperative", "household"}
    table = run(monkeypatch, tmp_path, "party", "list")
    assert table.exit_code == 0 and first["name"] in table.output


def test_party_list_on_an_empty_registry(monkeypatch, tmp_path):
    result = run(monkeypatch, tmp_path, "party", "list", "--json")
    assert result.exit_code == 0 and json.loads(result.output) == []
