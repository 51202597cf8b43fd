"""Cutting the chains' events into EPCIS 2.0 capture documents.

One document per supply chain and calendar quarter (a quiet quarter joins the next),
its events in time order, its header carrying the master data of every party, site and
product its events name. Documents come ordered by quarter, then chain: an event's
causes are in the same chain at an earlier time, hence earlier in the same document or
in an earlier one.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from txng.demo import keys
from txng.demo.events import Recorder, stamp
from txng.demo.masterdata import vocabulary_list
from txng.demo.parties import Party
from txng.demo.products import Product
from txng.demo.sites import Location

CONTEXT = ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
           {"txng": "https://txng.vn/ns/"}]


class _Index:
    """Finds the parties, sites and products an event names."""

    def __init__(self, parties: list[Party], sites: list[Location], products: list[Product]):
        self.parties = {p.pgln: p for p in parties}
        self.party_by_key = {p.key: p for p in parties}
        self.sites: dict[str, Location] = {}
        for site in sites:
            self.sites[site.sgln] = site
            self.sites.update({sub.sgln: site for sub in site.subsites})
        self.products: dict[str, Product] = {}
        for p in products:
            urn = keys.sgtin(p.gcp, p.item, "x")[: -len(".x")]
            self.products[urn] = p
            self.products[urn.replace("urn:epc:id:sgtin:", "urn:epc:class:lgtin:")] = p
            self.products[f"{keys.DL_ROOT}/01/{keys.gtin14(p.gcp, p.item)}"] = p

    def product(self, text: str) -> Product | None:
        if text.startswith("urn:epc:"):
            return self.products.get(text.rsplit(".", 1)[0])
        if text.startswith(keys.DL_ROOT):
            return self.products.get(text[: len(keys.DL_ROOT) + 18])
        return None


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _master_data(index: _Index, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    parties: dict[str, Party] = {}
    sites: dict[str, Location] = {}
    products: dict[str, Product] = {}
    for text in {s for e in events for s in _strings(e)}:
        if text in index.parties:
            parties[text] = index.parties[text]
        elif text in index.sites:
            sites[index.sites[text].sgln] = index.sites[text]
        elif (product := index.product(text)) is not None:
            products[product.epc_class] = product
    for owner_key in [s.owner for s in sites.values()] + [p.owner for p in products.values()]:
        owner = index.party_by_key[owner_key]
        parties[owner.pgln] = owner
    return vocabulary_list(sorted(parties.values(), key=lambda p: p.pgln),
                           sorted(sites.values(), key=lambda s: s.sgln),
                           sorted(products.values(), key=lambda p: p.epc_class))


def document(events: list[dict[str, Any]], created: datetime, name: str,
             vocabularies: list[dict[str, Any]]) -> dict[str, Any]:
    """An EPCISDocument with master data in its header."""
    return {
        "@context": CONTEXT,
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": stamp(created),
        "instanceIdentifier": name,
        "epcisHeader": {"epcisMasterData": {"vocabularyList": vocabularies}},
        "epcisBody": {"eventList": events},
    }


MIN_EVENTS = 50
"""A chain's quarter with fewer events than this joins the next quarter's document."""


def _pieces(rec: Recorder) -> list[tuple[str, int, list[tuple[datetime, dict[str, Any]]]]]:
    quarters: dict[int, list[tuple[datetime, dict[str, Any]]]] = {}
    for when, event in rec.sorted_events():
        quarters.setdefault((when.month - 1) // 3 + 1, []).append((when, event))
    pieces: list[tuple[str, int, list[tuple[datetime, dict[str, Any]]]]] = []
    first, pending = None, []
    for quarter in sorted(quarters):
        first = first or quarter
        pending = pending + quarters[quarter]
        if len(pending) >= MIN_EVENTS:
            label = f"Q{first}" if first == quarter else f"Q{first}-Q{quarter}"
            pieces.append((label, quarter, pending))
            first, pending = None, []
    if pending and pieces:
        label, quarter, timed = pieces.pop()
        pieces.append((f"{label.split('-')[0]}-Q{max(quarters)}", quarter, timed + pending))
    elif pending:
        pieces.append((f"Q{first}", max(quarters), pending))
    return pieces


def assemble(recorders: list[Recorder], parties: list[Party], sites: list[Location],
             products: list[Product], *, seed: int) -> list[dict[str, Any]]:
    """All capture documents, in the order they should be captured."""
    index = _Index(parties, sites, products)
    ordered = sorted(((quarter, order, rec.chain, label, timed)
                      for order, rec in enumerate(recorders)
                      for label, quarter, timed in _pieces(rec)), key=lambda p: p[:2])
    documents = []
    for _, _, chain, label, timed in ordered:
        events = [event for _, event in timed]
        created = timed[-1][0] + timedelta(hours=2)
        name = f"txng-demo-{seed}-{chain}-2026-{label}"
        documents.append(document(events, created, name, _master_data(index, events)))
    return documents
