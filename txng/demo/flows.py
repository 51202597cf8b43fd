"""Steps every chain shares: moving goods between sites, packing, selling.

A transfer is a shipping event at the sender and a receiving event at the receiver a
few hours later, both naming the owning parties and locations at each end (one step
back, one step forward) and the business documents (po, desadv; bol through a
logistics provider). Goods stored at a logistics provider stay owned by the producer:
that hop names the provider as possessing party.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from txng.demo.events import VN_TZ, Counters, Recorder
from txng.demo.parties import Party
from txng.demo.products import Product
from txng.demo.sites import Location, WAREHOUSE

START = datetime(2026, 1, 5, 7, 0, tzinfo=VN_TZ)
END = datetime(2026, 11, 28, 21, 0, tzinfo=VN_TZ)
"""No event of the demo happens after this time."""


@dataclass
class World:
    """Everything a chain needs to look up, and the random source it draws from."""

    parties: dict[str, Party]
    locations: dict[str, Location]
    products: dict[str, Product]
    rng: random.Random
    counters: Counters = field(default_factory=Counters)

    def recorder(self, chain: str) -> Recorder:
        """A recorder for one chain, sharing this world's random source and counters."""
        return Recorder(chain, self.rng, self.counters)

    def owner(self, site: Location) -> Party:
        """The party that owns a site."""
        return self.parties[site.owner]


def day_at(day: datetime, rng: random.Random, start: float = 7.0, end: float = 17.0) -> datetime:
    """A time on ``day``'s date between ``start`` and ``end`` o'clock, to the minute."""
    minutes = rng.randrange(int(start * 60), int(end * 60))
    return day.replace(hour=minutes // 60, minute=minutes % 60, second=0, microsecond=0)


def after(when: datetime, rng: random.Random, low_hours: float, high_hours: float) -> datetime:
    """A time between ``low_hours`` and ``high_hours`` after ``when``, to the minute."""
    later = when + timedelta(minutes=rng.randrange(int(low_hours * 60), int(high_hours * 60) + 1))
    return later.replace(second=0, microsecond=0)


def next_working(when: datetime, rng: random.Random, days: tuple[int, int]) -> datetime:
    """A working-hours time some whole days after ``when``, and always after it."""
    later = day_at(when + timedelta(days=rng.randint(*days)), rng)
    return later if later > when else after(when, rng, 0.5, 2)


def lot_ilmd(product: Product, lot: str, produced: datetime, **extra: str) -> dict[str, str]:
    """Instance/lot master data for a new lot: number, dates, origin, then ``txng:`` extras."""
    ilmd = {"cbvmda:lotNumber": lot, "txng:productionDate": produced.date().isoformat()}
    if product.shelf_life_days:
        expiry = produced + timedelta(days=product.shelf_life_days)
        ilmd["cbvmda:itemExpirationDate"] = expiry.date().isoformat()
    ilmd["cbvmda:countryOfOrigin"] = "VN"
    ilmd.update({f"txng:{name}": value for name, value in extra.items()})
    return ilmd


def _sd(key: str, entries: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"type": t, key: v} for t, v in entries]


def transfer(rec: Recorder, w: World, when: datetime, src: Location, dst: Location, *,
             owner: Party, epcs: list[str] | None = None,
             quantities: list[dict] | None = None, raw: bool = False) -> tuple[datetime, Party]:
    """Ship from ``src`` at ``when`` and receive at ``dst``.

    Returns the receiving time and the goods' owner after the transfer (the receiver,
    unless ``dst`` is a logistics provider's warehouse, which only takes possession).
    """
    holder, receiver = w.owner(src), w.owner(dst)
    stored = dst.kind == WAREHOUSE and receiver.key == "logistics_nghi_son"
    new_owner = owner if stored else receiver
    sources = [("owning_party", owner.pgln)]
    if holder.key != owner.key:
        sources.append(("possessing_party", holder.pgln))
    sources.append(("location", src.sgln))
    dests = [("owning_party", new_owner.pgln)]
    if stored:
        dests.append(("possessing_party", receiver.pgln))
    dests.append(("location", dst.sgln))
    docs = [] if stored else [rec.doc(new_owner, "po", when)]
    docs.append(rec.doc(owner, "desadv", when))
    if stored or holder.key != owner.key:
        docs.append(rec.doc(holder if not stored else receiver, "bol", when))
    common: dict[str, Any] = {"epcs": epcs, "quantities": quantities, "biz_transactions": docs,
                              "sources": _sd("source", sources),
                              "destinations": _sd("destination", dests)}
    rec.object_event(when, "OBSERVE", "shipping", "in_transit", src.storage, None, **common)
    arrival = after(when, rec.rng, 1.5, 7)
    if not 5 <= arrival.hour < 22:  # unloaded the next morning
        arrival = day_at(arrival + timedelta(days=1 if arrival.hour >= 22 else 0), rec.rng, 5, 8)
    disposition = "in_progress" if raw else "sellable_not_accessible"
    rec.object_event(arrival, "OBSERVE", "receiving", disposition, dst.storage, dst.sgln,
                     **common)
    return arrival, new_owner


