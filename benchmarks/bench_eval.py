"""Decision speed: policykit's ``Policy.enforce`` against oslo.policy's ``Enforcer.enforce``.

    python benchmarks/bench_eval.py [--policy FILE --defaults FILE | --generated] [--quick]

Both run in this process on the same policy, the same registered defaults, the same
policy names, creds and targets. The policy is nova's 2026 sample
(../shared/corpus/policies/nova-2026-sample-uncommented.yaml, 214 rules) with nova's
registered defaults (../shared/corpus/defaults/nova.json) when those exist; otherwise a
generated 230-rule policy of the same shape (base rules such as ``admin_api`` and
``project_member_or_admin``, API rules pointing at them, scope types registered).

How oslo.policy is set up — as a service sets it up:

* ``Enforcer(conf, policy_file=<the policy file>)`` on a fresh ``cfg.ConfigOpts``
  (defaults: ``enforce_new_defaults=True``, ``policy_dirs=['policy.d']``);
* ``register_defaults(<every registered default>)``, then ``load_rules()`` once;
* every decision is ``enforcer.enforce(name, target, creds)`` by policy name, with creds
  as the dict ``RequestContext.to_policy_values()`` gives. With ``use_conf`` left True
  (a service's setting) each call also checks the file and re-applies defaults; the
  "oslo in-memory" column shows ``use_conf=False`` (rules set once), oslo's fastest path.

policykit: ``load_policy(<file>, registered=<defaults>)`` once, then
``policy.enforce(name, target, creds)``.

Timing: ``timeit`` of the bare call (best of 5 repeats), per decision, for each
(policy name, persona) pair; decisions are first checked to be identical. The ratio is
oslo time / policykit time; the summary ratio is over the whole mix (sum of times).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
import timeit
import warnings
from pathlib import Path

from _common import corpus_path, oslo_enforcer

NOVA_POLICY = corpus_path("policies", "nova-2026-sample-uncommented.yaml")
NOVA_DEFAULTS = corpus_path("defaults", "nova.json")

NOVA_CASES = [
    "os_compute_api:servers:show",
    "os_compute_api:servers:index",
    "os_compute_api:servers:create",
    "os_compute_api:servers:delete",
    "os_compute_api:os-keypairs:index",
    "os_compute_api:os-hypervisors:list",
    "os_compute_api:limits",
    "os_compute_api:no-such-policy",
]


def persona(roles, project_id="p1", user_id="u1", system_scope=None):
    return {
        "user_id": user_id, "user_domain_id": "default", "system_scope": system_scope, "domain_id": None,
        "project_id": None if system_scope else project_id, "project_domain_id": None if system_scope else "default",
        "roles": roles, "is_admin_project": True, "service_user_id": None, "service_user_domain_id": None,
        "service_project_id": None, "service_project_domain_id": None, "service_roles": [],
    }


PERSONAS = {
    "project admin": persona(["admin", "member", "reader"]),
    "project member": persona(["member", "reader"]),
    "project reader": persona(["reader"]),
    "member, other project": persona(["member", "reader"], project_id="p2", user_id="u2"),
    "system admin": persona(["admin", "member", "reader"], system_scope="all"),
}
TARGET = {"project_id": "p1", "user_id": "u1"}


def generated_policy(directory: Path):
    """A 230-rule policy shaped like a service's: base rules, then API rules using them."""
    from policykit.policy.defaults import RegisteredDefault

    base = {
        "context_is_admin": "role:admin",
        "admin_or_owner": "is_admin:True or project_id:%(project_id)s",
        "admin_api": "is_admin:True",
        "project_manager_api": "role:manager and project_id:%(project_id)s",
        "project_member_api": "role:member and project_id:%(project_id)s",
        "project_reader_api": "role:reader and project_id:%(project_id)s",
        "service_api": "role:service",
        "project_member_or_admin": "rule:project_member_api or rule:context_is_admin",
        "project_reader_or_admin": "rule:project_reader_api or rule:context_is_admin",
        "service_or_admin": "rule:service_api or rule:context_is_admin",
    }
    rules = dict(base)
    registered = []
    kinds = [("index", "rule:project_reader_or_admin", ["project"]), ("show", "rule:project_reader_or_admin", ["project"]),
             ("create", "rule:project_member_or_admin", ["project"]), ("delete", "rule:project_member_or_admin", ["project"]),
             ("update", "rule:project_member_or_admin", ["project"]), ("force", "rule:context_is_admin", ["project"]),
             ("list", "(rule:context_is_admin) or user_id:%(user_id)s", ["project"]),
             ("open", "@", None), ("service", "rule:service_or_admin", ["project"]),
             ("manage", "role:admin and system_scope:all", ["system", "project"]),
             ("other_project", "rule:context_is_admin", ["project"])]
    resources = ["servers", "os-keypairs", "os-hypervisors", "os-aggregates", "os-flavor-manage", "limits",
                 "os-volumes", "os-migrations", "os-services", "os-quota-sets", "os-networks", "os-hosts",
                 "os-tenant-networks", "os-server-groups", "os-instance-actions", "os-console-output",
                 "os-attach-interfaces", "os-availability-zone", "os-simple-tenant-usage", "os-security-groups"]
    for resource in resources:
        for action, check, scope in kinds:
            name = f"os_compute_api:{resource}:{action}"
            rules[name] = check
            registered.append(RegisteredDefault(name=name, check_str=check, scope_types=tuple(scope) if scope else None))
    path = directory / "generated-policy.yaml"
    path.write_text("".join(f'"{name}": "{check}"\n' for name, check in rules.items()), encoding="utf-8")
    cases = ["os_compute_api:servers:show", "os_compute_api:servers:index", "os_compute_api:servers:create",
             "os_compute_api:servers:delete", "os_compute_api:os-keypairs:list", "os_compute_api:os-hosts:force",
             "os_compute_api:limits:open", "os_compute_api:no-such-policy"]
    return path, registered, cases


