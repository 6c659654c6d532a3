"""Graph-hygiene rules (PS2xx) on small paste files, failing and passing."""

from __future__ import annotations

import textwrap

from policykit.findings import Severity
from policykit.paste.selection import PasteContext, SelectorMechanism, ServiceProfile
from policykit.paste.reader import read_paste_file
from policykit.paste.resolver import resolve
from policykit.rules import find_rule


def context_for(tmp_path, text, name="api-paste.ini", **extra) -> PasteContext:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip())
    paste = read_paste_file(path, relaxed_interpolation=name.startswith("proxy-server"))
    return PasteContext(paste=paste, resolution=resolve(paste), **extra)


def run(code, tmp_path, text, name="api-paste.ini", **extra):
    return list(find_rule(code).check(context_for(tmp_path, text, name, **extra)))


NEUTRON = """
[composite:neutron]
use = egg:Paste#urlmap
/v2.0 = neutronapi_v2_0

[composite:neutronapi_v2_0]
use = call:neutron.auth:pipeline_factory
noauth = cors request_id extensions neutronapiapp_v2_0
keystone = cors request_id authtoken keystonecontext extensions neutronapiapp_v2_0

[filter:cors]
paste.filter_factory = oslo_middleware.cors:filter_factory

[filter:request_id]
paste.filter_factory = oslo_middleware:RequestId.factory

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

[filter:keystonecontext]
paste.filter_factory = neutron.auth:NeutronKeystoneContext.factory

[filter:extensions]
paste.filter_factory = neutron.api.extensions:plugin_aware_extension_middleware_factory

[app:neutronapiapp_v2_0]
paste.app_factory = neutron.api.v2.router:APIRouter.factory
"""

NEUTRON_PROFILE = ServiceProfile("neutron", ("neutron",), SelectorMechanism.AUTH_STRATEGY)


# --------------------------------------------------------------------------- PS201


def test_every_key_of_a_selector_counts_as_use(tmp_path):
    # keystonecontext is only used by the keystone key; nothing is unused
    assert run("PS201", tmp_path, NEUTRON) == []


def test_unused_filter_is_reported_at_its_header(tmp_path):
    text = NEUTRON + "\n[filter:project_id]\npaste.filter_factory = neutron.api.extensions:ProjectIdMiddleware.factory\n"
    found = run("PS201", tmp_path, text)
    assert [(f.location.line, f.subject, f.severity) for f in found] == [(28, "filter:project_id", Severity.INFO)]


def test_unused_app_is_reported_but_not_one_the_service_loads(tmp_path):
    text = NEUTRON + "\n[app:old_api]\npaste.app_factory = neutron.api.v2.router:APIRouter.factory\n"
    assert [f.subject for f in run("PS201", tmp_path, text)] == ["app:old_api"]
    alone = "[app:main]\npaste.app_factory = magnum.api.app:app_factory\n"
    assert run("PS201", tmp_path, alone) == []


def test_filter_reached_only_through_use_is_used(tmp_path):
    text = NEUTRON.replace("[filter:cors]\npaste.filter_factory = oslo_middleware.cors:filter_factory",
                           "[filter:cors]\nuse = base_cors\n\n[filter:base_cors]\n"
                           "paste.filter_factory = oslo_middleware.cors:filter_factory")
    assert run("PS201", tmp_path, text) == []


# --------------------------------------------------------------------------- PS202


def test_dead_pipeline_needs_a_profile(tmp_path):
    text = NEUTRON + "\n[pipeline:neutron_old]\npipeline = cors neutronapiapp_v2_0\n"
    assert run("PS202", tmp_path, text) == []
    found = run("PS202", tmp_path, text, profile=NEUTRON_PROFILE)
    assert [(f.location.line, f.severity) for f in found] == [(28, Severity.WARNING)]
    assert "it loads neutron" in found[0].message


