"""Which pipeline each service loads, computed as the service does, and the PS4xx findings on the conf."""

from __future__ import annotations

from pathlib import Path

import pytest

from policykit.paste.lint import build_context, lint_paste_file
from shared_corpus import corpus_path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
CORPUS = corpus_path("paste")


def codes(findings):
    return sorted({f.code for f in findings})


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_example_flavor_typo_is_reported_on_the_conf_line():
    findings = lint_paste_file(EXAMPLES / "paste" / "glance-api-paste.ini", config=EXAMPLES / "conf" / "glance-api.conf")
    typo = [f for f in findings if f.code == "PS401"]
    assert len(typo) == 1
    assert typo[0].location.path.endswith("glance-api.conf")
    conf_line = (EXAMPLES / "conf" / "glance-api.conf").read_text().split("\n")[typo[0].location.line - 1]
    assert conf_line == "flavor = keystone+cachemanagment" and typo[0].location.column == 10
    assert "did you mean 'keystone+cachemanagement'" in typo[0].hint


def test_valid_flavors_and_selected_pipeline(tmp_path):
    conf = write(tmp_path, "glance-api.conf", "[paste_deploy]\nflavor = keystone+caching\n")
    context = build_context(EXAMPLES / "paste" / "glance-api-paste.ini", config=conf)
    (selection,) = context.selections
    assert selection.app_name == "glance-api-keystone+caching" and selection.error is None
    assert selection.selector_key == "keystone+caching"
    assert selection.valid_flavors == ("", "caching", "cachemanagement", "keystone", "keystone+caching",
                                       "keystone+cachemanagement")
    assert [s.name for s in selection.branch.stages][-3:] == ["context", "cache", "apiversions"]
    assert all(b.selector() is None or b.selector().key.name == "keystone+caching" for b in selection.branches)


def test_unset_flavor_leaves_glance_unauthenticated(tmp_path):
    conf = write(tmp_path, "glance-api.conf", "[DEFAULT]\nbind_port = 9292\n")
    findings = lint_paste_file(EXAMPLES / "paste" / "glance-api-paste.ini", config=conf)
    assert "PS404" in codes(findings)
    good = write(tmp_path, "glance-api2.conf", "[paste_deploy]\nflavor = keystone\n")
    assert "PS404" not in codes(lint_paste_file(EXAMPLES / "paste" / "glance-api-paste.ini", config=good, service="glance"))


def test_flavor_section_without_composite_key(tmp_path):
    text = (EXAMPLES / "paste" / "glance-api-paste.ini").read_text().replace(
        "[composite:glance-api-caching]", "[composite:glance-api-keystone+foo]")
    paste = write(tmp_path, "glance-api-paste.ini", text)
    conf = write(tmp_path, "glance-api.conf", "[paste_deploy]\n\nflavor = keystone+foo\n")
    found = [f for f in lint_paste_file(paste, config=conf) if f.code == "PS403"]
    assert len(found) == 1 and found[0].location.path == str(conf) and found[0].location.line == 3
    assert "keystone+caching" in found[0].hint


def test_nova_auth_strategy_not_a_key(tmp_path):
    paste = EXAMPLES / "paste" / "nova-api-paste.ini"
    fixed = write(tmp_path, "api-paste.ini", paste.read_text().replace("oslo_config_project = nova\n\n[composite", "\n[composite"))
    conf = write(tmp_path, "nova.conf", "[api]\nauth_strategy = noauth2\n")
    context = build_context(fixed, config=conf)
    assert context.profile.service == "nova"
    findings = [f for f in lint_paste_file(fixed, config=conf) if f.code.startswith("PS4")]
    assert [(f.code, f.location.line) for f in findings] == [("PS403", 2)]
    ok = write(tmp_path, "nova2.conf", "[api]\nauth_strategy = keystone\n")
    assert not [f for f in lint_paste_file(fixed, config=ok, service="compute") if f.code.startswith("PS4")]


def test_heat_falls_back_silently_on_old_layout(tmp_path):
    paste = write(tmp_path, "api-paste.ini", "[pipeline:heat-api]\npipeline = apiv1app\n"
                  "[pipeline:heat-api-standalone]\npipeline = authpassword apiv1app\n"
                  "[filter:authpassword]\npaste.filter_factory = heat.common.auth_password:filter_factory\n"
                  "[app:apiv1app]\npaste.app_factory = heat.common.wsgi:app_factory\n")
    conf = write(tmp_path, "heat.conf", "[paste_deploy]\nflavor = standalon\n")
    findings = lint_paste_file(paste, config=conf)
    assert [f.code for f in findings if f.code.startswith("PS4")] == ["PS402"]
    context = build_context(paste, config=conf)
    assert context.selections[0].fallback_used and context.selections[0].app_name == "heat-api"


def test_service_app_missing_and_detection(tmp_path):
    paste = write(tmp_path, "keystone-paste.ini", "[app:public]\npaste.app_factory = keystone.service:public_app_factory\n")
    findings = lint_paste_file(paste)
    assert [f.code for f in findings if f.code.startswith("PS4")] == ["PS405"]
    assert build_context(paste, service="identity").profile.service == "keystone"


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus/paste is not present")
def test_corpus_glance_confs_select_their_flavor():
    for release in ("havana", "icehouse"):
        context = build_context(CORPUS / f"glance-{release}-glance-api-paste.ini",
                                config=CORPUS / f"glance-{release}-glance-api.conf")
        (selection,) = context.selections
        assert selection.error is None, selection.reason
        assert "trusted-auth" in selection.valid_flavors and "keystone" in selection.valid_flavors


def test_cinder_prefers_nolimit_key_when_rate_limit_is_off(tmp_path):
    paste = write(tmp_path, "api-paste.ini", "[composite:osapi_volume]\nuse = call:cinder.api:root_app_factory\n"
                  "/v3: api\n[composite:api]\nuse = call:cinder.api.middleware.auth:pipeline_factory\n"
                  "keystone = authtoken apiv3\nkeystone_nolimit = authtoken apiv3\n"
                  "[filter:authtoken]\npaste.filter_factory = keystonemiddleware.auth_token:filter_factory\n"
                  "[app:apiv3]\npaste.app_factory = cinder.api.v3.router:APIRouter.factory\n")
    off = write(tmp_path, "cinder.conf", "[DEFAULT]\napi_rate_limit = false\n")
    (selection,) = build_context(paste, config=off).selections
    assert selection.selector_key == "keystone_nolimit" and "api_rate_limit = false" in selection.reason
    on = write(tmp_path, "cinder2.conf", "[DEFAULT]\nauth_strategy = keystone\n")
    (selection,) = build_context(paste, config=on, service="volumev3").selections
    assert selection.selector_key == "keystone"