def best_per_call(call, name, target, creds, number: int) -> float:
    timer = timeit.Timer("call(name, target, creds)", globals={"call": call, "name": name, "target": target,
                                                                 "creds": creds})
    return min(timer.repeat(repeat=5, number=number)) / number


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--policy", type=Path, help="policy file (default: nova sample from the corpus)")
    parser.add_argument("--defaults", type=Path, help="exported registered defaults for --policy")
    parser.add_argument("--generated", action="store_true", help="use the generated policy even if the corpus exists")
    parser.add_argument("--quick", action="store_true", help="fewer iterations (for a smoke run)")
    args = parser.parse_args(argv)

    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    from policykit import load_policy
    from policykit.policy.defaults import load_defaults_file

    workdir = Path(tempfile.mkdtemp(prefix="bench-eval-"))
    if args.policy:
        path, cases = args.policy, None
        registered = list(load_defaults_file(args.defaults).rules.values()) if args.defaults else []
        source = str(path)
    elif NOVA_POLICY.exists() and NOVA_DEFAULTS.exists() and not args.generated:
        path, cases = NOVA_POLICY, NOVA_CASES
        registered = list(load_defaults_file(NOVA_DEFAULTS).rules.values())
        source = f"{NOVA_POLICY.name} + {NOVA_DEFAULTS.name} registered defaults"
    else:
        path, registered, cases = generated_policy(workdir)
        source = "generated policy" + ("" if args.generated else " (corpus not found)")
    policy = load_policy(path, registered=registered)
    if cases is None:
        cases = [name for name in list(policy.rules)[:: max(1, len(policy.rules) // 8)]][:8]
    service = oslo_enforcer(path, registered, use_conf=True)
    in_memory = oslo_enforcer(path, registered, use_conf=False)

    number = 300 if args.quick else 3000
    print(f"policy: {source} — {len(policy.rules)} effective rules, {len(registered)} registered defaults")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs; best of 5 × {number} calls per cell\n")
    header = f"{'policy name':42} {'persona':22} {'decision':8} {'policykit':>10} {'oslo svc':>10} {'ratio':>7} {'oslo mem':>10} {'ratio':>7}"
    print(header)
    print("-" * len(header))
    totals = [0.0, 0.0, 0.0]
    for name in cases:
        for who, creds in PERSONAS.items():
            ours = policy.enforce(name, TARGET, dict(creds))
            theirs = service.enforce(name, TARGET, dict(creds))
            if bool(ours) != bool(theirs) or bool(in_memory.enforce(name, TARGET, dict(creds))) != bool(ours):
                print(f"DECISIONS DIFFER for {name} / {who}: policykit {ours}, oslo {theirs}")
                return 1
            times = [best_per_call(call, name, TARGET, dict(creds), number if i == 0 else number // 10)
                     for i, call in enumerate((policy.enforce, service.enforce, in_memory.enforce))]
            for i, value in enumerate(times):
                totals[i] += value
            print(f"{name[:42]:42} {who:22} {'allow' if ours else 'deny':8} {times[0] * 1e6:8.2f}µs "
                  f"{times[1] * 1e6:8.1f}µs {times[1] / times[0]:6.1f}x {times[2] * 1e6:8.1f}µs {times[2] / times[0]:6.1f}x")
    cells = len(cases) * len(PERSONAS)
    print("-" * len(header))
    print(f"mean per decision over {cells} cells: policykit {totals[0] / cells * 1e6:.2f}µs, "
          f"oslo (service setup) {totals[1] / cells * 1e6:.1f}µs, oslo (in-memory rules) {totals[2] / cells * 1e6:.1f}µs")
    print(f"ratio oslo/policykit: {totals[1] / totals[0]:.1f}x against a service-style Enforcer, "
          f"{totals[2] / totals[0]:.1f}x against in-memory rules (target: >= 25x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
