"""Every root, every branch (all flavors, every urlmap path), with stages in request order and lines."""

from __future__ import annotations

from pathlib import Path

from policykit.paste.resolution import ErrorCategory, StageRole
from policykit.paste.reader import read_paste_file, read_paste_text
from policykit.paste.resolver import resolve, verdict_for

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "paste"


def test_glance_every_flavor_key_is_a_branch_with_its_pipeline():
    resolution = resolve(read_paste_file(EXAMPLES / "glance-api-paste.ini"))
    root = resolution.root("glance-api-keystone")
    assert root.loads
    keys = {b.selector().key.name for b in root.branches if b.selector()}
    assert keys == {"default", "caching", "cachemanagement", "keystone", "keystone+caching", "keystone+cachemanagement"}
    branch = next(b for b in root.branches if b.selector() and b.selector().key.name == "keystone"
                  and b.app.name == "apiv2app")
    assert [s.name for s in branch.stages] == ["cors", "http_proxy_to_wsgi", "versionnegotiation", "osprofiler",
                                               "authtoken", "context", "apiv2app"]
    assert branch.stages[-1].role is StageRole.APP and all(s.role is StageRole.FILTER for s in branch.filters)
    # each item points at its place in the pipeline line, and its section at its header
    authtoken = branch.stages[4]
    line = (EXAMPLES / "glance-api-paste.ini").read_text().split("\n")[authtoken.location.line - 1]
    assert line.startswith("keystone =") and line[authtoken.location.column - 1:].startswith("authtoken")
    assert authtoken.section.header == "filter:authtoken"
    assert authtoken.factory.text == "keystonemiddleware.auth_token:filter_factory"
    assert authtoken.local_conf["delay_auth_decision"].text == "true"
    assert [c.kind for c in branch.choices] == ["urlmap", "selector", "urlmap"]
    healthcheck = [b for b in root.branches if b.choices[0].key.name == "/healthcheck"]
    assert [s.name for s in healthcheck[0].stages] == ["healthcheck"]


def test_a_broken_unselected_flavor_is_found():
    text = (EXAMPLES / "glance-api-paste.ini").read_text().replace(
        "cache cachemanage rootapp\n", "cache cachemanagement rootapp\n", 1)
    paste = read_paste_text(text, "/x/glance-api-paste.ini")
    resolution = resolve(paste)
    broken = [e for e in resolution.errors if e.category is ErrorCategory.MISSING_SECTION]
    assert {e.location.line for e in broken} == {47}
    assert "cachemanagement" in broken[0].message
    # loadapp with the default flavor does not see it; with 'cachemanagement' it does
    assert verdict_for(paste, "glance-api", "default") is None
    assert verdict_for(paste, "glance-api", "cachemanagement").category is ErrorCategory.MISSING_SECTION


def test_wrong_kind_is_explained():
    text = "[pipeline:main]\npipeline = rootapp authtoken\n[filter:authtoken]\npaste.filter_factory = m:f\n" \
           "[app:rootapp]\npaste.app_factory = m:a\n"
    error = resolve(read_paste_text(text, "/x/api-paste.ini")).root("main").error
    assert error.category is ErrorCategory.WRONG_KIND
    assert "[filter:authtoken]" in error.message and (error.location.line, error.location.column) == (2, 20)
    assert "No section 'authtoken' (prefixed by 'app'" in error.pastedeploy


def test_config_use_across_files_and_filter_with(tmp_path):
    (tmp_path / "shared.ini").write_text("[filter:cors]\npaste.filter_factory = oslo_middleware.cors:filter_factory\n")
    (tmp_path / "api-paste.ini").write_text(
        "[pipeline:main]\npipeline = cors app\n[filter:cors]\nuse = config:shared.ini#cors\n"
        "[app:app]\npaste.app_factory = m:a\nfilter-with = cors\n")
    resolution = resolve(read_paste_file(tmp_path / "api-paste.ini"))
    root = resolution.root("main")
    assert root.loads
    stages = root.branches[0].stages
    assert [s.name for s in stages] == ["cors", "cors", "app"]
    assert stages[0].factory.text == "oslo_middleware.cors:filter_factory"
    assert [s.header for s in stages[0].definition] == ["filter:cors", "filter:cors"]
    assert stages[1].via == "filter-with"


def test_cycles_and_not_wsgi():
    text = "[pipeline:main]\npipeline = f1 main\n[filter:f1]\npaste.filter_factory = m:f\n" \
           "[pipeline:p2]\nfilter-with = f1\npipeline = f1 app\n[app:app]\npaste.app_factory = m:a\n"
    resolution = resolve(read_paste_text(text, "/x/api-paste.ini"))
    assert resolution.root("main").error.category is ErrorCategory.CYCLE
    assert resolution.root("p2").error.category is ErrorCategory.NOT_WSGI
