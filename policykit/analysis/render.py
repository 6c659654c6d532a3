"""Text, Markdown and CSV views of a matrix (JSON is ``Matrix.to_dict``; these render the same data)."""

from __future__ import annotations

import csv
import io

from policykit.analysis.matrix import ERROR, VERDICT_TEXT, Matrix

SHORT = {"any": "any", "domain": "domain", "own": "own", "deny": "-", "mixed": "mixed", "error": "ERROR"}
LEGEND = ("any = allowed on any project · domain = own domain only · own = own only · - = denied · "
          "mixed = some targets only · ERROR = evaluation error")


def _header_lines(data: dict) -> list[str]:
    state = data["state"]
    lines = [f"{data['service']}: {', '.join(state['sources']) or 'no policy file or defaults'}",
             f"  enforce_new_defaults={str(state['enforce_new_defaults']).lower()}"
             + (f" (from {state['settings_from']['enforce_new_defaults']})"
                if "enforce_new_defaults" in state["settings_from"] else " (oslo.policy default)")]
    for warning in state["warnings"]:
        lines.append(f"  warning: {warning}")
    lines.append("  targets:")
    lines += [f"    {t['label']}: {t['description']}" for t in data["targets"]]
    return lines


def _column_lines(data: dict) -> list[str]:
    lines = [f"  personas: {data['personas']} in {len(data['columns'])} classes"]
    for index, column in enumerate(data["columns"], 1):
        behind = f" — {column['personas']} personas, {column['users']} users" if column["personas"] > 1 else ""
        lines.append(f"  [{index}] {column['name']}: {column['description']}{behind}")
    return lines


def render_text(matrix: Matrix) -> str:
    data = matrix.to_dict()
    lines = _header_lines(data) + _column_lines(data)
    width = max([len(r["action"]) for r in data["rows"]] + [6])
    numbers = [f"[{i}]" for i in range(1, len(data["columns"]) + 1)]
    cell_width = max([len(n) for n in numbers] + [6])
    lines.append("")
    lines.append(f"{'action':<{width}}  " + " ".join(f"{n:<{cell_width}}" for n in numbers).rstrip())
    resource = None
    for row in data["rows"]:
        if row["resource"] != resource:
            resource = row["resource"]
            lines.append(f"# {resource}")
        cells = " ".join(f"{SHORT[c['verdict']]:<{cell_width}}" for c in row["cells"])
        lines.append(f"{row['action']:<{width}}  {cells}".rstrip())
    lines.append("")
    lines.append(LEGEND)
    lines.extend(_error_lines(matrix))
    return "\n".join(lines) + "\n"


def _error_lines(matrix: Matrix) -> list[str]:
    lines = []
    for row, index, cell in matrix.errors:
        reason = next(iter(cell.errors.values()), "")
        lines.append(f"ERROR {row.action} for {matrix.columns[index].name}: {reason}")
    return lines


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def render_markdown(matrix: Matrix) -> str:
    data = matrix.to_dict()
    lines = [f"## {data['service']}", ""]
    lines += [f"* {line.strip()}" for line in _header_lines(data)[1:] if line.strip() != "targets:"]
    lines.append("")
    lines.append("| action | " + " | ".join(_md(c["label"]) for c in data["columns"]) + " |")
    lines.append("|---|" + "---|" * len(data["columns"]))
    for row in data["rows"]:
        lines.append(f"| `{_md(row['action'])}` | " + " | ".join(
            SHORT[c["verdict"]] for c in row["cells"]) + " |")
    lines.append("")
    lines.append(LEGEND)
    for line in _error_lines(matrix):
        lines.append(f"* {_md(line)}")
    return "\n".join(lines) + "\n"


def render_csv(matrices: list[Matrix]) -> str:
    """One line per action and persona class: a long table any spreadsheet can pivot."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["service", "resource", "action", "persona", "personas", "users", "verdict", "own",
                     "other_project", "other_domain", "rule", "rule_location", "error"])
    for matrix in matrices:
        data = matrix.to_dict()
        for row in data["rows"]:
            for column, cell in zip(data["columns"], row["cells"]):
                outcomes = cell["outcomes"]
                errors = "; ".join(cell.get("errors", {}).values()) if cell["verdict"] == ERROR else ""
                writer.writerow([row["service"], row["resource"], row["action"], column["name"], column["personas"],
                                 column["users"], cell["verdict"], outcomes["own"], outcomes["other-project"],
                                 outcomes["other-domain"], row["rule"]["text"], row["rule"]["location"] or "", errors])
    return out.getvalue()


def render_who(matrix: Matrix, entries: list[dict]) -> str:
    row = matrix.rows[0]
    lines = [f"{row.action} ({matrix.state.label}): {row.origin.text or '(no rule: denied)'}"
             + (f"  [{row.origin.location}]" if row.origin.location else "")]
    if row.scope_types:
        lines.append(f"  scope types: {', '.join(row.scope_types)}")
    allowed = [e for e in entries if e["verdict"] != "deny"]
    lines.append(f"  {len(allowed)} of {len(entries)} persona classes may do it")
    for entry in entries:
        lines.append(f"{entry['persona']}: {VERDICT_TEXT[entry['verdict']]}")
        shown = {(entry["outcomes"][r], b) for r, b in entry["branches"].items()}
        for relation, branch in entry["branches"].items():
            outcome = entry["outcomes"][relation]
            label = "every target" if len(shown) == 1 else relation
            lines.append(f"    {label:<13} {outcome:<5} {branch}")
            if len(shown) == 1:
                break
        for relation, error in entry["errors"].items():
            lines.append(f"    {relation:<13} error {error}")
    return "\n".join(lines) + "\n"


__all__ = ["render_text", "render_markdown", "render_csv", "render_who", "SHORT", "LEGEND"]
