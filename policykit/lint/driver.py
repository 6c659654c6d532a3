"""The lint driver: classify the paths, run each subject's linter, then one pipeline for all.

The subjects expose one entry point each and know nothing of selection, suppression or
reporting::

    policykit.policy.lint.lint_policy_files(paths, *, deployment, defaults, policy_dirs)
    policykit.deployment.lint.lint_deployment_file(path) -> (Deployment | None, findings)
    policykit.paste.lint.lint_paste_file(path, *, config, check_installed)
    policykit.catalog.lint.lint_catalog_file(path) -> (body | None, findings)

A deployment.yaml pulls in every file it lists: its policy files are linted against
the deployment with the service's registered defaults, its paste files with the
service's configuration. The pipeline then keeps the selected rules, applies severity
overrides, inline suppression comments and the configuration's per-file and per-policy
ignores, and reports what suppression comments did not use.

A file no reader can use is never dropped: it becomes a PK004 finding at the position of
its syntax error, which no selection, suppression or severity override removes, and the
result lists it among the files that could not be linted. What a directory walk left out
is in ``LintResult.skipped``.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any, Iterable, Mapping

from policykit.errors import InputError, PolicykitError
from policykit.findings import Finding, Location, Severity
from policykit.lint import classify as kinds
from policykit.lint.config import LintConfig, glob_matches
from policykit.rules import CATALOG, DEPLOYMENT, PASTE, POLICY, PREFIXES, SUBJECTS, TOOLKIT, Rule, Subject, all_rules


@dataclass(frozen=True)
class LintOptions:
    deployment: Path | None = None  # --deployment: lint the given policy files against it
    defaults: str | dict | None = None  # --namespace / --defaults, or the configuration's (per service)
    service: str | None = None  # --service: the service that reads the policy files named
    service_globs: dict | None = None  # [tool.policykit.services]: glob -> service
    config_root: Path | None = None  # what those globs are relative to
    paste_config: Path | None = None  # --config for paste files named directly
    check_installed: bool = False
    # [tool.policykit.rules.CODE] tables, already checked: code -> option -> value
    rule_options: Mapping[str, Mapping[str, Any]] = field(default_factory=lambda: MappingProxyType({}))


@dataclass
class LintResult:
    findings: list[Finding]
    linted_files: list[str]  # display paths, in the order they were linted
    enabled: frozenset[str] = frozenset()
    errors: list[InputError] = field(default_factory=list)  # files that could not be used at all
    unusable: list[str] = field(default_factory=list)  # their display paths (exit code 2)
    skipped: list[kinds.Skipped] = field(default_factory=list)  # what directory walks left out
    unknown: list[str] = field(default_factory=list)  # files named of no known kind (PK002), not linted


@dataclass
class _PipelineContext:
    """What the toolkit-level (PK) rules look at."""

    unknown_files: list[str] = field(default_factory=list)
    unused_suppressions: list = field(default_factory=list)
    invalid_suppressions: list = field(default_factory=list)
    unusable_files: list = field(default_factory=list)  # (display path, InputError)


def display_path(path: str | Path) -> str:
    """Paths under the working directory are shown relative to it (stable in reports and SARIF)."""
    text = os.fspath(path)
    if os.path.isabs(text):
        try:
            relative = os.path.relpath(text)
        except ValueError:  # another drive
            return text
        return text if relative.startswith("..") else relative
    return os.path.normpath(text)


def _linter(subject: Subject):
    module = f"{subject.package}.lint"
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and module.startswith(exc.name):
            raise PolicykitError(f"this installation of policykit has no {module} linter") from None
        raise


class _Collector:
    """Runs the subject linters, remembering every file linted (for suppression comments)."""

    def __init__(self, options: LintOptions):
        self.options = options
        self.findings: list[Finding] = []
        self.files: list[str] = []
        self.ran: dict[str, set[str]] = {}  # display path -> code prefixes whose rules saw it
        self.unknown: list[str] = []
        # Files a subject could not use at all (display path, error; None when the subject's
        # own finding already says why, as DP001 does): PK004 findings and exit code 2.
        self.unusable: list[tuple[str, InputError | None]] = []
        self.skipped: list[kinds.Skipped] = []
        self._deployment_cache: dict[Path, object] = {}

    @property
    def errors(self) -> list[InputError]:
        return [error for _, error in self.unusable if error is not None]

    def unusable_file(self, path: Path, error: InputError | None) -> None:
        where = error.location.path if error is not None and error.location is not None else path
        shown = display_path(where)
        if shown not in (seen for seen, _ in self.unusable):
            self.unusable.append((shown, error))

    def note(self, subjects: set[str], *paths: Path | None) -> None:
        """Remember the files linted and which subjects' rules ran over each."""
        for path in paths:
            if path is not None:
                shown = display_path(path)
                if shown not in self.files:
                    self.files.append(shown)
                self.ran.setdefault(shown, set()).update(subjects)

    def policy(self, files: list[Path], dirs: list[Path], deployment=None, defaults=None, service=None) -> None:
        lint = _linter(POLICY)
        self.note({POLICY.prefix}, *files, *(child for d in dirs if d.is_dir() for child in kinds.policy_dir_files(d)))
        try:
            self.findings += lint.lint_policy_files(
                files, deployment=deployment, defaults=defaults, policy_dirs=tuple(dirs), service=service,
                service_globs=self.options.service_globs, root=self.options.config_root,
                rule_options=self.options.rule_options)
        except InputError as error:
            if len(files) < 2:
                self.unusable_file(files[0] if files else dirs[0], error)
                return
            for one in files:  # find which file it was, and keep the findings of the others
                self.policy([one], dirs, deployment=deployment, defaults=defaults, service=service)

    def paste(self, path: Path, config: Path | None, service: str | None = None) -> None:
        lint = _linter(PASTE)
        self.note({PASTE.prefix}, path, config)
        extra = {"service": service} if service else {}  # the deployment says which service it is
        try:
            self.findings += lint.lint_paste_file(path, config=config, check_installed=self.options.check_installed,
                                                  rule_options=self.options.rule_options, **extra)
        except InputError as error:
            self.unusable_file(path, error)

    def catalog(self, path: Path) -> None:
        lint = _linter(CATALOG)
        self.note({CATALOG.prefix}, path)
        try:
            body, findings = lint.lint_catalog_file(path, rule_options=self.options.rule_options)
        except InputError as error:
            self.unusable_file(path, error)
            return
        if body is None:  # the reader's one error: the body was not checked
            for finding in findings:
                self.unusable_file(path, InputError(finding.message, finding.location, finding.hint))
            return
        self.findings += findings

    def deployment(self, path: Path):
        lint = _linter(DEPLOYMENT)
        # The catalog is checked from the deployment, and policy checks over the whole
        # deployment (roles no policy uses) point into it.
        self.note({DEPLOYMENT.prefix, CATALOG.prefix, POLICY.prefix}, path)
        try:
            model, findings = lint.lint_deployment_file(path, rule_options=self.options.rule_options)
        except InputError as error:
            self.unusable_file(path, error)
            return None
        self.findings += findings
        if model is None:
            self.unusable_file(path, None)  # DP001 says why
            return None
        for service in model.services:
            existing = [p for p in service.policy if p.exists()]  # a missing file is the deployment linter's finding
            files = [p for p in existing if not p.is_dir()]
            dirs = [p for p in existing if p.is_dir()]
            if files or dirs:
                self.policy(files, dirs, deployment=model, defaults=service.defaults)
            if service.paste is not None and service.paste.is_file():
                config = service.config if service.config is not None and service.config.is_file() else None
                self.paste(service.paste, config, _paste_service(service))
        return model

    def context_deployment(self, path: Path):
        """The deployment given with --deployment: used, not linted; unusable means exit 2."""
        lint = _linter(DEPLOYMENT)
        model, findings = lint.lint_deployment_file(path)
        if model is None:
            errors = [f for f in findings if f.severity is Severity.ERROR] or findings
            first = errors[0] if errors else None
            raise InputError(
                f"cannot use the deployment {path}" + (f": {first.location}: {first.message}" if first else ""),
                hint=f"run `policykit lint {path}` to see what is wrong with it",
            )
        return model


