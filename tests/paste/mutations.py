"""Systematic mutations of a paste file: each one a realistic way to break (or bend) it.

Every operator is applied at every place it fits, so a 60-line file yields a few hundred
variants. The agreement test loads each variant with PasteDeploy and with policykit.
"""

from __future__ import annotations

import re
from typing import Iterator

_HEADER = re.compile(r"^\[(?P<header>[^\]]+)\]\s*$")
_KEY = re.compile(r"^(?P<key>[^\s=:#;\[][^=:]*?)\s*(?P<delim>[=:])\s*(?P<value>.*)$")


def _sections(lines: list[str]) -> list[tuple[int, str, list[int]]]:
    """(header line index, header, key line indexes)."""
    found: list[tuple[int, str, list[int]]] = []
    for i, line in enumerate(lines):
        header = _HEADER.match(line)
        if header:
            found.append((i, header.group("header"), []))
        elif found and _KEY.match(line):
            found[-1][2].append(i)
    return found


def _key(line: str) -> tuple[str, str]:
    match = _KEY.match(line)
    return match.group("key"), match.group("value")


def _section_end(lines: list[str], start: int) -> int:
    for j in range(start + 1, len(lines)):
        if _HEADER.match(lines[j]):
            return j
    return len(lines)


def mutations(text: str) -> Iterator[tuple[str, str]]:
    lines = text.split("\n")
    sections = _sections(lines)
    headers = [h for _, h, _ in sections]
    names = {h.split(":", 1)[1].strip() for h in headers if ":" in h}

    def edit(index: int, new: str | None) -> str:
        copy = list(lines)
        if new is None:
            del copy[index]
        else:
            copy[index] = new
        return "\n".join(copy)

    def insert(index: int, *new: str) -> str:
        return "\n".join(lines[:index] + list(new) + lines[index:])

    for start, header, keys in sections:
        prefix, _, name = header.partition(":")
        end = _section_end(lines, start)
        # a missing section
        yield f"delete [{header}]", "\n".join(lines[:start] + lines[end:])
        # a wrong kind
        swap = {"filter": "app", "app": "filter", "pipeline": "filter", "composite": "filter"}.get(prefix)
        if swap:
            yield f"[{header}] as [{swap}:{name}]", edit(start, f"[{swap}:{name}]")
        # a misspelt or mis-cased prefix
        for bad in ({"filter": ["filters", "Filter"], "app": ["App", "ap"], "pipeline": ["pipline"],
                     "composite": ["Composite"]}.get(prefix, [])):
            yield f"[{header}] prefix {bad}", edit(start, f"[{bad}:{name}]")
        yield f"duplicate [{header}]", insert(end, f"[{header}]", "")
        yield f"[{header}] with spaced name", edit(start, f"[{prefix}: {name} ]")
        if prefix == "app":
            yield f"shadow [application:{name}]", insert(end, f"[application:{name}]", "paste.app_factory = m:f", "")
            yield f"ambiguous [pipeline:{name}]", insert(end, f"[pipeline:{name}]", f"pipeline = {name}", "")
            yield f"[{header}] filter-with", insert(start + 1, "filter-with = nosuchfilter")
            yield f"[{header}] composite call as app", insert(start + 1, "use = call:paste.urlmap:urlmap_factory")
            for i in keys:
                yield f"[{header}] no factory", edit(i, None)
                break
        if prefix == "filter":
            yield f"[{header}] app factory key", "\n".join(
                lines[:start + 1] + [re.sub(r"^paste\.filter_factory", "paste.app_factory", l) for l in lines[start + 1:end]] + lines[end:])
            yield f"[{header}] two factory keys", insert(start + 1, "paste.filter_app_factory = m:f")
            yield f"[{header}] use and factory", insert(start + 1, "use = egg:oslo.middleware#cors")
            yield f"[{header}] filter-with self", insert(start + 1, f"filter-with = {name}")
            yield f"[{header}] get nosuch", insert(start + 1, "get conf = nosuch_global")
        if prefix == "pipeline":
            yield f"[{header}] extra key", insert(start + 1, "foo = bar")
            yield f"[{header}] set key", insert(start + 1, "set debug = false")
            yield f"[{header}] filter-with", insert(start + 1, f"filter-with = {sorted(names)[0]}")
            yield f"[{header}] missing key", "\n".join(lines[:start + 1] + [l for l in lines[start + 1:end] if not l.startswith("pipeline")] + lines[end:])
        if prefix == "composite":
            yield f"[{header}] stray option", insert(start + 1, "oslo_config_project = nova")
            yield f"[{header}] url key", insert(start + 1, "http://example.com/ = " + sorted(names)[0])
            yield f"[{header}] not_found_app", insert(start + 1, "not_found_app = nosuchapp")
            yield f"[{header}] bare path", insert(start + 1, "v9 = " + sorted(names)[0])
            yield f"[{header}] domain only", insert(start + 1, "domain = " + sorted(names)[0])
            yield f"[{header}] egg with version", "\n".join(
                lines[:start + 1] + [l.replace("egg:Paste#", "egg:Paste>=1.0#") for l in lines[start + 1:end]] + lines[end:])
            yield f"[{header}] app factory key", "\n".join(
                lines[:start + 1] + [l.replace("paste.composite_factory", "paste.app_factory") for l in lines[start + 1:end]] + lines[end:])
        if prefix == "filter-app":
            yield f"[{header}] no next", "\n".join(lines[:start + 1] + [l for l in lines[start + 1:end] if not l.startswith("next")] + lines[end:])

    for start, header, keys in sections:
        prefix = header.split(":", 1)[0]
        for i in keys:
            key, value = _key(lines[i])
            tokens = value.split()
            yield f"duplicate key {key} of [{header}]", insert(i + 1, lines[i])
            yield f"indented key {key} of [{header}]", edit(i, "  " + lines[i])
            yield f"no delimiter {key} of [{header}]", edit(i, key)
            yield f"bare percent {key} of [{header}]", edit(i, lines[i] + " 50%")
            yield f"unknown interpolation {key} of [{header}]", edit(i, lines[i] + " %(nosuch)s")
            yield f"DEFAULT shadows {key} of [{header}]", insert(0, "[DEFAULT]", f"{key} = shadow", "")
            pipelineish = (prefix == "pipeline" and key == "pipeline") or (
                prefix == "composite" and len(tokens) > 1 and not key.startswith(("use", "paste.")))
            if pipelineish:
                yield f"inline comment in {key} of [{header}]", edit(i, lines[i] + "  # the app")
                yield f"empty {key} of [{header}]", edit(i, f"{key} =")
                yield f"reversed {key} of [{header}]", edit(i, f"{key} = {' '.join(reversed(tokens))}")
                yield f"filter: token in {key} of [{header}]", edit(i, f"{key} = filter:{' '.join(tokens)}")
                yield f"call: token in {key} of [{header}]", edit(i, f"{key} = call:mod:func {' '.join(tokens)}")
                yield f"egg token in {key} of [{header}]", edit(i, f"{key} = {' '.join(tokens[:-1])} egg:Paste#urlmap")
                yield f"missing item in {key} of [{header}]", edit(i, f"{key} = nosuch {' '.join(tokens)}")
                yield f"multi-line {key} of [{header}]", edit(i, f"{key} =\n    " + "\n    ".join(tokens))
                name = header.split(":", 1)[1].strip()
                yield f"cycle through {key} of [{header}]", edit(i, f"{key} = {' '.join(tokens[:-1])} {name}")
                if prefix == "composite":
                    yield f"delete selector {key} of [{header}]", edit(i, None)
            if key == "use":
                yield f"empty use of [{header}]", edit(i, "use =")
                yield f"use missing file of [{header}]", edit(i, "use = config:nosuch.ini#main")
                yield f"use call without colon of [{header}]", edit(i, "use = call:module_only")
                yield f"use unknown scheme of [{header}]", edit(i, "use = foo:bar")
            if key.startswith("paste.") and key.endswith("_factory"):
                yield f"glued factory of [{header}]", insert(i + 1, "  label = x")
    yield "text before the first section", "oops = 1\n" + text
    yield "DEFAULT pipeline", "[DEFAULT]\npipeline = x\n\n" + text
    yield "DEFAULT use", "[DEFAULT]\nuse = egg:Paste#urlmap\n\n" + text
    yield "DEFAULT with interpolation", "[DEFAULT]\nlog = %(here)s/log\nbad = %(missing)s\n\n" + text
