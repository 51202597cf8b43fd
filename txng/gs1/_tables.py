"""GS1 Digital Link key tables used by the parsers.

Written here because biip 5.2 keeps its primary-key table private and knows no
short names (``/gtin/``, ``/ser/``...), which EPCIS data in the wild still uses
(GS1 Digital Link 1.1; the hash-algorithm vectors exercise them).
"""

from __future__ import annotations

from typing import NamedTuple


class Primary(NamedTuple):
    """A Digital Link primary key AI."""

    name: str
    """Key name used in error messages, e.g. ``"GTIN"``."""
    qualifiers: tuple[str, ...]
    """Key qualifier AIs allowed in the path, in the order they must appear."""
    check: tuple[int, int] | None
    """Slice ``[start:end]`` of the value protected by a mod-10 check digit."""
    prefix_at: int
    """Index of the GS1 prefix in the value (after an indicator/extension digit)."""


PRIMARY: dict[str, Primary] = {
    "01": Primary("GTIN", ("22", "10", "21", "235"), (0, 14), 1),
    "8006": Primary("ITIP", ("22", "10", "21"), (0, 14), 1),
    "8013": Primary("GMN", (), None, 0),
    "8010": Primary("CPID", ("8011",), None, 0),
    "414": Primary("GLN", ("254", "7040"), (0, 13), 0),
    "415": Primary("GLN of the invoicing party", ("8020",), (0, 13), 0),
    "417": Primary("Party GLN", ("7040",), (0, 13), 0),
    "8017": Primary("GSRN-provider", ("8019",), (0, 18), 0),
    "8018": Primary("GSRN-recipient", ("8019",), (0, 18), 0),
    "255": Primary("GCN", (), (0, 13), 0),
    "00": Primary("SSCC", (), (0, 18), 1),
    "253": Primary("GDTI", (), (0, 13), 0),
    "401": Primary("GINC", (), None, 0),
    "402": Primary("GSIN", (), (0, 17), 0),
    "8003": Primary("GRAI", (), (1, 14), 1),
    "8004": Primary("GIAI", ("7040",), None, 0),
}

SHORT_NAMES: dict[str, str] = {
    "gtin": "01",
    "itip": "8006",
    "gmn": "8013",
    "cpid": "8010",
    "gln": "414",
    "payTo": "415",
    "party": "417",
    "gsrnp": "8017",
    "gsrn": "8018",
    "gcn": "255",
    "sscc": "00",
    "gdti": "253",
    "ginc": "401",
    "gsin": "402",
    "grai": "8003",
    "giai": "8004",
    # key qualifiers
    "cpv": "22",
    "lot": "10",
    "ser": "21",
    "tpx": "235",
    "cpsn": "8011",
    "glnx": "254",
    "srin": "8019",
    "refNo": "8020",
}

# EPC scheme of a key, by (primary AI, qualifier AI kept in the canonical form).
KIND: dict[tuple[str, str | None], str] = {
    ("01", "21"): "sgtin",
    ("01", "10"): "lgtin",
    ("01", "235"): "upui",
    ("01", None): "sgtin",
    ("8006", "21"): "itip",
    ("8006", "10"): "itip",
    ("8006", None): "itip",
    ("8010", "8011"): "cpi",
    ("8010", None): "cpi",
    ("414", "254"): "sgln",
    ("414", None): "sgln",
    ("417", None): "pgln",
    ("8017", None): "gsrnp",
    ("8018", None): "gsrn",
    ("255", None): "sgcn",
    ("00", None): "sscc",
    ("253", None): "gdti",
    ("401", None): "ginc",
    ("402", None): "gsin",
    ("8003", None): "grai",
    ("8004", None): "giai",
    ("8013", None): "gmn",
    ("415", None): "payto",
}

# Qualifier AI carried by each EPC scheme's element string (epcpy ``gs1_element_string``).
SCHEME_QUALIFIER: dict[str, str] = {
    "sgtin": "21",
    "lgtin": "10",
    "upui": "235",
    "itip": "21",
    "cpi": "8011",
    "sgln": "254",
}

# Schemes whose serial is appended to the key inside one AI value (for idpat).
SERIAL_IN_KEY: dict[str, int] = {"grai": 14, "gdti": 13, "sgcn": 13}

# EPC schemes that are not GS1 keys: valid EPCs, kept as they are.
NON_GS1_SCHEMES = frozenset({"gid", "usdod", "adi", "bic", "imovn"})
