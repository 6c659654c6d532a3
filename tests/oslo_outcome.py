"""oslo.policy's outcome for a rule set held in memory: the decision, or ``"raises:<class>"``.

The service oracles (neutron's and nova's check classes registered while deciding) and
the tests that compare with them all ask oslo the same way.
"""

from __future__ import annotations

import logging

from oslo_config import cfg
from oslo_policy import policy as oslo_policy


def in_memory_outcome(rules: dict, name: str, target: dict, creds: dict):
    logging.getLogger("oslo_policy").setLevel(logging.CRITICAL)
    conf = cfg.ConfigOpts()
    conf([], project="policykit-tests")
    enforcer = oslo_policy.Enforcer(conf, use_conf=False)
    try:
        enforcer.set_rules(oslo_policy.Rules.from_dict(rules, "default"), use_conf=False)
        return bool(enforcer.enforce(name, dict(target), dict(creds)))
    except Exception as exc:  # noqa: BLE001 - the class is the outcome compared
        return f"raises:{type(exc).__name__}"
