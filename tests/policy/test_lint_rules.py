"""The PL checks on small files: what each reports, where, and what it leaves alone."""

from __future__ import annotations

import textwrap

import pytest

from policykit.findings import Severity
from policykit.policy.lint import lint_policy_files


def lint(tmp_path, text, name="policy.yaml", **options):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return lint_policy_files([path], **options)


def only(findings, code):
    return [f for f in findings if f.code == code]


def where(finding):
    return (finding.location.line, finding.location.column)


# (policy text, code, (line, column), words the message must contain)
REPORTED = [
    ('"a": "role:admin or not(role:reader)"\n', "PL101", (1, 21), "deny everyone"),
    # escapes inside the quotes: offsets in the rule are not columns, so the value's start
    ('"a": "\\"role:admin\\""\n', "PL101", (1, 6), "quoted"),
    ("a: '\"role:admin\"'\n", "PL101", (1, 5), "quoted"),
    ('"a": "role:admin or role:member)"\n', "PL101", (1, 32), "closes nothing"),
    ("a: role:admin and\n", "PL101", (1, 15), "missing an operand"),
    ('"a": "rol:admin"\n', "PL102", (1, 7), "generic check on creds['rol']"),
    ('"a": "role:x or Role:admin"\n', "PL102", (1, 17), "not a `role:` check"),
    ('"a": "not foo"\n', "PL103", (1, 11), "allow-everyone"),
    ('"a": "role:member and admin"\n', "PL103", (1, 23), "denies everyone"),
    ('"a": "01:x"\n', "PL104", (1, 7), "SyntaxError"),
    ('"a": ":x"\n', "PL104", (1, 7), "SyntaxError"),
    ('"a": "role:x and not @"\n', "PL105", (1, 1), "denies everyone"),
    ('"a": "rule:missing"\n', "PL106", (1, 7), "denies everyone"),
    ('"a": "role:x or rule:a"\n', "PL107", (1, 1), "refers to itself"),
    ('"a": "role:x"\n"a": "role:y"\n', "PL108", (1, 1), "line 2"),
    ('"a": yes\n', "PL109", (1, 6), "TypeError"),
    ('1: "role:x"\n', "PL109", (1, 1), "not a string"),
    ('"a": [["role:x", 5]]\n', "PL109", (1, 18), "not a string"),
    ('"a": !\n', "PL201", (1, 6), "YAML tag"),
    ('"a":\n', "PL201", (1, 1), "empty"),
    ('"a": ~\n', "PL201", (1, 6), "YAML null"),
    ('"a": "@ or role:x"\n', "PL202", (1, 1), "allows everyone"),
    ('"a": "not !"\n', "PL202", (1, 1), "inverts"),
    ('"a": "role:x or role:y or not role:x"\n', "PL202", (1, 1), "`role:x or not role:x` is always true"),
    ('"a": "project_id:%(project_id)s and not project_id:%(project_id)s"\n', "PL105", (1, 1), "never true"),
    ('"default": ""\n', "PL203", (1, 1), "open to all callers"),
    ('"a": "role:x"\n', "PL204", (1, 1), "are denied"),
    ('"a": "role:%(r)"\n', "PL101", (1, 7), "incomplete substitution"),  # the 's' is missing
    ('"a": "role:100%"\n', "PL111", (1, 7), "incomplete format"),
    ('"a": "project_id:%project_id"\n', "PL111", (1, 7), "unsupported format character"),
    ('"a": [["role:x"], ["role:y"]]\n', "PL601", (1, 6), '"role:x or role:y"'),
    ('"a": [["role:x", "admin"]]\n', "PL103", (1, 18), "no colon"),
    ('"a":\n  - role:x\n  - [role:y, admin]\n', "PL103", (3, 14), "no colon"),
]


@pytest.mark.parametrize("text, code, position, words", REPORTED, ids=[f"{c}-{i}" for i, (_, c, _, _) in enumerate(REPORTED)])
def test_reported(tmp_path, text, code, position, words):
    found = only(lint(tmp_path, text), code)
    assert found, f"{code} not reported"
    assert where(found[0]) == position
    assert words in found[0].message


CLEAN = [
    '"default": "!"\n"a": "role:admin or not (role:reader)"\n',
    '"default": "!"\n"a": "!"\n',
    '"default": "!"\n"a": ""\n',
    '"default": "!"\n"a": "@"\n',
    '"default": "!"\n"a": "roles:admin"\n',
    '"default": "!"\n"a": "\'public\':%(visibility)s"\n',
    '"default": "!"\n"deny_all": "!"\n"b": "rule:deny_all"\n',
    '"default": "!"\n"a": "role:x and project_id:%(project_id)s"\n',
    '"default": "role:admin"\n"a": "role:x or rule:default"\n',
]


