"""The rule catalogue: every check policykit runs, with its documentation.

One rule = one module (as in yamllint). A rule module lives in the ``rules`` package of
its subject (``policykit/policy/rules``, ``policykit/deployment/rules``,
``policykit/catalog/rules``, ``policykit/paste/rules``) and defines::

    \"\"\"One-line summary of what the rule finds.

    ## What it does
    ...
    ## Why is this bad?
    ...
    ## Example
    ```yaml policy.yaml
    "compute:start": "rol:admin"
    ```
    ## Use instead
    ```yaml policy.yaml
    "compute:start": "role:admin"
    ```
    \"\"\"
    CODE = "PL102"                 # stable forever; prefix = subject
    NAME = "misspelt-check-kind"   # kebab-case, stable forever
    SEVERITY = Severity.ERROR
    SECURITY_SEVERITY = None       # "0.1".."10.0" for fail-open rules (SARIF)
    FIXABLE = False

    def check(context): ...        # yields Problem(message, location, hint=..., subject=..., fix=...)

A check says what is wrong and where; the catalogue stamps the rule's code and severity
on each problem (``Rule.check`` yields Findings), so no rule writes its own code twice.

The docstring is the rule's documentation, printed by ``policykit rule CODE`` (ruff's
four parts). The info string of each fenced block is ``<language> <file name>``; the
tests write every block of the Example section into a temporary directory under those
names, lint the first one, and require the rule's code; the Use instead section must
not produce it.

Code prefixes: ``PL`` policy files, ``DP`` deployment model, ``CT`` service catalog,
``PS`` paste pipelines, ``PK`` the lint machinery itself (suppressions, file kinds).
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType
from typing import Iterator

from policykit.findings import Finding, Problem, Severity

SUBJECT_PACKAGES = (
    "policykit.policy.rules",
    "policykit.deployment.rules",
    "policykit.catalog.rules",
    "policykit.paste.rules",
    "policykit.lint.rules",
)

SECTION_TITLES = ("What it does", "Why is this bad?", "Example", "Use instead")

_SECTION = re.compile(r"^##\s+(.+?)\s*$", re.MULTILINE)
_FENCE = re.compile(r"^```([^\n]*)\n(.*?)^```\s*$", re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class ExampleFile:
    language: str
    filename: str
    text: str


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    doc: str
    sections: dict[str, str]
    security_severity: str | None
    fixable: bool
    module: ModuleType

    def check(self, context) -> Iterator[Finding]:
        """The findings of this rule for one context: its check's problems, stamped."""
        for problem in self.module.check(context):
            yield self.stamp(problem)

    def stamp(self, problem: Problem) -> Finding:
        if not isinstance(problem, Problem):
            raise TypeError(f"{self.code}: a check yields Problem, not {type(problem).__name__}")
        return problem.stamp(self.code, self.severity)

    def examples(self, section: str) -> list[ExampleFile]:
        files = []
        for info, body in _FENCE.findall(self.sections.get(section, "")):
            language, _, filename = info.strip().partition(" ")
            files.append(ExampleFile(language, filename.strip(), body))
        return files


def _sections(doc: str) -> dict[str, str]:
    heads = list(_SECTION.finditer(doc))
    return {
        head.group(1): doc[head.end(): heads[i + 1].start() if i + 1 < len(heads) else len(doc)].strip("\n")
        for i, head in enumerate(heads)
    }


def rule_from_module(module: ModuleType) -> Rule:
    doc = (module.__doc__ or "").strip()
    return Rule(
        code=module.CODE,
        name=module.NAME,
        severity=module.SEVERITY,
        summary=doc.splitlines()[0] if doc else "",
        doc=doc,
        sections=_sections(doc),
        security_severity=getattr(module, "SECURITY_SEVERITY", None),
        fixable=getattr(module, "FIXABLE", False),
        module=module,
    )


def rules_in(package_name: str) -> list[Rule]:
    """Every rule module of one subject package, sorted by code."""
    try:
        package = importlib.import_module(package_name)
    except ModuleNotFoundError as exc:
        if exc.name and package_name.startswith(exc.name):
            return []
        raise
    found = []
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package_name}.{info.name}")
        if hasattr(module, "CODE") and hasattr(module, "check"):
            found.append(rule_from_module(module))
    return sorted(found, key=lambda rule: rule.code)


@lru_cache(maxsize=None)
def all_rules() -> tuple[Rule, ...]:
    rules = [rule for package in SUBJECT_PACKAGES for rule in rules_in(package)]
    codes = [rule.code for rule in rules]
    names = [rule.name for rule in rules]
    duplicates = {c for c in codes if codes.count(c) > 1} | {n for n in names if names.count(n) > 1}
    if duplicates:
        raise RuntimeError(f"rule codes or names defined twice: {sorted(duplicates)}")
    return tuple(rules)


def find_rule(code_or_name: str) -> Rule | None:
    wanted = code_or_name.strip()
    for rule in all_rules():
        if wanted.upper() == rule.code or wanted.lower() == rule.name:
            return rule
    return None
