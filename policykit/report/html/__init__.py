"""One self-contained HTML page: a view of the same JSON the other formats print.

The page is built from *sections*, each the JSON document of one command's output
(``lint --format json`` findings, ``matrix``, ``diff``, ``test --coverage``) tagged with
its kind. Python computes nothing for the page: it embeds the data and the rule
documentation as JSON, and the page's script draws every view from that data. The
template, CSS and script are inlined, so the file works opened from disk with no
network access.

Safety: the data is embedded in ``<script type="application/json">`` with ``<``, ``>``,
``&`` and the two JavaScript line separators escaped as ``\\uXXXX``, so no value from a
policy or deployment file can close the script element; the script only ever puts data
into the page through ``textContent`` and attribute setters, never as markup.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Iterable

from policykit import __version__

SECTION_KINDS = ("findings", "matrix", "diff", "coverage")
SCRIPT_PARTS = ("core.js", "view_findings.js", "view_matrix.js", "view_diff.js", "view_coverage.js", "main.js")

_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


@dataclass
class Section:
    kind: str  # one of SECTION_KINDS
    title: str
    data: Any  # the JSON document of that output
    service: str | None = None  # a whole-cloud report groups sections by service

    def to_dict(self) -> dict:
        if self.kind not in SECTION_KINDS:
            raise ValueError(f"unknown section kind {self.kind!r}")
        return {"kind": self.kind, "title": self.title, "service": self.service, "data": self.data}


@dataclass
class Page:
    title: str
    sections: list[Section] = field(default_factory=list)
    rules: dict[str, dict] = field(default_factory=dict)  # code -> name, severity, summary, doc
    # What could not be read or decided: text, or {"level": "error"|"warning", "text": …}.
    notes: list = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "title": self.title,
            "tool": f"policykit {__version__}",
            "generated": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "notes": list(self.notes),
            "sections": [section.to_dict() for section in self.sections],
            "rules": self.rules,
        }


def embed_json(data: Any) -> str:
    """JSON that is safe inside a ``<script>`` element whatever strings it holds."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return "".join(_ESCAPES.get(ch, ch) for ch in text) if any(ch in text for ch in _ESCAPES) else text


def rule_docs(rules: Iterable, codes: Iterable[str]) -> dict[str, dict]:
    """The documentation of the rules behind ``codes`` (what ``policykit rule CODE`` prints)."""
    wanted = set(codes)
    return {
        rule.code: {"name": rule.name, "severity": str(rule.severity), "summary": rule.summary, "doc": rule.doc}
        for rule in rules if rule.code in wanted
    }


def _script(environment) -> str:
    """The page's one script: the shared helpers, one part per view, then drawing."""
    parts = [environment.loader.get_source(environment, name)[0] for name in SCRIPT_PARTS]
    return '"use strict";\n(function () {\n' + "".join(parts) + "})();\n"


def render_page(page: Page) -> str:
    from jinja2 import Environment, PackageLoader, select_autoescape

    environment = Environment(
        loader=PackageLoader("policykit.report.html", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        keep_trailing_newline=True,
    )
    script = _script(environment)
    # The script is allowed by its hash: an injected inline script would not run even if
    # escaping ever failed, and nothing may be fetched from anywhere.
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    template = environment.get_template("page.html.j2")
    return template.render(page=page, data_json=embed_json(page.to_dict()), script=script,
                           script_hash=f"sha256-{digest}")
