"""What kind of file a path is: a policy file, a policy.d directory, a deployment, a paste file.

Files named on the command line are classified by extension (and, for YAML, by content:
a deployment is a mapping with ``version`` and ``services``/``regions``/``identity``).
Inside a directory given on the command line only files whose *names* say what they are
are taken — the names services ship, samples included (``policy.v3cloudsample.json``,
``policy.yaml.sample``, ``*-sample.yaml``, ``*-paste.ini*``, swift's ``*.conf-sample``,
``policy.d/``) — so that linting a repository does not mistake a CI workflow for a
policy. Everything a walk leaves out is recorded (``Skipped``) so that reports can say so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from policykit.errors import InputError
from policykit.sources import read_bytes

POLICY = "policy"
POLICY_DIR = "policy-dir"
DEPLOYMENT = "deployment"
PASTE = "paste"
CATALOG = "catalog"  # a catalog body: v3 token, GET /v3/auth/catalog, v2 access
UNKNOWN = "unknown"

POLICY_SUFFIXES = (".json", ".yaml", ".yml")
# Services ship samples under these endings; the file is read as what comes before them.
SAMPLE_SUFFIXES = (".sample", "-sample")
_DEPLOYMENT_NAME = re.compile(r"^(.*[-_])?deployment\.ya?ml$")
# keystone-paste.ini, api-paste.ini.sample, swift's proxy-server.conf.
_PASTE_NAME = re.compile(r"^(.*paste.*\.ini([.-].+)?|(.*[-_])?proxy-server\.conf)$")
# Swift's *-server.conf(-sample) files are paste files; so is any .conf declaring paste sections.
_CONF_NAME = re.compile(r"^.*\.conf([.-]sample)?$")
_PASTE_SECTION = re.compile(r"^\[(app|pipeline|composite|filter|filter-app):", re.MULTILINE)
# A policy directory found in a walk; other *.d directories (rootwrap.d, conf.d) are walked.
_POLICY_DIR_NAME = re.compile(r"^(.*[-_])?policy\.d$")
_SKIPPED_DIRS = {".git", ".hg", ".svn", ".tox", ".nox", ".venv", "venv", "node_modules", "__pycache__", "build", "dist"}

_BLOCK_VERSION = re.compile(r"^version\s*:", re.MULTILINE)
_BLOCK_SECTIONS = re.compile(r"^(services|regions|identity)\s*:", re.MULTILINE)
_CATALOG_KEY = re.compile(r"[\"']?(token|catalog|access)[\"']?\s*:\s*[\[{]")
_FLOW_KEYS = re.compile(r"[\"']?(version|services|regions|identity)[\"']?\s*:")


@dataclass(frozen=True)
class Target:
    kind: str
    path: Path
    explicit: bool = True  # named on the command line (unknown kinds are reported only then)


def looks_like_deployment(text: str) -> bool:
    if _BLOCK_VERSION.search(text) and _BLOCK_SECTIONS.search(text):
        return True
    stripped = text.lstrip()
    if stripped.startswith("{"):
        # A flow/JSON document: cheap pre-check on key names, then read the top level.
        keys = set(_FLOW_KEYS.findall(text[:4096]))
        if "version" in keys and keys & {"services", "regions", "identity"}:
            import yaml

            try:
                data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
            except yaml.YAMLError:
                return False
            return isinstance(data, dict) and "version" in data and bool({"services", "regions", "identity"} & set(data))
    return False


def looks_like_catalog(text: str) -> bool:
    """A token body ({"token": {...}}), an auth catalog ({"catalog": [...]}) or a v2 access body."""
    if not _CATALOG_KEY.search(text):
        return False
    import yaml

    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return False
    if not isinstance(data, dict):
        return False
    return (isinstance(data.get("token"), dict) or isinstance(data.get("access"), dict)
            or (isinstance(data.get("catalog"), list) and all(isinstance(item, dict) for item in data["catalog"])))


def unsampled(name: str) -> str:
    """The name without a sample ending: ``policy.yaml.sample`` → ``policy.yaml``."""
    for suffix in SAMPLE_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def _head(path: Path) -> str | None:
    try:  # bounded and regular files only: a FIFO named policy.yaml must not block here
        return read_bytes(path)[:65536].decode("utf-8", errors="replace")
    except InputError:
        return None


def classify_file(path: Path, explicit: bool = True) -> str:
    name = unsampled(path.name)
    if name.endswith(POLICY_SUFFIXES):
        if _DEPLOYMENT_NAME.match(name):
            return DEPLOYMENT
        head = _head(path)
        if head is None:
            return POLICY  # the policy linter reports why it cannot be read
        if looks_like_deployment(head):
            return DEPLOYMENT
        return CATALOG if looks_like_catalog(head) else POLICY
    if name.endswith(".ini") or _PASTE_NAME.match(path.name):
        return PASTE
    if _CONF_NAME.match(path.name):
        head = _head(path)
        return PASTE if head is not None and _PASTE_SECTION.search(head) else UNKNOWN
    return UNKNOWN


def is_policy_name(name: str) -> bool:
    """A name services give policy files: policy.yaml, nova-policy.json, policy.v3cloudsample.json,
    trove's policy.yaml.sample, nova-2026-sample.yaml."""
    base = unsampled(name)
    if not base.endswith(POLICY_SUFFIXES):
        return False
    stem = base.rsplit(".", 1)[0]
    if stem == "policy" or stem.startswith("policy.") or stem.endswith(("-policy", "_policy")):
        return True
    return (base != name and "policy" in stem) or stem.endswith(("-sample", "_sample", ".sample"))


