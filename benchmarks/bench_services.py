"""Decision speed with a service's own checks: neutron's policy, field: and owner checks.

    python benchmarks/bench_services.py [--quick]

policykit: ``Policy.from_dict(<rules>, checks=services.get("neutron").checks)``.
oslo.policy: ``Enforcer`` with neutron's own FieldCheck and OwnerCheck registered (as
importing ``neutron.policy`` registers them) — run only where neutron is installed.
The rules are neutron's network/port/subnet rules of the 2026 sample in the shared
corpus when it exists, else a small set of the same shape. Targets carry the owners
(``project_id``, ``network:project_id``) and ``shared``, so neither side needs
neutron's database. Decisions are first checked to be identical; the ratio is oslo time
/ policykit time per decision (``timeit``, best of 5), and over the whole mix.
"""

from __future__ import annotations

import argparse
import logging
import timeit
import warnings

from _common import CORPUS

SMALL = {
    "context_is_admin": "role:admin",
    "admin_only": "rule:context_is_admin",
    "admin_or_owner": "rule:context_is_admin or project_id:%(project_id)s",
    "admin_or_network_owner": "rule:context_is_admin or project_id:%(network:project_id)s",
    "shared": "field:networks:shared=True",
    "external": "field:networks:router:external=True",
    "network_device": "field:port:device_owner=~^network:",
    "get_network": "rule:admin_or_owner or rule:shared or rule:external",
    "create_port": "rule:admin_or_network_owner or rule:shared",
    "create_port:device_owner": "not rule:network_device or rule:admin_or_network_owner",
    "get_port": "rule:admin_or_owner or rule:admin_or_network_owner",
    "default": "rule:admin_or_owner",
}
CASES = ["get_network", "create_port", "create_port:device_owner", "get_port", "get_subnet", "delete_network"]
TARGETS = {
    "own network": {"project_id": "p1", "network:project_id": "p1", "network_id": "n1", "shared": False,
                    "router:external": False, "device_owner": "compute:nova"},
    "shared network of another": {"project_id": "p2", "network:project_id": "p2", "network_id": "n2", "shared": True,
                                  "router:external": False, "device_owner": "network:dhcp"},
}
CREDS = {
    "member": {"user_id": "u1", "project_id": "p1", "roles": ["member", "reader"], "system_scope": None,
               "domain_id": None, "is_admin": False},
    "admin": {"user_id": "u0", "project_id": "p0", "roles": ["admin", "member", "reader"], "system_scope": None,
              "domain_id": None, "is_admin": True},
}


def rules() -> dict:
    sample = CORPUS / "policies" / "neutron-2026-sample-uncommented.yaml" if CORPUS else None
    if sample is None or not sample.is_file():
        return SMALL
    import yaml

    return {str(k): v for k, v in yaml.safe_load(sample.read_text(encoding="utf-8")).items() if isinstance(v, str)}


def oslo_side(rule_set):
    from oslo_config import cfg
    from oslo_policy import _checks
    from oslo_policy import policy as oslo_policy

    saved = dict(_checks.registered_checks)
    import neutron.policy  # noqa: F401 - registers neutron's check classes

    conf = cfg.ConfigOpts()
    conf([], project="bench", default_config_files=[])
    enforcer = oslo_policy.Enforcer(conf, use_conf=False)
    enforcer.set_rules(oslo_policy.Rules.from_dict(rule_set, "default"), use_conf=False)
    return enforcer, saved


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    warnings.simplefilter("ignore")
    from policykit import Policy, services

    rule_set = rules()
    policy = Policy.from_dict(rule_set, checks=services.get("neutron").checks)
    try:
        enforcer, _ = oslo_side(rule_set)
    except ImportError:
        print("neutron is not installed: nothing to compare with")
        return 0
    number = 200 if args.quick else 2000
    total_oslo = total_ours = 0.0
    print(f"{len(rule_set)} rules; per decision, best of 5 × {number}")
    print(f"{'case':58} {'oslo µs':>9} {'policykit µs':>13} {'ratio':>7}")
    for name in CASES:
        for target_name, target in TARGETS.items():
            for creds_name, creds in CREDS.items():
                ours = policy.enforce(name, target, creds)
                theirs = bool(enforcer.enforce(name, dict(target), dict(creds)))
                if ours != theirs:
                    print(f"DIFFERENT DECISION: {name} {target_name} {creds_name}: {ours} vs {theirs}")
                    return 1
                t_oslo = min(timeit.repeat(lambda: enforcer.enforce(name, target, creds), number=number, repeat=5))
                t_ours = min(timeit.repeat(lambda: policy.enforce(name, target, creds), number=number, repeat=5))
                total_oslo += t_oslo
                total_ours += t_ours
                label = f"{name} / {target_name} / {creds_name}"
                print(f"{label:58} {t_oslo / number * 1e6:9.2f} {t_ours / number * 1e6:13.2f} {t_oslo / t_ours:7.1f}")
    print(f"whole mix: policykit is {total_oslo / total_ours:.1f}× oslo.policy with neutron's checks registered")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
