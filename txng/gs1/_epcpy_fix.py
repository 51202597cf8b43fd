"""Work around an epcpy 0.1.8 bug in ``verify_gs3a3_component``.

epcpy splits a URN component on ``%\\d\\d`` only, then decodes every piece that
starts with ``%`` as hex. A component that starts with (or continues after a
``%22`` with) an escape holding a letter, ``%2F %3C %3E %3F``, crashes or is
rejected: ``urn:epc:id:giai:8934673.%2FTANK-7`` raises ``ValueError``. This
replacement decodes each ``%XX`` and checks the same character set. It is
installed into the epcpy scheme modules that imported the original name.
"""

from __future__ import annotations

import importlib
import re

from epcpy.utils.common import VERIFY_GS3A3_CHARS_REGEX, ConvertException

_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_SCHEMES = ("ginc", "sgln", "giai", "upui", "gdti", "sgtin", "itip", "lgtin", "grai")


def verify_gs3a3_component(gs3a3_component: str) -> None:
    """Raise ConvertException unless the decoded component is GS1 CSET 82 text."""
    decoded = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), gs3a3_component)
    if "%" in _ESCAPE.sub("", gs3a3_component) or not VERIFY_GS3A3_CHARS_REGEX.fullmatch(decoded):
        raise ConvertException(message=f"Invalid GS3A3 component {gs3a3_component!r}")


def install() -> None:
    """Point the epcpy scheme modules at the fixed check."""
    for name in _SCHEMES:
        module = importlib.import_module(f"epcpy.epc_schemes.{name}")
        if getattr(module, "verify_gs3a3_component", None) is not None:
            module.verify_gs3a3_component = verify_gs3a3_component  # type: ignore[attr-defined]
