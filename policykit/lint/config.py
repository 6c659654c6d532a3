"""Lint configuration: ``[tool.policykit]`` in pyproject.toml, or a ``.policykit.toml``.

The file is found by searching upward from the current directory, then from the linted
paths; in each directory ``.policykit.toml`` is preferred to ``pyproject.toml``, and a
pyproject.toml without a ``[tool.policykit]`` table is passed over. Keys (kebab-case, as
in ruff)::

    [tool.policykit]
    select = ["PL", "DP"]            # codes, prefixes, kebab names or "ALL"
    extend-select = []
    ignore = ["PL4"]
    fail-level = "warning"           # error | warning | info
    deployment = "deploy/deployment.yaml"   # relative to this file
    defaults = "nova"                # namespace, or an exported defaults file (for that service's files)
    baseline = ".policykit-baseline.json"   # findings accepted once (relative to this file)

    [tool.policykit.per-file-ignores]
    "legacy/*.json" = ["PL301"]

    [tool.policykit.per-policy-ignores]
    "nova/policy.json" = { "os_compute_api:servers:create" = ["PL201"] }

    [tool.policykit.severity]
    PL301 = "info"

    [tool.policykit.services]        # which service reads the files a glob matches
    "deploy/compute/*.yaml" = "nova"

    [tool.policykit.defaults]        # or: registered defaults per service
    nova = "nova"
    keystone = "defaults/keystone.json"

    [tool.policykit.rules.PL502]    # a rule's options (code or name), as its `## Options` says
    ignore-roles = ["ResellerAdmin"]

Every mistake is an ``InputError`` naming the file, the line and the fix.
"""

from __future__ import annotations

import fnmatch
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from policykit.errors import InputError
from policykit.findings import Location, Severity
from policykit.rules import OptionError, Rule, check_options
from policykit.suggest import suggest
from policykit.sources import read_text

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

CONFIG_FILES = (".policykit.toml", "pyproject.toml")
KNOWN_KEYS = (
    "select", "extend-select", "ignore", "per-file-ignores", "per-policy-ignores",
    "fail-level", "deployment", "defaults", "severity", "baseline", "services", "rules", "test-files",
)


@dataclass(frozen=True)
class LintConfig:
    path: Path | None = None  # the file the settings came from; None for built-in defaults
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    per_policy_ignores: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    fail_level: Severity | None = None
    deployment: Path | None = None
    defaults: str | dict[str, str] | None = None  # one spec, or service name -> spec
    services: dict[str, str] = field(default_factory=dict)  # glob -> service name
    severity: dict[str, Severity] = field(default_factory=dict)
    baseline: Path | None = None
    rule_options: dict[str, dict[str, Any]] = field(default_factory=dict)  # code -> option -> value

    @property
    def root(self) -> Path:
        return self.path.parent if self.path else Path.cwd()


def _has_policykit_table(path: Path) -> bool:
    try:
        text = read_text(path, "configuration file", universal_newlines=True)
    except InputError:
        return False
    return re.search(r"^\s*\[\s*tool\s*\.\s*policykit\b", text, re.MULTILINE) is not None


def find_config_file(start_dirs: list[Path]) -> Path | None:
    """The nearest configuration file above the first start directory that has one."""
    for start in start_dirs:
        directory = start.resolve()
        for candidate_dir in (directory, *directory.parents):
            for name in CONFIG_FILES:
                candidate = candidate_dir / name
                if not candidate.is_file():
                    continue
                if name == "pyproject.toml" and not _has_policykit_table(candidate):
                    continue
                return candidate
    return None


def _line_of(text: str, key: str, table: str | None = None) -> int | None:
    """The line where ``key`` is assigned (inside ``table`` when given); tomllib keeps no positions."""
    current = None
    key_pattern = re.compile(rf'^\s*["\']?{re.escape(key)}["\']?\s*=')
    for number, line in enumerate(text.splitlines(), start=1):
        header = re.match(r"^\s*\[+\s*([^\]]+?)\s*\]+", line)
        if header:
            current = header.group(1).replace(" ", "").replace('"', "")
            if current == key or current.endswith(f".{key}"):
                return number
            continue
        if key_pattern.match(line) and (table is None or current == table or (current or "").startswith(f"{table}.")):
            return number
    return None


