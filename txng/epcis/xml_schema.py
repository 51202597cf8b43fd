"""Validation of EPCIS XML against the official EPCIS 2.0 XSD, loaded once.

The XSD lives in ../shared/standards (not shipped with the package): it is looked up next
to the repository, then in ``$TXNG_EPCIS_XSD_DIR``. Without it, validation is skipped and
the converter's structural checks are the only guard.
"""

from __future__ import annotations

import bisect
import functools
import logging
import os
import threading
from pathlib import Path

from lxml import etree

import txng
from txng.errors import FieldError, InvalidInput

# txng.__file__ is None when an editable install resolves txng as a namespace package.
_PACKAGE_INIT = Path(txng.__file__ or Path(__file__).parents[1] / "__init__.py")
REPO_XSD_DIR = _PACKAGE_INIT.resolve().parents[2] / "shared" / "standards" / "epcis" / "XSD"
XSD_DIR_ENV = "TXNG_EPCIS_XSD_DIR"
MAIN_XSD = "EPCglobal-epcis-2_0.xsd"
# Query and master-data documents have their own XSDs (both import the main one).
EXTRA_XSDS = {
    "urn:epcglobal:epcis-query:xsd:2": "EPCglobal-epcis-query-2_0.xsd",
    "urn:epcglobal:epcis-masterdata:xsd:2": "EPCglobal-epcis-masterdata-2_0.xsd",
}
MAX_REPORTED = 100

_log = logging.getLogger(__name__)
# An XMLSchema keeps its error log on itself, so concurrent validations would mix logs.
_lock = threading.Lock()


def xsd_dir() -> Path | None:
    """The folder holding the EPCIS 2.0 XSD, or None when it cannot be found."""
    for candidate in (REPO_XSD_DIR, os.environ.get(XSD_DIR_ENV)):
        if candidate and (Path(candidate) / MAIN_XSD).is_file():
            return Path(candidate)
    return None


@functools.lru_cache(maxsize=4)
def load_schema(folder: Path) -> etree.XMLSchema:
    """The EPCIS 2.0 schema (with query and master-data documents) from ``folder``, cached."""
    imports = [("urn:epcglobal:epcis:xsd:2", MAIN_XSD)] + [
        (ns, name) for ns, name in EXTRA_XSDS.items() if (folder / name).is_file()]
    wrapper = "".join(
        f'<xsd:import namespace="{ns}" schemaLocation="{(folder / name).as_uri()}"/>'
        for ns, name in imports)
    xsd = f'<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">{wrapper}</xsd:schema>'
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.XMLSchema(etree.fromstring(xsd, parser, base_url=folder.as_uri() + "/"))


def validate_xml(tree: etree._ElementTree | etree._Element) -> bool:
    """Validate against the EPCIS 2.0 XSD; False when the XSD is absent (nothing checked).

    Raises:
        InvalidInput: the document does not conform; each error names its line and the
            element, and the event it sits in when it is inside the event list.
    """
    folder = xsd_dir()
    if folder is None:
        _log.info("EPCIS XSD not found (%s, $%s): XML schema validation skipped",
                  REPO_XSD_DIR, XSD_DIR_ENV)
        return False
    schema = load_schema(folder)
    with _lock:
        if schema.validate(tree):
            return True
        log = list(schema.error_log)
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    starts = _event_lines(root)
    errors = []
    for entry in log[:MAX_REPORTED]:
        index = None
        field = entry.path or "(document)"
        if "EventList/" in field and starts:
            i = bisect.bisect_right(starts, entry.line) - 1
            if i >= 0:
                index = i
                field = f"eventList[{index}]" + _inside_event(field)
        errors.append(FieldError(field=field, message=f"line {entry.line}: {entry.message}",
                                 event=index))
    first = log[0]
    more = f" ({len(log)} errors in all)" if len(log) > 1 else ""
    raise InvalidInput("The XML document does not conform to the EPCIS 2.0 XSD: "
                       f"line {first.line}: {first.message}{more}", errors=errors)


def _event_lines(root: etree._Element) -> list[int]:
    """Start line of each event, in document order (the index is the event's index)."""
    starts: list[int] = []
    for event_list in root.iter("EventList", "{*}EventList"):
        stack = [c for c in event_list if isinstance(c.tag, str)]
        for el in stack:
            if etree.QName(el).localname == "extension":
                stack.extend(c for c in el if isinstance(c.tag, str))
            elif el.sourceline:
                starts.append(el.sourceline)
    starts.sort()
    return starts


def _inside_event(path: str) -> str:
    """The part of an XPath below the event element, as ``.a.b`` (empty at the event)."""
    steps = path.split("EventList/", 1)[1].split("/")
    if steps[0].startswith("extension"):
        steps = steps[1:]
    return "".join("." + step for step in steps[1:])
