"""The official EPCIS 2.0 JSON Schema, found, relaxed where txng decides so (see
``txng.epcis.validate``) and compiled once per process, with fastjsonschema."""

from __future__ import annotations

import copy
import functools
import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from txng.epcis.document import EVENT_TYPES

log = logging.getLogger(__name__)

SCHEMA_ENV = "TXNG_EPCIS_SCHEMA"
"""Path of EPCIS-JSON-Schema.json; set it empty to run the plain-Python checks alone."""
# ../shared/ beside the repository, i.e. Path(txng.__file__).parents[2] / "shared"; taken from
# this file because an editable install can leave txng.__file__ unset.
DEFAULT_SCHEMA = (Path(__file__).resolve().parents[3] / "shared" / "standards" / "epcis"
                  / "EPCIS-JSON-Schema.json")

SchemaCheck = Callable[[Any], "tuple[list[str], str] | None"]
"""Validates one instance: None, or (path inside it, message) of the first error."""


@dataclass(frozen=True)
class Schema:
    """The compiled official schema: one check per event type and per document type."""

    path: Path
    engine: str
    events: dict[str, SchemaCheck]
    documents: dict[str, SchemaCheck]


def schema_path() -> Path | None:
    """Where the official schema is, or None when it is not available."""
    configured = os.environ.get(SCHEMA_ENV)
    if configured is not None:
        if not configured.strip():
            return None
        path = Path(configured)
        if not path.is_file():
            # A configured path that is wrong is an operator error, not a reason to validate less.
            raise RuntimeError(f"{SCHEMA_ENV}={configured!r} is not a file")
        return path
    return DEFAULT_SCHEMA if DEFAULT_SCHEMA.is_file() else None


@functools.cache
def load_schema() -> Schema | None:
    """The official schema, compiled on first use (``load_schema.cache_clear()`` to reload)."""
    path = schema_path()
    if path is None:
        log.info("EPCIS JSON Schema not found: capture runs the plain-Python checks only")
        return None
    definitions = _speed_up(_relax(json.loads(path.read_text(encoding="utf-8"))["definitions"]))
    # Events are checked one by one, so the envelope's schema leaves them out; and each event
    # goes straight to its type's definition rather than through the if/then chain of
    # EPCIS-Document-Event, which costs a failed branch per other type.
    envelope = {**definitions, "eventList": {"type": "array"}}
    schemas = {**{kind: {"$ref": f"#/definitions/{kind}", "definitions": definitions}
                  for kind in EVENT_TYPES},
               **{kind: {"$ref": f"#/definitions/{name}", "definitions": envelope}
                  for kind, name in (("EPCISDocument", "epcisDocument"),
                                     ("EPCISQueryDocument", "epcisQueryDocument"))}}
    try:
        checks, engine = {k: _fast(v) for k, v in schemas.items()}, "fastjsonschema"
    except Exception as exc:  # noqa: BLE001 - any compiler failure means: use the other engine
        log.warning("fastjsonschema cannot compile %s (%s); using jsonschema", path, exc)
        checks, engine = {k: _slow(v) for k, v in schemas.items()}, "jsonschema"
    return Schema(path=path, engine=engine,
                  events={kind: checks[kind] for kind in EVENT_TYPES},
                  documents={kind: checks[kind] for kind in ("EPCISDocument",
                                                             "EPCISQueryDocument")})


def _fast(schema: dict) -> SchemaCheck:
    import fastjsonschema

    validate = fastjsonschema.compile({"$schema": "http://json-schema.org/draft-07/schema#",
                                       **schema})

    def check(instance: Any) -> tuple[list[str], str] | None:
        try:
            validate(instance)
        except fastjsonschema.JsonSchemaValueException as exc:
            text = exc.message[len(exc.name):].strip() if exc.message.startswith(exc.name) \
                else exc.message
            return list(exc.path[1:]), text
        return None
    return check


def _slow(schema: dict) -> SchemaCheck:
    import jsonschema

    validator = jsonschema.Draft7Validator(
        schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)

    def check(instance: Any) -> tuple[list[str], str] | None:
        error = jsonschema.exceptions.best_match(validator.iter_errors(instance))
        return None if error is None else ([str(p) for p in error.absolute_path], error.message)
    return check


def _relax(definitions: dict) -> dict:
    """The schema's definitions with txng's four relaxations (see the module docstring)."""
    out = copy.deepcopy(definitions)
    out["vocab-other-uri"]["pattern"] = r"^(?!https?:\/\/ns\.gs1\.org\/cbv\/)"
    out["vocab-nonGS1WebVoc-uri"].pop("pattern", None)
    out["sensorReport"].pop("required", None)
    for kind in ("AggregationEvent", "TransactionEvent", "AssociationEvent"):
        for part in out[kind]["allOf"]:
            if "propertyNames" in part:
                part["properties"]["persistentDisposition"] = {
                    "$ref": "#/definitions/persistentDisposition"}
                part["propertyNames"]["anyOf"][1]["enum"].append("persistentDisposition")
    return out


def _speed_up(definitions: dict) -> dict:
    """The same schema (it accepts exactly the same documents), rewritten to validate faster.

    fastjsonschema runs ``anyOf`` branches in order and pays an exception for each that fails;
    so nested ``anyOf`` are flattened and string enums merged into one first branch (a bare
    ``shipping`` or a standard field name then matches at once). And the identifier branches
    of each event (``epcList`` or ``quantityList`` or ...) drop the item schemas that the
    event's ``properties`` already apply to the same lists.
    """
    out = copy.deepcopy(definitions)

    def branches(node: dict):
        if set(node) == {"anyOf"}:
            for branch in node["anyOf"]:
                yield from branches(branch)
        elif set(node) == {"$ref"} and set(out[node["$ref"].rsplit("/", 1)[1]]) == {"anyOf"}:
            yield from branches(out[node["$ref"].rsplit("/", 1)[1]])
        else:
            yield node

    def merge(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                merge(item)
        elif isinstance(node, dict):
            for item in node.values():
                merge(item)
            if "anyOf" in node:
                flat = list(branches({"anyOf": node["anyOf"]}))
                enums = [b for b in flat if set(b) == {"type", "enum"} and b["type"] == "string"]
                words = [word for b in enums for word in b["enum"]]
                node["anyOf"] = ([{"type": "string", "enum": words}] if enums else []) + \
                    [b for b in flat if b not in enums]

    def dedupe(node: dict, known: dict) -> None:
        for key, sub in node.get("properties", {}).items():
            if key in known and isinstance(sub, dict):
                node["properties"][key] = {k: v for k, v in sub.items()
                                           if k not in ("items", "$ref")}
        for branch in node.get("anyOf", []) + node.get("allOf", []):
            dedupe(branch, known)

    merge(out)
    for kind in EVENT_TYPES:
        common, own, *rules = out[kind]["allOf"]
        for rule in rules:
            dedupe(rule, own["properties"])
    return out


