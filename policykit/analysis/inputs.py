"""From command-line inputs to policy states: a policy file, ``git:REV:path``, or a deployment.

``git:REV:path`` reads one file as it was at a revision with ``git show`` (run in the
current directory, bounded in size and time); a bad revision or path is an
``InputError`` naming what git said. A deployment yields one state per service that
lists a policy file or registered defaults; the others are named in ``skipped``.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

from policykit.analysis.bulk import bulk
from policykit.analysis.state import PolicyState, load_state, state_for_service
from policykit.errors import InputError
from policykit.policy.defaults import DefaultsSet, load_defaults_file, load_namespace
from policykit.suggest import suggest

GIT_PREFIX = "git:"
GIT_LIMIT = 16 * 1024 * 1024  # bytes of one file read from git at most
GIT_TIMEOUT = 20  # seconds


@dataclass
class Inputs:
    states: list[PolicyState]
    deployment: object | None = None
    skipped: list[str] = field(default_factory=list)  # services not analysed, with why


def defaults_sets(namespaces: Iterable[str] = (), files: Iterable[str | Path] = ()) -> list[DefaultsSet]:
    """``--namespace NS`` (installed entry point) and ``--defaults FILE`` (an export), in that order."""
    return [load_namespace(ns) for ns in namespaces] + [load_defaults_file(f) for f in files]


def is_git_spec(spec: str) -> bool:
    return spec.startswith(GIT_PREFIX)


def read_git(spec: str, cwd: str | Path | None = None) -> str:
    """The text of ``git:REV:path`` (path relative to the repository root or ``./``-relative)."""
    rest = spec[len(GIT_PREFIX):]
    revision, sep, path = rest.partition(":")
    if not sep or not revision or not path:
        raise InputError(f"{spec!r}: expected git:REVISION:PATH", hint="e.g. git:HEAD~1:etc/nova/policy.yaml")
    if revision.startswith("-"):
        raise InputError(f"{spec!r}: a revision cannot start with '-'")
    object_name = f"{revision}:{path if path.startswith(('./', '../')) else path}"
    try:
        process = subprocess.Popen(["git", "show", "--no-textconv", object_name], cwd=cwd, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    except OSError as exc:
        raise InputError(f"{spec!r}: cannot run git: {exc.strerror}") from None
    try:
        out = process.stdout.read(GIT_LIMIT + 1)
        if len(out) > GIT_LIMIT:
            process.kill()
            raise InputError(f"{spec!r} is larger than {GIT_LIMIT // (1024 * 1024)} MiB; not a policy file")
        _, err = process.communicate(timeout=GIT_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise InputError(f"{spec!r}: git did not answer within {GIT_TIMEOUT} s") from None
    if process.returncode != 0:
        message = err.decode("utf-8", "replace").strip().splitlines()
        raise InputError(f"{spec!r}: git cannot show it: {message[0] if message else 'unknown revision or path'}",
                         hint="check the revision (git log) and the path at that revision (git ls-tree -r REV)")
    try:
        return out.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{spec!r} is not UTF-8 text (byte {exc.start})") from None


def is_deployment(path: str | Path) -> bool:
    from policykit.lint.classify import looks_like_deployment

    path = Path(path)
    if not path.is_file():
        return False
    with open(path, "rb") as handle:
        head = handle.read(65536).decode("utf-8", "replace")
    if head.lstrip().startswith("{"):
        # JSON: a policy file maps names to strings; a deployment has a number under
        # "version" next to "services"/"regions"/"identity" (the head may cut the document).
        keys = set(re.findall(r'"(version|services|regions|identity)"\s*:\s*([\[{0-9])', head))
        names = {name for name, _ in keys}
        if "version" in names and names & {"services", "regions", "identity"}:
            return True
    return looks_like_deployment(head)


def load_inputs(spec: str, *, policy_dirs: Iterable[str] = (), defaults: Iterable[DefaultsSet] = (),
                settings: Mapping[str, str] | None = None, config: str | None = None,
                service: str | None = None, label: str | None = None) -> Inputs:
    """A policy file, ``git:REV:path`` or a deployment as policy states."""
    defaults = list(defaults)
    if is_git_spec(spec):
        text = read_git(spec)
        return Inputs([load_state(spec, policy_text=text, policy_dirs=policy_dirs, defaults=defaults,
                                  settings=settings, config=config, service=service, label=label or spec)])
    path = Path(spec)
    if not path.exists():
        raise InputError(f"no such file: {spec}")
    if path.is_dir():
        raise InputError(f"{spec} is a directory", hint="give a policy file or a deployment.yaml "
                         "(use --policy-dir for overlay directories)")
    if is_deployment(path):
        return deployment_inputs(path, defaults=defaults, settings=settings, service=service)
    return Inputs([load_state(path, policy_dirs=policy_dirs, defaults=defaults, settings=settings, config=config,
                              service=service, label=label)])


_TAG = "tag:yaml.org,2002:"
_YAML_FLOAT = re.compile(r"^[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?$")


def _node(value):
    """A source node for a JSON value, without a position (line 0)."""
    from policykit.sources import Node

    if isinstance(value, _Pairs):
        items = [(_node(k), _node(v)) for k, v in value]
        return Node("mapping", _TAG + "map", 0, 0, 0, 0, 0, 0, items)
    if isinstance(value, list):
        return Node("sequence", _TAG + "seq", 0, 0, 0, 0, 0, 0, [_node(v) for v in value])
    kind = {type(None): "null", bool: "bool", int: "int", float: "float"}.get(type(value), "str")
    return Node("scalar", _TAG + kind, 0, 0, 0, 0, 0, 0, value, "" if value is None else str(value))


class _Pairs(list):
    """A JSON object with every key kept, duplicates included, as YAML sees it."""


def _is_pairs(value) -> bool:
    return isinstance(value, _Pairs)


def _identity_lists(data) -> dict:
    """Take the identity lists out of the parsed JSON (an empty list stays in their place):
    the reader builds them from the plain records without making a node of each value."""
    if not isinstance(data, _Pairs):
        return {}
    identity = [value for key, value in data if key == "identity"]
    if len(identity) != 1 or not isinstance(identity[0], _Pairs):
        return {}
    lists = {}
    keys = [key for key, _ in identity[0]]
    for index, (key, value) in enumerate(identity[0]):
        if key in ("projects", "users", "assignments") and isinstance(value, list) and keys.count(key) == 1:
            lists[key] = value
            identity[0][index] = (key, [])
    return lists


def _json_deployment(path: Path):
    """A JSON deployment read with ``json`` (fast) into the same model; None when a position is needed.

    Values are typed as YAML types them (PyYAML reads JSON as YAML): a number YAML 1.1
    does not call a float (``1e5``) stays a string. Any structural problem means the
    caller reads the file again with positions, so error messages point at lines.
    """
    from policykit.deployment.loader import _DeploymentReader
    from policykit.findings import Severity
    from policykit.sources import SourceDocument, read_text

    # The one bounded reader: a JSON deployment obeys the same size limit as a YAML one
    # (an InputError naming the limit, not a silent fallback).
    text = read_text(path, "deployment")
    try:
        data = json.loads(text, object_pairs_hook=_Pairs,
                          parse_float=lambda t: float(t) if _YAML_FLOAT.match(t) else t,
                          parse_constant=lambda t: t)
    except (ValueError, OSError, RecursionError):
        return None
    records = _identity_lists(data)
    reader = _DeploymentReader(SourceDocument(str(path), text, _node(data)), path.parent, records, _node,
                               _is_pairs)
    deployment = reader.read(path)
    if not isinstance(data, _Pairs) or any(issue.severity is Severity.ERROR for issue in reader.issues):
        return None
    return deployment


def read_deployment_model(path: Path):
    """The deployment model; a JSON file takes the fast reader when it is valid."""
    from policykit.deployment import load_deployment

    with bulk():
        if is_json(path):
            deployment = _json_deployment(path)
            if deployment is not None:
                return deployment
        return load_deployment(path)


def is_json(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(4096).lstrip().startswith(b"{")


def deployment_inputs(path: Path, *, defaults: list[DefaultsSet] = (), settings=None,
                      service: str | None = None) -> Inputs:
    deployment = read_deployment_model(path)
    states, skipped = [], []
    names = [s.name or s.type for s in deployment.services]
    if service is not None and service not in names and service not in [s.type for s in deployment.services]:

        close = suggest(service, names)
        raise InputError(f"no service {service!r} in {path}", hint=f"did you mean {close}?" if close else
                         f"services: {', '.join(names)}")
    for entry in deployment.services:
        if service is not None and service not in (entry.name, entry.type):
            continue
        if not entry.policy and not entry.defaults and not defaults:
            skipped.append(f"{entry.name or entry.type}: no policy file or defaults listed")
            continue
        states.append(state_for_service(deployment, entry, settings, defaults))
    if not states:
        raise InputError(f"no service in {path} lists a policy file or registered defaults",
                         hint="add `policy:` or `defaults:` to a service")
    return Inputs(states, deployment, skipped)


__all__ = ["Inputs", "defaults_sets", "deployment_inputs", "is_deployment", "is_git_spec", "load_inputs", "read_git"]
