"""XML names -> JSON-LD keys: EPCIS names stay bare, extension names become ``prefix:localName``.

The prefixes used are collected so the converter can write them into ``@context``.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from txng.errors import FieldError

EPCIS_NAMESPACES = frozenset({
    "urn:epcglobal:epcis:xsd:2", "urn:epcglobal:epcis:xsd:1",
    "urn:epcglobal:epcis-query:xsd:2", "urn:epcglobal:epcis-query:xsd:1",
    "urn:epcglobal:epcis-masterdata:xsd:2", "urn:epcglobal:epcis-masterdata:xsd:1",
})
"""Elements in these namespaces (or in none) are EPCIS's own, whatever prefix they carry."""
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SBDH = "http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader"

STANDARD_PREFIXES = {
    "epcis": "https://ref.gs1.org/epcis/", "cbv": "https://ref.gs1.org/cbv/",
    "cbvmda": "urn:epcglobal:cbv:mda:", "gs1": "https://gs1.org/voc/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#", "dcterms": "http://purl.org/dc/terms/",
}
"""Prefixes of the standard EPCIS context. It is @protected: binding one of them to any
other IRI makes JSON-LD processing fail, so other namespaces never get these names."""
# XML writes the CBV master-data namespace without the trailing colon the JSON context
# has; it is the same vocabulary, used as cbvmda: with no @context entry (which would be a
# differing, hence illegal, redefinition). The namespace as written decides the event hash,
# so the colon form is bound explicitly (an identical, legal redefinition).
KNOWN_PREFIXES = {iri: prefix for prefix, iri in STANDARD_PREFIXES.items()}
KNOWN_PREFIXES["urn:epcglobal:cbv:mda"] = "cbvmda"
RESERVED_PREFIXES = frozenset(STANDARD_PREFIXES) | {"_", "id", "type"}


class StructureError(Exception):
    """One structural fault found by the converter; collected into ``InvalidInput``."""

    def __init__(self, error: FieldError) -> None:
        super().__init__(error.message)
        self.error = error


class Names:
    """Per-document naming state: the prefix of every extension namespace in use."""

    def __init__(self) -> None:
        self.context: dict[str, str] = {}
        """prefix -> namespace for the ``@context`` object, in first-use order: every
        namespace used, as written (see ``KNOWN_PREFIXES`` for the one exception)."""
        self._split: dict[str, tuple[str | None, str]] = {}
        self._local: dict[str, str] = {}
        self._keys: dict[tuple[str, str | None], str] = {}
        self._bound: dict[tuple[str, str | None], str] = {}
        self.event: int | None = None
        """Index of the event being converted, for error reports."""

    def split(self, tag: str) -> tuple[str | None, str]:
        """(namespace, local name) of a Clark-notation tag; namespace None for EPCIS's own."""
        hit = self._split.get(tag)
        if hit is None:
            if tag[0] == "{":
                ns, _, local = tag[1:].partition("}")
                hit = (None if ns in EPCIS_NAMESPACES else ns, local)
            else:
                hit = (None, tag)
            self._split[tag] = hit
        return hit

    def local(self, el: etree._Element) -> str | None:
        """The EPCIS local name of ``el``, or None when it is an extension element."""
        local = self._local.get(el.tag)
        if local is None:
            ns, name = self.split(el.tag)
            local = self._local[el.tag] = name if ns is None else ""
        return local or None

    def element_key(self, el: etree._Element) -> str:
        """JSON key of an element: bare for EPCIS/unqualified names, else ``prefix:local``."""
        cache = (el.tag, el.prefix)
        key = self._keys.get(cache)
        if key is None:
            ns, local = self.split(el.tag)
            key = local if ns is None else f"{self._prefix(ns, el.prefix)}:{local}"
            self._keys[cache] = key
        return key

    def attribute_key(self, el: etree._Element, name: str) -> str | None:
        """JSON key of an attribute, None for xsi:* (schema plumbing, not data)."""
        if name[0] != "{":
            return name
        ns, _, local = name[1:].partition("}")
        if ns == XSI:
            return None
        if ns in EPCIS_NAMESPACES:
            return local
        hint = next((p for p, n in el.nsmap.items() if n == ns and p), None)
        return f"{self._prefix(ns, hint)}:{local}"

    def _prefix(self, ns: str, hint: str | None) -> str:
        known = KNOWN_PREFIXES.get(ns)
        if known:
            if STANDARD_PREFIXES[known] == ns:
                self.context.setdefault(known, ns)
            return known
        bound = self._bound.get((ns, hint))
        if bound:
            return bound
        if hint and hint not in RESERVED_PREFIXES and self.context.get(hint, ns) == ns:
            prefix = hint
        else:
            # The written prefix is missing (default namespace), reserved, or already
            # bound to another namespace elsewhere in the document: reuse or mint one.
            prefix = next((p for p, n in self.context.items() if n == ns), "")
            if not prefix:
                base = hint if hint and hint not in RESERVED_PREFIXES else "ns"
                n = 1 if base == "ns" else 2
                while f"{base}{n}" in self.context or f"{base}{n}" in RESERVED_PREFIXES:
                    n += 1
                prefix = f"{base}{n}"
        self.context[prefix] = ns
        self._bound[(ns, hint)] = prefix
        return prefix

    def fail(self, el: etree._Element | None, field: str, message: str) -> StructureError:
        """A structural error at ``el``; ``field`` is the JSON path inside the event."""
        line = f"line {el.sourceline}: " if el is not None and el.sourceline else ""
        where = f"eventList[{self.event}].{field}" if self.event is not None else field
        return StructureError(FieldError(field=where, message=line + message, event=self.event))


def text_of(el: etree._Element) -> str | None:
    """Stripped text of an element (comments and PIs skipped); None if it has child elements."""
    text = el.text
    if len(el):
        parts = [text or ""]
        for child in el:
            if child.tag.__class__ is str:
                return None
            parts.append(child.tail or "")
        text = "".join(parts)
    return text.strip() if text else ""


def extension_value(names: Names, el: etree._Element, skip: str | None = None) -> Any:
    """An extension element as JSON: a string leaf, or an object of its attributes and
    children (repeated children become a list; text beside them goes under ``#text``)."""
    attrs = el.attrib
    nil = False
    obj: dict[str, Any] = {}
    if attrs:
        for name, value in attrs.items():
            if name == skip:
                continue
            key = names.attribute_key(el, name)
            if key is None:
                nil = nil or (name == f"{{{XSI}}}nil" and value.strip() in ("true", "1"))
                continue
            obj[key] = value
    texts = [el.text or ""]
    for child in el:
        if child.tag.__class__ is not str:
            texts.append(child.tail or "")
            continue
        key = names.element_key(child)
        value = extension_value(names, child)
        if key in obj:
            seen = obj[key]
            if seen.__class__ is list:
                seen.append(value)
            else:
                obj[key] = [seen, value]
        else:
            obj[key] = value
        texts.append(child.tail or "")
    text = "".join(texts).strip()
    if not obj:
        return None if nil and not text else text
    if text:
        obj["#text"] = text
    return obj


def put(obj: dict[str, Any], key: str, value: Any) -> None:
    """Set ``obj[key]``; a repeated key turns into a list, in document order."""
    if key in obj:
        seen = obj[key]
        if seen.__class__ is list:
            seen.append(value)
        else:
            obj[key] = [seen, value]
    else:
        obj[key] = value
