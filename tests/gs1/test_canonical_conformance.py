"""canonical_epc against the reference event-hash generator on every URI of the conformance documents.

The hash engineer's vectors depend on these canonical forms, so any difference from the
reference normaliser (RalphTro/epcis-event-hash-generator, the test dependency) shows here.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.standards import standards_path
from txng.gs1 import canonical_epc

_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20\x7f]+")


def _strings(node: object):  # noqa: ANN202
    if isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)
    elif isinstance(node, str):
        yield node.strip()


def _document_uris() -> set[str]:
    from lxml import etree

    root = standards_path()
    values: set[str] = set()
    for path in [*root.glob("epcis/**/*.json*"), *root.glob("hash/**/*.json*")]:
        if "schema" in path.name.lower() or "context" in path.name.lower():
            continue
        try:
            values.update(_strings(json.loads(path.read_text())))
        except (ValueError, UnicodeDecodeError):
            continue  # the invalid-document fixtures include broken JSON on purpose
    for path in [*root.glob("epcis/**/*.xml"), *root.glob("hash/**/*.xml")]:
        try:
            tree = etree.parse(str(path))
        except etree.XMLSyntaxError:
            continue
        for element in tree.iter():
            if isinstance(element.tag, str) and element.text:
                values.add(element.text.strip())
    return {v for v in values if _URI.fullmatch(v) and not re.match(r"\d", v)}


def test_canonical_epc_equals_reference_normaliser() -> None:
    normaliser = pytest.importorskip(
        "epcis_event_hash_generator.dl_normaliser", reason="the reference hash generator (test extra) is not installed"
    ).normaliser
    uris = _document_uris()
    assert len(uris) > 500
    gs1 = [u for u in uris if normaliser(u)]
    assert len(gs1) > 200
    assert {u: canonical_epc(u) for u in sorted(uris)} == {u: normaliser(u) or u for u in sorted(uris)}
