"""From command-line inputs to policy states: a policy file, ``git:REV:path``, or a deployment.

``git:REV:path`` reads one file as it was at a revision with ``git show`` (run in the
current directory, bounded in size and time); a bad revision or path is an
``InputError`` naming what git said. A deployment yields one state per service that
lists a policy file or registered defaults; the others are named in ``skipped``.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

from policykit.analysis.state import PolicyState, load_state, state_for_service
from policykit.errors import InputError
from policykit.policy.defaults import DefaultsSet, load_defaults_file, load_namespace

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


def deployment_inputs(path: Path, *, defaults: list[DefaultsSet] = (), settings=None,
                      service: str | None = None) -> Inputs:
    from policykit.deployment import load_deployment

    deployment = load_deployment(path)
    states, skipped = [], []
    names = [s.name or s.type for s in deployment.services]
    if service is not None and service not in names and service not in [s.type for s in deployment.services]:
        import difflib

        close = difflib.get_close_matches(service, names, n=1)
        raise InputError(f"no service {service!r} in {path}", hint=f"did you mean {close[0]}?" if close else
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
