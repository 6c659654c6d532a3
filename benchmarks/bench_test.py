"""``policykit test`` on 10,000 cases: the whole process, and the same decisions through oslo.

    python benchmarks/bench_test.py [--generated] [--cases N]

The state is nova's 2026 sample with nova's registered defaults (../shared/corpus) when
they exist, else the generated 230-rule policy of bench_eval.py. The test file is
written here: the standard personas × the state's actions × own / other-project /
other-domain targets, as compact ``allow:``/``deny:`` tables, cycled until N cases
(default 10,000); every expectation is oslo.policy's decision, so the run must pass.

Timed (best of 3, wall clock):

* ``policykit test FILE`` as a new process (start-up, reading the YAML with positions,
  schema check, loading the state, 10,000 decisions, report) — the target is ≤ 1 s;
* oslo.policy deciding the same 10,000 (action, target, creds) triples through
  ``Enforcer.enforce`` set up as a service sets it up (bench_eval.py), in this process,
  set-up excluded — so the ratio understates policykit's advantage.
"""

from __future__ import annotations

import argparse
import json
import logging
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, best_seconds, oslo_enforcer
from bench_eval import NOVA_DEFAULTS, NOVA_POLICY, generated_policy

logging.getLogger("oslo_policy").setLevel(logging.ERROR)  # its redundant-rule notice is not a result


def _state(directory: Path, generated: bool):
    from policykit.policy.defaults import load_defaults_file

    if not generated and NOVA_POLICY.is_file() and NOVA_DEFAULTS.is_file():
        # under a name no service profile claims: the oslo side decides as plain oslo.policy,
        # without nova's is_admin check and RequestContext
        policy = directory / "policy.yaml"
        policy.write_bytes(NOVA_POLICY.read_bytes())
        return policy, NOVA_DEFAULTS, list(load_defaults_file(NOVA_DEFAULTS).rules.values()), "nova 2026 sample"
    path, registered, _ = generated_policy(directory)
    defaults = directory / "generated-defaults.json"
    defaults.write_text(json.dumps({"rules": [
        {"name": d.name, "check_str": d.check_str, "scope_types": list(d.scope_types) if d.scope_types else None}
        for d in registered]}))
    return path, defaults, registered, "generated 230-rule policy"


def _write_tests(directory: Path, policy: Path, defaults: Path, registered, count: int):
    """The test file, and the (action, target, creds) triples it decides, expectations from oslo."""
    from policykit.analysis.personas import standard_personas
    from policykit.analysis.state import load_state
    from policykit.analysis.targets import RELATIONS, build_target

    state = load_state(str(policy), defaults=[str(defaults)])
    enforcer = oslo_enforcer(policy, registered, use_conf=True)
    actions = state.actions()
    triples, tables = [], []
    while len(triples) < count:
        for persona in standard_personas():
            for relation in RELATIONS:
                table = {"persona": persona.name, "target": relation, "allow": [], "deny": []}
                for action in actions:
                    if len(triples) >= count:
                        break
                    creds = dict(persona.creds)
                    target = build_target(state.policy, action, creds, relation)
                    try:
                        verdict = "allow" if enforcer.enforce(action, dict(target), dict(creds)) else "deny"
                    except Exception:  # noqa: BLE001 - oslo raising: not a case for this benchmark
                        continue
                    table[verdict].append(action)
                    triples.append((action, target, creds))
                if table["allow"] or table["deny"]:
                    tables.append({k: v for k, v in table.items() if v})
    path = directory / "bench_policytest.yaml"
    lines = [f"state:\n  policy: {json.dumps(str(policy))}\n  defaults: {json.dumps(str(defaults))}\n"
             "personas: standard\ncases:\n"]
    for table in tables:
        lines.append(f"  - persona: {table['persona']}\n    target: {table['target']}\n")
        for verdict in ("allow", "deny"):
            if table.get(verdict):
                lines.append(f"    {verdict}:\n" + "".join(f"      - {json.dumps(a)}\n" for a in table[verdict]))
    path.write_text("".join(lines), encoding="utf-8")
    return path, triples, enforcer


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated", action="store_true", help="use the generated policy even if the corpus exists")
    parser.add_argument("--cases", type=int, default=10_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        policy, defaults, registered, label = _state(directory, args.generated)
        tests, triples, enforcer = _write_tests(directory, policy, defaults, registered, args.cases)
        command = [sys.executable, "-m", "policykit.cli", "test", str(tests)]
        completed = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
        last = completed.stdout.strip().splitlines()[-1] if completed.stdout.strip() else completed.stderr
        if completed.returncode != 0 or last != f"{len(triples)} passed, 0 failed":
            print(f"policykit test did not pass: {last}\n{completed.stderr}", file=sys.stderr)
            return 1
        whole = best_seconds(lambda: subprocess.run(command, capture_output=True, cwd=ROOT, check=True), 3)

        def oslo_all():
            for action, target, creds in triples:
                enforcer.enforce(action, dict(target), dict(creds))

        oslo = best_seconds(oslo_all, 3)

        from policykit.testing.runner import run_file

        inside = best_seconds(lambda: run_file(tests), 3)
        size = tests.stat().st_size
    print(f"state: {label}; {len(triples)} cases in one test file ({size // 1024} KiB)")
    print(f"{'measure':58} {'time':>10}")
    print(f"{'policykit test FILE, whole process':58} {whole * 1000:8.0f} ms   (target ≤ 1000 ms)")
    print(f"{'policykit run_file in process (read, check, decide)':58} {inside * 1000:8.0f} ms")
    print(f"{'oslo Enforcer.enforce, the same decisions, set-up excluded':58} {oslo * 1000:8.0f} ms")
    print(f"ratio oslo decisions / policykit whole process: {oslo / whole:.1f}x; "
          f"/ policykit in process: {oslo / inside:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
