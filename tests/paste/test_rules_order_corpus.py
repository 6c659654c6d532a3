"""The PS2xx/PS3xx rules on the real upstream paste files of ../shared/corpus/paste.

The expectations are the shipped problems documented for these files (unused sections,
the healthcheck filter of glance 2023.1 and keystone Queens/Rocky, heat's custombackend
flavor, glance's unauthenticated default flavor, auth settings in Havana files ...), each
checked against the file by hand.
"""

from __future__ import annotations

from collections import defaultdict

import pytest

from policykit.paste.selection import PasteContext
from policykit.paste.reader import read_paste_file
from policykit.paste.resolver import resolve
from policykit.rules import rules_in
from shared_corpus import corpus_path

CORPUS = corpus_path("paste")
pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="corpus/paste is not available")

RULES = [r for r in rules_in("policykit.paste.rules") if r.code[:3] in ("PS2", "PS3")]
PASTE_FILES = sorted(p.name for p in CORPUS.glob("*")) if CORPUS.is_dir() else []
PASTE_FILES = [n for n in PASTE_FILES if n.endswith((".ini", "proxy-server.conf", ".conf-sample"))]


def findings_for(name: str, check_installed: bool = False) -> dict[str, list]:
    paste = read_paste_file(CORPUS / name, relaxed_interpolation=name.startswith("swift"))
    context = PasteContext(paste=paste, resolution=resolve(paste), check_installed=check_installed)
    found = defaultdict(list)
    for rule in RULES:
        for finding in rule.check(context):
            found[finding.code].append(finding)
    return found


@pytest.fixture(scope="module")
def corpus():
    return {name: findings_for(name) for name in PASTE_FILES}


def test_every_file_is_linted_without_a_crash(corpus):
    assert len(corpus) >= 29
    for name, found in corpus.items():
        for finding in (f for fs in found.values() for f in fs):
            assert finding.location.path.endswith(name) and finding.location.line


def subjects(corpus, name, code):
    return sorted({f.subject for f in corpus[name].get(code, [])})


UNUSED = {
    "glance-havana-glance-api-paste.ini": ["filter:gzip"],
    "glance-icehouse-glance-api-paste.ini": ["filter:gzip"],
    "glance-2023.1-glance-api-paste.ini": ["filter:gzip"],
    "glance-master-glance-api-paste.ini": ["filter:gzip"],
    "heat-havana-api-paste.ini": ["filter:cwversionnegotiation"],
    "heat-icehouse-api-paste.ini": ["filter:cwversionnegotiation"],
    "heat-2024.1-api-paste.ini": ["filter:cwversionnegotiation"],
    "heat-master-api-paste.ini": ["filter:cwversionnegotiation"],
    "neutron-2023.1-api-paste.ini": ["filter:project_id"],
    "neutron-master-api-paste.ini": ["filter:project_id"],
    "nova-havana-api-paste.ini": ["filter:authorizer", "filter:ec2lockout"],
    "nova-icehouse-api-paste.ini": ["filter:authorizer", "filter:ec2lockout"],
    "keystone-havana-keystone-paste.ini": ["filter:debug", "filter:endpoint_filter_extension",
                                           "filter:oauth_extension", "filter:stats_monitoring",
                                           "filter:stats_reporting"],
    "keystone-icehouse-keystone-paste.ini": ["filter:access_log", "filter:debug", "filter:endpoint_filter_extension",
                                             "filter:federation_extension", "filter:oauth1_extension",
                                             "filter:revoke_extension", "filter:stats_monitoring",
                                             "filter:stats_reporting"],
    "keystone-queens-keystone-paste.ini": ["filter:debug"],
    "keystone-rocky-keystone-paste.ini": ["filter:debug"],
    "nova-master-api-paste.ini": [],
    "cinder-master-api-paste.ini": [],
}


@pytest.mark.parametrize("name", sorted(UNUSED))
def test_unused_sections_are_the_known_leftovers(corpus, name):
    assert subjects(corpus, name, "PS201") == UNUSED[name]


