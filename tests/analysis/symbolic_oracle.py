"""oslo.policy's Enforcer as the judge of symbolic answers.

``OsloPolicy(rules, scope_types)`` holds one rule set the way a service's enforcer holds
it: the rules installed, the action registered with its scope types (so oslo checks the
token scope when the action is enforced by name). ``decide`` gives True/False or
``"raises:<class>"``; ``allows`` is the symbolic notion of allowed (True and no raise).
"""

from __future__ import annotations

import copy
import logging
import warnings

from oslo_config import cfg
from oslo_policy import policy as oslo_policy

logging.getLogger("oslo_policy").setLevel(logging.CRITICAL)
warnings.filterwarnings("ignore", module="oslo_policy")

_CONF = cfg.ConfigOpts()
_CONF([], project="policykit-symbolic-tests")


class OsloPolicy:
    def __init__(self, rules: dict, scope_types: dict | None = None, default_rule: str = "default"):
        self.enforcer = oslo_policy.Enforcer(_CONF, use_conf=False, default_rule=default_rule)
        for name, types in (scope_types or {}).items():
            self.enforcer.register_default(oslo_policy.RuleDefault(name, rules.get(name, ""), scope_types=list(types)))
        self.enforcer.set_rules(oslo_policy.Rules.from_dict(rules, default_rule), use_conf=False)

    def decide(self, action: str, creds: dict, target: dict):
        try:
            return bool(self.enforcer.enforce(action, copy.deepcopy(target), copy.deepcopy(creds)))
        except Exception as exc:  # oslo lets the leaf's exception escape
            return f"raises:{type(exc).__name__}"

    def allows(self, action: str, creds: dict, target: dict) -> bool:
        return self.decide(action, creds, target) is True


class OsloService:
    """A service-style enforcer: registered defaults (with deprecated rules and scope types)
    under a policy file, enforced by name — built once, asked many times."""

    def __init__(self, defaults, file_rules: dict, enforce_new_defaults: bool, directory):
        import json
        import os

        conf = cfg.ConfigOpts()
        conf([], project="policykit-symbolic-tests")
        path = os.path.join(directory, "policy.yaml")
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(file_rules, handle)
        self.enforcer = oslo_policy.Enforcer(conf, policy_file=path)
        conf.set_override("enforce_new_defaults", enforce_new_defaults, group="oslo_policy")
        conf.set_override("policy_dirs", [], group="oslo_policy")
        for default in defaults:
            deprecated = None
            if default.deprecated_name is not None:
                deprecated = oslo_policy.DeprecatedRule(default.deprecated_name, default.deprecated_check_str,
                                                        deprecated_reason="renamed", deprecated_since="X")
            self.enforcer.register_default(oslo_policy.RuleDefault(
                default.name, default.check_str, deprecated_rule=deprecated,
                scope_types=list(default.scope_types) if default.scope_types else None))

    def allows(self, action: str, creds: dict, target: dict) -> bool:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                return self.enforcer.enforce(action, copy.deepcopy(target), copy.deepcopy(creds)) is True
            except Exception:
                return False
