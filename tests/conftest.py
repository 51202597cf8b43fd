"""Database fixtures: every test that takes ``engine`` or ``db`` runs on SQLite and,
when TXNG_TEST_POSTGRES_URL is set, on PostgreSQL too.

Each backend is migrated once per session with the shipped Alembic migrations; after
each test its tables are emptied, so tests see real commits and real rollbacks.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, delete, text

import txng.models  # noqa: F401  (every table on Base.metadata)
from txng.db import Base, make_engine, make_sessionmaker
from txng.migrate import upgrade

POSTGRES_URL = os.environ.get("TXNG_TEST_POSTGRES_URL")
BACKENDS = ["sqlite", "postgresql"]


def _reset_postgres(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def engine(request, tmp_path_factory) -> Iterator[Engine]:
    """A migrated database engine of each backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'txng.db'}"
    else:
        if not POSTGRES_URL:
            pytest.skip("TXNG_TEST_POSTGRES_URL is not set: PostgreSQL tests skipped")
        url = POSTGRES_URL
        _reset_postgres(url)
    engine = make_engine(url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def sessions(engine):
    """A session factory on the test database, emptied after the test."""
    factory = make_sessionmaker(engine)
    yield factory
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(delete(table))


@pytest.fixture
def db(sessions):
    """A session for reading and arranging; tests commit through the code under test."""
    with sessions() as session:
        yield session
