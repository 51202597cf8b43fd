"""EPCs: one value for an EPC URN and the GS1 Digital Link URI of the same key.

>>> epc = parse_epc("urn:epc:id:sgtin:8934673.012345.A1")
>>> epc.kind, epc.gtin, epc.serial, epc.is_class
('sgtin', '08934673123457', 'A1', False)
>>> epc.digital_link
'https://id.gs1.org/01/08934673123457/21/A1'
>>> parse_epc("https://example.vn/01/8934673123457/10/L%2F7").urn  # 893 -> GCP length 7
'urn:epc:class:lgtin:8934673.012345.L%2F7'
>>> parse_epc("https://id.gs1.org/01/04012345123456", gcp_length=7).urn
'urn:epc:idpat:sgtin:4012345.012345.*'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import quote

from biip.gs1_prefixes import GS1CompanyPrefix

from txng.gs1._dl import parse_dl
from txng.gs1._errors import ParseError
from txng.gs1._tables import KIND, PRIMARY, SERIAL_IN_KEY
from txng.gs1._urn import parse_urn, render_urn
from txng.gs1.checksums import VIETNAM_PREFIX

# Characters left as they are in Digital Link path values. Beyond the TDS escapes
# (%22 %25 %26 %2F %3C %3E %3F) only ! ( ) * + , : # are percent-encoded, as the
# reference event-hash generator does; the hash vectors depend on it (e.g. "'").
_DL_SAFE = "';="

VIETNAM_GCP_LENGTH = 7
"""GS1 Company Prefix length assumed for a key under 893 that GS1's list does not cover.

