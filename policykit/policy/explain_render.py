"""Text rendering of an ``Explanation``: the decision, then the evaluated tree.

    compute:get → ALLOW
      because: role:member, project_id:%(project_id)s
    or → true
    ├─ role:admin → false   wants role 'admin'; roles ['member']
    └─ and → true   ◀ decided
       ├─ role:member → true   wants role 'member'; roles ['member']
       └─ project_id:%(project_id)s → true   creds project_id = 'p1'; wanted 'p1'

Short-circuited nodes read ``skipped``; ``rule:`` nodes show the tree of the rule they
evaluated beneath them, and say when the default rule stood in.
"""

from __future__ import annotations

from policykit.policy import ast
from policykit.policy.steps import Step, decisive_leaves


def _label(step: Step) -> str:
    check = step.check
    if isinstance(check, ast.AndCheck):
        return "and"
    if isinstance(check, ast.OrCheck):
        return "or"
    if isinstance(check, ast.NotCheck):
        return "not"
    return str(check)


def _outcome(step: Step) -> str:
    if step.skipped:
        return "skipped (short-circuit)"
    if step.error is not None:
        return f"raises {step.error.oslo_exception or 'an error'}"
    return "true" if step.result else "false"


def _short_circuited(parent: Step, child: Step) -> bool:
    if not isinstance(parent.check, (ast.AndCheck, ast.OrCheck)) or child.skipped or child.error is not None:
        return False
    stops_on = isinstance(parent.check, ast.OrCheck)
    return bool(child.result) is stops_on


def _lines(step: Step, prefix: str, connector: str, child_prefix: str, out: list[str], marker: str = "") -> None:
    text = f"{prefix}{connector}{_label(step)} → {_outcome(step)}"
    details = [d for d in (marker, step.note if not step.skipped else "") if d]
    if step.reference is not None and step.fell_back and not step.note:
        details.append(f"default rule {step.reference!r} stands in")
    if step.error is not None and not step.children:
        details.append(str(step.error))
    if details:
        text += "   " + "; ".join(details)
    out.append(text)
    for index, child in enumerate(step.children):
        last = index == len(step.children) - 1
        child_marker = "◀ decided" if _short_circuited(step, child) else ""
        _lines(child, prefix + child_prefix, "└─ " if last else "├─ ", "   " if last else "│  ", out, child_marker)


def render(explanation) -> str:
    """The text of an ``Explanation`` (``policykit.policy.explain``)."""
    out: list[str] = []
    subject = explanation.rule if explanation.rule is not None else "(check)"
    if explanation.error is not None:
        verdict = f"ERROR (oslo.policy raises {explanation.error.oslo_exception or 'an error'})"
    else:
        verdict = "ALLOW" if explanation.decision else "DENY"
    out.append(f"{subject} → {verdict}")
    for note in explanation.notes:
        out.append(f"  {note}")
    if explanation.scope_types:
        allowed = ", ".join(explanation.scope_types)
        if explanation.scope_denied:
            out.append(f"  scope: the token is {explanation.token_scope}-scoped but the rule allows only {allowed}:"
                       " denied before the rule is evaluated")
        else:
            out.append(f"  scope: {explanation.token_scope}-scoped token, rule allows {allowed}: ok")
    if explanation.root is not None:
        leaves = decisive_leaves(explanation.root)
        if explanation.error is None and leaves:
            out.append("  because: " + ", ".join(f"{s.check} → {_outcome(s)}" for s in leaves))
        elif explanation.error is not None:
            out.append(f"  error: {explanation.error}")
        if explanation.resolved is not None:
            out.append(f"rule {explanation.resolved}:")
        _lines(explanation.root, "", "", "", out)
    return "\n".join(out)
