"""The symbolic mode inside ``diff`` and ``matrix``: running it, its exit code, its output.

``diff --symbolic`` asks, for every action of the diff (not only those whose own rule
text changed: a changed helper rule changes every action that references it), whether
NEW allows some request OLD denies, and the reverse. ``matrix --symbolic`` asks, per
action, whether any request at all is allowed. Verdicts are stored on the diff entries
and matrix rows (``.symbolic``, the ``Verdict.to_dict()``), so JSON carries them as is;
the helpers here give the lines, cells and findings the other formats show.

Exit codes: an ``unknown`` verdict fails the run for the direction ``--fail-on`` asks
about (gains, losses or both), exactly as a found change does, unless
``--allow-unknown`` is given: a gate must never pass because a question went unanswered.
"""

from __future__ import annotations

from policykit.analysis.symbolic import NEW_ACCESS, SAME, UNKNOWN, can_anyone, compare, require_z3
from policykit.analysis.symbolic_command import EvalSetup
from policykit.findings import Finding, Location, Severity

GAIN_WORD = {SAME: "proved: no request gains access", NEW_ACCESS: "NEW ACCESS", UNKNOWN: "UNKNOWN"}
LOSS_WORD = {SAME: "proved: no request loses access", NEW_ACCESS: "ACCESS LOST", UNKNOWN: "UNKNOWN"}
ANYONE_WORD = {SAME: "nobody", NEW_ACCESS: "yes", UNKNOWN: "unknown"}


# --- running -------------------------------------------------------------------------


def eval_setup(state, policy_path: str | None, policy_dirs=(), defaults=(), side: str = "old") -> EvalSetup:
    """The ``policykit eval`` arguments that rebuild ``state`` (for witness command lines)."""
    options: list[str] = []
    for directory in policy_dirs:
        options += ["--policy-dir", str(directory)]
    for spec in defaults:
        options += ["--defaults", str(spec)]
    if not state.enforce_new_defaults:
        options.append("--no-enforce-new-defaults")
    if state.default_rule != "default":
        options += ["--default-rule", state.default_rule or ""]
    if policy_path is None:
        return EvalSetup("empty-policy.yaml", tuple(options), ("printf '{}\\n' > empty-policy.yaml",))
    if policy_path.startswith("git:"):
        import shlex

        written = f"{side}-policy.yaml"
        object_name = policy_path[len("git:"):]
        return EvalSetup(written, tuple(options), (f"git show {shlex.quote(object_name)} > {written}",))
    return EvalSetup(str(policy_path), tuple(options))


def run_on_diff(diff, setups: dict, timeout_ms: int | None = None) -> dict[str, int]:
    """Compare every action of ``diff`` over all requests; verdicts go to ``entry.symbolic``."""
    require_z3()
    options = {"timeout_ms": timeout_ms} if timeout_ms else {}
    counts = {SAME: 0, NEW_ACCESS: 0, UNKNOWN: 0}
    for entry in diff.actions:
        verdict = compare(diff.old.policy, diff.new.policy, entry.action, old_action=entry.old_name,
                          old_eval_args=setups.get("old", ()), new_eval_args=setups.get("new", ()), **options)
        entry.symbolic = verdict.to_dict()
        counts[verdict.status] += 1
    return counts


def run_on_matrix(matrix, setup, timeout_ms: int | None = None) -> dict[str, int]:
    """"Can any request do this?" for every row; verdicts go to ``row.symbolic``."""
    require_z3()
    options = {"timeout_ms": timeout_ms} if timeout_ms else {}
    counts = {SAME: 0, NEW_ACCESS: 0, UNKNOWN: 0}
    for row in matrix.rows:
        verdict = can_anyone(matrix.state.policy, row.action, eval_args=setup, **options)
        row.symbolic = verdict.to_dict()
        counts[verdict.status] += 1
    return counts


# --- exit codes ------------------------------------------------------------------------


def differs(symbolic: dict | None) -> bool:
    return symbolic is not None and (symbolic.get("status") != SAME or symbolic.get("losses", SAME) != SAME)


def diff_failed(diff, fail_on: str, allow_unknown: bool) -> bool:
    """Whether the symbolic verdicts alone fail ``--fail-on`` (unknown counts unless allowed)."""
    failing = {"gains": ("status",), "losses": ("losses",), "any": ("status", "losses"), "none": ()}[fail_on]
    bad = {NEW_ACCESS} if allow_unknown else {NEW_ACCESS, UNKNOWN}
    return any((entry.symbolic or {}).get(key) in bad for entry in diff.actions for key in failing)


def counts_of(entries, key: str = "status") -> dict[str, int]:
    counts = {SAME: 0, NEW_ACCESS: 0, UNKNOWN: 0}
    for symbolic in entries:
        if symbolic is not None and symbolic.get(key) in counts:
            counts[symbolic[key]] += 1
    return counts


