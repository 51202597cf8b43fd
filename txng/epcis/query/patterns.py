"""EPC patterns of MATCH_ parameters, as conditions on the canonical EPC index.

EPCs are indexed as canonical GS1 Digital Link URIs, so an EPC URN, a Digital Link and
an EPC pattern (``urn:epc:idpat:sgtin:8934673.012345.*``) all become an exact value
or a prefix of that index: a range scan, never a scan of every EPC. A pattern that
leaves the item reference open cannot be a prefix (a GTIN starts with the indicator
digit), so it narrows to its scheme's range and tests the company prefix with LIKE.

>>> parse_pattern("urn:epc:idpat:sgtin:8934673.012345.*")
EpcPattern(exact='https://id.gs1.org/01/08934673123457', prefix='https://id.gs1.org/01/08934673123457/', like=None)
>>> parse_pattern("urn:epc:idpat:sgtin:8934673.*.*").like
'https://id.gs1.org/01/_8934673%'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from txng.gs1 import Epc, ParseError, canonical_epc

DL = "https://id.gs1.org/"
_PATTERN = re.compile(r"urn:epc:idpat:(sgtin|sscc|sgln|grai|giai):([0-9*.]+)")


@dataclass(frozen=True)
class EpcPattern:
    """Canonical EPCs equal to ``exact``, starting with ``prefix``, or LIKE ``like``
    (``like`` always comes with the ``prefix`` that narrows it)."""

    exact: str | None = None
    prefix: str | None = None
    like: str | None = None


def parse_pattern(value: str) -> EpcPattern:
    """The index condition for one MATCH_ value: an EPC, an EPC class or a pattern."""
    if "*" not in value:
        exact = canonical_epc(value)
        if exact.startswith(DL) and not value.startswith("urn:"):
            # The canonical form trusts the check digit; a query must not.
            Epc.parse(value)
        return EpcPattern(exact=exact)
    match = _PATTERN.fullmatch(value)
    if match is None and value.startswith("urn:epc:idpat:") and value.endswith(".*"):
        # Other keys (GDTI, CPI, ...) with only the serial open: their canonical class
        # is a prefix of every serialised instance.
        key = canonical_epc(value)
        return EpcPattern(exact=key, prefix=key)
    if match is None:
        raise ParseError(f"'{value}' is not an EPC pattern this server knows: use "
                         "urn:epc:idpat:{sgtin|sscc|sgln|grai|giai}:... with * for the "
                         "trailing fields")
    scheme, fields = match.group(1), match.group(2).split(".")
    pattern = _SCHEMES[scheme](value, fields)
    if pattern is None:
        raise ParseError(f"'{value}': only trailing fields of an EPC pattern can be *")
    return pattern


def _open_from(fields: list[str]) -> int:
    """Index of the first * field, checking every later one is * too (else -1)."""
    first = next(index for index, item in enumerate(fields) if item == "*")
    return first if all(item == "*" for item in fields[first:]) else -1


def _sgtin(value: str, fields: list[str]) -> EpcPattern | None:
    if len(fields) != 3 or _open_from(fields) < 0:
        return None
    first = _open_from(fields)
    if first == 2:
        gtin = canonical_epc(value)
        return EpcPattern(exact=gtin, prefix=gtin + "/")
    return _company_like("01/", fields[0] if first == 1 else None)


def _sscc(value: str, fields: list[str]) -> EpcPattern | None:
    if len(fields) != 2 or _open_from(fields) < 0:
        return None
    return _company_like("00/", fields[0] if _open_from(fields) == 1 else None)


def _sgln(value: str, fields: list[str]) -> EpcPattern | None:
    if len(fields) != 3 or _open_from(fields) < 0:
        return None
    first = _open_from(fields)
    if first == 2:
        gln = canonical_epc(value.replace(".*", ".0"))
        return EpcPattern(exact=gln, prefix=gln + "/254/")
    return EpcPattern(prefix=DL + "414/" + (fields[0] if first == 1 else ""))


def _grai(value: str, fields: list[str]) -> EpcPattern | None:
    if len(fields) != 3 or _open_from(fields) < 0:
        return None
    first = _open_from(fields)
    if first == 2:
        # The serial follows the GRAI's check digit inside the one AI 8003 value.
        sample = canonical_epc(value.replace("urn:epc:idpat:", "urn:epc:id:")[:-1] + "0")
        return EpcPattern(prefix=sample[:-1])
    return EpcPattern(prefix=DL + "8003/0" + (fields[0] if first == 1 else ""))


def _giai(value: str, fields: list[str]) -> EpcPattern | None:
    if len(fields) != 2 or _open_from(fields) < 0:
        return None
    return EpcPattern(prefix=DL + "8004/" + (fields[0] if _open_from(fields) == 1 else ""))


def _company_like(ai: str, company: str | None) -> EpcPattern:
    """A key whose first digit (indicator, extension) precedes the company prefix."""
    if company is None:
        return EpcPattern(prefix=DL + ai)
    return EpcPattern(prefix=DL + ai, like=f"{DL}{ai}_{company}%")


_SCHEMES = {"sgtin": _sgtin, "sscc": _sscc, "sgln": _sgln, "grai": _grai, "giai": _giai}