def _paste_service(service) -> str | None:
    """The name the paste linter knows the service by: its name (nova), else its type (compute)."""
    from policykit.paste.services import profile_named

    for candidate in (service.name, service.type):
        if candidate and profile_named(candidate) is not None:
            return candidate
    return None


def collect(paths: list[Path], options: LintOptions) -> "_Collector":
    """Raw findings of every subject, the files linted, the unknown files named, the unusable ones."""
    collector = _Collector(options)
    targets = kinds.classify(paths, skipped=collector.skipped)
    taken = {target.path.resolve() for target in targets}
    collector.skipped[:] = [s for s in collector.skipped if s.path.resolve() not in taken]  # named as well
    # Files a linted deployment lists are linted through it, not a second time alone.
    deployments = [t for t in targets if t.kind == kinds.DEPLOYMENT]
    covered: set[Path] = set()
    for target in deployments:
        model = collector.deployment(target.path)
        for service in model.services if model is not None else ():
            covered.update(p.resolve() for p in service.policy)
            if service.paste is not None:
                covered.add(service.paste.resolve())
    policy_files = [t.path for t in targets if t.kind == kinds.POLICY and t.path.resolve() not in covered]
    policy_dirs = [t.path for t in targets if t.kind == kinds.POLICY_DIR and t.path.resolve() not in covered]
    context_model = None
    if options.deployment is not None and (policy_files or policy_dirs):
        context_model = collector.context_deployment(options.deployment)
    if context_model is not None:
        # Each file with the defaults of the service that lists it, unless told otherwise
        # (policykit.policy.lint picks the entry; a spec for another service is not laid under it).
        for path in policy_files:
            collector.policy([path], [], deployment=context_model, defaults=options.defaults, service=options.service)
        for directory in policy_dirs:
            collector.policy([], [directory], deployment=context_model, defaults=options.defaults,
                             service=options.service)
    else:
        if policy_files:
            collector.policy(policy_files, [], defaults=options.defaults, service=options.service)
        for directory in policy_dirs:
            collector.policy([], [directory], defaults=options.defaults, service=options.service)
    for target in targets:
        if target.kind == kinds.PASTE and target.path.resolve() not in covered:
            collector.paste(target.path, options.paste_config)
        elif target.kind == kinds.CATALOG:
            collector.catalog(target.path)
        elif target.kind == kinds.UNKNOWN and target.explicit:
            collector.unknown.append(display_path(target.path))
    return collector


