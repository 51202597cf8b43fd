"""``txng query``: the query language at the console, on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tests import factories as f
from tests.epcis import query_data as data
from txng.cli import app
from txng.config import get_settings

runner = CliRunner()


@pytest.fixture
def query(engine, sessions, monkeypatch):
    data.capture_chain(sessions)
    monkeypatch.setenv("TXNG_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    get_settings.cache_clear()

    def run(*args):
        return runner.invoke(app, ["query", *args])

    yield run
    get_settings.cache_clear()


def test_query_prints_a_table(query):
    result = query("EQ_bizStep=shipping|receiving")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[:4] == ["eventTime", "type", "action", "bizStep"]
    assert {line.split()[-1] for line in lines[1:3]} == {"urn:uuid:e3", "urn:uuid:e4"}
    assert lines[-1] == "2 events"


def test_query_json_shows_the_operator_private_fields(query):
    result = query("EQ_eventID=urn:uuid:e1", "--json", "--epc-format", "Always_EPC_URN")
    assert result.exit_code == 0, result.output
    (event,) = json.loads(result.output)["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
    assert event["epcList"][0] == f.SGTIN.format(serial=1)
    assert event["bizTransactionList"][0]["bizTransaction"] == data.PO


def test_query_pages(query):
    first = query("--per-page", "2")
    assert first.output.splitlines()[-2] == "2 events" and "--all" in first.output
    every = query("--per-page", "2", "--all")
    assert every.output.splitlines()[-1] == "6 events"


def test_query_extension_fields(query):
    result = query("EQ_ILMD_txng:grade=A", "--extensions", data.EXTENSIONS)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "1 event"


@pytest.mark.parametrize("args, words", [
    (["EQ_colour=red"], "EQ_colour"),
    (["GE_eventTime=yesterday"], "GE_eventTime"),
    (["MATCH_epc"], "PARAM=VALUE"),
    (["--epc-format", "Sometimes"], "GS1-EPC-Format"),
])
def test_bad_queries_exit_2_naming_the_fault(query, args, words):
    result = query(*args)
    assert result.exit_code == 2
    assert words in result.output
