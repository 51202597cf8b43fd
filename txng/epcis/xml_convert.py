"""EPCIS XML documents -> the JSON-LD dict of the JSON binding (header, master data, events).

Values are kept as written (CBV URNs, EPCs, timestamps); only what the XSD types as
numbers or booleans becomes a JSON number or boolean.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from txng.epcis.xml_events import EVENT_FIELDS, WRAPPERS, EventConverter
from txng.epcis.xml_names import SBDH, Names, StructureError, extension_value, put
from txng.errors import FieldError, InvalidInput

EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"
MAX_REPORTED = 100
"""At most this many faults are listed in one error; the count of the rest is given."""


def xml_to_document(root: etree._Element) -> dict[str, Any]:
    """Convert a parsed EPCIS XML root element into its JSON-LD dict.

    Handles ``EPCISDocument`` (2.0, and 1.x layouts with ``extension`` wrappers),
    ``EPCISQueryDocument`` with query results, ``EPCISMasterDataDocument`` (returned as
    an EPCISDocument with ``epcisHeader.epcisMasterData`` and an empty event list, the
    only place the JSON binding has for master data) and a bare event element (returned
    as a single event carrying its own ``@context``).

    Raises:
        InvalidInput: the document breaks the EPCIS structure; ``errors`` lists each
            fault found (events are converted one by one, so faults in several events
            are all reported).
    """
    return _DocumentConverter().convert(root)


class _DocumentConverter:
    def __init__(self) -> None:
        self.names = Names()
        self.events = EventConverter(self.names)
        self.errors: list[FieldError] = []
        self.faults = 0

    def convert(self, root: etree._Element) -> dict[str, Any]:
        ns, local = self.names.split(root.tag)
        try:
            if ns is None and local == "EPCISDocument":
                out = self._document(root)
            elif ns is None and local == "EPCISQueryDocument":
                out = self._query_document(root)
            elif ns is None and local == "EPCISMasterDataDocument":
                out = self._master_data_document(root)
            elif ns is None and local in EVENT_FIELDS:
                out = self._event(root, local)
            else:
                raise InvalidInput(
                    f"Not an EPCIS document: the root element is <{root.tag}>; expected "
                    "EPCISDocument, EPCISQueryDocument, EPCISMasterDataDocument or an event",
                    errors=[FieldError(field="(document)", message=f"root element <{root.tag}>")])
        except StructureError as exc:
            self._record(exc)
            out = {}
        if self.errors:
            first = self.errors[0]
            more = f" ({self.faults} faults in all)" if self.faults > 1 else ""
            raise InvalidInput(f"Invalid EPCIS XML document: {first.field}: {first.message}{more}",
                               errors=self.errors)
        return {"@context": self._context(), **out}

    def _record(self, exc: StructureError) -> None:
        self.faults += 1
        if len(self.errors) < MAX_REPORTED:
            self.errors.append(exc.error)

    def _context(self) -> list[Any]:
        return [EPCIS_CONTEXT, dict(self.names.context)] if self.names.context else [EPCIS_CONTEXT]

    def _root_attributes(self, root: etree._Element, kind: str, required: bool) -> dict[str, Any]:
        out: dict[str, Any] = {"type": kind}
        for attr in ("schemaVersion", "creationDate"):
            value = root.get(attr)
            if value is not None:
                out[attr] = value.strip()
            elif required:
                raise self.names.fail(root, attr, f"<{root.tag}> needs a {attr} attribute")
        if "creationDate" in out:
            self.events.time(root, "creationDate", out["creationDate"])
        self.events.attributes(out, root)
        return out

    # documents

    def _document(self, root: etree._Element) -> dict[str, Any]:
        doc = self._root_attributes(root, "EPCISDocument", required=True)
        header: dict[str, Any] | None = None
        body: dict[str, Any] | None = None
        extras: dict[str, Any] = {}
        for child in _elements(root):
            local = self.names.local(child)
            if local == "EPCISHeader":
                header = self._header(child, doc)
            elif local == "EPCISBody":
                body = self._body(child)
            else:
                self._extension(extras, child, "(document)")
        if body is None:
            raise self.names.fail(root, "epcisBody", "<EPCISDocument> needs an <EPCISBody>")
        if header is not None:
            doc["epcisHeader"] = header
        doc["epcisBody"] = body
        doc.update(extras)
        return doc

    def _body(self, el: etree._Element) -> dict[str, Any]:
        body: dict[str, Any] = {"eventList": []}
        for child in _elements(el):
            local = self.names.local(child)
            if local == "EventList":
                body["eventList"] = self._event_list(child)
            else:
                self._extension(body, child, "epcisBody")
        return body

    def _query_document(self, root: etree._Element) -> dict[str, Any]:
        doc = self._root_attributes(root, "EPCISQueryDocument", required=False)
        results = None
        header = None
        for child in _elements(root):
            local = self.names.local(child)
            if local == "EPCISHeader":
                header = self._header(child, doc)
            elif local == "EPCISBody":
                for part in _elements(child):
                    if self.names.local(part) == "QueryResults":
                        results = self._query_results(part)
            elif local == "resultsBody" and results is None:
                # QueryResults content straight under the root, as in some hash vectors.
                results = self._query_results(root)
        if results is None:
            raise self.names.fail(root, "epcisBody.queryResults",
                                  "only EPCISQueryDocuments holding <QueryResults> are converted")
        if header is not None:
            doc["epcisHeader"] = header
        doc["epcisBody"] = {"queryResults": results}
        return doc

    def _query_results(self, el: etree._Element) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for child in _elements(el):
            local = self.names.local(child)
            if local in ("queryName", "subscriptionID"):
                out[local] = self.events.text(child, f"queryResults.{local}")
            elif local == "resultsBody":
                rb: dict[str, Any] = {}
                for part in _elements(child):
                    kind = self.names.local(part)
                    if kind == "EventList":
                        rb["eventList"] = self._event_list(part)
                    elif kind == "VocabularyList":
                        rb["vocabularyList"] = self._vocabularies(part)
                out["resultsBody"] = rb
            elif local not in ("EPCISHeader", "EPCISBody"):
                self._extension(out, child, "queryResults")
        if "resultsBody" not in out:
            raise self.names.fail(el, "queryResults", "<QueryResults> needs a <resultsBody>")
        return out

    def _master_data_document(self, root: etree._Element) -> dict[str, Any]:
        doc = self._root_attributes(root, "EPCISDocument", required=True)
        header = None
        vocabularies: list[dict[str, Any]] = []
        for child in _elements(root):
            local = self.names.local(child)
            if local == "EPCISHeader":
                header = self._header(child, doc)
            elif local == "EPCISBody":
                for part in _elements(child):
                    if self.names.local(part) == "VocabularyList":
                        vocabularies.extend(self._vocabularies(part))
        header = header or {}
        header["epcisMasterData"] = {"vocabularyList": vocabularies}
        doc["epcisHeader"] = header
        doc["epcisBody"] = {"eventList": []}
        return doc

    # events

    def _event(self, root: etree._Element, kind: str) -> dict[str, Any]:
        self.names.event = 0
        return self.events.event(root, kind)

    def _event_list(self, el: etree._Element) -> list[dict[str, Any]]:
        events: list[dict[str, Any]] = []
        self._collect_events(el, events)
        self.names.event = None
        return events

    def _collect_events(self, el: etree._Element, events: list[dict[str, Any]]) -> None:
        names = self.names
        convert = self.events.event
        for child in el:
            if child.tag.__class__ is not str:
                continue
            ns, local = names.split(child.tag)
            if ns is None and local in WRAPPERS:
                # EPCIS 1.x put TransformationEvent (and 2.0 drafts AssociationEvent) in
                # <extension>; 2.0 keeps it for event types declared by user namespaces.
                self._collect_events(child, events)
                continue
            if ns is None and local not in EVENT_FIELDS:
                names.event = len(events)
                self._record(names.fail(child, "type", f"<{local}> is not an EPCIS 2.0 event type"))
                events.append({})
                continue
            kind = local if ns is None else names.element_key(child)
            names.event = len(events)
            try:
                events.append(convert(child, kind))
            except StructureError as exc:
                self._record(exc)
                events.append({})

    # header and master data

    def _header(self, el: etree._Element, doc: dict[str, Any]) -> dict[str, Any]:
        header: dict[str, Any] = {}
        for child in _elements(el):
            ns, local = self.names.split(child.tag)
            if ns == SBDH and local == "StandardBusinessDocumentHeader":
                self._sbdh(child, doc)
                header[self.names.element_key(child)] = extension_value(self.names, child)
            elif ns is None and local in WRAPPERS:
                for part in _elements(child):
                    if self.names.local(part) == "EPCISMasterData":
                        header["epcisMasterData"] = self._master_data(part)
                    else:
                        self._extension(header, part, "epcisHeader", local_ok=True)
            elif ns is None and local == "EPCISMasterData":
                header["epcisMasterData"] = self._master_data(child)
            else:
                self._extension(header, child, "epcisHeader")
        return header

    def _sbdh(self, el: etree._Element, doc: dict[str, Any]) -> None:
        """The JSON binding's pseudo-SBDH fields: sender, receiver, instanceIdentifier."""
        tags = {"Sender": "sender", "Receiver": "receiver"}
        for child in _elements(el):
            local = etree.QName(child).localname
            if local in tags and tags[local] not in doc:
                ident = child.find(f"{{{SBDH}}}Identifier")
                if ident is not None and (ident.text or "").strip():
                    doc[tags[local]] = ident.text.strip()
            elif local == "DocumentIdentification":
                ident = child.find(f"{{{SBDH}}}InstanceIdentifier")
                if ident is not None and (ident.text or "").strip():
                    doc["instanceIdentifier"] = ident.text.strip()

    def _master_data(self, el: etree._Element) -> dict[str, Any]:
        out: dict[str, Any] = {"vocabularyList": []}
        for child in _elements(el):
            local = self.names.local(child)
            if local == "VocabularyList":
                out["vocabularyList"].extend(self._vocabularies(child))
            else:
                self._extension(out, child, "epcisMasterData", local_ok=True)
        return out

    def _vocabularies(self, el: etree._Element) -> list[dict[str, Any]]:
        out = []
        for i, voc in enumerate(_elements(el)):
            field = f"vocabularyList[{i}]"
            if self.names.local(voc) != "Vocabulary":
                raise self.names.fail(voc, field, "<VocabularyList> may only hold <Vocabulary>")
            entry: dict[str, Any] = {"type": self._required_attr(voc, "type", field)}
            for child in _elements(voc):
                local = self.names.local(child)
                if local == "VocabularyElementList":
                    entry["vocabularyElementList"] = [
                        self._vocabulary_element(e, f"{field}.vocabularyElementList[{j}]")
                        for j, e in enumerate(_elements(child))]
                else:
                    self._extension(entry, child, field, local_ok=local in WRAPPERS)
            out.append(entry)
        return out

    def _vocabulary_element(self, el: etree._Element, field: str) -> dict[str, Any]:
        if self.names.local(el) != "VocabularyElement":
            raise self.names.fail(el, field, "<VocabularyElementList> may only hold "
                                  "<VocabularyElement>")
        entry: dict[str, Any] = {"id": self._required_attr(el, "id", field)}
        for child in _elements(el):
            local = self.names.local(child)
            if local == "attribute":
                attr: dict[str, Any] = {"id": self._required_attr(child, "id", field)}
                value = extension_value(self.names, child, skip="id")
                if value not in ("", None):
                    attr["attribute"] = value
                entry.setdefault("attributes", []).append(attr)
            elif local == "children":
                ids = self.events.items(child, f"{field}.children", "id")
                entry["children"] = [self.events.text(c, f"{field}.children[{i}]")
                                     for i, c in ids]
            else:
                self._extension(entry, child, field, local_ok=local in WRAPPERS)
        return entry

    def _required_attr(self, el: etree._Element, name: str, field: str) -> str:
        value = el.get(name)
        if value is None or not value.strip():
            raise self.names.fail(el, f"{field}.{name}", f"<{el.tag}> needs a {name} attribute")
        return value.strip()

    def _extension(self, obj: dict[str, Any], el: etree._Element, field: str,
                   local_ok: bool = False) -> None:
        """A user extension element (namespaced) into ``obj``; an ``<extension>`` wrapper
        is flattened. Unqualified names are refused unless ``local_ok`` (1.x ##local slots)."""
        ns, local = self.names.split(el.tag)
        if ns is not None:
            put(obj, self.names.element_key(el), extension_value(self.names, el))
        elif local in WRAPPERS:
            for child in _elements(el):
                self._extension(obj, child, field, local_ok=True)
        elif local_ok:
            put(obj, local, extension_value(self.names, el))
        else:
            raise self.names.fail(el, f"{field}.{local}", f"unexpected element <{local}>")


def _elements(el: etree._Element):
    """Element children only (comments and processing instructions skipped)."""
    return (child for child in el if child.tag.__class__ is str)