def deliver(rec: Recorder, w: World, when: datetime, route: list[Location], *, owner: Party,
            epcs: list[str] | None = None, quantities: list[dict] | None = None,
            raw: bool = False) -> tuple[datetime, Party]:
    """Move goods hop by hop along ``route`` (first element: where they are now),
    waiting one to four days at each intermediate site."""
    for i, (src, dst) in enumerate(zip(route, route[1:])):
        if i:
            when = next_working(when, rec.rng, (1, 4))
        when, owner = transfer(rec, w, when, src, dst, owner=owner, epcs=epcs,
                               quantities=quantities, raw=raw)
    return when, owner


def pack(rec: Recorder, site: Location, owner: Party, units: list[str], size: int,
         when: datetime, *, pallet: bool = False) -> tuple[list[tuple[str, list[str]]], datetime]:
    """Pack ``units`` into cases (or cases onto pallets) of ``size``; returns them and
    the time the last one was closed."""
    packed = []
    for i in range(0, len(units), size):
        when = after(when, rec.rng, 0.05, 0.3)
        parent = rec.sscc(owner, pallet=pallet)
        rec.aggregate(when, "ADD", site, parent, children=units[i:i + size])
        packed.append((parent, units[i:i + size]))
    return packed, when


def unpack(rec: Recorder, site: Location, cases: list[tuple[str, list[str]]],
           when: datetime) -> datetime:
    """Open the cases at ``site``, one after another; returns the last opening time."""
    for parent, children in cases:
        when = after(when, rec.rng, 0.1, 1.0)
        rec.aggregate(when, "DELETE", site, parent, children=children)
    return when


def _open_hours(when: datetime, rng: random.Random) -> datetime:
    if 7 <= when.hour < 21:
        return when
    return day_at(when + timedelta(days=1 if when.hour >= 21 else 0), rng, 7.5, 20.5)


def sell_units(rec: Recorder, shop: Location, units: list[str], start: datetime, *,
               basket: int = 2, gap_hours: tuple[float, float] = (4, 48),
               share: float = 0.85, dispense: bool = False) -> int:
    """Sell up to ``share`` of ``units`` in baskets of 1..``basket``; returns the count sold."""
    rng, sold, when = rec.rng, 0, start
    goal = int(len(units) * share)
    while sold < goal:
        when = _open_hours(after(when, rng, *gap_hours), rng)
        if when > END:
            break
        take = min(rng.randint(1, basket), goal - sold)
        rec.sell(when, shop, epcs=units[sold:sold + take], dispense=dispense)
        sold += take
    return sold


def sell_lot(rec: Recorder, shop: Location, epc_class: str, amount: int,
             start: datetime, *, per_day: tuple[int, int], every_days: tuple[int, int] = (1, 1),
             until: datetime | None = None, share: float = 0.9) -> int:
    """Report sales of a lot as daily (or periodic) totals at closing time."""
    rng, sold, day = rec.rng, 0, start
    last = min(until or END, END)
    goal = int(amount * share)
    while sold < goal:
        day = day_at(day + timedelta(days=rng.randint(*every_days)), rng, 20.0, 21.0)
        if day > last:
            break
        take = min(rng.randint(*per_day), goal - sold)
        rec.sell(day, shop, quantities=[{"epcClass": epc_class, "quantity": take}])
        sold += take
    return sold


def pack_lot(rec: Recorder, site: Location, owner: Party, epc_class: str, total: int,
             size: int, when: datetime) -> tuple[list[tuple[str, int]], datetime]:
    """Stack ``total`` items of a lot onto pallets of ``size``; returns (SSCC, count) pairs."""
    pallets = []
    for start in range(0, total, size):
        when = after(when, rec.rng, 0.1, 0.5)
        count = min(size, total - start)
        parent = rec.sscc(owner, pallet=True)
        rec.aggregate(when, "ADD", site, parent,
                      child_quantities=[{"epcClass": epc_class, "quantity": count}])
        pallets.append((parent, count))
    return pallets, when


def unpack_lot(rec: Recorder, site: Location, epc_class: str, pallets: list[tuple[str, int]],
               when: datetime) -> datetime:
    """Break down lot pallets at ``site``."""
    for parent, count in pallets:
        when = after(when, rec.rng, 0.1, 0.6)
        rec.aggregate(when, "DELETE", site, parent,
                      child_quantities=[{"epcClass": epc_class, "quantity": count}])
    return when


def distribute_cases(rec: Recorder, w: World, when: datetime, origin: Location, owner: Party,
                     cases: list[tuple[str, list[str]]], plan: list[tuple[list[str], int]], *,
                     basket: int = 2, gap_hours: tuple[float, float] = (4, 48),
                     share: float = 0.85, dispense: bool = False) -> None:
    """Send cases from ``origin`` along each route of ``plan`` (location keys, number of
    cases); at the end of a route open them and sell their units."""
    taken = 0
    for route_keys, count in plan:
        chunk = cases[taken:taken + count]
        taken += count
        if not chunk:
            break
        route = [origin, *(w.locations[k] for k in route_keys)]
        depart = next_working(when, rec.rng, (0, 2))
        if depart > END:
            break
        arrival, _ = deliver(rec, w, depart, route, owner=owner, epcs=[c for c, _ in chunk])
        opened = unpack(rec, route[-1], chunk, arrival)
        units = [u for _, children in chunk for u in children]
        sell_units(rec, route[-1], units, opened, basket=basket, gap_hours=gap_hours,
                   share=share, dispense=dispense)
