"""PL checks that need context: a deployment (roles, projects, domains) and registered defaults."""

from __future__ import annotations

import json
import textwrap
from importlib.metadata import entry_points

import pytest

from policykit.deployment.loader import load_deployment
from policykit.findings import Severity
from policykit.policy.defaults import DefaultsSet, RegisteredDefault
from policykit.policy.lint import lint_policy_files

KEYSTONE_INSTALLED = any(ep.name == "keystone" for ep in entry_points(group="oslo.policy.policies"))

DEPLOYMENT = """
version: 1
cloud: test
services:
  - {type: compute, name: nova, port: 8774, policy: nova.yaml}
  - {type: image, name: glance, port: 9292, policy: glance.yaml}
identity:
  domains: [{name: Default, id: default}, {name: customers, id: c0ffee}]
  projects: [{name: admin, domain: Default, id: p-admin}, {name: demo, domain: Default, id: p-demo}]
  roles:
    - {name: admin, implies: [member]}
    - {name: member, implies: [reader]}
    - reader
    - auditor
"""


@pytest.fixture
def cloud(tmp_path):
    (tmp_path / "deployment.yaml").write_text(textwrap.dedent(DEPLOYMENT))
    (tmp_path / "glance.yaml").write_text('"default": "!"\n"get_image": "role:reader"\n')

    def run(nova_text):
        (tmp_path / "nova.yaml").write_text(textwrap.dedent(nova_text).lstrip())
        deployment = load_deployment(tmp_path / "deployment.yaml")
        return lint_policy_files([tmp_path / "nova.yaml"], deployment=deployment)
    return run


def codes(findings, code):
    return [f for f in findings if f.code == code]


def test_undefined_role_with_suggestion(cloud):
    found = codes(cloud('"default": "!"\n"x": "role:memeber"\n'), "PL501")
    assert found and found[0].severity is Severity.WARNING
    assert found[0].hint == "did you mean `role:member`?"
    assert (found[0].location.line, found[0].location.column) == (2, 7)


def test_role_differing_only_in_case_is_a_note(cloud):
    found = codes(cloud('"default": "!"\n"x": "role:Admin"\n'), "PL501")
    assert [f.severity for f in found] == [Severity.INFO]
    assert "ignore case" in found[0].message


def test_generic_roles_check_is_case_sensitive(cloud):
    found = codes(cloud('"default": "!"\n"x": "roles:Admin"\n'), "PL501")
    assert [f.severity for f in found] == [Severity.ERROR]


def test_unused_role_reported_at_its_definition(cloud):
    found = codes(cloud('"default": "!"\n"x": "role:admin"\n'), "PL502")
    # admin is used; member and reader are implied by admin... but reader is used by glance;
    # auditor grants nothing anywhere.
    assert [f.subject for f in found] == ["auditor"]
    assert found[0].location.path.endswith("deployment.yaml")


def test_unknown_project_id_names_the_project_meant(cloud):
    found = codes(cloud('"default": "!"\n"x": "role:admin and project_id:admin"\n'), "PL503")
    assert found and "'p-admin'" in found[0].hint


def test_unknown_domain_id(cloud):
    found = codes(cloud('"default": "!"\n"x": "domain_id:defualt"\n'), "PL503")
    assert found and found[0].hint == "did you mean 'default'?"
    assert not codes(cloud('"default": "!"\n"x": "domain_id:default"\n'), "PL503")


DEFAULTS = DefaultsSet(("svc",), "test", {
    "svc:create": RegisteredDefault("svc:create", "role:member", scope_types=("project",),
                                    deprecated_name="svc:old_create", deprecated_check_str="role:admin",
                                    deprecated_since="2024.1"),
    "svc:list": RegisteredDefault("svc:list", "role:reader or role:admin", scope_types=("system", "project")),
    "svc:gone": RegisteredDefault("svc:gone", "role:admin", deprecated_for_removal=True, deprecated_since="X",
                                  deprecated_reason="nobody used it"),
    "svc:rule": RegisteredDefault("svc:rule", "role:admin"),
    "svc:owned": RegisteredDefault("svc:owned", "project_id:%(target.project.id)s", scope_types=("project",)),
    "svc:anyscope": RegisteredDefault("svc:anyscope", "role:admin and project_id:%(project_id)s"),
})


def lint_with_defaults(tmp_path, text, defaults=DEFAULTS):
    path = tmp_path / "policy.yaml"
    path.write_text(textwrap.dedent(text).lstrip())
    return lint_policy_files([path], defaults=defaults)


def test_redundant_override_with_safe_fix(tmp_path):
    findings = codes(lint_with_defaults(tmp_path, '"default": "!"\n"svc:list": "(role:reader or role:admin)"\n'), "PL401")
    assert len(findings) == 1
    fix = findings[0].fix
    text = (tmp_path / "policy.yaml").read_text()
    assert text[fix.start:fix.end] == '"svc:list": "(role:reader or role:admin)"\n' and fix.replacement == ""