@pytest.mark.parametrize("text", CLEAN)
def test_clean(tmp_path, text):
    assert lint(tmp_path, text) == []


def test_undefined_reference_falls_back_to_the_default_rule_and_suggests(tmp_path):
    found = only(lint(tmp_path, """
        "default": "role:admin"
        "admin_required": "role:admin"
        "x": "rule:admin_requried"
    """), "PL106")
    assert "default rule `default` (role:admin)" in found[0].message
    assert found[0].hint == "did you mean `rule:admin_required`?"


def test_undefined_reference_under_not_is_reported(tmp_path):
    found = only(lint(tmp_path, '"default": "!"\n"x": "role:a and not rule:banned"\n'), "PL106")
    assert len(found) == 1 and "under `not`" in found[0].message
    found = only(lint(tmp_path, '"x": "role:a and not rule:banned"\n'), "PL106")
    assert "true for everyone" in found[0].message


def test_cycle_through_the_default_rule(tmp_path):
    found = only(lint(tmp_path, '"default": "rule:missing"\n"x": "role:a"\n'), "PL107")
    assert found and "`default` → `default`" in found[0].message


def test_cycle_reported_once_with_its_path(tmp_path):
    found = only(lint(tmp_path, '"default": "!"\n"a": "rule:b"\n"b": "rule:c"\n"c": "role:x or rule:a"\n'), "PL107")
    assert len(found) == 1
    assert "`a` → `b` → `c` → `a`" in found[0].message
    assert [r.line for r in found[0].related] == [3, 4]


def test_duplicate_points_at_both_lines(tmp_path):
    found = only(lint(tmp_path, '"x": "!"\n"y": "role:a"\n"x": ""\n'), "PL108")
    assert where(found[0]) == (1, 1) and found[0].related[0].line == 3


def test_always_allows_through_a_reference(tmp_path):
    found = only(lint(tmp_path, '"default": "!"\n"owner": "@ or user_id:%(user_id)s"\n"x": "rule:owner"\n'), "PL202")
    assert {f.subject for f in found} == {"owner", "x"}
    assert all(f.severity is Severity.ERROR for f in found)


def test_alias_written_as_empty_is_only_a_note(tmp_path):
    found = only(lint(tmp_path, '"default": "!"\n"regular_user": ""\n"create_router": "rule:regular_user"\n'), "PL202")
    assert [f.severity for f in found] == [Severity.INFO]


def test_not_over_colonless_leaf_is_not_reported_twice(tmp_path):
    codes = [f.code for f in lint(tmp_path, '"default": "!"\n"a": "not foo"\n')]
    assert codes == ["PL103"]


def test_tenant_credentials_point_at_the_rename(tmp_path):
    found = only(lint(tmp_path, '"default": "!"\n"owner": "tenant_id:%(tenant_id)s"\n', name="glance.yaml"), "PL301")
    assert found and "project_id" in found[0].hint


def test_service_credentials_are_known(tmp_path):
    # neutron's own context keeps tenant_id, nova's adds is_admin
    assert not only(lint(tmp_path, '"default": "!"\n"o": "tenant_id:%(tenant_id)s"\n', name="neutron-policy.json"), "PL301")
    assert not only(lint(tmp_path, '"default": "!"\n"o": "is_admin:True"\n', name="nova-policy.yaml"), "PL301")
    found = only(lint(tmp_path, '"default": "!"\n"o": "is_admin:True"\n', name="keystone-policy.yaml"), "PL301")
    assert found and "role:admin" in found[0].hint


def test_tab_indented_json_is_a_finding_not_a_crash(tmp_path):
    found = lint(tmp_path, '{\n\t"a": "role:x"\n}\n', name="policy.json")
    assert [f.code for f in found] == ["PL110"]
    assert where(found[0]) == (2, 1)


def test_list_without_exact_string_spelling_has_no_fix(tmp_path):
    found = only(lint(tmp_path, '"a": [["not role:a"]]\n'), "PL601")
    assert found and found[0].fix is None


def test_policy_dir_overlay_sees_main_file_rules(tmp_path):
    (tmp_path / "policy.d").mkdir()
    (tmp_path / "policy.d" / "10-extra.yaml").write_text('"x": "rule:admin"\n')
    findings = lint(tmp_path, '"default": "!"\n"admin": "role:admin"\n', policy_dirs=[tmp_path / "policy.d"])
    assert not only(findings, "PL106")
