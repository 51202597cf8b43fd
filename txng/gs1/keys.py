"""GS1 keys: GTIN, GLN, SSCC, GRAI, GIAI, each a frozen value built by ``X.parse``.

Lengths and check digits are verified here, with one message style
("Invalid GTIN check digit in '8934567890124': expected 0, got 4"); biip then
supplies the GS1 prefix and company prefix from GS1's published lists.

>>> gtin = Gtin.parse("8934673123457")
>>> gtin.value, gtin.format, gtin.gtin14, gtin.is_vietnamese
('8934673123457', 13, '08934673123457', True)
>>> gtin.sgtin("A1").urn
'urn:epc:id:sgtin:8934673.012345.A1'
>>> Gtin.parse("8934567890124")  # 893456789012 needs check digit 0
Traceback (most recent call last):
...
txng.gs1._errors.ParseError: Invalid GTIN check digit in '8934567890124': expected 0, got 4
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from biip import ParseError as BiipParseError
from biip.gs1_element_strings import GS1ElementString
from biip.gs1_prefixes import GS1CompanyPrefix, GS1Prefix

from txng.gs1._errors import ParseError
from txng.gs1.checksums import VIETNAM_PREFIX, verify_check_digit
from txng.gs1.epc import Epc


def _digits(text: str, name: str, lengths: tuple[int, ...]) -> str:
    if not isinstance(text, str):
        msg = f"Invalid {name} {text!r}: expected text"
        raise ParseError(msg)
    value = text.strip()
    if len(value) not in lengths or not value.isascii() or not value.isdigit():
        expected = " or ".join(", ".join(map(str, lengths)).rsplit(", ", 1))
        msg = f"Invalid {name} {value!r}: expected {expected} digits"
        raise ParseError(msg)
    verify_check_digit(value, name)
    return value


class _Key:
    """Shared behaviour: prefixes and Vietnamese-ness from the digits after any indicator."""

    value: str
    gs1_prefix_digits: str

    @property
    def gs1_prefix(self) -> str | None:
        """The GS1 prefix (3 digits, e.g. '893' for GS1 Vietnam), if GS1 has allocated it."""
        prefix = GS1Prefix.extract(self.gs1_prefix_digits[:3].ljust(3, "0"))
        return prefix.value if prefix else None

    @property
    def company_prefix(self) -> str | None:
        """The GS1 Company Prefix, if GS1's prefix-format list knows its length."""
        found = GS1CompanyPrefix.extract(self.gs1_prefix_digits)
        return found.value if found else None

    @property
    def is_vietnamese(self) -> bool:
        """Whether the key was allocated under GS1 Vietnam's prefix 893."""
        return self.gs1_prefix_digits.startswith(VIETNAM_PREFIX)

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Gtin(_Key):
    """Global Trade Item Number; the check digit is valid."""

    value: str
    """The GTIN as given (8, 12, 13 or 14 digits), whitespace stripped."""

    @classmethod
    def parse(cls, text: str) -> Gtin:
        """Parse a GTIN-8, -12, -13 or -14.

        Raises:
            ParseError: Wrong length, not digits, or wrong check digit.
        """
        return cls(_digits(text, "GTIN", (8, 12, 13, 14)))

    @property
    def gtin14(self) -> str:
        """The 14-digit form used in element strings, Digital Link and EPCs."""
        return self.value.zfill(14)

    @property
    def format(self) -> int:
        """8, 12, 13 or 14: the shortest GTIN format that holds it (leading zeros dropped)."""
        significant = len(self.gtin14.lstrip("0"))
        return next(n for n in (8, 12, 13, 14) if significant <= n)

    @property
    def gs1_prefix_digits(self) -> str:
        """The GTIN-13 form (GTIN-12 with a leading 0), where the GS1 prefix starts."""
        return self.gtin14[1:]

    @property
    def is_vietnamese(self) -> bool:
        """Whether the GTIN was allocated under 893 (never for GTIN-8/12)."""
        return self.format in (13, 14) and super().is_vietnamese

    @property
    def digital_link(self) -> str:
        """Canonical GS1 Digital Link URI of the trade item."""
        return f"https://id.gs1.org/01/{self.gtin14}"

    def sgtin(self, serial: str) -> Epc:
        """The EPC of one instance: this GTIN with serial number (AI 21) ``serial``."""
        return Epc.parse(f"{self.digital_link}/21/{quote(serial, safe='')}")

    def lgtin(self, lot: str) -> Epc:
        """The EPC class of one batch: this GTIN with lot (AI 10) ``lot``."""
        return Epc.parse(f"{self.digital_link}/10/{quote(lot, safe='')}")