def test_flavor_sections_are_loaded_for_flavor_services(tmp_path):
    text = """
    [pipeline:glance-api]
    pipeline = context rootapp

    [pipeline:glance-api-keystone]
    pipeline = authtoken context rootapp

    [filter:authtoken]
    paste.filter_factory = keystonemiddleware.auth_token:filter_factory

    [filter:context]
    paste.filter_factory = glance.api.middleware.context:ContextMiddleware.factory

    [app:rootapp]
    paste.app_factory = glance.api.v2.router:API.factory
    """
    glance = ServiceProfile("glance", ("glance-api",), SelectorMechanism.FLAVOR_SUFFIX)
    assert run("PS202", tmp_path, text, name="glance-api-paste.ini", profile=glance) == []
    fixed = ServiceProfile("glance", ("glance-api",), SelectorMechanism.FIXED)
    found = run("PS202", tmp_path, text, name="glance-api-paste.ini", profile=fixed)
    assert [f.subject for f in found] == ["pipeline:glance-api-keystone"]


# --------------------------------------------------------------------------- PS203


def test_same_section_twice(tmp_path):
    text = NEUTRON.replace("keystone = cors request_id authtoken", "keystone = cors request_id authtoken request_id")
    found = run("PS203", tmp_path, text)
    assert len(found) == 1
    assert (found[0].location.line, found[0].location.column) == (8, 38)
    assert found[0].related[0].column == 17  # the first request_id


def test_same_factory_under_two_names(tmp_path):
    text = NEUTRON.replace("keystone = cors request_id authtoken", "keystone = cors request_id authtoken reqid2") + \
        "\n[filter:reqid2]\nuse = egg:oslo.middleware#request_id\n"
    # egg:oslo.middleware#request_id and oslo_middleware:RequestId.factory are spelt differently: not the same key
    assert run("PS203", tmp_path, text) == []
    text = text.replace("use = egg:oslo.middleware#request_id", "paste.filter_factory = oslo_middleware:RequestId.factory")
    found = run("PS203", tmp_path, text)
    assert len(found) == 1 and "same factory as 'request_id'" in found[0].message


def test_swift_proxy_logging_twice_is_allowed(tmp_path):
    text = """
    [pipeline:main]
    pipeline = catch_errors proxy-logging cache proxy-logging proxy-server

    [filter:catch_errors]
    use = egg:swift#catch_errors

    [filter:proxy-logging]
    use = egg:swift#proxy_logging

    [filter:cache]
    use = egg:swift#memcache

    [app:proxy-server]
    use = egg:swift#proxy
    """
    assert run("PS203", tmp_path, text, name="proxy-server.conf") == []
    doubled = text.replace("proxy-logging cache proxy-logging", "proxy-logging cache cache proxy-logging")
    assert len(run("PS203", tmp_path, doubled, name="proxy-server.conf")) == 1


# --------------------------------------------------------------------------- PS204


def test_flavor_missing_an_infrastructure_filter(tmp_path):
    text = NEUTRON.replace("noauth = cors request_id extensions", "noauth = cors extensions")
    found = run("PS204", tmp_path, text)
    assert len(found) == 1
    assert found[0].location.line == 7 and found[0].subject == "noauth"
    assert "lacks request_id, which 'keystone' has" in found[0].message
    assert run("PS204", tmp_path, NEUTRON) == []


