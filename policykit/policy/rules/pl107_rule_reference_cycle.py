"""Rules that refer to each other in a circle (or to themselves).

## What it does
Reports each cycle of `rule:` references once, with its path (`a → b → a`), counting
the fallback oslo.policy applies to undefined names: a `default` rule that refers to an
undefined rule refers, in effect, to itself.

## Why is this bad?
oslo.policy does not detect cycles when it evaluates. A request that reaches the cycle
recurses until Python gives up and fails with `TypeError: unsupported callable` (or a
RecursionError) — a server error, on exactly the code paths that reach it.

## Example
```yaml policy.yaml
"admin_or_owner": "role:admin or rule:owner"
"owner": "user_id:%(user_id)s or rule:admin_or_owner"
```

## Use instead
```yaml policy.yaml
"admin_or_owner": "role:admin or rule:owner"
"owner": "user_id:%(user_id)s"
```
"""

from policykit.findings import Severity
from policykit.policy.rules._analysis import references

CODE = "PL107"
NAME = "rule-reference-cycle"
SEVERITY = Severity.ERROR


def _edges(context, name):
    check = context.lookup(name)
    if check is None:
        return []
    targets = []
    for node, _negated in references(check):
        target = node.match
        if not context.defined(target):
            if target != context.default_rule and context.defined(context.default_rule):
                target = context.default_rule
            else:
                continue
        targets.append(target)
    return targets


def cycles(context):
    """Each elementary cycle reachable from the file's rules, once, rotated to start at its first rule."""
    order: dict = {}  # file order, built when the first cycle needs it (most files have none)
    found = []
    seen_cycles = set()
    done = set()
    for start in context.rules:
        stack = [(start, iter(_edges(context, start)))]
        path = [start]
        on_path = {start}
        while stack:
            node, children = stack[-1]
            advanced = False
            for child in children:
                if child in on_path:
                    cycle = path[path.index(child):]
                    if not order:
                        order = {name: i for i, name in enumerate(context.rules)}
                    first = min(cycle, key=lambda n: order.get(n, len(order)))
                    rotated = tuple(cycle[cycle.index(first):] + cycle[:cycle.index(first)])
                    if frozenset(rotated) not in seen_cycles:
                        seen_cycles.add(frozenset(rotated))
                        found.append(rotated)
                elif child not in done:
                    stack.append((child, iter(_edges(context, child))))
                    path.append(child)
                    on_path.add(child)
                    advanced = True
                    break
            if not advanced:
                stack.pop()
                on_path.discard(path.pop())
                done.add(node)
    return found


def check(context):
    for cycle in cycles(context):
        anchor = next((name for name in cycle if name in context.rules), None)
        if anchor is None:
            continue
        entry = context.rules[anchor]
        shown = " → ".join(f"`{name}`" for name in cycle + (cycle[0],))
        what = "refers to itself" if len(cycle) == 1 else "is part of a reference cycle"
        yield context.problem(
            f"{anchor!r} {what}: {shown}; a request that reaches it fails with a TypeError instead of a decision",
            context.key_location(entry), entry=entry,
            related=[context.key_location(context.rules[n]) for n in cycle[1:] if n in context.rules],
            hint="break the cycle: one of these rules must decide without referring back",
        )
