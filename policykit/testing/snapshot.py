"""``policykit test --snapshot OUT POLICY|DEPLOYMENT``: today's decisions as a test file.

The matrix of the state (``policykit.analysis.matrix``: the deployment's personas, else
the standard set × every action × own, other-project, other-domain) is written as
compact ``allow:``/``deny:``/``error:`` tables under a ``state:`` that names the same
policy files (relative to OUT), defaults and settings. Running ``policykit test OUT``
later fails on every decision an edit, an upgrade or a flag has changed.
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from policykit.errors import InputError

HEADER = """\
# Written by `policykit test --snapshot`: the decisions of this policy state as they are now.
# `policykit test {name}` fails on every decision a later change alters; edit the
# expectations where the change is intended.
"""


def _relative(path, out_dir: Path) -> str:
    return Path(os.path.relpath(Path(path).resolve(), out_dir.resolve())).as_posix()


def _defaults_entry(spec: str, out_dir: Path) -> str:
    return _relative(spec, out_dir) if Path(spec).is_file() else spec


def build_snapshot(out: Path, source: Path, *, deployment: Path | None = None, defaults=(), settings=None,
                   service: str | None = None) -> dict:
    """The test file (as data) that pins every decision of the state named by the arguments."""
    from policykit.analysis import state as analysis
    from policykit.analysis.inputs import is_deployment
    from policykit.analysis.matrix import compute_matrix
    from policykit.analysis.personas import personas_for
    from policykit.analysis.targets import RELATIONS

    out_dir = out.parent
    settings = dict(settings or {})
    spec: dict = {}
    if is_deployment(source):
        deployment = source
    if deployment is not None:
        from policykit.deployment import load_deployment

        loaded = load_deployment(deployment)
        spec["deployment"] = _relative(deployment, out_dir)
    else:
        loaded = None
    if source == deployment:
        candidates = [s for s in loaded.services if s.policy]
        if service is not None:
            candidates = [s for s in candidates if service in (s.name, s.type)]
        if len(candidates) != 1:
            names = ", ".join(s.name or s.type for s in loaded.services if s.policy)
            raise InputError("name the service to snapshot with --service" if len(candidates) > 1 or service is None
                             else f"no service {service!r} with a policy file in {deployment}",
                             hint=f"services with a policy file: {names or 'none'}")
        chosen = candidates[0]
        state = analysis.state_for_service(loaded, chosen, settings=settings, defaults=list(defaults))
        spec["service"] = chosen.name or chosen.type
    else:
        state = analysis.load_state(str(source), defaults=list(defaults), settings=settings)
        spec["policy"] = _relative(source, out_dir)
    if defaults:
        spec["defaults"] = [_defaults_entry(d, out_dir) for d in defaults]
    flags = {}
    for key, value in settings.items():
        if key in ("enforce_new_defaults", "enforce_scope"):
            flags[key] = analysis.parse_bool(value, f"--set {key}")
        elif key == "policy_default_rule":
            spec["default-rule"] = value or None
    if flags:
        spec["set"] = flags
    personas = personas_for(None, loaded)
    matrix = compute_matrix(state, personas)
    cases = []
    for index, column in enumerate(matrix.columns):
        # personas of one class are decided alike by every rule of this state; each is still
        # tested on its own, so a later edit that tells them apart fails too
        who = column.members if len(column.members) > 1 else column.name
        for relation in RELATIONS:
            table: dict[str, list[str]] = {"allow": [], "deny": [], "error": []}
            for row in matrix.rows:
                outcome = row.cells[index].outcomes[relation]
                table["error" if outcome is None else "allow" if outcome else "deny"].append(row.action)
            case = {"persona": list(who) if isinstance(who, list) else who, "target": relation}  # no YAML aliases
            case.update({verdict: names for verdict, names in table.items() if names})
            cases.append(case)
    return {"version": 1, "state": spec, "personas": "deployment" if loaded is not None else "standard",
            "cases": cases}


def snapshot_command(args) -> int:
    from policykit.analysis.state import parse_settings

    if len(args.paths) != 1:
        raise InputError("--snapshot OUT takes one POLICY or DEPLOYMENT argument",
                         hint="policykit test --snapshot nova_policytest.yaml policies/nova.yaml")
    out = Path(args.snapshot)
    source = Path(args.paths[0])
    if not source.is_file():
        raise InputError(f"no such file: {source}")
    if not out.name.endswith(("_policytest.yaml", "_policytest.yml")):
        raise InputError(f"{out}: name the snapshot *_policytest.yaml so that `policykit test` finds it")
    data = build_snapshot(out, source, deployment=Path(args.deployment) if args.deployment else None,
                          defaults=args.defaults, settings=parse_settings(args.set), service=args.service)
    text = HEADER.format(name=out.name) + yaml.safe_dump(data, sort_keys=False, default_flow_style=False,
                                                          allow_unicode=True, width=120)
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write {out}: {exc.strerror}") from None
    count = sum(len(case.get(v, ())) * (len(case["persona"]) if isinstance(case["persona"], list) else 1)
                for case in data["cases"] for v in ("allow", "deny", "error"))
    print(f"wrote {out}: {count} decisions ({len(data['cases'])} persona × target tables)")
    return 0
