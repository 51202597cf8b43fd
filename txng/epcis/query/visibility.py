"""Who reads an answer, and what of an event they may see.

Business transactions, quantities, sources and destinations are an enterprise's
commercial data: the public and other enterprises see an event without them; the
party that captured it (and the province, ``sees_all``) see it whole. The accounts
issue maps a login or API key to a :class:`Viewer`; queries and answers only ask it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PRIVATE_LISTS = ("bizTransactionList", "sourceList", "destinationList")
QUANTITY_LISTS = ("quantityList", "childQuantityList", "inputQuantityList",
                  "outputQuantityList")


@dataclass(frozen=True)
class Viewer:
    party: str | None = None
    """The party the caller acts for, as events record their owner."""
    sees_all: bool = False

    def owns(self, owner: str | None) -> bool:
        return self.sees_all or (self.party is not None and owner == self.party)


PUBLIC = Viewer()


def visible_event(event: dict[str, Any], *, owner: str | None,
                  viewer: Viewer) -> dict[str, Any]:
    """``event`` as ``viewer`` may see it (a new dict when anything is hidden)."""
    if viewer.owns(owner):
        return event
    out = {key: value for key, value in event.items() if key not in PRIVATE_LISTS}
    for key in QUANTITY_LISTS:
        if isinstance(out.get(key), list):
            out[key] = [{k: v for k, v in item.items() if k not in ("quantity", "uom")}
                        if isinstance(item, dict) else item for item in out[key]]
    return out
