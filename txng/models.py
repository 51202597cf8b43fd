"""Imports every domain's tables so that Base.metadata knows them all (Alembic, tests)."""

from txng.epcis import models as epcis_models
from txng.epcis.query import models as query_models
from txng.registry import models as registry_models

__all__ = ["epcis_models", "query_models", "registry_models"]