def described_rules(rules: tuple[Rule, ...], paths: list[Path], with_deployment: bool,
                    findings: list[Finding]) -> tuple[Rule, ...]:
    """The rules a report of this run describes (SARIF's rule list): the toolkit's, those of
    the subjects that read the kinds of file given (all of them for a kind none claims, and
    the policy rules when a deployment was given for context), and any rule a finding names."""
    wanted = {TOOLKIT.prefix}
    for target in kinds.classify(paths):
        readers = {subject.prefix for subject in SUBJECTS if target.kind in subject.reads}
        wanted |= readers if readers or target.kind == kinds.UNKNOWN else set(PREFIXES)
    if with_deployment:
        wanted.add(POLICY.prefix)
    reported = {finding.code for finding in findings}
    return tuple(rule for rule in rules if rule.code[:2] in wanted or rule.code in reported)


def displayed(finding: Finding, files: Iterable[str] = ()) -> Finding:
    """``finding`` with display paths: its locations, and ``files`` (paths linted) named in its text.

    Readers keep absolute paths (paste's ``%(here)s`` and PasteDeploy's own messages need
    them); a person reads the same path everywhere in a report.
    """
    location = shown_location(finding.location)
    related = tuple(shown_location(r) for r in finding.related)
    message, hint = finding.message, finding.hint
    for shown in sorted(files, key=len, reverse=True):  # a longer path first: it may extend a shorter one
        absolute = os.path.abspath(shown)
        if absolute != shown:
            message = message.replace(absolute, shown)
            hint = hint.replace(absolute, shown) if hint else hint
    if (location, related, message, hint) == (finding.location, finding.related, finding.message, finding.hint):
        return finding
    return replace(finding, location=location, related=related, message=message, hint=hint)


def shown_location(location: Location) -> Location:
    shown = display_path(location.path)
    return location if shown == location.path else replace(location, path=shown)