class _Reader:
    """Validates one configuration table and turns problems into located InputErrors."""

    def __init__(self, path: Path, text: str, table_name: str | None, rules: tuple[Rule, ...]):
        self.path, self.text, self.table_name, self.rules = path, text, table_name, rules

    def fail(self, key: str, message: str, hint: str | None = None) -> InputError:
        line = _line_of(self.text, key, self.table_name)
        return InputError(message, Location(str(self.path), line), hint)

    def selectors(self, key: str, value) -> tuple[str, ...]:
        from policykit.lint.selection import check_selector

        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.fail(key, f"{key} must be a list of rule codes or names, e.g. [\"PL101\"]")
        try:
            return tuple(check_selector(item, self.rules, key) for item in value)
        except InputError as exc:
            raise self.fail(key, exc.message, exc.hint) from None

    def severity(self, key: str, value) -> Severity:
        try:
            return Severity.parse(value) if isinstance(value, str) else Severity.parse("?")
        except ValueError:
            raise self.fail(key, f"{key} = {value!r}: use \"error\", \"warning\" or \"info\"") from None

    def rule_options(self, tables) -> dict[str, dict[str, Any]]:
        """``[rules.CODE]`` tables: each names one rule (code or name) and sets options it declares."""
        from policykit.lint.selection import suggest_rule

        found: dict[str, dict[str, Any]] = {}
        for key, options in self.table("rules", tables).items():
            wanted = str(key).strip()
            rule = next((r for r in self.rules if wanted.upper() == r.code or wanted.lower() == r.name), None)
            if rule is None:
                close = suggest_rule(wanted, self.rules)
                raise self.fail(wanted, f"rules.{wanted}: unknown rule code or name" +
                                (f"; did you mean {close}?" if close else ""),
                                "`policykit rule --all` lists every code and name")
            if not isinstance(options, dict):
                raise self.fail(wanted, f"rules.{wanted} must be a table of the rule's options",
                                f"`policykit rule {rule.code}` lists them under Options")
            try:
                found[rule.code] = {**found.get(rule.code, {}), **check_options(rule, options)}
            except OptionError as error:
                raise self.fail(error.key, str(error), f"`policykit rule {rule.code}` lists its options") from None
        return found

    def table(self, key: str, value) -> dict:
        if not isinstance(value, dict):
            raise self.fail(key, f"{key} must be a table, e.g. [tool.policykit.{key}]")
        return value


def read_toml(path: Path) -> tuple[str, dict]:
    """(text, data) of a configuration file; bad TOML is an ``InputError`` at its line and column."""
    text = read_text(path, "configuration file")
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        if found:
            where = Location(str(path), int(found.group(1)), int(found.group(2)))
        else:  # "(at end of document)"
            where = Location(str(path), max(1, len(text.splitlines())))
        problem = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(exc))
        raise InputError(f"invalid TOML: {problem}", where, "fix the TOML syntax of the configuration file") from None


def parse_config(path: Path, rules: tuple[Rule, ...]) -> LintConfig:
    text, data = read_toml(path)
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("policykit", {})
        table_name = "tool.policykit"
    else:
        table, table_name = data, None
    return config_from_table(path, text, table, table_name, rules)