def test_swift_sample_is_a_catalogue_of_unused_filters(corpus):
    unused = subjects(corpus, "swift-master-proxy-server.conf-sample", "PS201")
    assert {"filter:s3api", "filter:s3token", "filter:keymaster", "filter:encryption"} <= set(unused)
    assert "filter:proxy-logging" not in unused and "filter:tempauth" not in unused


@pytest.mark.parametrize("name, pipelines", [
    ("glance-2023.1-glance-api-paste.ini", 6),
    ("keystone-queens-keystone-paste.ini", 5),
    ("keystone-rocky-keystone-paste.ini", 5),
])
def test_healthcheck_filter_breaks_on_current_oslo_middleware(corpus, name, pipelines):
    found = corpus[name]["PS309"]
    assert len(found) == pipelines
    assert {f.subject for f in found} == {"filter:healthcheck"}


@pytest.mark.parametrize("name", ["heat-havana-api-paste.ini", "heat-icehouse-api-paste.ini",
                                  "heat-2024.1-api-paste.ini", "heat-master-api-paste.ini"])
def test_heat_custombackend_puts_context_before_its_auth(corpus, name):
    found = corpus[name]["PS301"]
    assert len(found) == 1
    assert found[0].hint == "move 'custombackendauth' before 'context'"


@pytest.mark.parametrize("name", ["heat-2024.1-api-paste.ini", "heat-master-api-paste.ini"])
def test_heat_custombackend_lacks_http_proxy_to_wsgi(corpus, name):
    found = corpus[name]["PS204"]
    assert [(f.subject, "http_proxy_to_wsgi" in f.message) for f in found] == [("custombackend", True)]


@pytest.mark.parametrize("name", ["glance-havana-glance-api-paste.ini", "glance-icehouse-glance-api-paste.ini",
                                  "glance-2023.1-glance-api-paste.ini"])
def test_glance_flavorless_pipelines_are_unauthenticated(corpus, name):
    messages = [f.message for f in corpus[name]["PS302"]]
    assert any("root 'glance-api'" in m and "unauthenticated-context" in m for m in messages)


@pytest.mark.parametrize("name", ["glance-havana-glance-api-paste.ini", "glance-icehouse-glance-api-paste.ini"])
def test_glance_trusted_auth_flavors_trust_client_headers(corpus, name):
    messages = [f.message for f in corpus[name]["PS302"]]
    assert sum("trusted-auth" in m and "no authentication filter" in m for m in messages) == 2


@pytest.mark.parametrize("name", ["keystone-havana-keystone-paste.ini", "keystone-icehouse-keystone-paste.ini"])
def test_keystone_admin_token_auth_is_served(corpus, name):
    assert len([f for f in corpus[name]["PS302"] if "admin_token_auth" in f.message]) == 3


def test_swift_samples_run_tempauth(corpus):
    for name in ("swift-master-proxy-server.conf-sample", "swift-master-saio-proxy-server.conf"):
        assert [f.subject for f in corpus[name]["PS302"]] == ["filter:tempauth"]


@pytest.mark.parametrize("name, line", [("nova-havana-api-paste.ini", 122), ("cinder-havana-api-paste.ini", 58)])
def test_havana_files_carry_auth_token_settings(corpus, name, line):
    found = corpus[name]["PS318"]
    assert len(found) >= 6
    assert any(f.location.line == line and "admin_password" in f.message for f in found)


@pytest.mark.parametrize("name", ["nova-icehouse-api-paste.ini", "cinder-icehouse-api-paste.ini",
                                  "glance-icehouse-glance-api-paste.ini", "heat-icehouse-api-paste.ini",
                                  "neutron-icehouse-api-paste.ini"])
def test_icehouse_files_use_keystoneclient_middleware(corpus, name):
    assert any("keystoneclient.middleware.auth_token" in f.message for f in corpus[name]["PS319"])


def test_keystone_rocky_names_entry_points_rocky_removed(corpus):
    removed = {f.subject for f in corpus["keystone-rocky-keystone-paste.ini"]["PS319"]}
    assert {"filter:build_auth_context", "app:public_service", "app:service_v3"} <= removed


