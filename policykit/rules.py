"""The rule catalogue: every check policykit runs, with its documentation.

One rule = one module (as in yamllint). A rule module lives in the ``rules`` package of
its subject (the ``SUBJECTS`` table below) and defines::

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

A rule may also declare:

* options, as yamllint's ``CONF``/``DEFAULT``: ``CONF = {"ignore-roles": [str]}`` (types
  ``bool``, ``int``, ``str``, ``[str]`` for a list of strings, or a tuple of the allowed
  strings) and ``DEFAULT = {"ignore-roles": []}``; its check is then called as
  ``check(context, options)`` with the defaults updated by ``[tool.policykit.rules.CODE]``,
  and its docstring documents each option under ``## Options``;
* ``SCOPE = "run"`` for a rule that looks across the files of one lint call: its check
  receives the subject's run (every file's context) once, instead of each file's context.

The docstring is the rule's documentation, printed by ``policykit rule CODE`` (ruff's
four parts, plus Options). The info string of each fenced block is ``<language> <file
name>``; the tests write every block of the Example section into a temporary directory
under those names, lint the first one, and require the rule's code; the Use instead
section must not produce it.

Which rules exist is read from ``policykit/rule_index.py``, generated from the rule
modules by ``python -m policykit.docs``, so that naming, selecting and describing rules
imports no rule module; a rule's module is imported when it runs or its documentation
is read.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any, Iterator, Mapping

from policykit.findings import Finding, Problem, Severity
from policykit.suggest import suggest


@dataclass(frozen=True)
class Subject:
    """One kind of file policykit lints, the code prefix of its rules and where they live."""

    prefix: str
    title: str
    tag: str  # SARIF's tag for its rules
    package: str  # the subject's package; its rules are in ``<package>.rules``
    # The kinds of file (policykit.lint.classify) its rules read; the toolkit's read every run.
    reads: tuple[str, ...] = ()

    @property
    def rules_package(self) -> str:
        return f"{self.package}.rules"


# The one table of subjects: code prefixes, documentation order, rule packages.
# A deployment is read by every subject: it lists policy and paste files and yields a catalog.
SUBJECTS = (
    Subject("PL", "Policy files", "policy", "policykit.policy", ("policy", "policy-dir", "deployment")),
    Subject("DP", "Deployment", "deployment", "policykit.deployment", ("deployment",)),
    Subject("CT", "Service catalog", "catalog", "policykit.catalog", ("catalog", "deployment")),
    Subject("PS", "Paste pipelines", "paste", "policykit.paste", ("paste", "deployment")),
    Subject("PK", "The lint run itself", "policykit", "policykit.lint"),
)
POLICY, DEPLOYMENT, CATALOG, PASTE, TOOLKIT = SUBJECTS
PREFIXES = tuple(subject.prefix for subject in SUBJECTS)
SUBJECT_PACKAGES = tuple(subject.rules_package for subject in SUBJECTS)

SECTION_TITLES = ("What it does", "Why is this bad?", "Example", "Use instead")
OPTIONS_TITLE = "Options"
SCOPES = ("file", "run")

_SECTION = re.compile(r"^##\s+(.+?)\s*$", re.MULTILINE)
_FENCE = re.compile(r"^```([^\n]*)\n(.*?)^```\s*$", re.MULTILINE | re.DOTALL)


def subject_of(code: str) -> Subject | None:
    return next((subject for subject in SUBJECTS if code.startswith(subject.prefix)), None)


@dataclass(frozen=True)
class ExampleFile:
    language: str
    filename: str
    text: str


class OptionError(ValueError):
    """A rule option that is not declared, or has a value of the wrong type."""

    def __init__(self, message: str, key: str):
        super().__init__(message)
        self.key = key


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    security_severity: str | None
    fixable: bool
    module_name: str
    _loaded: ModuleType | None = field(default=None, compare=False, repr=False)

    @cached_property
    def module(self) -> ModuleType:
        return self._loaded if self._loaded is not None else importlib.import_module(self.module_name)

    @cached_property
    def doc(self) -> str:
        return (self.module.__doc__ or "").strip()

    @cached_property
    def sections(self) -> dict[str, str]:
        return _sections(self.doc)

    @property
    def scope(self) -> str:
        return getattr(self.module, "SCOPE", "file")

    @property
    def conf(self) -> Mapping[str, Any]:
        """The options the rule declares, name -> type (yamllint's CONF)."""
        return getattr(self.module, "CONF", {})

    def options(self, given: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """The rule's defaults updated with ``given`` (already checked by ``check_options``)."""
        return {**getattr(self.module, "DEFAULT", {}), **(given or {})}

    def check(self, context, options: Mapping[str, Any] | None = None) -> Iterator[Finding]:
        """The findings of this rule for one context (or run): its check's problems, stamped."""
        problems = self.module.check(context, self.options(options)) if self.conf else self.module.check(context)
        for problem in problems:
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


def _type_name(kind) -> str:
    if isinstance(kind, list):
        return "a list of " + {bool: "true/false values", int: "integers", str: "strings"}.get(kind[0], str(kind[0]))
    if isinstance(kind, tuple):
        return "one of " + ", ".join(repr(choice) for choice in kind)
    return {bool: "true or false", int: "an integer", str: "a string"}.get(kind, str(kind))


def _fits(value, kind) -> bool:
    if isinstance(kind, list):
        return isinstance(value, list) and all(_fits(item, kind[0]) for item in value)
    if isinstance(kind, tuple):
        return value in kind
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, kind)


def check_options(rule: Rule, given: Mapping[str, Any]) -> dict[str, Any]:
    """``given`` if every key is an option ``rule`` declares with a value of its type; else OptionError."""
    declared = rule.conf
    for key, value in given.items():
        if key not in declared:
            known = ", ".join(declared) if declared else None
            close = suggest(key, list(declared))
            raise OptionError(
                f"{rule.code} ({rule.name}) has no option {key!r}"
                + (f"; did you mean {close!r}?" if close else f"; its options: {known}" if known else "; it has none"),
                key,
            )
        if not _fits(value, declared[key]):
            raise OptionError(f"{rule.code} option {key!r} must be {_type_name(declared[key])}, not {value!r}", key)
    return dict(given)


def rule_from_module(module: ModuleType) -> Rule:
    doc = (module.__doc__ or "").strip()
    scope = getattr(module, "SCOPE", "file")
    if scope not in SCOPES:
        raise RuntimeError(f"{module.CODE}: SCOPE must be one of {SCOPES}, not {scope!r}")
    if set(getattr(module, "CONF", {})) != set(getattr(module, "DEFAULT", {})):
        raise RuntimeError(f"{module.CODE}: CONF and DEFAULT must name the same options")
    return Rule(
        code=module.CODE,
        name=module.NAME,
        severity=module.SEVERITY,
        summary=doc.splitlines()[0] if doc else "",
        security_severity=getattr(module, "SECURITY_SEVERITY", None),
        fixable=getattr(module, "FIXABLE", False),
        module_name=module.__name__,
        _loaded=module,
    )


def _module_names(package_name: str) -> list[str]:
    """The rule modules a subject package holds, by listing its folder (nothing is imported)."""
    root = Path(__file__).resolve().parent
    folder = root.joinpath(*package_name.split(".")[1:])
    return [f"{package_name}.{info.name}" for info in pkgutil.iter_modules([str(folder)])
            if not info.name.startswith("_")]


def _indexed() -> dict[str, Rule]:
    from policykit.rule_index import RULES

    return {
        module: Rule(code, name, Severity.parse(severity), summary, security, fixable, module)
        for code, name, severity, security, fixable, module, summary in RULES
    }


@lru_cache(maxsize=None)
def all_rules() -> tuple[Rule, ...]:
    """The whole catalogue, sorted by subject then code, from the index; a rule module the
    index does not know yet (the index is stale) is imported and included all the same."""
    indexed = _indexed()
    rules = []
    for package in SUBJECT_PACKAGES:
        found = []
        for module_name in _module_names(package):
            rule = indexed.get(module_name)
            if rule is None:
                module = importlib.import_module(module_name)
                if not (hasattr(module, "CODE") and hasattr(module, "check")):
                    continue
                rule = rule_from_module(module)
            found.append(rule)
        rules += sorted(found, key=lambda rule: rule.code)
    codes = [rule.code for rule in rules]
    names = [rule.name for rule in rules]
    duplicates = {c for c in codes if codes.count(c) > 1} | {n for n in names if names.count(n) > 1}
    if duplicates:
        raise RuntimeError(f"rule codes or names defined twice: {sorted(duplicates)}")
    return tuple(rules)


def rules_in(package_name: str) -> list[Rule]:
    """Every rule of one subject package, sorted by code."""
    return [rule for rule in all_rules() if rule.module_name.rpartition(".")[0] == package_name]


def rules_of(subject: Subject) -> list[Rule]:
    return rules_in(subject.rules_package)


def find_rule(code_or_name: str) -> Rule | None:
    wanted = code_or_name.strip()
    for rule in all_rules():
        if wanted.upper() == rule.code or wanted.lower() == rule.name:
            return rule
    return None


def render_index(rules: tuple[Rule, ...]) -> str:
    """policykit/rule_index.py for these rules (``python -m policykit.docs`` writes it)."""
    lines = [
        '"""Every rule\'s code, name and facts; generated from the rule modules by `python -m policykit.docs`.',
        "",
        "Do not edit: the catalogue (policykit.rules) reads it so that naming, selecting and describing",
        "rules imports no rule module. A test keeps it equal to the modules.",
        '"""',
        "",
        "# code, name, severity, security severity, fixable, module, summary",
        "RULES = (",
    ]
    for rule in rules:
        facts = (rule.code, rule.name, str(rule.severity), rule.security_severity, rule.fixable, rule.module_name)
        lines.append(f"    ({', '.join(map(repr, facts))},")
        lines.append(f"     {rule.summary!r}),")
    lines.append(")")
    return "\n".join(lines) + "\n"
