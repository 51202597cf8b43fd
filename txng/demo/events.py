"""EPCIS 2.0 events of the demo, written by one ``Recorder`` per supply chain.

The recorder knows the event shapes (ObjectEvent, AggregationEvent, TransformationEvent
in JSON-LD, CBV 2.0 words) and hands out what must be unique: event IDs, serial
numbers, SSCCs and business-document numbers. Times are Vietnam local time (+07:00).
Callers give each step a later time than the step it depends on, so sorting a chain by
event time keeps it causal.
"""

from __future__ import annotations

import copy
import random
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from txng.demo import keys
from txng.demo.parties import Party
from txng.demo.products import Product
from txng.demo.sites import Location

VN_TZ = timezone(timedelta(hours=7))
OFFSET = "+07:00"


def stamp(when: datetime) -> str:
    """``2026-03-14T08:30:00.000+07:00``."""
    return when.astimezone(VN_TZ).isoformat(timespec="milliseconds")


def quantity(epc_class: str, amount: float, uom: str | None = None) -> dict[str, Any]:
    """A quantityList element; without ``uom`` the amount counts items."""
    element: dict[str, Any] = {"epcClass": epc_class, "quantity": amount}
    if uom:
        element["uom"] = uom
    return element


@dataclass
class Counters:
    """Next serials, SSCCs and document numbers; shared by all chains of one demo."""

    serials: dict[str, int] = field(default_factory=dict)
    ssccs: dict[str, int] = field(default_factory=dict)
    docs: dict[tuple[str, str, str], int] = field(default_factory=dict)


