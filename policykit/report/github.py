"""GitHub Actions workflow annotations: ``::error file=F,line=L,col=C,title=CODE::message``.

Severity maps to the command: error → ``::error``, warning → ``::warning``,
info → ``::notice``. Files that could not be linted and files a directory walk skipped
end the output as annotations without a file. Values are escaped as the runner expects (``%``, CR and LF
everywhere; ``:`` and ``,`` also in properties).
"""

from __future__ import annotations

from policykit.findings import Finding, Severity

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    location = finding.location
    props = [f"file={escape_property(location.path)}"]
    # GitHub uses the columns only for an annotation on a single line.
    end_column = location.end_column if location.end_line in (None, location.line) else None
    for key, value in (("line", location.line), ("col", location.column),
                       ("endLine", location.end_line), ("endColumn", end_column)):
        if value is not None:
            props.append(f"{key}={value}")
    props.append(f"title={escape_property(finding.code)}")
    message = finding.message + (f"\nhint: {finding.hint}" if finding.hint else "")
    return f"::{_COMMAND[finding.severity]} {','.join(props)}::{escape_data(message)}"


def render_github(findings: list[Finding], facts=None) -> str:
    """One annotation per finding, then a notice for what was not checked (no file: the run's summary)."""
    lines = [annotation(f) for f in findings]
    if facts is not None and facts.unusable:
        count = len(facts.unusable)
        lines.append(f"::error title=policykit::{count} file{'s' * (count != 1)} could not be linted: "
                     f"{escape_data(', '.join(facts.unusable))}")
    if facts is not None and facts.skipped:
        from policykit.report.text import skipped_line

        lines.append(f"::notice title=policykit::{escape_data(skipped_line(facts))}")
    return "".join(line + "\n" for line in lines)