@pytest.mark.parametrize("name", ["keystone-queens-keystone-paste.ini", "keystone-rocky-keystone-paste.ini"])
def test_keystone_version_documents_skip_http_proxy_to_wsgi(corpus, name):
    found = corpus[name]["PS307"]
    assert sorted(f.subject for f in found) == ["composite:admin", "composite:main"]
    assert all("urlmap path '/'" in f.message for f in found)


@pytest.mark.parametrize("name", ["nova-master-api-paste.ini", "cinder-master-api-paste.ini",
                                  "glance-master-glance-api-paste.ini", "swift-master-proxy-server.conf-sample"])
def test_current_upstream_files_have_no_ordering_findings(corpus, name):
    ordering = {code for code in corpus[name] if code.startswith("PS3") and code != "PS302"}
    assert ordering == set()


def test_check_installed_on_keystone_rocky():
    """Keystone 14+ (or no keystone) has none of the entry points the Rocky file names; the
    installed oslo.middleware (a keystonemiddleware dependency) no longer offers the healthcheck filter."""
    import importlib.metadata

    found = findings_for("keystone-rocky-keystone-paste.ini", check_installed=True)
    flagged = {f.subject for f in found["PS206"]}
    assert {"app:public_service", "filter:build_auth_context", "filter:json_body"} <= flagged
    oslo = int(importlib.metadata.version("oslo.middleware").split(".")[0])
    assert "filter:healthcheck" not in flagged  # healthcheck-as-filter's finding
    severities = {str(f.severity) for f in found["PS309"]}
    assert severities == ({"error"} if oslo >= 7 else {"warning"})
    assert "composite:main" not in flagged  # egg:Paste#urlmap is installed


def test_check_installed_finds_the_removed_keystoneclient_middleware():
    found = findings_for("neutron-icehouse-api-paste.ini", check_installed=True)
    assert any(f.subject == "filter:authtoken" and "keystonemiddleware.auth_token:filter_factory" in f.hint
               for f in found["PS207"])


@pytest.fixture(scope="module")
def linted():
    from policykit.paste.lint import lint_paste_file

    out = {}
    for name in PASTE_FILES:
        out[name] = defaultdict(list)
        for finding in lint_paste_file(CORPUS / name):
            out[name][finding.code].append(finding)
    return out


def test_lint_with_service_detection_keeps_the_known_problems(linted):
    # glance master: flavor unset → [composite:api] 'default' → unauthenticated-context
    glance = linted["glance-master-glance-api-paste.ini"]["PS302"]
    assert len(glance) == 1 and "flavor unset" in glance[0].message
    assert glance[0].hint == "set [paste_deploy] flavor = keystone in the service conf"
    # nova: auth_strategy defaults to keystone, so the noauth2 keys are present but not served
    assert linted["nova-2024.1-api-paste.ini"]["PS302"] == []
    assert len(linted["heat-master-api-paste.ini"]["PS301"]) == 1
    assert {f.subject for f in linted["keystone-havana-keystone-paste.ini"]["PS302"]} == {"filter:admin_token_auth"}


def test_selected_flavor_from_the_service_conf(tmp_path):
    from policykit.paste.lint import lint_paste_file

    conf = tmp_path / "glance-api.conf"
    conf.write_text("[paste_deploy]\nflavor = keystone+caching\n")
    found = lint_paste_file(CORPUS / "glance-master-glance-api-paste.ini", config=conf)
    assert [f for f in found if f.code == "PS302"] == []
    conf.write_text("[paste_deploy]\nflavor = caching\n")
    found = [f for f in lint_paste_file(CORPUS / "glance-master-glance-api-paste.ini", config=conf)
             if f.code == "PS302"]
    assert len(found) == 1 and "key 'caching'" in found[0].message and found[0].location.line == 40


def test_unset_flavor_with_a_conf_is_reported_once_on_the_conf(tmp_path):
    from policykit.paste.lint import lint_paste_file

    conf = tmp_path / "glance-api.conf"
    conf.write_text("[DEFAULT]\ndebug = true\n")
    found = lint_paste_file(CORPUS / "glance-master-glance-api-paste.ini", config=conf)
    assert [f.code for f in found if f.code in ("PS302", "PS404")] == ["PS404"]