@dataclass
class Recorder:
    """The events of one supply chain, and the identifiers it hands out."""

    chain: str
    rng: random.Random
    counters: Counters = field(default_factory=Counters)
    events: list[tuple[datetime, int, dict[str, Any]]] = field(default_factory=list)

    # --- identifiers ---------------------------------------------------------------

    def units(self, product: Product, count: int) -> list[str]:
        """``count`` new serialised units of ``product``, as URN or Digital Link."""
        serials = self.counters.serials
        start = serials.get(product.key) or self.rng.randrange(100_000, 400_000)
        serials[product.key] = start + count
        make = keys.dl_sgtin if product.digital_link else keys.sgtin
        return [make(product.gcp, product.item, str(n)) for n in range(start, start + count)]

    def sscc(self, party: Party, *, pallet: bool = False) -> str:
        """A new SSCC URN of ``party`` (extension digit 1 for pallets, 0 for cases)."""
        ssccs = self.counters.ssccs
        serial = ssccs.get(party.key) or self.rng.randrange(10_000, 90_000)
        ssccs[party.key] = serial + 1
        return keys.sscc_urn(party.gcp, 1 if pallet else 0, serial)

    def doc(self, party: Party, kind: str, when: datetime) -> dict[str, str]:
        """A business transaction (po, desadv, recadv...) issued by ``party``."""
        docs, key = self.counters.docs, (party.key, kind, f"{when:%y%m}")
        n = docs[key] = docs.get(key, 0) + 1
        ref = f"{kind.upper()}-{when:%y%m}-{n:04d}"
        return {"type": kind, "bizTransaction": f"urn:epcglobal:cbv:bt:{party.gln}:{ref}"}

    # --- events ----------------------------------------------------------------------

    def _add(self, kind: str, when: datetime, body: dict[str, Any]) -> dict[str, Any]:
        event_id = uuid.UUID(int=self.rng.getrandbits(128), version=4)
        event = {"type": kind, "eventID": f"urn:uuid:{event_id}", "eventTime": stamp(when),
                 "eventTimeZoneOffset": OFFSET}
        # copies: two events (shipping, receiving) never share a list a consumer might change
        event.update({k: copy.deepcopy(v) for k, v in body.items() if v is not None})
        self.events.append((when, len(self.events), event))
        return event

    def object_event(self, when: datetime, action: str, biz_step: str, disposition: str,
                     read_point: str, biz_location: str | None, *,
                     epcs: list[str] | None = None, quantities: list[dict] | None = None,
                     biz_transactions: list[dict] | None = None,
                     sources: list[dict] | None = None, destinations: list[dict] | None = None,
                     ilmd: dict[str, Any] | None = None) -> dict[str, Any]:
        """An ObjectEvent; ``epcs`` and ``quantities`` may both be given."""
        return self._add("ObjectEvent", when, {
            "action": action, "bizStep": biz_step, "disposition": disposition,
            "epcList": epcs if epcs is not None or quantities is None else None,
            "quantityList": quantities,
            "readPoint": {"id": read_point},
            "bizLocation": {"id": biz_location} if biz_location else None,
            "bizTransactionList": biz_transactions, "sourceList": sources,
            "destinationList": destinations, "ilmd": ilmd,
        })

    def commission(self, when: datetime, site: Location, *, epcs: list[str] | None = None,
                   quantities: list[dict] | None = None,
                   ilmd: dict[str, Any] | None = None) -> dict[str, Any]:
        """Units or a lot come into being at ``site`` (harvest, catch, production)."""
        return self.object_event(when, "ADD", "commissioning", "active", site.sgln, site.sgln,
                                 epcs=epcs, quantities=quantities, ilmd=ilmd)

    def transform(self, when: datetime, site: Location, inputs: list[dict], *,
                  output_epcs: list[str] | None = None,
                  output_quantities: list[dict] | None = None,
                  ilmd: dict[str, Any] | None = None) -> dict[str, Any]:
        """Input lots are consumed and output units or lots produced at ``site``."""
        return self._add("TransformationEvent", when, {
            "inputQuantityList": inputs, "outputEPCList": output_epcs,
            "outputQuantityList": output_quantities, "bizStep": "commissioning",
            "disposition": "active", "readPoint": {"id": site.sgln},
            "bizLocation": {"id": site.sgln}, "ilmd": ilmd,
        })

    def aggregate(self, when: datetime, action: str, site: Location, parent: str, *,
                  children: list[str] | None = None,
                  child_quantities: list[dict] | None = None) -> dict[str, Any]:
        """Pack (ADD) children into a case or pallet, or unpack (DELETE) them."""
        packing = action == "ADD"
        return self._add("AggregationEvent", when, {
            "parentID": parent, "childEPCs": children, "childQuantityList": child_quantities,
            "action": action, "bizStep": "packing" if packing else "unpacking",
            "disposition": "in_progress" if packing else "sellable_accessible",
            "readPoint": {"id": site.sgln if packing else site.storage},
            "bizLocation": {"id": site.sgln},
        })

    def inspect(self, when: datetime, site: Location, *, epcs: list[str] | None = None,
                quantities: list[dict] | None = None) -> dict[str, Any]:
        """Quality control passed (kiểm nghiệm đạt)."""
        return self.object_event(when, "OBSERVE", "inspecting", "conformant", site.sgln,
                                 site.sgln, epcs=epcs, quantities=quantities)

    def sell(self, when: datetime, shop: Location, *, epcs: list[str] | None = None,
             quantities: list[dict] | None = None, dispense: bool = False) -> dict[str, Any]:
        """Units sold to consumers (retail_selling), or dispensed at a pharmacy."""
        step, disp = ("dispensing", "dispensed") if dispense else ("retail_selling",
                                                                   "retail_sold")
        return self.object_event(when, "OBSERVE", step, disp, shop.sales_floor, shop.sgln,
                                 epcs=epcs, quantities=quantities)

    def sorted_events(self) -> list[tuple[datetime, dict[str, Any]]]:
        """The chain's events by event time (recording order breaks ties)."""
        return [(when, event) for when, _, event in sorted(self.events, key=lambda e: e[:2])]
