"""oslo.policy's Enforcer on a policy file as a service loads it, and the CLI in-process.

``oslo_decision`` points a fresh Enforcer at the real policy file on disk (oslo reads it
with its own YAML loader), registers no defaults, and enforces by name: the decision a
service with that file would make, as "allow", "deny" or "error".
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

from oslo_config import cfg
from oslo_policy import policy as oslo_policy

from policykit.cli import main

logging.getLogger("oslo_policy").setLevel(logging.CRITICAL)
warnings.filterwarnings("ignore", module="oslo_policy")

PROJECT = Path(__file__).resolve().parents[2]
EXAMPLES = PROJECT / "examples"


def oslo_enforcer(policy_file: Path, registered: dict[str, str] | None = None):
    """``registered``: name → check_str, registered as a service registers its defaults."""
    conf = cfg.ConfigOpts()
    conf([], project="policykit-policytest-tests")
    enforcer = oslo_policy.Enforcer(conf, policy_file=str(policy_file))
    conf.set_override("policy_dirs", [], group="oslo_policy")
    for name, check_str in (registered or {}).items():
        enforcer.register_default(oslo_policy.RuleDefault(name, check_str))
    enforcer.load_rules()
    return enforcer


def oslo_decision(enforcer, action: str, target: dict, creds: dict) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return "allow" if enforcer.enforce(action, dict(target), dict(creds)) else "deny"
        except Exception:  # oslo raising is the outcome "error"
            return "error"


def run_cli(capsys, *args) -> tuple[int, str, str]:
    code = main(["test", *map(str, args)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err