def _normalise(finding: Finding) -> Finding:
    return displayed(finding)


def _unusable_findings(collector: "_Collector") -> list[Finding]:
    """PK004 for every file no reader could use: never deselected, suppressed or downgraded."""
    from policykit.lint.rules import pk004_unusable_file
    from policykit.rules import rule_from_module

    context = _PipelineContext(unusable_files=[(path, e) for path, e in collector.unusable if e is not None])
    return [_normalise(f) for f in rule_from_module(pk004_unusable_file).check(context)]


def _ignored_by_config(finding: Finding, config: LintConfig, rules: tuple[Rule, ...]) -> bool:
    from policykit.lint.selection import matches_any

    root = config.root
    for glob, selectors in config.per_file_ignores.items():
        if glob_matches(glob, finding.location.path, root) and matches_any(finding.code, selectors, rules):
            return True
    if finding.subject is not None:
        import fnmatch

        for glob, by_name in config.per_policy_ignores.items():
            if not glob_matches(glob, finding.location.path, root):
                continue
            for name, selectors in by_name.items():
                if (name == finding.subject or fnmatch.fnmatchcase(finding.subject, name)) and matches_any(
                    finding.code, selectors, rules
                ):
                    return True
    return False


def run(
    paths: list[Path],
    options: LintOptions,
    config: LintConfig,
    enabled: frozenset[str],
    rules: tuple[Rule, ...] | None = None,
) -> LintResult:
    """Lint ``paths``; ``rules`` is the catalogue (all of it unless a caller narrows it)."""
    from policykit.lint import suppression

    rules = all_rules() if rules is None else rules
    collector = collect(paths, options)
    raw, files = collector.findings, collector.files
    context = _PipelineContext(unknown_files=collector.unknown)
    findings = [displayed(f, files) for f in raw]
    # A code outside the catalogue (a subject's "cannot read this at all") is never deselected.
    known = {rule.code for rule in rules}
    findings = [f for f in findings if f.code in enabled or f.code not in known]
    # Suppression comments, read from every linted file that can carry comments.
    parsed = {}
    from policykit.lint.fixes import read_exact

    texts = {}
    unusable = {path for path, _ in collector.unusable}
    for path in files:
        if path in unusable:
            continue  # nothing was checked, so every comment would look unused
        if path.endswith(suppression.SUPPRESSIBLE_SUFFIXES) and os.path.isfile(path):
            try:
                texts[path] = read_exact(path)
            except InputError:
                continue  # the subject linter has reported why the file cannot be read
            parsed[path] = suppression.parse_directives(path, texts[path], rules)
    findings = suppression.suppress(findings, parsed, rules)
    findings = [f for f in findings if not _ignored_by_config(f, config, rules)]
    for path, file in parsed.items():
        context.invalid_suppressions.extend(file.invalid)
        ran_here = frozenset(code for code in enabled
                             if code[:2] in collector.ran.get(path, ()) or code.startswith(TOOLKIT.prefix))
        for directive in file.directives:
            unused = suppression.unused_selectors(directive, ran_here, rules)
            if unused:
                fix = suppression.removal_fix(directive, texts[path], unused)
                context.unused_suppressions.append((directive, unused, fix))
    own = [f for rule in rules if rule.code.startswith(TOOLKIT.prefix) and rule.code in enabled and rule.code != "PK004"
           for f in rule.check(context, options.rule_options.get(rule.code))]
    own = [f for f in suppression.suppress(own, _file_wide_only(parsed), rules) if not _ignored_by_config(f, config, rules)]
    findings += own
    if config.severity:
        findings = [replace(f, severity=config.severity[f.code]) if f.code in config.severity else f for f in findings]
    findings += _unusable_findings(collector)
    unique = sorted(set(findings), key=Finding.sort_key)
    return LintResult(unique, files, enabled, collector.errors, [path for path, _ in collector.unusable],
                      collector.skipped, collector.unknown)


def _file_wide_only(parsed: dict) -> dict:
    """Toolkit findings may be silenced file-wide, never by the line directive they are about."""
    from policykit.lint.suppression import ParsedFile

    return {path: ParsedFile([d for d in file.directives if d.file_wide], []) for path, file in parsed.items()}
