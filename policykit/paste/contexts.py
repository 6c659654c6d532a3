"""The pieces the loadapp replay is built from: contexts, errors, factory specs, positions.

``Ctx`` is PasteDeploy's ``LoaderContext`` as data; ``Failure`` carries the
``ResolutionError`` that stops a replay; ``token_locations`` finds each item of a
pipeline value in the file.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from policykit.findings import Location
from policykit.paste.document import FactoryScheme, FactorySpec, Key, ObjectKind, PasteFile, Section
from policykit.paste.resolution import ErrorCategory, ResolutionError
from policykit.paste.reader import OPTION_RE

APP, FILTER = ObjectKind.APP, ObjectKind.FILTER
APP_PROTOCOL_GROUPS = (("paste.app_factory",), ("paste.composite_factory",), ("paste.composit_factory",))
FILTER_PROTOCOL_GROUPS = (("paste.filter_factory", "paste.filter_app_factory"),)
COMPOSITE_PROTOCOLS = ("paste.composite_factory", "paste.composit_factory")
KNOWN_SCHEMES = ("config", "egg", "call")
_ABSOLUTE = re.compile(r"^[a-zA-Z]+:")
_DOTTED = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*")
_DIST_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$|^[A-Za-z0-9]$")
# Entry points whose group policykit knows without looking at installed metadata.
KNOWN_EGG_GROUPS = {("paste", "urlmap"): "paste.composite_factory", ("paste", "cascade"): "paste.composite_factory"}
ALL = None  # selector: every key of every pipeline_factory composite


class Failure(Exception):
    def __init__(self, error: ResolutionError):
        super().__init__(error.message)
        self.error = error


def prefix_list(kind: ObjectKind) -> str:
    return " or ".join(repr(p) for p in kind.prefixes)


def normalise_dist(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass
class Ctx:
    """One LoaderContext, statically."""

    object_type: str  # APP FILTER PIPELINE FILTER_APP FILTER_WITH
    protocol: str | None
    file: PasteFile  # context.loader's file (composites look their targets up there)
    section: Section | None
    definition: list[Section] = field(default_factory=list)
    factory: FactorySpec | None = None
    local_conf: dict[str, tuple[str, Key | None]] = field(default_factory=dict)
    global_conf: dict[str, str] = field(default_factory=dict)
    app: "Ctx | None" = None  # pipeline app / filter-app and filter-with next
    filters: list["Ctx"] = field(default_factory=list)  # pipeline filters / filter-app and filter-with filter
    location: Location | None = None
    reference: str = ""
    via: str = "root"
    error: ResolutionError | None = None  # ERROR contexts (lenient mode): what failed here


def error_ctx(paste: PasteFile, error: ResolutionError, reference: str, location: Location, via: str,
              section: Section | None = None) -> Ctx:
    return Ctx("ERROR", None, paste, section, [section] if section else [], None, {}, {}, None, [], location,
               reference, via, error)


def factory_spec(text: str, key: Key, protocols: tuple[str, ...], here: str) -> FactorySpec:
    """Parse one ``use`` value or factory key into a FactorySpec."""
    text = text.strip()
    if key.name != "use":
        module, _, attr = text.partition(":")
        return FactorySpec(FactoryScheme.FACTORY_KEY, text, key, protocols, module=module.strip() or None,
                           attr=attr.strip() or None)
    if not _ABSOLUTE.search(text):
        return FactorySpec(FactoryScheme.SECTION, text, key, protocols, target=text)
    scheme, rest = text.split(":", 1)
    scheme = scheme.lower()
    if scheme == "egg":
        dist, _, name = rest.partition("#")
        return FactorySpec(FactoryScheme.EGG, text, key, protocols, distribution=dist, entry_point=name or "main")
    if scheme == "call":
        module, _, attr = rest.partition(":")
        return FactorySpec(FactoryScheme.CALL, text, key, protocols, module=module or None, attr=attr or None)
    if scheme == "config":
        path, _, name = rest.partition("#")
        resolved = path if os.path.isabs(path) else os.path.join(here, path)
        return FactorySpec(FactoryScheme.CONFIG, text, key, protocols, target=name or "main",
                           config_path=os.path.normpath(resolved))
    return FactorySpec(FactoryScheme.UNKNOWN, text, key, protocols)


def url_key_error(path_key: str, key: Key | None, ctx: Ctx, pastedeploy: str, detail: str) -> ResolutionError:
    hint = ""
    if key is not None and key.raw.startswith("//"):
        hint = (f" — the line was split at its first ':' into the key '{path_key}' and the value {key.raw!r}; "
                "write 'domain example.com /path = app' instead of a URL")
    return ResolutionError(
        ErrorCategory.URLMAP_BAD_PATH, f"urlmap key '{path_key}' is not a path: {detail}{hint}",
        key.location if key else Location(ctx.file.path), pastedeploy, key.section if key else None)


def _where(key: Key | None, ctx: Ctx, value: bool = True) -> Location:
    if key is None:
        return ctx.location or Location(ctx.file.path)
    return key.value_location if value else key.location


def passed_defaults(paste: PasteFile, passed: dict | None) -> list[str]:
    """Keys of a caller's global_conf that ``config:`` adds to the other file's defaults."""
    return [] if not passed or passed.get("__file__") == paste.path else list(passed)


def token_locations(paste: PasteFile, key: Key, items: list[str]) -> list[Location]:
    """path:line:column of each whitespace-separated item of ``key``'s value.

    Found by scanning the key's lines in the file; when interpolation changed the
    tokens, every item points at the value.
    """
    lines = paste.text.split("\n")
    found: list[Location] = []
    for lineno in range(key.line, key.end_line + 1):
        if lineno - 1 >= len(lines):
            break
        text = lines[lineno - 1]
        if lineno == key.line:
            match = OPTION_RE.match(text.strip())
            if match is None:
                continue
            start = (len(text) - len(text.lstrip())) + match.start("value")
        else:
            stripped = text.strip()
            if not stripped or stripped[0] in "#;":
                continue
            start = 0
        for match in re.finditer(r"\S+", text[start:]):
            found.append(Location(paste.path, lineno, start + match.start() + 1))
    raw_tokens = key.raw.split()
    if len(found) == len(raw_tokens) and raw_tokens == items:
        return found
    return [key.value_location] * len(items)
