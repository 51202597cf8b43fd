"""Run the doctests of txng.gs1, so the examples in docstrings stay true."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import txng.gs1

MODULES = sorted(m.name for m in pkgutil.iter_modules(txng.gs1.__path__, "txng.gs1."))


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
