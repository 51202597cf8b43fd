"""A demo province as EPCIS 2.0 capture documents: pure data, no database.

``build_demo()`` returns Tỉnh Thanh Hóa in 2026: thirty enterprises, cooperatives and
households with their sites and products, and about three thousand events forming
ten supply chains (rice, fish sauce, tea, honey, nem chua, bánh gai, dried squid,
sedge mats, a drug, shirts). ``txng demo`` captures ``demo.documents`` in order through
the ordinary capture path. The same seed always gives the same documents.

>>> demo = build_demo()
>>> len(demo.parties), demo.documents[0]["type"]
(30, 'EPCISDocument')
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from txng.demo import chains_food, chains_goods, chains_ocop
from txng.demo.documents import assemble
from txng.demo.events import Recorder
from txng.demo.flows import World
from txng.demo.parties import Party, make_parties
from txng.demo.places import PROVINCE, Address
from txng.demo.products import Ocop, Product, make_products
from txng.demo.sites import Location, SubSite, make_locations

__all__ = ["PROVINCE", "Address", "Demo", "Location", "Ocop", "Party", "Product", "SubSite",
           "build_demo"]

CHAINS: tuple[Callable[[World], Recorder], ...] = (
    chains_food.rice, chains_food.fish_sauce, chains_food.squid, chains_ocop.tea,
    chains_ocop.honey, chains_ocop.nem_chua, chains_ocop.banh_gai, chains_goods.sedge_mats,
    chains_goods.drug, chains_goods.shirts,
)
"""The supply chains, in the order their documents are cut within a quarter."""


@dataclass(frozen=True)
class Demo:
    """The demo province: capture documents plus summaries of what they describe."""

    documents: list[dict[str, Any]]
    """EPCIS 2.0 JSON-LD EPCISDocuments, to be captured in this order."""
    parties: list[Party]
    """Enterprises, cooperatives and households."""
    locations: list[Location]
    """Their sites."""
    products: list[Product]
    """Finished goods and raw materials."""
    province: str = PROVINCE
    """The province's post-2025 name."""

    def events(self) -> Iterator[dict[str, Any]]:
        """Every event, in capture order."""
        for doc in self.documents:
            yield from doc["epcisBody"]["eventList"]

    def counts(self) -> dict[str, int]:
        """How much there is: parties, locations, products, documents, events by type."""
        by_type = Counter(event["type"] for event in self.events())
        return {"parties": len(self.parties), "locations": len(self.locations),
                "products": len(self.products), "documents": len(self.documents),
                "events": sum(by_type.values()), **dict(sorted(by_type.items()))}


def build_demo(*, seed: int = 2026) -> Demo:
    """Build the demo province; identifiers, quantities and times follow ``seed``."""
    rng = random.Random(seed)
    parties = make_parties(rng)
    locations = make_locations(parties)
    products = make_products(parties)
    world = World(parties={p.key: p for p in parties}, locations={s.key: s for s in locations},
                  products={p.key: p for p in products}, rng=rng)
    recorders = [chain(world) for chain in CHAINS]
    documents = assemble(recorders, parties, locations, products, seed=seed)
    return Demo(documents=documents, parties=parties, locations=locations, products=products)