def test_flavor_pipelines_compared_for_suffix_services(tmp_path):
    text = """
    [pipeline:glance-api]
    pipeline = cors http_proxy_to_wsgi context rootapp

    [pipeline:glance-api-keystone]
    pipeline = cors authtoken context rootapp

    [filter:cors]
    paste.filter_factory = oslo_middleware.cors:filter_factory

    [filter:http_proxy_to_wsgi]
    paste.filter_factory = oslo_middleware:HTTPProxyToWSGI.factory

    [filter:authtoken]
    paste.filter_factory = keystonemiddleware.auth_token:filter_factory

    [filter:context]
    paste.filter_factory = glance.api.middleware.context:ContextMiddleware.factory

    [app:rootapp]
    paste.app_factory = glance.api.v2.router:API.factory
    """
    glance = ServiceProfile("glance", ("glance-api",), SelectorMechanism.FLAVOR_SUFFIX)
    found = run("PS204", tmp_path, text, name="glance-api-paste.ini", profile=glance)
    assert [(f.location.line, f.subject) for f in found] == [(5, "glance-api-keystone")]
    assert run("PS204", tmp_path, text, name="glance-api-paste.ini") == []  # unknown service: no grouping


# --------------------------------------------------------------------------- PS205


def test_old_and_new_auth_token_in_one_file(tmp_path):
    text = NEUTRON.replace("noauth = cors request_id extensions", "noauth = cors request_id oldtoken extensions") + \
        "\n[filter:oldtoken]\npaste.filter_factory = keystoneclient.middleware.auth_token:filter_factory\n"
    found = run("PS205", tmp_path, text)
    assert [(f.location.line, f.subject) for f in found] == [(29, "filter:oldtoken")]
    assert found[0].related[0].line == 17
    assert run("PS205", tmp_path, NEUTRON) == []


BROKEN = {
    "missing-section": "[pipeline:main]\npipeline = cors nosuch app\n\n[filter:cors]\n"
                       "paste.filter_factory = oslo_middleware.cors:filter_factory\n",
    "cycle": "[pipeline:main]\npipeline = f1 main\n\n[filter:f1]\npaste.filter_factory = a:b\n",
    "use-cycle": "[filter:a]\nuse = b\n\n[filter:b]\nuse = a\n\n[pipeline:main]\npipeline = a app\n\n"
                 "[app:app]\npaste.app_factory = x:y\n",
    "empty-pipeline": "[pipeline:main]\npipeline =\n",
    "no-header": "pipeline = a b\n",
    "bad-percent": "[filter:authtoken]\npaste.filter_factory = keystonemiddleware.auth_token:filter_factory\n"
                   "admin_password = %SERVICE_PASSWORD%\n\n[pipeline:main]\npipeline = authtoken app\n\n"
                   "[app:app]\npaste.app_factory = x:y\n",
    "duplicate-section": "[app:app]\npaste.app_factory = x:y\n\n[app:app]\npaste.app_factory = x:z\n",
    "filter-as-app": "[pipeline:main]\npipeline = cors\n\n[filter:cors]\n"
                     "paste.filter_factory = oslo_middleware.cors:filter_factory\n",
    "selector-with-hole": "[composite:main]\nuse = call:neutron.auth:pipeline_factory\nkeystone = authtoken\n"
                          "noauth = \n\n[filter:authtoken]\n"
                          "paste.filter_factory = keystonemiddleware.auth_token:filter_factory\n",
    "filter-with": "[app:main]\npaste.app_factory = x:y\nfilter-with = cors\n\n[filter:cors]\n"
                   "paste.filter_factory = oslo_middleware.cors:filter_factory\nallowed_origin = *\n",
}


def test_broken_files_do_not_break_the_rules(tmp_path):
    from policykit.rules import rules_in

    rules = [r for r in rules_in("policykit.paste.rules") if r.code[:3] in ("PS2", "PS3")]
    profile = ServiceProfile("neutron", ("main",), SelectorMechanism.AUTH_STRATEGY)
    for label, text in BROKEN.items():
        context = context_for(tmp_path, text, name=f"{label}.ini", profile=profile, check_installed=True)
        for rule in rules:
            for finding in rule.check(context):
                assert finding.location.path.endswith(f"{label}.ini"), (label, finding)


def test_filter_with_wrapping_is_seen(tmp_path):
    found = run("PS305", tmp_path, BROKEN["filter-with"])
    assert len(found) == 1 and found[0].location.line == 7
