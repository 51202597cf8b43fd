"""GS1 mod-10 check digits and the Vietnamese GS1 prefix 893.

>>> check_digit("893123456789")
7
>>> is_vietnamese("8931234567897")
True
>>> is_vietnamese("08931234567897")  # GTIN-14: indicator digit, then the prefix
True
>>> is_vietnamese("4012345123456")
False
"""

from __future__ import annotations

from biip.checksums import gs1_standard_check_digit

from txng.gs1._errors import ParseError

VIETNAM_PREFIX = "893"
"""GS1 prefix allocated to GS1 Vietnam."""

_WEIGHTS_FROM_RIGHT = (3, 1)


def check_digit(body: str) -> int:
    """GS1 mod-10 check digit of ``body`` (the digits before the check digit).

    Raises:
        ParseError: If ``body`` is empty or not all digits.
    """
    if not body or not body.isascii() or not body.isdigit():
        msg = f"Cannot compute a GS1 check digit of {body!r}: expected digits"
        raise ParseError(msg)
    return gs1_standard_check_digit(body)


def fast_check_digit(body: str) -> int:
    """Same as :func:`check_digit` for a body already known to be ASCII digits.

    Hand-written because it is on the hot path of ``canonical_epc`` (biip's
    version validates and cycles an iterator, about 3x slower).
    """
    odd = sum(map(int, body[-1::-2]))
    even = sum(map(int, body[-2::-2]))
    return -(3 * odd + even) % 10


def verify_check_digit(value: str, name: str, *, start: int = 0, end: int | None = None) -> None:
    """Raise ParseError unless ``value[start:end]`` ends in its correct check digit.

    Args:
        value: The whole key as given, named in the error message.
        name: The key type for the message, e.g. ``"GTIN"``.
        start: Where the check-digit-protected digits begin (GRAI in AI 8003: 1).
        end: Where they end (default: end of ``value``).
    """
    digits = value[start:end]
    if not digits.isascii() or not digits.isdigit():
        msg = f"Invalid {name} {value!r}: expected digits"
        raise ParseError(msg)
    expected = fast_check_digit(digits[:-1])
    if int(digits[-1]) != expected:
        msg = f"Invalid {name} check digit in {value!r}: expected {expected}, got {digits[-1]}"
        raise ParseError(msg)


def is_vietnamese(key: object) -> bool:
    """Whether a GS1 key was allocated under the Vietnamese GS1 prefix 893.

    Accepts a typed value of this package (anything with ``gs1_prefix_digits``)
    or a key as digits: 13 digits (GTIN-13, GLN) or 8 (GTIN-8) start with the
    prefix; 14 (GTIN-14) and 18 (SSCC) carry it after the indicator/extension digit.
    A GTIN-12 (U.P.C.) is never Vietnamese. The prefix tells where the company
    registered, not where the product was made.
    """
    digits = getattr(key, "gs1_prefix_digits", None)
    if digits is None:
        text = str(key).strip()
        if len(text) in (14, 18):
            text = text[1:]
        elif len(text) == 12:
            return False
        digits = text
    return digits.startswith(VIETNAM_PREFIX)
