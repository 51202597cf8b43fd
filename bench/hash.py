"""Event hash throughput: txng next to the reference implementation on the same events.

    .venv/bin/python bench/hash.py [--events 10000] [--seed 2024] [--per-document 100]

Generates the events with the seeded generator of tests/epcis/test_hash.py (all five
types, quantities, sensor data, extensions, ILMD, sources/destinations...), hashes each
with ``txng.epcis.hash.event_hash_id`` and the same events, packed into documents of
``--per-document`` events (the reference's best case: its JSON-LD context is processed
once per document), with epcis-event-hash-generator 1.9.3. The hash lists must be equal.
Caches are cleared first, so txng pays for every first canonicalisation.
"""

from __future__ import annotations

import argparse
import copy
import logging
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.epcis.test_hash import (  # noqa: E402
    EventGenerator,
    for_reference,
    generated_document,
    reference_hashes,
)
from txng.epcis import hash as txng_hash  # noqa: E402
from txng.gs1 import canonical  # noqa: E402

TARGET = 10.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--per-document", type=int, default=100)
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # the reference logs every ambiguous bare word

    events = EventGenerator(args.seed).events(args.events)
    namespaces = txng_hash.context_namespaces(generated_document([])["@context"])
    size = args.per_document
    # The reference consumes its input, so its copies are made before the clock starts.
    documents = [for_reference(generated_document(copy.deepcopy(events[i:i + size])))
                 for i in range(0, len(events), size)]

    for cache in (txng_hash._canon, txng_hash._timestamp, canonical._canonical):
        cache.cache_clear()
    start = time.perf_counter()
    ours = [txng_hash.event_hash_id(event, namespaces=namespaces) for event in events]
    ours_seconds = time.perf_counter() - start

    start = time.perf_counter()
    theirs = [h for document in documents for h in reference_hashes(document)]
    theirs_seconds = time.perf_counter() - start

    if ours != theirs:
        differing = sum(a != b for a, b in zip(ours, theirs, strict=False))
        sys.exit(f"hash lists differ: {len(ours)} vs {len(theirs)} hashes, {differing} unequal")
    ours_rate = len(events) / ours_seconds
    theirs_rate = len(events) / theirs_seconds
    print(f"events: {len(events)} (seed {args.seed}), identical hashes: yes")
    print(f"txng:      {ours_rate:10.0f} hashes/s  ({ours_seconds:.2f} s)")
    print(f"reference: {theirs_rate:10.0f} hashes/s  ({theirs_seconds:.2f} s, "
          f"documents of {size} events)")
    ratio = ours_rate / theirs_rate
    print(f"hash ratio: {ratio:.2f} (txng hashes/s / reference hashes/s, target >= {TARGET:g})")


if __name__ == "__main__":
    main()