GS1 Vietnam issues prefixes of 7 to 10 digits (893 + a 4 to 7 digit company
number), so no single length is right. 7 (893 + 4 digits) is the allocation of
most established Vietnamese brand owners.
"""


def default_gcp_length(ai: str, key: str) -> int:
    """GS1 Company Prefix length of ``key`` (value of AI ``ai``) when the caller gave none.

    The rule, in order:

    1. GS1's published prefix-format list (``gcpprefixformatlist``, bundled in
       biip), which also covers GS1 Vietnam's 893 ranges;
    2. for a key under 893 that the list does not cover, :data:`VIETNAM_GCP_LENGTH`;
    3. otherwise an error: pass ``gcp_length``, e.g. from the party registry.

    >>> default_gcp_length("01", "08934673123457")
    7
    >>> default_gcp_length("414", "8931234567897")
    10
    >>> default_gcp_length("01", "08930000000019")  # not in GS1's list
    7

    Raises:
        ParseError: The length is unknown.
    """
    at = PRIMARY[ai].prefix_at if ai in PRIMARY else 0
    digits = key[at:]
    digits = digits[: len(digits) - len(digits.lstrip("0123456789"))][:12]
    company_prefix = GS1CompanyPrefix.extract(digits) if digits else None
    if company_prefix is not None:
        return len(company_prefix.value)
    if digits.startswith(VIETNAM_PREFIX):
        return VIETNAM_GCP_LENGTH
    msg = (
        f"Cannot write GS1 key {key!r} (AI {ai}) as an EPC URN: its GS1 Company Prefix length is not in "
        f"GS1's prefix list; pass gcp_length"
    )
    raise ParseError(msg)


@dataclass(frozen=True)
class Epc:
    """A GS1 key as an EPC, at instance level (SGTIN) or class level (LGTIN, patterns).

    Built by :meth:`parse` / :func:`parse_epc` only, so the key and its check
    digit are valid. Holds the canonical identity: a CPV (AI 22) is dropped and
    a lot is dropped when a serial is present, so the URN and the Digital Link
    forms of one object compare equal.
    """

    kind: str
    """EPC scheme: 'sgtin', 'lgtin', 'sscc', 'sgln', 'pgln', 'grai', 'giai', 'gdti', 'sgcn',
    'gsrn', 'gsrnp', 'cpi', 'itip', 'upui', 'ginc', 'gsin' (or 'gmn', which has no URN)."""
    ai: str
    """AI of the primary key, e.g. '01'."""
    key: str
    """Value of the primary key AI as in the element string, e.g. a GTIN-14; for GRAI,
    GDTI and GCN it includes the serial."""
    qualifier: tuple[str, str] | None = None
    """The one key qualifier kept, as (AI, value): ('21', serial), ('10', lot), ('254', ...)."""
    pattern: bool = False
    """True for an ``urn:epc:idpat`` style value: the key without its serial."""
    gcp_length: int | None = field(default=None, compare=False)
    """GS1 Company Prefix length, known when parsed from a URN or given."""

    @classmethod
    def parse(cls, text: str, *, gcp_length: int | None = None) -> Epc:
        """Parse an EPC URN (id, class or idpat) or any GS1 Digital Link URI.

        Raises:
            ParseError: ``text`` is neither, or its key is invalid.
        """
        if not isinstance(text, str):
            msg = f"Expected an EPC URN or GS1 Digital Link URI as text, got {type(text).__name__} {text!r}"
            raise ParseError(msg)
        text = text.strip()
        if text[:8].lower() == "urn:epc:":
            kind, ai, key, qualifiers, urn_gcp = parse_urn(text)
            if kind == "lgtin" or qualifiers:
                return cls(kind, ai, key, qualifiers[0] if qualifiers else None, gcp_length=urn_gcp)
            return cls(kind, ai, key, pattern=_is_keyonly(kind, key), gcp_length=urn_gcp)
        if text[:4].lower() == "http":
            ai, key, qualifiers = parse_dl(text)
            return cls._from_dl(ai, key, qualifiers, gcp_length)
        msg = f"{text!r} is neither an EPC URN nor a GS1 Digital Link URI"
        raise ParseError(msg)

    @classmethod
    def _from_dl(cls, ai: str, key: str, qualifiers: tuple[tuple[str, str], ...], gcp_length: int | None) -> Epc:
        kept = [q for q in qualifiers if q[0] != "22"]  # a CPV never identifies an instance
        qualifier = kept[-1] if kept else None  # the most specific: 21 over 10
        kind = KIND.get((ai, qualifier[0] if qualifier else None)) or KIND[ai, None]
        pattern = qualifier is None and _is_keyonly(kind, key)
        return cls(kind, ai, key, qualifier, pattern=pattern, gcp_length=gcp_length)

    @property
    def is_class(self) -> bool:
        """True for a class of objects (LGTIN, an idpat, a GTIN or GMN alone), not one object."""
        return self.pattern or self.kind in ("lgtin", "gmn") or (self.qualifier or ("",))[0] == "10"

    @property
    def gtin(self) -> str | None:
        """The GTIN-14 of an sgtin/lgtin/upui/itip, else None."""
        return self.key[:14] if self.ai in ("01", "8006") else None

    @property
    def lot(self) -> str | None:
        """Batch/lot (AI 10), if this EPC is at lot level."""
        return self.qualifier[1] if self.qualifier and self.qualifier[0] == "10" else None

    @property
    def serial(self) -> str | None:
        """Serial number: AI 21, UPUI 235, CPI 8011, or the serial part of GRAI/GDTI/GCN."""
        if self.qualifier and self.qualifier[0] in ("21", "235", "8011"):
            return self.qualifier[1]
        cut = SERIAL_IN_KEY.get(self.kind)
        return self.key[cut:] or None if cut else None

    @property
    def extension(self) -> str | None:
        """SGLN extension (AI 254), if any."""
        return self.qualifier[1] if self.qualifier and self.qualifier[0] == "254" else None

    @property
    def gs1_prefix_digits(self) -> str:
        """The key from its GS1 prefix on (after an indicator or extension digit)."""
        return self.key[PRIMARY[self.ai].prefix_at :]

    @property
    def digital_link(self) -> str:
        """Canonical GS1 Digital Link URI (``https://id.gs1.org/<AI>/<key>[/<AI>/<value>]``)."""
        return self.as_digital_link()

    def as_digital_link(self, *, domain: str = "id.gs1.org", prefix: str | None = None) -> str:
        """GS1 Digital Link URI on ``domain`` (e.g. a resolver of the province), under path ``prefix``.

        >>> parse_epc("urn:epc:id:sgtin:8934673.012345.A1").as_digital_link(domain="tx.example.vn", prefix="p")
        'https://tx.example.vn/p/01/08934673123457/21/A1'
        """
        path = f"/{prefix.strip('/')}" if prefix else ""
        path += f"/{self.ai}/{quote(self.key, safe=_DL_SAFE)}"
        if self.qualifier is not None:
            path += f"/{self.qualifier[0]}/{quote(self.qualifier[1], safe=_DL_SAFE)}"
        return f"https://{domain}{path}"

    @property
    def element_string(self) -> str:
        """Human-readable element string, e.g. ``(01)08934673123457(21)A1``."""
        return f"({self.ai}){self.key}" + (f"({self.qualifier[0]}){self.qualifier[1]}" if self.qualifier else "")

    @property
    def urn(self) -> str:
        """EPC URN, using :attr:`gcp_length` or :func:`default_gcp_length`.

        Raises:
            ParseError: The GCP length is unknown, or the key has no EPC URN.
        """
        return self.as_urn()

    def as_urn(self, *, gcp_length: int | None = None) -> str:
        """EPC URN with the given GS1 Company Prefix length (default: as parsed, or the 893 rule)."""
        length = gcp_length or self.gcp_length or default_gcp_length(self.ai, self.key)
        if self.kind == "itip" and self.lot is not None:
            msg = f"No EPC URN for ITIP {self.key!r} at lot level (there is no EPC class for it)"
            raise ParseError(msg)
        return render_urn(self.kind, self.ai, self.key, self.qualifier, length, pattern=self.pattern)


def _is_keyonly(kind: str, key: str) -> bool:
    """Whether a key without qualifier is a pattern over serials (GTIN alone, GRAI without serial...)."""
    if kind in SERIAL_IN_KEY:
        return len(key) == SERIAL_IN_KEY[kind]
    return kind in ("sgtin", "upui", "itip", "cpi")


def parse_epc(text: str, *, gcp_length: int | None = None) -> Epc:
    """Parse an EPC URN (id, class or idpat) or any GS1 Digital Link URI into an :class:`Epc`.

    ``gcp_length`` is needed only to write a Digital Link as a URN later.

    Raises:
        ParseError: ``text`` is neither, or carries no valid GS1 key.
    """
    return Epc.parse(text, gcp_length=gcp_length)


def to_urn(text: str, *, gcp_length: int | None = None) -> str:
    """EPC URN of an EPC URN or GS1 Digital Link URI (DL needs the GCP length, see :func:`default_gcp_length`)."""
    return Epc.parse(text, gcp_length=gcp_length).urn


@lru_cache(maxsize=65536)
def urn_or_given(text: str) -> str:
    """The EPC URN of an identifier that may be a GS1 key, or ``text`` itself."""
    try:
        return to_urn(text)
    except ParseError:
        return text


def to_digital_link(text: str) -> str:
    """Canonical GS1 Digital Link URI of an EPC URN or any GS1 Digital Link URI.

    Strict: unlike :func:`~txng.gs1.canonical.canonical_epc`, a value that carries
    no GS1 key is an error.
    """
    return Epc.parse(text).digital_link
