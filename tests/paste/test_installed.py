"""--check-installed: entry points and modules looked up without importing, against PasteDeploy."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from policykit.paste import installed
from policykit.paste.selection import PasteContext
from policykit.paste.reader import read_paste_file
from policykit.paste.resolver import resolve
from policykit.rules import find_rule

FILTER_GROUPS = ("paste.filter_factory", "paste.filter_app_factory")
APP_GROUPS = ("paste.app_factory", "paste.composite_factory", "paste.composit_factory")

EGGS = [
    ("oslo.middleware", "request_id", "filter"),
    ("oslo_middleware", "cors", "filter"),
    ("oslo.middleware", "healthcheck", "filter"),  # an app since 7.0.0
    ("oslo.middleware", "healthcheck", "app"),
    ("oslo.middleware", "requestid", "filter"),
    ("keystonemiddleware", "auth_token", "filter"),
    ("keystonemiddleware", "authtoken", "filter"),
    ("Paste", "urlmap", "app"),
    ("Paste", "urlmap", "filter"),
    ("NoSuchDistribution", "main", "app"),
    ("keystone", "build_auth_context", "filter"),  # removed from keystone in Rocky
]


def _pastedeploy_verdicts(cases) -> list[bool]:
    """Whether PasteDeploy's own egg lookup succeeds, run in a child process (it imports the factories)."""
    script = textwrap.dedent("""
        import json, sys
        from paste.deploy import loadwsgi
        out = []
        for dist, name, kind in json.loads(sys.argv[1]):
            object_type = loadwsgi.FILTER if kind == "filter" else loadwsgi.APP
            try:
                loadwsgi.EggLoader(dist).find_egg_entry_point(object_type, name)
                out.append(True)
            except Exception:
                out.append(False)
        print(json.dumps(out))
    """)
    done = subprocess.run([sys.executable, "-c", script, json.dumps(cases)], capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout)


def test_egg_verdicts_agree_with_pastedeploy():
    ours = [installed.check_egg(d, n, FILTER_GROUPS if k == "filter" else APP_GROUPS) is None for d, n, k in EGGS]
    assert ours == _pastedeploy_verdicts(EGGS)


def test_wrong_group_says_where_the_name_is():
    problem = installed.check_egg("oslo.middleware", "healthcheck", FILTER_GROUPS)
    assert "declared in paste.app_factory" in problem.message
    assert problem.hint == "use it from an [app:] or [composite:] section"
    assert problem.exception.startswith("LookupError: Entry point 'healthcheck' not found in egg 'oslo.middleware'")


def test_misspelt_entry_point_gets_a_suggestion():
    assert installed.check_egg("oslo.middleware", "requestid", FILTER_GROUPS).hint == "did you mean 'request_id'?"


MODULES = ["keystonemiddleware.auth_token", "keystoneclient.middleware.auth_token", "oslo_middleware",
           "oslo_middleware.cors", "oslo_middleware.cors.nothing", "paste.urlmap", "nosuchpackage.api",
           "keystone.middleware.auth_token", "json.decoder", "sys.nothing"]


def test_module_verdicts_agree_with_a_real_import():
    script = textwrap.dedent("""
        import importlib, json, sys
        out = []
        for name in json.loads(sys.argv[1]):
            try:
                importlib.import_module(name)
                out.append(True)
            except ImportError:
                out.append(False)
        print(json.dumps(out))
    """)
    done = subprocess.run([sys.executable, "-c", script, json.dumps(MODULES)], capture_output=True, text=True,
                          check=True)
    assert [installed.check_module(m) is None for m in MODULES] == json.loads(done.stdout)


def test_checks_import_nothing():
    script = textwrap.dedent("""
        import json, sys
        from policykit.paste import installed
        before = set(sys.modules)
        installed.check_module("keystonemiddleware.auth_token")
        installed.check_module("oslo_middleware.cors")
        installed.check_egg("oslo.middleware", "cors", ("paste.filter_factory",))
        print(json.dumps(sorted(m for m in set(sys.modules) - before
                                if m.split(".")[0] in ("keystonemiddleware", "oslo_middleware"))))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == []


def context_for(tmp_path, text, check_installed=True) -> PasteContext:
    path = tmp_path / "api-paste.ini"
    path.write_text(textwrap.dedent(text).lstrip())
    paste = read_paste_file(path)
    return PasteContext(paste=paste, resolution=resolve(paste), check_installed=check_installed)


FILE = """
[composite:main]
use = egg:Paste#urlmap
/v1 = api
/ = versions

[pipeline:api]
pipeline = request_id authtoken healthcheck_app

[filter:request_id]
use = egg:oslo.middleware#{request_id}

[filter:authtoken]
paste.filter_factory = {authtoken}:filter_factory

[app:healthcheck_app]
paste.app_factory = oslo_middleware:Healthcheck.app_factory
require = {require}

[app:versions]
use = egg:oslo.middleware#healthcheck

[filter:unused]
use = egg:NoSuchDistribution#x
"""


def render(request_id="request_id", authtoken="keystonemiddleware.auth_token", require="oslo.middleware"):
    return FILE.format(request_id=request_id, authtoken=authtoken, require=require)


@pytest.mark.parametrize("code", ["PS206", "PS207", "PS208"])
def test_installed_file_passes(tmp_path, code):
    assert list(find_rule(code).check(context_for(tmp_path, render()))) == []


def test_missing_things_are_reported_only_with_the_flag(tmp_path):
    text = render(request_id="requestid", authtoken="keystoneclient.middleware.auth_token", require="NoSuchDist")
    off = context_for(tmp_path, text, check_installed=False)
    assert [list(find_rule(c).check(off)) for c in ("PS206", "PS207", "PS208")] == [[], [], []]
    on = context_for(tmp_path, text)
    egg = list(find_rule("PS206").check(on))
    assert [(f.location.line, f.hint) for f in egg] == [(10, "did you mean 'request_id'?")]
    module = list(find_rule("PS207").check(on))
    assert [f.location.line for f in module] == [13]
    assert "keystonemiddleware.auth_token:filter_factory" in module[0].hint
    required = list(find_rule("PS208").check(on))
    assert [f.location.line for f in required] == [17]


def test_egg_of_a_known_other_kind_is_reported_once(tmp_path):
    from policykit.paste.lint import lint_paste_file

    path = tmp_path / "api-paste.ini"
    path.write_text("[pipeline:main]\npipeline = x app\n\n[filter:x]\nuse = egg:Paste#urlmap\n\n"
                    "[app:app]\npaste.app_factory = oslo_middleware:Healthcheck.app_factory\n")
    codes = [f.code for f in lint_paste_file(path, check_installed=True)]
    assert codes.count("PS121") == 1 and "PS206" not in codes
