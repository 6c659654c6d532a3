"""Permission-matrix speed: ``policykit matrix`` against the same decisions through oslo.policy.

    python benchmarks/bench_matrix.py [--quick] [--users 1000,10000,100000] [--defaults FILE ...]

1. **Defaults matrix.** The 2026 registered defaults of keystone, nova, neutron, cinder,
   glance and heat (../shared/corpus/defaults/*.json; a generated defaults set when the
   corpus is absent) × the 14 standard personas × 3 targets. policykit: ``load_state`` +
   ``compute_matrix`` (targets built from each rule, persona classes, every decision).
   oslo.policy: an ``Enforcer`` set up as a service sets it up (policy file, defaults
   registered, ``load_rules``), then ``enforce(name, target, creds)`` for exactly the
   same (action, persona, target) triples — the targets policykit built, given to oslo
   for free. Every decision is first checked to be identical. The "in-memory" column
   is an Enforcer with ``use_conf=False`` (rules set once), oslo's fastest path.
2. **Whole process.** ``policykit matrix --defaults <nova 2026>`` as a subprocess, wall
   time, best of 5 (target ≤ 0.5 s).
3. **Growth with users.** Generated deployments (10 domains, 500 projects, N users, 2N
   role assignments) written as JSON and YAML; time to read the file with the C loader
   alone (the floor) and ``policykit matrix DEPLOYMENT`` in-process (load, personas,
   classes, matrix of nova's defaults), with the number of persona classes.
4. **Growth with rules.** Generated policies of 250 … 2,000 rules: matrix time per rule.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

from _common import ROOT, best_seconds as best, corpus_path, oslo_enforcer

CORPUS = corpus_path("defaults")
SERVICES = ("keystone", "nova", "neutron", "cinder", "glance", "heat")


def generated_defaults(directory: Path, rules: int, name: str = "generated") -> Path:
    """A defaults export of the usual shape: base rules, API rules pointing at them, scope types."""
    rnd = random.Random(rules)
    base = [
        {"name": "context_is_admin", "check_str": "role:admin"},
        {"name": "project_member_api", "check_str": "role:member and project_id:%(project_id)s"},
        {"name": "project_reader_api", "check_str": "role:reader and project_id:%(project_id)s"},
        {"name": "project_member_or_admin", "check_str": "rule:project_member_api or rule:context_is_admin"},
        {"name": "project_reader_or_admin", "check_str": "rule:project_reader_api or rule:context_is_admin"},
        {"name": "domain_reader", "check_str": "role:reader and domain_id:%(target.domain.id)s"},
    ]
    choices = [("rule:project_member_or_admin", ["project"]), ("rule:project_reader_or_admin", ["project"]),
               ("rule:context_is_admin", ["project"]), ("role:admin and system_scope:all", ["system"]),
               ("rule:domain_reader or rule:context_is_admin", ["domain", "project"]), ("", None)]
    api = []
    for index in range(rules - len(base)):
        check, scope = rnd.choice(choices)
        api.append({"name": f"{name}:resource{index % 40}:verb{index}", "check_str": check, "scope_types": scope,
                    "operations": [{"method": "GET", "path": f"/r/{index}"}]})
    path = directory / f"{name}-{rules}.json"
    path.write_text(json.dumps({"namespace": name, "rules": base + api}))
    return path


def defaults_matrix(files: list[Path], workdir: Path, repeat: int) -> int:
    from policykit.analysis.matrix import compute_matrix
    from policykit.analysis.personas import standard_personas
    from policykit.analysis.state import load_state
    from policykit.analysis.targets import RELATIONS, build_target
    from policykit.policy.defaults import load_defaults_file

    personas = standard_personas()
    print(f"1. defaults matrix: {len(personas)} personas × 3 targets; best of {repeat}")
    header = f"{'service':10} {'actions':>7} {'decisions':>9} {'policykit':>10} {'oslo svc':>10} {'ratio':>6} " \
             f"{'oslo mem':>10} {'ratio':>6}"
    print(header)
    print("-" * len(header))
    totals = [0, 0.0, 0.0, 0.0]
    for path in files:
        defaults = load_defaults_file(path)
        state = load_state(None, defaults=[defaults])
        ours = best(lambda: compute_matrix(load_state(None, defaults=[load_defaults_file(path)]), personas), repeat)
        matrix = compute_matrix(state, personas)
        triples = []
        for row in matrix.rows:
            for group, cell in zip(matrix.columns, row.cells):
                # the creds the service's context hands oslo (keystone's token, nova's is_admin)
                creds = state.request_creds(group.representative.creds)
                for relation in RELATIONS:
                    target = build_target(state.policy, row.action, creds, relation,
                                          state.target_values(row.action) or None, state.target_hints)
                    triples.append((row.action, target, creds, cell.outcomes[relation]))
        empty = workdir / "empty-policy.yaml"
        empty.write_text("{}\n")
        service = oslo_enforcer(empty, list(defaults.rules.values()), use_conf=True)
        in_memory = oslo_enforcer(empty, list(defaults.rules.values()), use_conf=False)
        for action, target, creds, expected in triples:
            if bool(service.enforce(action, dict(target), dict(creds))) is not expected:
                print(f"DECISIONS DIFFER: {path.name} {action} {creds.get('user_id')} {target}")
                return 1

        def run(enforcer):
            def go():
                for action, target, creds, _ in triples:
                    enforcer.enforce(action, target, dict(creds))
            return go

        theirs = best(run(service), max(1, repeat // 3))
        memory = best(run(in_memory), max(1, repeat // 3))
        totals[0] += len(triples)
        totals[1] += ours
        totals[2] += theirs
        totals[3] += memory
        print(f"{defaults.namespaces[0][:10]:10} {len(matrix.rows):7} {len(triples):9} {ours * 1e3:8.1f}ms "
              f"{theirs * 1e3:8.0f}ms {theirs / ours:5.1f}x {memory * 1e3:8.0f}ms {memory / ours:5.1f}x")
    print(f"{'all':10} {'':7} {totals[0]:9} {totals[1] * 1e3:8.1f}ms {totals[2] * 1e3:8.0f}ms "
          f"{totals[2] / totals[1]:5.1f}x {totals[3] * 1e3:8.0f}ms {totals[3] / totals[1]:5.1f}x  (target ≥ 25x)\n")
    return 0


def whole_process(path: Path, repeat: int) -> None:
    command = [sys.executable, "-m", "policykit.cli", "matrix", "--defaults", str(path)]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    wall = best(lambda: subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=True), repeat)
    baseline = best(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), repeat)
    print(f"2. whole `policykit matrix --defaults {path.name}` process: {wall * 1e3:.0f} ms wall "
          f"(python start-up alone: {baseline * 1e3:.0f} ms; target ≤ 500 ms)\n")


def generated_deployment(users: int, defaults: Path, seed: int = 1) -> dict:
    rnd = random.Random(seed)
    domains = [{"name": "Default", "id": "default"}] + [{"name": f"dom{i}"} for i in range(1, 10)]
    projects = [{"name": f"proj{d}-{p}", "domain": domains[d]["name"]} for d in range(10) for p in range(50)]
    roles = [{"name": "admin", "implies": ["manager"]}, {"name": "manager", "implies": ["member"]},
             {"name": "member", "implies": ["reader"]}, "reader", "service"]
    people = [{"name": f"user{i}", "domain": domains[i % 10]["name"]} for i in range(users)]
    assignments = []
    for i in range(users):
        d = i % 10
        for _ in range(2):
            kind = rnd.random()
            role = rnd.choice(["member", "reader", "member", "reader", "admin", "manager"])
            if kind < 0.9:
                project = projects[d * 50 + rnd.randrange(50)]["name"]
                assignments.append({"user": f"user{i}", "role": role, "project": project})
            elif kind < 0.98:
                assignments.append({"user": f"user{i}", "role": role, "domain": domains[d]["name"]})
            else:
                assignments.append({"user": f"user{i}", "role": "reader", "system": "all"})
    return {"version": 1, "cloud": f"generated-{users}",
            "regions": [{"id": "RegionOne", "hosts": {"public": "api.example.com", "internal": "controller"}}],
            "services": [{"type": "compute", "name": "nova", "port": 8774, "defaults": str(defaults)}],
            "identity": {"domains": domains, "projects": projects, "roles": roles, "users": people,
                         "assignments": assignments}}


def users_growth(counts: list[int], defaults: Path, workdir: Path, yaml_too: bool) -> None:
    import yaml

    from policykit.analysis.inputs import load_inputs
    from policykit.sources import set_max_file_size

    set_max_file_size(256 * 1024 * 1024)  # a 100,000-user deployment is larger than the 16 MiB default
    from policykit.analysis.matrix import compute_matrix
    from policykit.analysis.personas import deployment_personas
    from policykit.errors import InputError

    print("3. growth with users (nova 2026 defaults; one run each)")
    header = f"{'users':>7} {'format':6} {'MB':>5} {'C loader':>9} {'policykit':>10} {'× loader':>8} " \
             f"{'personas':>8} {'classes':>7} {'matrix':>8}"
    print(header)
    print("-" * len(header))
    for users in counts:
        data = generated_deployment(users, defaults)
        formats = [("json", json.dumps(data))]
        if yaml_too:
            formats.append(("yaml", yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
                                              sort_keys=False)))
        for kind, text in formats:
            path = workdir / f"deployment-{users}.{kind}"
            path.write_text(text)
            start = time.perf_counter()
            if kind == "json":
                json.loads(path.read_text())
            else:
                yaml.load(path.read_text(), Loader=yaml.CSafeLoader)
            floor = time.perf_counter() - start
            start = time.perf_counter()
            try:
                inputs = load_inputs(str(path))
            except InputError as exc:
                print(f"{users:7} {kind:6} {len(text) / 1e6:5.1f} {floor:8.2f}s  refused: {exc.message[:80]}")
                continue
            personas = deployment_personas(inputs.deployment)
            matrix = compute_matrix(inputs.states[0], personas)
            total = time.perf_counter() - start
            start = time.perf_counter()
            compute_matrix(inputs.states[0], personas)
            matrix_only = time.perf_counter() - start
            print(f"{users:7} {kind:6} {len(text) / 1e6:5.1f} {floor:8.2f}s {total:9.2f}s {total / floor:7.1f}x "
                  f"{len(personas):8} {len(matrix.columns):7} {matrix_only:7.2f}s")
    print()


def rules_growth(sizes: list[int], workdir: Path) -> None:
    from policykit.analysis.matrix import compute_matrix
    from policykit.analysis.personas import standard_personas
    from policykit.analysis.state import load_state

    print("4. growth with rules (generated defaults, 14 standard personas)")
    print(f"{'rules':>6} {'matrix':>9} {'µs/rule':>8}")
    personas = standard_personas()
    for size in sizes:
        path = generated_defaults(workdir, size)
        seconds = best(lambda: compute_matrix(load_state(None, defaults=[path]), personas), 3)
        print(f"{size:6} {seconds * 1e3:7.1f}ms {seconds / size * 1e6:8.1f}")
    print()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--defaults", type=Path, nargs="*", help="defaults exports (default: the 2026 corpus)")
    parser.add_argument("--users", default="1000,10000,100000", help="deployment sizes for the growth table")
    parser.add_argument("--no-yaml", action="store_true", help="deployments as JSON only")
    parser.add_argument("--quick", action="store_true", help="fewer repeats, smaller deployments")
    parser.add_argument("--only", choices=("defaults", "process", "users", "rules"), help="run one part")
    args = parser.parse_args(argv)
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    workdir = Path(tempfile.mkdtemp(prefix="bench-matrix-"))
    files = args.defaults or [CORPUS / f"{name}.json" for name in SERVICES if (CORPUS / f"{name}.json").exists()]
    if not files:
        files = [generated_defaults(workdir, 300, name) for name in ("alpha", "beta", "gamma", "delta")]
        print("(corpus not found: generated defaults)")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs\n")
    if args.only in (None, "defaults"):
        status = defaults_matrix(files, workdir, 3 if args.quick else 5)
        if status:
            return status
    nova = next((f for f in files if f.stem == "nova"), files[0])
    if args.only in (None, "process"):
        whole_process(nova, 3 if args.quick else 5)
    counts = [int(n) for n in args.users.split(",") if n]
    if args.only in (None, "users"):
        users_growth([min(n, 10000) for n in counts] if args.quick else counts, nova, workdir, not args.no_yaml)
    if args.only in (None, "rules"):
        rules_growth([250, 500, 1000, 2000], workdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