@dataclass(frozen=True)
class Skipped:
    """A file or directory a walk left out, and why."""

    path: Path
    reason: str
    directory: bool = False


_NOT_NAMED = "its name is not one of a policy, paste, deployment or catalog file"


def _taken_in_walk(path: Path) -> str | None:
    """The kind of a file found in a walk, or None when its name (or content) says it is none of ours."""
    name = path.name
    if is_policy_name(name) or _DEPLOYMENT_NAME.match(name) or _PASTE_NAME.match(name):
        return classify_file(path, explicit=False)
    if _CONF_NAME.match(name):
        kind = classify_file(path, explicit=False)
        return kind if kind == PASTE else None
    return None


def walk_directory(directory: Path, seen: set[Path] | None = None, skipped: list[Skipped] | None = None) -> list[Target]:
    """The files under ``directory`` whose names say what they are; the rest go to ``skipped``."""
    from policykit.errors import InputError

    seen = set() if seen is None else seen
    skipped = [] if skipped is None else skipped
    real = directory.resolve()
    if real in seen:  # a symbolic link back up the tree
        return []
    seen.add(real)
    try:
        children = sorted(directory.iterdir())
    except OSError as exc:
        raise InputError(f"cannot read the directory {directory}: {exc.strerror}") from None
    targets = []
    for child in children:
        if child.is_dir():
            if child.name.startswith(".") or child.name in _SKIPPED_DIRS:
                skipped.append(Skipped(child, "tooling or hidden directory, not walked", directory=True))
            elif _POLICY_DIR_NAME.match(child.name):
                targets.append(Target(POLICY_DIR, child, explicit=False))
            else:
                targets.extend(walk_directory(child, seen, skipped))
            continue
        kind = _taken_in_walk(child) if child.is_file() and not child.name.startswith(".") else None
        if kind is not None:
            targets.append(Target(kind, child, explicit=False))
        elif child.name.startswith("."):
            skipped.append(Skipped(child, "hidden file"))
        elif not child.is_file():
            skipped.append(Skipped(child, "not a regular file"))
        elif _CONF_NAME.match(child.name):
            skipped.append(Skipped(child, "a configuration file without paste sections (lint it as a paste "
                                          "file's --config, or through a deployment that lists it)"))
        else:
            skipped.append(Skipped(child, _NOT_NAMED))
    return targets


def classify(paths: list[Path], skipped: list[Skipped] | None = None) -> list[Target]:
    """Targets for the given paths; a missing path raises InputError (it is a usage mistake).

    What a directory walk leaves out is appended to ``skipped``.
    """
    from policykit.errors import InputError

    targets = []
    for path in paths:
        if path.is_dir():
            if path.name.endswith(".d"):
                targets.append(Target(POLICY_DIR, path))
            else:
                targets.extend(walk_directory(path, skipped=skipped))
        elif path.exists():
            targets.append(Target(classify_file(path), path))
        else:
            raise InputError(f"no such file or directory: {path}")
    # The same file named twice (or named and found in a directory) is linted once.
    unique, seen = [], set()
    for target in targets:
        key = target.path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(target)
    return unique


def policy_dir_files(directory: Path) -> list[Path]:
    """The files oslo.policy reads from a policy directory: every non-hidden file, sorted."""
    return sorted(p for p in directory.iterdir() if p.is_file() and not p.name.startswith("."))