# --- text ------------------------------------------------------------------------------


def _request(witness: dict) -> str:
    creds = {k: v for k, v in witness["creds"].items() if v not in (None, [], True) or k == "roles"}
    return f"creds {creds}, target {witness['target']}"


def diff_lines(symbolic: dict, indent: str = "  ") -> list[str]:
    """Lines for one action's symbolic verdict (both directions) in the text view."""
    lines = []
    for key, word, witness_key, reason_key, side in (
            ("status", GAIN_WORD, "witness", "reason", "new"), ("losses", LOSS_WORD, "loss_witness", "loss_reason", "old")):
        status = symbolic.get(key)
        if status is None:
            continue
        label = "symbolic gains" if key == "status" else "symbolic losses"
        if status == SAME:
            lines.append(f"{indent}{label}: {word[SAME]}")
        elif status == NEW_ACCESS:
            witness = symbolic[witness_key]
            lines.append(f"{indent}{label}: {word[NEW_ACCESS]} — e.g. {_request(witness)}")
            lines.append(f"{indent}    replay: {witness['commands'][side]}")
        else:
            lines.append(f"{indent}{label}: {word[UNKNOWN]} — {symbolic.get(reason_key)}")
    return lines


def anyone_detail(symbolic: dict) -> str:
    if symbolic["status"] == NEW_ACCESS:
        return symbolic["witness"]["commands"]["policy"]
    if symbolic["status"] == UNKNOWN:
        return symbolic.get("reason") or ""
    return "proved: no request is allowed"


def matrix_lines(matrix) -> list[str]:
    """After the table: every unknown with its reason, and actions no persona may do but some request can."""
    lines = []
    for row in matrix.rows:
        symbolic = row.symbolic
        if symbolic is None:
            continue
        if symbolic["status"] == UNKNOWN:
            lines.append(f"UNKNOWN {row.action}: can any request do this? {symbolic.get('reason')}")
        elif symbolic["status"] == NEW_ACCESS and not any(c.allowed_somewhere for c in row.cells):
            lines.append(f"{row.action}: no persona may, but this request can: {anyone_detail(symbolic)}")
    counts = counts_of(r.symbolic for r in matrix.rows)
    if any(r.symbolic is not None for r in matrix.rows):
        lines.append(f"symbolic (any request): {counts[NEW_ACCESS]} allowed to someone, {counts[SAME]} proved "
                     f"nobody, {counts[UNKNOWN]} unknown")
    return lines


# --- SARIF / GitHub --------------------------------------------------------------------


def finding_specs():
    """(code, name, summary, severity, security severity, doc) of the symbolic findings."""
    return (
        ("DIFF-SYMBOLIC-GAIN", "request-gains-access", "Some request is allowed by the new policy and denied by the old.",
         Severity.ERROR, "7.0", "Proved with a concrete request (replayed); it may be one no persona makes."),
        ("DIFF-SYMBOLIC-LOSS", "request-loses-access", "Some request is allowed by the old policy and denied by the new.",
         Severity.WARNING, None, "Proved with a concrete request (replayed): review that nothing breaks."),
        ("DIFF-SYMBOLIC-UNKNOWN", "change-not-proved", "Whether the change grants or removes access is unknown.",
         Severity.WARNING, None, "The rule uses a construct the symbolic mode cannot encode exactly; "
                                 "nothing is claimed for it."),
    )


def diff_findings(diff, fallback: Location) -> list[Finding]:
    result = []
    for entry in diff.actions:
        symbolic = entry.symbolic
        if not differs(symbolic):
            continue
        location = entry.new.location or entry.old.location or fallback
        if symbolic["status"] == NEW_ACCESS:
            command = symbolic["witness"]["commands"]["new"]
            result.append(Finding("DIFF-SYMBOLIC-GAIN", f"{entry.action}: some request gains access, e.g. "
                                  f"{_request(symbolic['witness'])}; replay: {command}", location, Severity.ERROR,
                                  subject=entry.action))
        if symbolic.get("losses") == NEW_ACCESS:
            command = symbolic["loss_witness"]["commands"]["old"]
            result.append(Finding("DIFF-SYMBOLIC-LOSS", f"{entry.action}: some request loses access, e.g. "
                                  f"{_request(symbolic['loss_witness'])}; replay: {command}", location,
                                  Severity.WARNING, subject=entry.action))
        if UNKNOWN in (symbolic["status"], symbolic.get("losses")):
            reason = symbolic.get("reason") or symbolic.get("loss_reason")
            result.append(Finding("DIFF-SYMBOLIC-UNKNOWN", f"{entry.action}: not proved either way: {reason}",
                                  location, Severity.WARNING, subject=entry.action))
    return result
