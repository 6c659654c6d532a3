"""Inline suppression comments: ``# policykit: ignore[CODE,...]`` and ``# policykit: file-ignore[CODE,...]``.

They are read from YAML files and from paste ini / conf files (JSON has no comments:
its findings are suppressed from the configuration, per file or per policy name).

* ``ignore[...]`` at the end of a line covers that line; on a line of its own it covers
  the next line that is neither blank nor a comment (so directives can be stacked).
* ``file-ignore[...]`` covers the whole file, wherever it stands.
* Inside the brackets: codes, code prefixes or kebab names, separated by commas; text
  after the closing bracket is a free-form reason (``# policykit: ignore[PL201] public API``).

In ini files ConfigParser keeps a ``#`` after a value as part of the value, so there a
directive must stand on its own line; a trailing one is reported as invalid (it would
change the value the service reads).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from policykit.findings import Finding, Fix, Location
from policykit.rules import Rule

SUPPRESSIBLE_SUFFIXES = (".yaml", ".yml", ".ini", ".conf")
_INI_SUFFIXES = (".ini", ".conf")

# Loose: anything that looks like it was meant as a directive (to report malformed ones).
# Text after the closing bracket is a free-form reason.
_MENTION = {False: re.compile(r"(?:(?<=\s)|^)(#)\s*policykit\s*:", re.IGNORECASE),
            True: re.compile(r"(?:(?<=\s)|^)([#;])\s*policykit\s*:", re.IGNORECASE)}
_DIRECTIVE = re.compile(r"(?:(?<=\s)|^)[#;]\s*policykit:\s*(ignore|file-ignore)\[([^\]]*)\](?:\s.*)?$")
_COMMENT_ONLY = {False: re.compile(r"^\s*#"), True: re.compile(r"^\s*[#;]")}
# Where a line ends must agree with the line numbers the readers report: PyYAML also
# breaks lines at NEL and the Unicode separators, ConfigParser (universal newlines) not.
_YAML_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
_INI_BREAK = re.compile(r"\r\n|[\r\n]")


def split_lines(text: str, is_ini: bool = False) -> list[tuple[str, int, int]]:
    """(line without its break, start offset, offset after the break) for every line."""
    lines, start = [], 0
    for match in (_INI_BREAK if is_ini else _YAML_BREAK).finditer(text):
        lines.append((text[start:match.start()], start, match.end()))
        start = match.end()
    if start < len(text):
        lines.append((text[start:], start, len(text)))
    return lines


@dataclass
class Directive:
    path: str
    line: int
    column: int
    file_wide: bool
    selectors: list[tuple[str, str]]  # (as written, normalised or "" when unknown)
    covers_line: int | None
    start: int  # offsets of the comment in the file text, for the removal fix
    end: int
    own_line: bool
    used: set[str] = field(default_factory=set)  # selectors (as written) that suppressed something


@dataclass
class InvalidDirective:
    location: Location
    message: str
    hint: str
    unknown_rule: bool = False  # names no rule of the catalogue it was checked against


@dataclass
class ParsedFile:
    directives: list[Directive]
    invalid: list[InvalidDirective]


def _next_code_line(lines: list[str], index: int, is_ini: bool) -> int | None:
    for later in range(index + 1, len(lines)):
        if lines[later].strip() and not _COMMENT_ONLY[is_ini].match(lines[later]):
            return later + 1
    return None


def parse_directives(path: str, text: str, rules: tuple[Rule, ...]) -> ParsedFile:
    from policykit.lint.selection import check_selector
    from policykit.errors import InputError

    is_ini = path.endswith(_INI_SUFFIXES)
    directives, invalid = [], []
    # Every mention on a line is a mention in the whole text (a line starts after a
    # whitespace break): a file without one is not split into lines, which for a large
    # file costs several times the file.
    if _MENTION[is_ini].search(text) is None:
        return ParsedFile(directives, invalid)
    split = split_lines(text, is_ini)
    stripped_lines = [line for line, _, _ in split]
    for index, (line, line_start, line_end) in enumerate(split):
        mention = _MENTION[is_ini].search(line)
        if not mention:
            continue
        location = Location(path, index + 1, mention.start(1) + 1)
        match = _DIRECTIVE.search(line, mention.start())
        if not match:
            invalid.append(InvalidDirective(
                location, f"malformed suppression comment: {line[mention.start():].strip()!r}",
                "write `# policykit: ignore[CODE]` or `# policykit: file-ignore[CODE]`",
            ))
            continue
        own_line = not line[:mention.start()].strip()
        if is_ini and not own_line:
            invalid.append(InvalidDirective(
                location, "a suppression comment after a value is part of the value in an ini file",
                "move the comment to its own line above",
            ))
            continue
        kind, inside = match.group(1), match.group(2)
        selectors = []
        for written in (part.strip() for part in inside.split(",")):
            if not written:
                continue
            try:
                selectors.append((written, check_selector(written, rules, "suppression")))
            except InputError as exc:
                invalid.append(InvalidDirective(location, exc.message.replace("suppression: ", ""), exc.hint or "", True))
                selectors.append((written, ""))
        if not selectors:
            invalid.append(InvalidDirective(location, "suppression comment names no rule", "put codes in the brackets"))
            continue
        if own_line:
            start, end = line_start, line_end
        else:
            comment_start = mention.start()
            while comment_start > 0 and line[comment_start - 1] in " \t":
                comment_start -= 1
            start, end = line_start + comment_start, line_start + len(line)
        directives.append(Directive(
            path=path, line=index + 1, column=mention.start(1) + 1, file_wide=kind == "file-ignore",
            selectors=selectors,
            covers_line=None if kind == "file-ignore" else (_next_code_line(stripped_lines, index, is_ini) if own_line else index + 1),
            start=start, end=end, own_line=own_line,
        ))
    return ParsedFile(directives, invalid)


def _names(selector: str, finding: Finding, rules_by_code: dict[str, Rule]) -> bool:
    if not selector:
        return False
    if selector == "ALL" or finding.code.startswith(selector):
        return True
    rule = rules_by_code.get(finding.code)
    return rule is not None and rule.name == selector


def suppress(findings: list[Finding], parsed: dict[str, ParsedFile], rules: tuple[Rule, ...]) -> list[Finding]:
    """The findings no directive covers; directives record which of their selectors were used."""
    rules_by_code = {rule.code: rule for rule in rules}
    kept = []
    for finding in findings:
        file = parsed.get(finding.location.path)
        covered = False
        if file is not None:
            for directive in file.directives:
                if not directive.file_wide and directive.covers_line != finding.location.line:
                    continue
                for written, selector in directive.selectors:
                    if _names(selector, finding, rules_by_code):
                        directive.used.add(written)
                        covered = True
        if not covered:
            kept.append(finding)
    return kept


def removal_fix(directive: Directive, text: str, unused: list[str]) -> Fix:
    """Drop the unused selectors, or the whole comment when none is left."""
    remaining = [written for written, _ in directive.selectors if written not in unused]
    if not remaining:
        return Fix(directive.start, directive.end, "", "remove the unused suppression comment")
    original = text[directive.start:directive.end]
    rewritten = re.sub(r"\[[^\]]*\]", "[" + ", ".join(remaining) + "]", original, count=1)
    return Fix(directive.start, directive.end, rewritten, f"remove {', '.join(unused)} from the suppression comment")


def unused_selectors(directive: Directive, enabled: frozenset[str], rules: tuple[Rule, ...]) -> list[str]:
    """Selectors that covered nothing although a rule they name ran (a rule that did not run proves nothing)."""
    from policykit.lint.selection import specificity

    unused = []
    for written, selector in directive.selectors:
        if not selector or written in directive.used:
            continue
        if any(rule.code in enabled and specificity(selector, rule) is not None for rule in rules):
            unused.append(written)
    return unused
