"""Imports every domain's tables so that Base.metadata knows them all (Alembic, tests)."""

from txng.epcis import models as epcis_models
from txng.epcis.query import models as query_models

__all__ = ["epcis_models", "query_models"]
