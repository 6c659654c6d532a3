"""Read a service conf (glance-api.conf, nova.conf …) the way oslo.config does, with positions.

Only what the paste checks need: ``[section] name = value`` with the line of the value
that wins. oslo.config lets a later line override an earlier one (no duplicate error),
compares group names case-insensitively (``DEFAULT`` aside) and treats ``-`` and ``_``
in option names alike.
"""

from __future__ import annotations

import os
import re

from policykit.errors import InputError
from policykit.findings import Location
from policykit.paste.document import ProblemKind, ReadProblem
from policykit.paste.selection import ConfFile, ConfValue
from policykit.sources import read_text

_SECTION = re.compile(r"^\[([^\]]+)\]\s*$")
_OPTION = re.compile(r"^([^=:\s][^=:]*?)\s*[=:]\s*(.*)$")


def normalise_group(name: str) -> str:
    return name if name == "DEFAULT" else name.lower()


def normalise_option(name: str) -> str:
    return name.replace("-", "_")


def read_conf_text(text: str, path: str) -> ConfFile:
    values: dict[tuple[str, str], ConfValue] = {}
    problems: list[ReadProblem] = []
    section: str | None = None
    last: tuple[str, str] | None = None
    for lineno, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped[0] in "#;":
            continue
        if line[0].isspace() and last is not None:
            previous = values[last]
            values[last] = ConfValue(previous.section, previous.name, (previous.value + "\n" + stripped).strip(),
                                     previous.path, previous.line, previous.column, previous.value_column)
            continue
        match = _SECTION.match(stripped)
        if match:
            section = normalise_group(match.group(1).strip())
            last = None
            continue
        match = _OPTION.match(stripped)
        indent = len(line) - len(line.lstrip())
        if not match or section is None:
            problems.append(ReadProblem(ProblemKind.NO_DELIMITER if section else ProblemKind.MISSING_SECTION_HEADER,
                                        f"oslo.config cannot parse {stripped!r}", Location(path, lineno, indent + 1)))
            continue
        name = normalise_option(match.group(1).strip())
        value = match.group(2).strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]  # oslo.config strips one pair of matching quotes
        last = (section, name)
        values[last] = ConfValue(section, name, value, path, lineno, indent + 1, indent + match.start(2) + 1)
    return ConfFile(path, values, tuple(problems))


def read_conf_file(path: str | os.PathLike) -> ConfFile:
    absolute = os.path.abspath(os.fspath(path))
    try:
        text = read_text(absolute, "service configuration file",
                         universal_newlines=True)
    except InputError as exc:
        reason = exc.message
        return ConfFile(absolute, {}, (ReadProblem(ProblemKind.UNREADABLE, f"cannot read the file: {reason}",
                                                   Location(absolute)),))
    return read_conf_text(text, absolute)