def config_from_table(path: Path, text: str, table: dict, table_name: str | None, rules: tuple[Rule, ...]) -> LintConfig:
    reader = _Reader(path, text, table_name, rules)
    for key in table:
        if key not in KNOWN_KEYS:
            close = suggest(key.replace("_", "-"), KNOWN_KEYS)
            hint = f"did you mean {close!r}?" if close else f"known keys: {', '.join(KNOWN_KEYS)}"
            raise reader.fail(key, f"unknown configuration key {key!r}", hint)
    settings: dict = {"path": path}
    if "select" in table:
        settings["select"] = reader.selectors("select", table["select"])
    if "extend-select" in table:
        settings["extend_select"] = reader.selectors("extend-select", table["extend-select"])
    if "ignore" in table:
        settings["ignore"] = reader.selectors("ignore", table["ignore"])
    if "fail-level" in table:
        settings["fail_level"] = reader.severity("fail-level", table["fail-level"])
    if "per-file-ignores" in table:
        settings["per_file_ignores"] = {
            str(glob): reader.selectors(str(glob), codes)
            for glob, codes in reader.table("per-file-ignores", table["per-file-ignores"]).items()
        }
    if "per-policy-ignores" in table:
        per_policy = {}
        for glob, names in reader.table("per-policy-ignores", table["per-policy-ignores"]).items():
            names = reader.table(str(glob), names)
            per_policy[str(glob)] = {str(name): reader.selectors(str(name), codes) for name, codes in names.items()}
        settings["per_policy_ignores"] = per_policy
    if "severity" in table:
        overrides = {}
        for selector, level in reader.table("severity", table["severity"]).items():
            for code in _codes_named(reader, str(selector)):
                overrides[code] = reader.severity(str(selector), level)
        settings["severity"] = overrides
    if isinstance(table.get("defaults"), dict):
        settings["defaults"] = {
            _service_name(reader, "defaults", str(name)): resolve_defaults(_string(reader, str(name), spec), path.parent)
            for name, spec in table["defaults"].items()}
    if "services" in table:
        settings["services"] = {str(glob): _service_name(reader, str(glob), _string(reader, str(glob), name))
                                for glob, name in reader.table("services", table["services"]).items()}
    if "rules" in table:
        settings["rule_options"] = reader.rule_options(table["rules"])
    for key in ("deployment", "defaults", "baseline"):
        if key in table and key not in settings:
            value = table[key]
            if not isinstance(value, str) or not value.strip():
                raise reader.fail(key, f"{key} must be a non-empty string")
            settings[key] = value
    if "deployment" in settings:
        settings["deployment"] = (path.parent / settings["deployment"]).resolve()
    if "baseline" in settings:
        settings["baseline"] = (path.parent / settings["baseline"]).resolve()
    if isinstance(settings.get("defaults"), str):
        settings["defaults"] = resolve_defaults(settings["defaults"], path.parent)
    return LintConfig(**settings)


def _string(reader: _Reader, key: str, value) -> str:
    if not isinstance(value, str) or not value.strip():
        raise reader.fail(key, f"{key} must be a non-empty string")
    return value


def _service_name(reader: _Reader, key: str, name: str) -> str:
    from policykit import services

    profile = services.get(name)
    if profile is None:
        raise reader.fail(key, f"{key}: unknown service {name!r}", services.unknown_name_hint(name))
    return profile.name


def _codes_named(reader: _Reader, selector: str) -> list[str]:
    from policykit.lint.selection import specificity

    (normalised,) = reader.selectors(selector, [selector])
    return [rule.code for rule in reader.rules if specificity(normalised, rule) is not None]


def resolve_defaults(value: str, base: Path) -> str:
    """A defaults file given relative to the configuration becomes absolute; a namespace stays a name."""
    looks_like_file = "/" in value or value.endswith((".json", ".yaml", ".yml"))
    if looks_like_file:
        return str((base / value).resolve())
    return value


def load_config(explicit: Path | None, start_dirs: list[Path], rules: tuple[Rule, ...], isolated: bool = False) -> LintConfig:
    if isolated:
        return LintConfig()
    path = explicit or find_config_file(start_dirs)
    if path is None:
        return LintConfig()
    if explicit is not None and not explicit.is_file():
        raise InputError(f"no such configuration file: {explicit}")
    return parse_config(path, rules)


def glob_matches(pattern: str, path: str, root: Path) -> bool:
    """Does ``pattern`` (relative to ``root``, the configuration's directory) match ``path``?

    ``*`` crosses directories, as in ruff's per-file-ignores; a pattern without a slash
    also matches the file's base name anywhere.
    """
    absolute = Path(path).resolve()
    try:
        relative = absolute.relative_to(root.resolve()).as_posix()
    except ValueError:
        relative = PurePosixPath(Path(path).as_posix()).as_posix()
    candidates = [relative, Path(path).as_posix()]
    if "/" not in pattern:
        candidates.append(absolute.name)
    return any(fnmatch.fnmatchcase(candidate, pattern) for candidate in candidates)
