"""oslo.policy itself, set up the way the evaluation tests compare against it.

``oslo_decide`` runs ``Enforcer.enforce`` (as tests/policy/data/oslo-vectors.json was
recorded) and ``policykit_decide`` runs ``Policy.enforce`` on the same inputs; both return
either the decision or ``"raises:<class name>"``. oslo surfaces a runaway recursion as
``TypeError('unsupported callable')`` or as a bare RecursionError depending on where the
limit is hit; both are reported as ``raises:TypeError``.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import warnings

from oslo_config import cfg
from oslo_policy import policy as oslo_policy

from policykit import EvaluationError, Policy, parse_rule
from policykit.policy.defaults import RegisteredDefault

logging.getLogger("oslo_policy").setLevel(logging.CRITICAL)
warnings.filterwarnings("ignore", module="oslo_policy")

_CONF = cfg.ConfigOpts()
_CONF([], project="policykit-tests")
_ENFORCER = oslo_policy.Enforcer(_CONF, use_conf=False)


def _outcome_of_exception(exc: BaseException) -> str:
    name = type(exc).__name__
    return "raises:TypeError" if name == "RecursionError" else f"raises:{name}"


def oslo_decide(rule, target, creds, rules: dict | None = None, default_rule="default", by_name=False):
    """``rule`` is a rule text/list (parsed with oslo's parser) or, with by_name, a policy name."""
    from oslo_policy import _parser

    # set_rules re-wraps the rules with the enforcer's own default_rule, so set that
    _ENFORCER.default_rule = default_rule
    _ENFORCER.set_rules(oslo_policy.Rules.from_dict(rules or {}, default_rule), use_conf=False)
    try:
        check = rule if by_name else _parser.parse_rule(rule)
        return bool(_ENFORCER.enforce(check, target, creds))
    except Exception as exc:
        return _outcome_of_exception(exc)


def policykit_decide(rule, target, creds, rules: dict | None = None, default_rule="default", by_name=False, **options):
    policy = Policy.from_dict(rules or {}, default_rule, **options)
    try:
        return policy.enforce(rule if by_name else parse_rule(rule), target, creds)
    except EvaluationError as exc:
        name = exc.oslo_exception
        return "raises:TypeError" if name == "RecursionError" else f"raises:{name}"


def oslo_registered_decide(name, target, creds, file_rules: dict, registered: list[RegisteredDefault],
                           enforce_new_defaults: bool, default_rule="default"):
    """A service-style enforcer: policy file on disk, defaults registered, enforce by name."""
    conf = cfg.ConfigOpts()
    conf([], project="policykit-tests")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "policy.yaml")
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(file_rules, handle)
        enforcer = oslo_policy.Enforcer(conf, policy_file=path, default_rule=default_rule)
        conf.set_override("enforce_new_defaults", enforce_new_defaults, group="oslo_policy")
        conf.set_override("policy_dirs", [], group="oslo_policy")
        for default in registered:
            deprecated = None
            if default.deprecated_name is not None:
                deprecated = oslo_policy.DeprecatedRule(
                    default.deprecated_name, default.deprecated_check_str,
                    deprecated_reason="renamed", deprecated_since="X")
            enforcer.register_default(oslo_policy.RuleDefault(
                default.name, default.check_str, deprecated_rule=deprecated,
                scope_types=list(default.scope_types) if default.scope_types else None))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                return bool(enforcer.enforce(name, target, creds))
            except Exception as exc:
                return _outcome_of_exception(exc)
