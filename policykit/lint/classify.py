"""What kind of file a path is: a policy file, a policy.d directory, a deployment, a paste file.

Files named on the command line are classified by extension (and, for YAML, by content:
a deployment is a mapping with ``version`` and ``services``/``regions``/``identity``).
Inside a directory given on the command line only files whose *names* say what they are
are taken, so that linting a repository does not mistake a CI workflow for a policy.
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
# Names in a tree walk: policy.yaml, nova-policy.json, nova_policy.yml ...
_POLICY_NAME = re.compile(r"^(policy|.*[-_]policy)\.(json|ya?ml)$")
_DEPLOYMENT_NAME = re.compile(r"^(.*[-_])?deployment\.ya?ml$")
_PASTE_NAME = re.compile(r"^(.*paste.*\.ini|(.*[-_])?proxy-server\.conf)$")
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


def classify_file(path: Path, explicit: bool = True) -> str:
    name = path.name
    if name.endswith(POLICY_SUFFIXES):
        if _DEPLOYMENT_NAME.match(name):
            return DEPLOYMENT
        try:
            head = read_bytes(path)[:65536].decode("utf-8", errors="replace")
        except InputError:
            return POLICY  # the policy linter reports why it cannot be read
        if looks_like_deployment(head):
            return DEPLOYMENT
        return CATALOG if looks_like_catalog(head) else POLICY
    if name.endswith(".ini") or _PASTE_NAME.match(name):
        return PASTE
    return UNKNOWN


def _wanted_in_walk(path: Path) -> bool:
    name = path.name
    return bool(_POLICY_NAME.match(name) or _DEPLOYMENT_NAME.match(name) or _PASTE_NAME.match(name))


def walk_directory(directory: Path, seen: set[Path] | None = None) -> list[Target]:
    from policykit.errors import InputError

    seen = set() if seen is None else seen
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
        if child.name.startswith(".") or child.name in _SKIPPED_DIRS:
            continue
        if child.is_dir():
            if child.name.endswith(".d"):
                targets.append(Target(POLICY_DIR, child, explicit=False))
            else:
                targets.extend(walk_directory(child, seen))
        elif child.is_file() and _wanted_in_walk(child):
            targets.append(Target(classify_file(child, explicit=False), child, explicit=False))
    return targets


def classify(paths: list[Path]) -> list[Target]:
    """Targets for the given paths; a missing path raises InputError (it is a usage mistake)."""
    from policykit.errors import InputError

    targets = []
    for path in paths:
        if path.is_dir():
            if path.name.endswith(".d"):
                targets.append(Target(POLICY_DIR, path))
            else:
                targets.extend(walk_directory(path))
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
