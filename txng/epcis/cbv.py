"""CBV 2.0 standard vocabularies: which words are standard, and their long and short forms.

EPCIS 2.0 JSON writes a standard value as a bare word (``shipping``); the same value may
arrive as its full URI (``https://ref.gs1.org/cbv/BizStep-shipping``), as a CURIE
(``cbv:BizStep-shipping``) or, from EPCIS 1.2 and XML, as a URN
(``urn:epcglobal:cbv:bizstep:shipping``). Anything else must be an absolute URI: a private
vocabulary.

>>> BIZ_STEP.expand("urn:epcglobal:cbv:bizstep:shipping")
'https://ref.gs1.org/cbv/BizStep-shipping'
>>> BIZ_STEP.compact("https://ref.gs1.org/cbv/BizStep-shipping")
'shipping'
>>> BIZ_STEP.urn("https://ref.gs1.org/cbv/BizStep-shipping")
'urn:epcglobal:cbv:bizstep:shipping'
>>> BIZ_STEP.problem("harvest", "bizStep")
"bizStep 'harvest' is not a CBV 2.0 business step; use a full URI for a private vocabulary"
>>> BIZ_STEP.problem("https://example.com/steps/harvest", "bizStep") is None
True
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

CBV = "https://ref.gs1.org/cbv/"
GS1_VOC = "https://gs1.org/voc/"
DATA = Path(__file__).parent / "data" / "cbv.json"

# RFC 3986 scheme, then anything without white space: what "absolute URI" means here.
ABSOLUTE_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:\S+\Z")


@dataclass(frozen=True)
class Vocabulary:
    """One standard vocabulary and every accepted spelling of its words."""

    name: str
    """Our key for it, as in ``data/cbv.json``: ``bizStep``, ``sourceDestType``..."""
    label: str
    """What a word of it is, for messages: ``business step``."""
    standard: str
    """Where the words are defined, for messages: ``CBV 2.0``."""
    uri_prefix: str
    """Full URI of a word is this plus the word."""
    curie_prefix: str
    """The same with the EPCIS context's ``cbv:`` or ``gs1:`` prefix."""
    urn_prefix: str | None
    """CBV 1.2 URN form, for the vocabularies that had one."""
    words: tuple[str, ...]
    """The standard bare words."""
    open_namespace: bool = False
    """Accept any word under ``uri_prefix``: the GS1 Web Vocabulary grows outside CBV, and
    GS1's own examples use terms such as ``gs1:EffectiveDoseRate`` that are not in the list."""
    forms: dict[str, str] = field(init=False, repr=False, compare=False)
    """Every accepted spelling of a standard word -> its full URI."""
    short: dict[str, str] = field(init=False, repr=False, compare=False)
    """Full URI -> bare word."""

    def __post_init__(self) -> None:
        forms: dict[str, str] = {}
        for word in self.words:
            full = self.uri_prefix + word
            forms[word] = forms[full] = forms[self.curie_prefix + word] = full
            if self.urn_prefix:
                forms[self.urn_prefix + word] = full
        object.__setattr__(self, "forms", forms)
        object.__setattr__(self, "short", {self.uri_prefix + w: w for w in self.words})

    def expand(self, value: str, namespaces: dict[str, str] | None = None) -> str:
        """The full URI of ``value``; a CURIE is expanded with ``namespaces``, others kept."""
        full = self.forms.get(value)
        if full is not None:
            return full
        if self.open_namespace and value.startswith(self.curie_prefix):
            return self.uri_prefix + value[len(self.curie_prefix):]
        if namespaces:
            prefix, colon, rest = value.partition(":")
            if colon and not rest.startswith("//") and prefix in namespaces:
                return namespaces[prefix] + rest
        return value

    def compact(self, value: str) -> str:
        """The bare word for a standard full URI (a CURIE for an open namespace); others kept."""
        word = self.short.get(value)
        if word is not None:
            return word
        if self.open_namespace and value.startswith(self.uri_prefix):
            return self.curie_prefix + value[len(self.uri_prefix):]
        return value

    def urn(self, value: str) -> str:
        """The CBV 1.2 URN of a standard full URI, the XML binding's traditional form;
        other values, and words of vocabularies that never had a URN, are kept."""
        word = self.short.get(value)
        if word is not None and self.urn_prefix:
            return self.urn_prefix + word
        return value

    def problem(self, value: object, name: str) -> str | None:
        """Why ``value`` cannot stand for a word of this vocabulary, or None when it can."""
        if value in self.forms:
            return None
        if not isinstance(value, str):
            return f"{name} must be a string, got {type(value).__name__}"
        if ":" not in value:
            hint = (f"write {self.curie_prefix}{value} for a newer {self.standard} term, or "
                    if self.open_namespace else "")
            return (f"{name} {value!r} is not a {self.standard} {self.label}; {hint}"
                    "use a full URI for a private vocabulary")
        for prefix in (self.uri_prefix, self.curie_prefix, self.urn_prefix):
            if prefix and value.startswith(prefix):
                if self.open_namespace and prefix != self.urn_prefix:
                    return None
                word = value[len(prefix):]
                return (f"{name} {value!r} claims the {self.standard} namespace but "
                        f"{word!r} is not a {self.standard} {self.label}")
        if not ABSOLUTE_URI.match(value):
            return f"{name} {value!r} is neither a {self.standard} {self.label} nor an absolute URI"
        return None


def _load() -> dict[str, Vocabulary]:
    words = json.loads(DATA.read_text(encoding="utf-8"))["vocabularies"]
    # name: (label, standard, URI part after the namespace, CURIE prefix, URN prefix)
    shapes = {
        "bizStep": ("business step", "CBV 2.0", "BizStep-", "cbv:", "bizstep"),
        "disposition": ("disposition", "CBV 2.0", "Disp-", "cbv:", "disp"),
        "bizTransactionType": ("business transaction type", "CBV 2.0", "BTT-", "cbv:", "btt"),
        "sourceDestType": ("source/destination type", "CBV 2.0", "SDT-", "cbv:", "sdt"),
        "errorReason": ("error reason", "CBV 2.0", "ER-", "cbv:", "er"),
        "component": ("sensor component", "CBV 2.0", "Comp-", "cbv:", None),
        "measurementType": ("measurement type", "GS1 Web Vocabulary", "", "gs1:", None),
        "sensorAlertType": ("sensor alert type", "GS1 Web Vocabulary", "", "gs1:", None),
    }
    out = {}
    for name, (label, standard, part, curie, urn) in shapes.items():
        namespace = CBV if curie == "cbv:" else GS1_VOC
        out[name] = Vocabulary(
            name=name, label=label, standard=standard, uri_prefix=namespace + part,
            curie_prefix=curie + part, urn_prefix=f"urn:epcglobal:cbv:{urn}:" if urn else None,
            words=tuple(words[name]), open_namespace=namespace == GS1_VOC)
    return out


VOCABULARIES: dict[str, Vocabulary] = _load()
BIZ_STEP = VOCABULARIES["bizStep"]
DISPOSITION = VOCABULARIES["disposition"]
BIZ_TRANSACTION_TYPE = VOCABULARIES["bizTransactionType"]
SOURCE_DEST_TYPE = VOCABULARIES["sourceDestType"]
ERROR_REASON = VOCABULARIES["errorReason"]
COMPONENT = VOCABULARIES["component"]
MEASUREMENT_TYPE = VOCABULARIES["measurementType"]
SENSOR_ALERT_TYPE = VOCABULARIES["sensorAlertType"]
