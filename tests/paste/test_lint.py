"""Every reason PasteDeploy would refuse a root is reported by a rule, at error severity."""

from __future__ import annotations

from pathlib import Path

import pytest

from mutations import mutations
from policykit.findings import Severity
from policykit.paste.lint import build_context, lint_paste_file
from policykit.paste.resolution import ErrorCategory

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "paste"

# which rule reports each cause of a loadapp failure
RULE_FOR = {
    ErrorCategory.PARSE: ("PS101", "PS102", "PS103"),
    ErrorCategory.INTERPOLATION: ("PS104",),
    ErrorCategory.MISSING_SECTION: ("PS106", "PS107", "PS120"),  # PS120: a urlmap key that is no path
    ErrorCategory.WRONG_KIND: ("PS106", "PS107"),
    ErrorCategory.MISSING_FILE: ("PS106",),
    ErrorCategory.AMBIGUOUS: ("PS108",),
    ErrorCategory.MISSING_PIPELINE_KEY: ("PS110",),
    ErrorCategory.EXTRA_PIPELINE_KEYS: ("PS110",),
    ErrorCategory.EMPTY_PIPELINE: ("PS110",),
    ErrorCategory.NO_LOADER: ("PS111",),
    ErrorCategory.MULTIPLE_PROTOCOLS: ("PS111",),
    ErrorCategory.BAD_FACTORY_SPEC: ("PS111",),
    ErrorCategory.BAD_CALL_SPEC: ("PS111",),
    ErrorCategory.UNKNOWN_SCHEME: ("PS115",),
    ErrorCategory.CALL_IN_PIPELINE: ("PS115",),
    ErrorCategory.CYCLE: ("PS116",),
    ErrorCategory.NOT_WSGI: ("PS117",),
    ErrorCategory.MISSING_NEXT: ("PS118",),
    ErrorCategory.FILTER_APP_CALL: ("PS118",),
    ErrorCategory.COMPOSITE_AS_APP: ("PS119",),
    ErrorCategory.URLMAP_BAD_PATH: ("PS120",),
    ErrorCategory.PACKAGE_NOT_FOUND: ("PS121",),
    ErrorCategory.ENTRY_POINT_NOT_FOUND: ("PS121",),
    ErrorCategory.MISSING_GLOBAL: ("PS122",),
}


def test_every_category_has_a_rule():
    assert set(RULE_FOR) >= set(ErrorCategory) - {ErrorCategory.SELECTOR_KEY_MISSING}


def _cases():
    for base in sorted(EXAMPLES.glob("*.ini")):
        for index, (label, text) in enumerate(mutations(base.read_text())):
            if index % 7 == 0:  # a sample keeps this test quick; the agreement test covers all of them
                yield pytest.param(base.name, text, id=f"{base.stem}-{index}")


@pytest.mark.parametrize("name, text", list(_cases()))
def test_each_failing_root_has_an_error_finding(name, text, tmp_path):
    path = tmp_path / name
    path.write_text(text)
    context = build_context(path)
    findings = lint_paste_file(path)
    errors = {f.code for f in findings if f.severity is Severity.ERROR}
    for root in context.resolution.roots:
        if root.error is not None:
            assert errors & set(RULE_FOR[root.error.category]), (root.name, root.error, sorted(errors))


def test_messages_better_than_pastedeploy(tmp_path):
    """Where PasteDeploy says IndexError/KeyError/AttributeError, policykit names the place and the cause."""
    path = tmp_path / "api-paste.ini"
    path.write_text("[pipeline:main]\npipeline =\n[pipeline:other]\npipeline = f1 app\n"
                    "[filter:f1]\npaste.filter_factory = m:f\n  label = x\n"
                    "[app:app]\npaste.app_factory = m:a\nget conf = nowhere\n")
    by_code = {f.code: f for f in lint_paste_file(path)}
    assert by_code["PS110"].location.line == 2 and "empty" in by_code["PS110"].message
    assert by_code["PS111"].location.line == 6 and "glued" in by_code["PS111"].message
    assert by_code["PS122"].location.line == 10 and "nowhere" in by_code["PS122"].message


def test_all_problems_of_a_file_not_only_the_first(tmp_path):
    path = tmp_path / "api-paste.ini"
    path.write_text("[app:a]\npaste.app_factory = m:a\nx = 1\nx = 2\n[app:a]\nauthtoken\n"
                    "[filter:f]\npaste.filter_factory = m:f\ny = 3\ny = 4\n")
    findings = [(f.code, f.location.line) for f in lint_paste_file(path)]
    assert ("PS103", 4) in findings and ("PS102", 5) in findings and ("PS101", 6) in findings \
        and ("PS103", 10) in findings


def test_unreadable_file_is_input_error(tmp_path):
    from policykit.errors import InputError

    with pytest.raises(InputError):
        lint_paste_file(tmp_path / "missing-paste.ini")
