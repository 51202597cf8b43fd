"""Answers: stored events as an EPCISQueryDocument, with EPCs in the format the caller
asks for (``GS1-EPC-Format``) and standard vocabulary as bare words (JSON-LD)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from txng.epcis.capture import iso
from txng.epcis.document import EPCIS_CONTEXT
from txng.epcis.normalise import compact_event
from txng.errors import QueryParameterError
from txng.gs1 import canonical_or_given, urn_or_given

EPC_FORMATS = ("Always_GS1_Digital_Link", "Always_EPC_URN", "No_Preference",
               "Never_Translates")
_EPC_LISTS = ("epcList", "childEPCs", "inputEPCList", "outputEPCList")
_CLASS_LISTS = ("quantityList", "childQuantityList", "inputQuantityList",
                "outputQuantityList")

Convert = Callable[[str], str]


def epc_converter(header: str | None) -> Convert | None:
    """The conversion a ``GS1-EPC-Format`` header asks for (None: keep EPCs as captured).
    Absent, the binding's default is Always_GS1_Digital_Link."""
    chosen = header or "Always_GS1_Digital_Link"
    if chosen not in EPC_FORMATS:
        raise QueryParameterError(f"GS1-EPC-Format: '{chosen}' is not one of "
                                  f"{', '.join(EPC_FORMATS)}")
    return {"Always_GS1_Digital_Link": canonical_or_given,
            "Always_EPC_URN": urn_or_given}.get(chosen)


def answer_event(event: dict[str, Any], convert: Convert | None) -> dict[str, Any]:
    """A stored event as answers carry it (JSON-LD: bare CBV words, EPCs converted)."""
    out = compact_event(event)
    return convert_epcs(out, convert) if convert else out


def query_document(events: list[dict[str, Any]], *, query_name: str,
                   subscription_id: str | None = None) -> dict[str, Any]:
    results: dict[str, Any] = {"queryName": query_name}
    if subscription_id:
        results["subscriptionID"] = subscription_id
    results["resultsBody"] = {"eventList": events}
    return {"@context": EPCIS_CONTEXT, "type": "EPCISQueryDocument", "schemaVersion": "2.0",
            "creationDate": iso(datetime.now(UTC)),
            "epcisBody": {"queryResults": results}}


def collection(members: list[str]) -> dict[str, Any]:
    return {"@context": EPCIS_CONTEXT, "type": "Collection", "member": members}


def convert_epcs(event: dict[str, Any], convert: Convert) -> dict[str, Any]:
    """A copy of ``event`` with every EPC, class, location and party id converted."""
    out = dict(event)
    for key in _EPC_LISTS:
        if isinstance(out.get(key), list):
            out[key] = [convert(value) for value in out[key]]
    if isinstance(out.get("parentID"), str):
        out["parentID"] = convert(out["parentID"])
    for key in _CLASS_LISTS:
        if isinstance(out.get(key), list):
            out[key] = [{**item, "epcClass": convert(item["epcClass"])}
                        if isinstance(item, dict) and "epcClass" in item else item
                        for item in out[key]]
    for key in ("readPoint", "bizLocation"):
        if isinstance(out.get(key), dict) and "id" in out[key]:
            out[key] = {**out[key], "id": convert(out[key]["id"])}
    for key, field in (("sourceList", "source"), ("destinationList", "destination")):
        if isinstance(out.get(key), list):
            out[key] = [{**item, field: convert(item[field])}
                        if isinstance(item, dict) and field in item else item
                        for item in out[key]]
    return out
