"""A witness of the symbolic analysis as a ``policykit eval`` command line that replays it.

Creds and targets that ``eval``'s flags can say exactly become flags; anything else is
written to a JSON file first (``--creds``/``--target-file``), so the command decides the
very request the solver found.
"""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass

FLAG_KEYS = ("user_id", "user_domain_id", "project_id", "project_domain_id", "domain_id", "system_scope")


def _argv_safe(value: str) -> bool:
    """Whether a string can be one command-line argument (no NUL, valid UTF-8)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in value


def _flag_creds(creds: dict) -> list[str] | None:
    """``eval`` flags giving exactly these creds, or None when flags cannot express them."""
    from policykit.policy.credentials import policy_values

    roles = creds.get("roles")
    if not isinstance(roles, list) or not all(isinstance(r, str) and _argv_safe(r) for r in roles):
        return None
    values = {k: creds.get(k) for k in FLAG_KEYS}
    if any(v is not None and (not isinstance(v, str) or v == "" or not _argv_safe(v)) for v in values.values()):
        return None
    if values["system_scope"] not in (None, "all") or policy_values(roles=roles, **values) != creds:
        return None
    flags = [f"--role={r}" for r in roles]
    flags += [f"--{k.replace('_', '-')}={v}" for k, v in values.items() if v is not None]
    return flags


def _target_args(target: dict) -> list[str] | None:
    if any(not isinstance(v, str) or "=" in k or k.endswith(":") or not k or not _argv_safe(k + v)
           for k, v in target.items()):
        return None
    return [f"--target={k}={v}" for k, v in target.items()]


@dataclass(frozen=True)
class EvalSetup:
    """How ``policykit eval`` loads one side: the policy file, options (``--defaults F``…)
    and shell commands that must run first (writing a file that only exists in git)."""

    policy: str = "POLICY"
    options: tuple[str, ...] = ()
    setup: tuple[str, ...] = ()

    @classmethod
    def of(cls, value) -> "EvalSetup":
        if isinstance(value, EvalSetup):
            return value
        policy, *options = list(value or ()) or ["POLICY"]
        return cls(policy, tuple(options))


def command_line(eval_args, action: str, creds: dict, target: dict) -> str:
    """``policykit eval`` for this request; JSON files are written first where flags cannot say it.

    ``eval_args`` is an ``EvalSetup`` or a list: the policy file, then eval options."""
    setup = EvalSetup.of(eval_args)
    prefix, args = list(setup.setup), []
    flags = _flag_creds(creds)
    if flags is None:
        prefix.append(f"printf '%s\\n' {shlex.quote(json.dumps(creds, sort_keys=True))} > witness-creds.json")
        args += ["--creds", "witness-creds.json"]
    else:
        args += flags
    pairs = _target_args(target)
    if pairs is None:
        prefix.append(f"printf '%s\\n' {shlex.quote(json.dumps(target, sort_keys=True))} > witness-target.json")
        args += ["--target-file", "witness-target.json"]
    else:
        args += pairs
    line = shlex.join(["policykit", "eval", *setup.options, *args, "--", setup.policy, action])
    return " && ".join([*prefix, line])