def test_redundant_override_not_fixed_when_an_old_default_would_come_back(tmp_path):
    findings = codes(lint_with_defaults(tmp_path, '"default": "!"\n"svc:create": "role:member"\n'), "PL401")
    assert findings and findings[0].fix is None


def test_redundant_override_not_fixed_when_deprecated_name_would_take_over(tmp_path):
    findings = codes(lint_with_defaults(tmp_path, '"svc:create": "role:member"\n"svc:old_create": "role:x"\n'), "PL401")
    assert findings and findings[0].fix is None


def test_unknown_policy_name_with_suggestion(tmp_path):
    found = codes(lint_with_defaults(tmp_path, '"default": "!"\n"svc:lst": "role:admin"\n'), "PL402")
    assert found and found[0].hint == "did you mean 'svc:list'?"


def test_alias_used_by_a_rule_is_not_unknown(tmp_path):
    found = codes(lint_with_defaults(tmp_path, '"default": "!"\n"is_admin": "role:admin"\n"svc:list": "rule:is_admin"\n'), "PL402")
    assert found == []


def test_deprecated_name_says_what_replaces_it(tmp_path):
    found = codes(lint_with_defaults(tmp_path, '"default": "!"\n"svc:old_create": "role:x"\n"svc:gone": "role:y"\n'), "PL403")
    messages = " ".join(f.message for f in found)
    assert "in favour of 'svc:create'" in messages and "still applies it" in messages
    assert "deprecated for removal since X: nobody used it" in messages


def test_deprecated_name_ignored_when_new_name_is_set_too(tmp_path):
    found = codes(lint_with_defaults(tmp_path, '"svc:old_create": "role:x"\n"svc:create": "role:y"\n'), "PL403")
    assert "is ignored" in found[0].message


def test_deprecated_name_equal_to_the_old_default_has_no_effect(tmp_path):
    found = codes(lint_with_defaults(tmp_path, '"default": "!"\n"svc:old_create": "role:admin"\n'), "PL403")
    assert "equals the old default" in found[0].message


def test_override_that_needs_system_scope_on_project_policy(tmp_path):
    found = codes(lint_with_defaults(tmp_path, '"default": "!"\n"svc:create": "role:admin and system_scope:all"\n'), "PL404")
    assert found and "scope project" in found[0].message
    assert not codes(lint_with_defaults(tmp_path, '"default": "!"\n"svc:list": "role:admin and system_scope:all"\n'), "PL404")


def test_registered_rules_count_as_defined(tmp_path):
    assert not codes(lint_with_defaults(tmp_path, '"default": "!"\n"svc:create": "rule:svc:rule or role:member"\n'), "PL106")


def test_defaults_from_an_exported_file(tmp_path):
    exported = tmp_path / "svc.json"
    exported.write_text(json.dumps({"namespace": "svc", "rules": [{"name": "svc:list", "check_str": "role:reader"}]}))
    found = codes(lint_with_defaults(tmp_path, '"default": "!"\n"svc:lst": "role:admin"\n', defaults=str(exported)), "PL402")
    assert found and found[0].hint == "did you mean 'svc:list'?"


def test_role_only_override_of_unscoped_policy(tmp_path):
    found = codes(lint_with_defaults(tmp_path, '"default": "!"\n"svc:anyscope": "rule:svc:rule or role:x"\n'), "PL405")
    assert found and "any project, domain or the system" in found[0].message
    scoped = '"default": "!"\n"svc:anyscope": "role:admin and project_id:%(project_id)s"\n'
    assert not codes(lint_with_defaults(tmp_path, scoped), "PL405")


def test_target_key_the_default_does_not_use(tmp_path):
    found = codes(lint_with_defaults(tmp_path, '"default": "!"\n"svc:owned": "project_id:%(target.project.idd)s"\n'), "PL302")
    assert found and found[0].hint == "did you mean `%(target.project.id)s`?"
    assert (found[0].location.line, found[0].location.column) == (2, 26)
    assert not codes(lint_with_defaults(tmp_path, '"default": "!"\n"svc:owned": "user_id:%(user_id)s"\n'), "PL302")


@pytest.mark.skipif(not KEYSTONE_INSTALLED, reason="keystone is not installed")
def test_fix_deletes_only_the_redundant_line(tmp_path, capsys):
    from policykit.cli import main

    path = tmp_path / "keystone-policy.yaml"
    path.write_text(
        '# overrides\n'
        '"identity:authorize_request_token": "rule:admin_required"   # same as registered\n'
        '"identity:get_user": "role:admin"\n'
    )
    main(["lint", "--isolated", "--namespace", "keystone", "--select", "PL401", "--fix", str(path)])
    capsys.readouterr()
    assert path.read_text() == '# overrides\n"identity:get_user": "role:admin"\n'
