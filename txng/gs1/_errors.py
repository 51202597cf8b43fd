"""The one error type of txng.gs1."""

from __future__ import annotations


class ParseError(ValueError):
    """Text is not the GS1 identifier it should be.

    The message names the input and the form that was expected, e.g.
    ``Invalid GTIN check digit in '8934567890124': expected 0, got 4``.
    """


class NotAGs1Key(ParseError):  # noqa: N818
    """A well-formed identifier that carries no GS1 key (e.g. ``urn:epc:id:gid:...``).

    Private: ``canonical_epc`` keeps such values unchanged, the parsers reject them.
    """
