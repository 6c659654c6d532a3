"""The reference graph of a rule set: which rules a rule reaches, and its cycles.

Rules name each other with ``rule:NAME``; the engine compiles a rule together with the
rules it reaches, in an order where a referenced rule comes first, and guards only the
rules that sit on a cycle (see ``policykit.policy.engine``).
"""

from __future__ import annotations

from typing import Hashable, Mapping

from policykit.errors import EvaluationError
from policykit.policy import ast

DEFAULT_CHECK = ("<default rule>",)  # table key of a default rule given as a check object

__all__ = ["DEFAULT_CHECK", "cycle_error", "references", "strongly_connected"]


def references(check: ast.Check) -> list[str]:
    return [node.match for node in check.walk() if isinstance(node, ast.RuleCheck)]


def strongly_connected(graph: Mapping[Hashable, list]) -> list[list]:
    """Tarjan's SCCs, iterative; each component comes after every component it reaches."""
    index: dict = {}
    low: dict = {}
    on_stack: set = set()
    stack: list = []
    components: list[list] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(graph[root]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            advanced = False
            for succ in successors:
                if succ not in index:
                    index[succ] = low[succ] = counter
                    counter += 1
                    stack.append(succ)
                    on_stack.add(succ)
                    work.append((succ, iter(graph[succ])))
                    advanced = True
                    break
                if succ in on_stack:
                    low[node] = min(low[node], index[succ])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(component)
    return components


def cycle_error(path: list) -> EvaluationError:
    shown = " → ".join("rule:" + str(name) if name is not DEFAULT_CHECK else "<default rule>" for name in path)
    return EvaluationError(
        f"rule reference cycle: {shown}; the rule is re-entered while evaluating itself, so "
        "oslo.policy recurses without end and raises TypeError (unsupported callable)",
        oslo_exception="TypeError",
    )