@dataclass(frozen=True)
class Gln(_Key):
    """Global Location Number (13 digits); the check digit is valid."""

    value: str
    """The 13-digit GLN."""

    @classmethod
    def parse(cls, text: str) -> Gln:
        """Parse a GLN.

        Raises:
            ParseError: Not 13 digits, or wrong check digit.
        """
        return cls(_digits(text, "GLN", (13,)))

    @property
    def gs1_prefix_digits(self) -> str:
        """The GLN itself: it starts with the GS1 prefix."""
        return self.value

    @property
    def digital_link(self) -> str:
        """Canonical GS1 Digital Link URI of the location."""
        return f"https://id.gs1.org/414/{self.value}"

    def sgln(self, extension: str | None = None) -> Epc:
        """The EPC of this location, or of a sub-location with GLN extension (AI 254)."""
        tail = f"/254/{quote(extension, safe='')}" if extension else ""
        return Epc.parse(self.digital_link + tail)

    def pgln(self) -> Epc:
        """The EPC of the party (AI 417) this GLN identifies."""
        return Epc.parse(f"https://id.gs1.org/417/{self.value}")


@dataclass(frozen=True)
class Sscc(_Key):
    """Serial Shipping Container Code (18 digits); the check digit is valid."""

    value: str
    """The 18-digit SSCC."""

    @classmethod
    def parse(cls, text: str) -> Sscc:
        """Parse an SSCC.

        Raises:
            ParseError: Not 18 digits, or wrong check digit.
        """
        return cls(_digits(text, "SSCC", (18,)))

    @property
    def extension_digit(self) -> int:
        """The first digit, chosen freely by the company to extend the serial range."""
        return int(self.value[0])

    @property
    def gs1_prefix_digits(self) -> str:
        """The digits after the extension digit, where the GS1 prefix starts."""
        return self.value[1:]

    @property
    def digital_link(self) -> str:
        """Canonical GS1 Digital Link URI of the logistic unit."""
        return f"https://id.gs1.org/00/{self.value}"

    def epc(self) -> Epc:
        """The EPC of this logistic unit."""
        return Epc.parse(self.digital_link)


@dataclass(frozen=True)
class Grai(_Key):
    """Global Returnable Asset Identifier: 13-digit asset type with check digit, optional serial."""

    grai: str
    """The 13-digit asset type (GS1 Company Prefix, asset type, check digit)."""
    serial: str | None = None
    """Serial component (up to 16 characters of GS1 CSET 82), if any."""

    @classmethod
    def parse(cls, text: str) -> Grai:
        """Parse the value of AI (8003): ``0``, the 13-digit GRAI, then an optional serial.

        Raises:
            ParseError: Malformed value or wrong check digit.
        """
        value = text.strip() if isinstance(text, str) else text
        if not isinstance(value, str) or len(value) < 14 or not value[:14].isdigit() or value[0] != "0":
            msg = f"Invalid GRAI {value!r}: expected the AI (8003) value, '0' + 13 digits + an optional serial"
            raise ParseError(msg)
        verify_check_digit(value, "GRAI", start=1, end=14)
        _check_ai_value("8003", value, "GRAI")
        return cls(value[1:14], value[14:] or None)

    @property
    def value(self) -> str:  # type: ignore[override]
        """The AI (8003) value."""
        return f"0{self.grai}{self.serial or ''}"

    @property
    def gs1_prefix_digits(self) -> str:
        """The 13-digit asset type, which starts with the GS1 prefix."""
        return self.grai

    @property
    def digital_link(self) -> str:
        """Canonical GS1 Digital Link URI of the asset (or asset type, without serial)."""
        return f"https://id.gs1.org/8003/{quote(self.value, safe='')}"

    def epc(self) -> Epc:
        """The EPC of this asset (an ``idpat`` pattern when there is no serial)."""
        return Epc.parse(self.digital_link)


@dataclass(frozen=True)
class Giai(_Key):
    """Global Individual Asset Identifier: GS1 Company Prefix + asset reference (no check digit)."""

    value: str
    """The AI (8004) value, up to 30 characters of GS1 CSET 82."""

    @classmethod
    def parse(cls, text: str) -> Giai:
        """Parse the value of AI (8004).

        Raises:
            ParseError: Empty, too long, or characters outside GS1 CSET 82.
        """
        value = text.strip() if isinstance(text, str) else text
        if not isinstance(value, str) or not value[:1].isdigit():
            msg = f"Invalid GIAI {value!r}: expected a GS1 Company Prefix then an asset reference, up to 30 characters"
            raise ParseError(msg)
        _check_ai_value("8004", value, "GIAI")
        return cls(value)

    @property
    def gs1_prefix_digits(self) -> str:
        """The value, which starts with the GS1 Company Prefix."""
        return self.value

    @property
    def digital_link(self) -> str:
        """Canonical GS1 Digital Link URI of the asset."""
        return f"https://id.gs1.org/8004/{quote(self.value, safe='')}"

    def epc(self) -> Epc:
        """The EPC of this asset."""
        return Epc.parse(self.digital_link)


def _check_ai_value(ai: str, value: str, name: str) -> None:
    """Raise ParseError unless ``value`` matches the GS1 format of ``ai`` (biip's AI table)."""
    try:
        GS1ElementString.parse(ai + value)
    except BiipParseError as exc:
        msg = f"Invalid {name} {value!r}: {exc}"
        raise ParseError(msg) from exc
