"""oslo.policy's Enforcer set up the way a service sets it up, for the analysis tests.

``oslo_enforcer`` writes the policy file (and policy.d overlays) to disk, points a fresh
``ConfigOpts`` at them, sets ``[oslo_policy] enforce_new_defaults`` and registers the
defaults as ``RuleDefault``/``DeprecatedRule`` objects — what nova or keystone do at
start-up. ``oslo_outcome`` enforces by name and gives True/False or ``raises:<Class>``.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import warnings

from oslo_config import cfg
from oslo_policy import policy as oslo_policy

logging.getLogger("oslo_policy").setLevel(logging.CRITICAL)
warnings.filterwarnings("ignore", module="oslo_policy")


def oslo_enforcer(tmp: str, file_rules: dict | None, registered=(), enforce_new_defaults: bool = True,
                  overlays: dict[str, dict] | None = None, default_rule: str = "default", policy_path=None):
    """``file_rules`` written to tmp/policy.yaml, or ``policy_path`` used as it is."""
    conf = cfg.ConfigOpts()
    conf([], project="policykit-analysis-tests")
    path = str(policy_path) if policy_path is not None else os.path.join(tmp, "policy.yaml")
    if file_rules is not None and policy_path is None:
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(file_rules, handle)
    dirs = []
    if overlays:
        overlay_dir = os.path.join(tmp, "policy.d")
        os.makedirs(overlay_dir, exist_ok=True)
        for name, rules in overlays.items():
            with open(os.path.join(overlay_dir, name), "w", encoding="utf-8") as handle:
                json.dump(rules, handle)
        dirs.append(overlay_dir)
    enforcer = oslo_policy.Enforcer(conf, policy_file=path, default_rule=default_rule)
    conf.set_override("enforce_new_defaults", enforce_new_defaults, group="oslo_policy")
    conf.set_override("policy_dirs", dirs, group="oslo_policy")
    for default in registered:
        deprecated = None
        if default.deprecated_name is not None:
            deprecated = oslo_policy.DeprecatedRule(default.deprecated_name, default.deprecated_check_str,
                                                    deprecated_reason="renamed", deprecated_since="X")
        enforcer.register_default(oslo_policy.RuleDefault(
            default.name, default.check_str, deprecated_rule=deprecated,
            scope_types=list(default.scope_types) if default.scope_types else None))
    return enforcer


def oslo_outcome(enforcer, name, target, creds):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return bool(enforcer.enforce(name, dict(target), dict(creds)))
        except Exception as exc:  # oslo's raise is an outcome to compare, not a test failure
            kind = type(exc).__name__
            return "raises:TypeError" if kind == "RecursionError" else f"raises:{kind}"


def fresh_dir():
    return tempfile.TemporaryDirectory()


def policykit_outcome(policy, name, target, creds):
    from policykit.errors import EvaluationError

    try:
        return policy.enforce(name, dict(target), dict(creds))
    except EvaluationError as exc:
        kind = exc.oslo_exception
        return "raises:TypeError" if kind == "RecursionError" else f"raises:{kind}"
