"""Ordering and security rules (PS3xx) on small paste files, failing and passing."""

from __future__ import annotations

import textwrap

import pytest

from policykit.findings import Severity
from policykit.paste.selection import FlavorSelection, PasteContext, SelectorMechanism, ServiceProfile
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


FILTERS = """
[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

[filter:keystonecontext]
paste.filter_factory = nova.api.auth:NovaKeystoneContext.factory

[filter:noauth2]
paste.filter_factory = nova.api.openstack.auth:NoAuthMiddleware.factory

[filter:cors]
paste.filter_factory = oslo_middleware.cors:filter_factory
oslo_config_project = nova

[filter:request_id]
paste.filter_factory = nova.api.compute_req_id:ComputeReqIdMiddleware.factory

[filter:faultwrap]
paste.filter_factory = nova.api.openstack:FaultWrapper.factory

[filter:sizelimit]
paste.filter_factory = oslo_middleware:RequestBodySizeLimiter.factory

[filter:http_proxy_to_wsgi]
paste.filter_factory = oslo_middleware.http_proxy_to_wsgi:HTTPProxyToWSGI.factory

[app:app]
paste.app_factory = nova.api.openstack.compute:APIRouterV21.factory
"""


def urlmap(pipeline: str, extra: str = "") -> str:
    return f"""
[composite:osapi_compute]
use = egg:Paste#urlmap
/v2.1 = api

[pipeline:api]
pipeline = {pipeline}
{extra}{FILTERS}"""


def selector(**keys: str) -> str:
    lines = "\n".join(f"{k} = {v}" for k, v in keys.items())
    return f"""
[composite:osapi_compute]
use = egg:Paste#urlmap
/v2.1 = api

[composite:api]
use = call:nova.api.auth:pipeline_factory_v21
{lines}
{FILTERS}"""


# --------------------------------------------------------------------------- PS301


def test_context_before_auth_points_at_the_context_token_and_names_the_fix(tmp_path):
    found = run("PS301", tmp_path, urlmap("cors keystonecontext authtoken app"))
    assert len(found) == 1
    finding = found[0]
    assert finding.severity is Severity.ERROR
    assert (finding.location.line, finding.location.column) == (6, 17)  # the keystonecontext token
    assert "root 'api'" in finding.message or "root 'osapi_compute'" in finding.message
    assert finding.hint == "move 'authtoken' before 'keystonecontext'"
    section_lines = {r.line for r in finding.related}
    assert 11 in section_lines  # [filter:keystonecontext]


def test_context_after_auth_passes(tmp_path):
    assert run("PS301", tmp_path, urlmap("cors authtoken keystonecontext app")) == []


def test_header_trusting_filter_before_auth_in_one_flavor_only(tmp_path):
    text = selector(keystone="cors authtoken keystonecontext app",
                    custom="cors keystonecontext authtoken app")
    found = run("PS301", tmp_path, text)
    assert len(found) == 1
    assert "key 'custom'" in found[0].message
    assert found[0].location.line == 8


# --------------------------------------------------------------------------- PS302


def test_noauth_in_a_fixed_pipeline_is_served(tmp_path):
    found = run("PS302", tmp_path, urlmap("cors noauth2 app"))
    assert [f.location.line for f in found] == [6]
    assert "authenticates nobody" in found[0].message


def test_unselected_noauth_key_is_not_reported_without_a_selection(tmp_path):
    text = selector(keystone="cors authtoken keystonecontext app", noauth2="cors noauth2 app")
    assert run("PS302", tmp_path, text) == []


def test_selected_noauth_key_is_reported(tmp_path):
    text = selector(keystone="cors authtoken keystonecontext app", noauth2="cors noauth2 app")
    context = context_for(tmp_path, text)
    root = context.resolution.root("osapi_compute")
    chosen = tuple(b for b in root.branches if b.selector() and b.selector().key.name == "noauth2")
    profile = ServiceProfile("nova", ("osapi_compute",), SelectorMechanism.AUTH_STRATEGY)
    selection = FlavorSelection(profile, "osapi_compute", None, None, "noauth2", root, chosen[0], chosen,
                                reason="auth_strategy = noauth2")
    context = PasteContext(context.paste, context.resolution, profile=profile, selections=(selection,))
    found = list(find_rule("PS302").check(context))
    assert len(found) == 1 and "auth_strategy = noauth2" in found[0].message


def test_context_without_any_auth_is_spoofable(tmp_path):
    found = run("PS302", tmp_path, urlmap("cors keystonecontext app"))
    assert len(found) == 1 and "X-Roles" in found[0].message


def test_authenticated_pipeline_passes(tmp_path):
    assert run("PS302", tmp_path, urlmap("cors authtoken keystonecontext app")) == []


# --------------------------------------------------------------------------- PS303


def test_delay_auth_decision_without_enforcer(tmp_path):
    text = urlmap("cors authtoken keystonecontext app").replace(
        "paste.filter_factory = keystonemiddleware.auth_token:filter_factory",
        "paste.filter_factory = keystonemiddleware.auth_token:filter_factory\ndelay_auth_decision = True")
    found = run("PS303", tmp_path, text)
    assert len(found) == 1
    assert found[0].location.line == 10  # the delay_auth_decision line
    assert found[0].related[0].line == 6


def test_delay_auth_decision_with_glance_context_passes(tmp_path):
    text = """
    [pipeline:glance-api-keystone]
    pipeline = authtoken context rootapp

    [filter:authtoken]
    paste.filter_factory = keystonemiddleware.auth_token:filter_factory
    delay_auth_decision = true

    [filter:context]
    paste.filter_factory = glance.api.middleware.context:ContextMiddleware.factory

    [app:rootapp]
    paste.app_factory = glance.api.v2.router:API.factory
    """
    assert run("PS303", tmp_path, text, name="glance-api-paste.ini") == []


# --------------------------------------------------------------------------- PS304 / PS305


def test_cors_after_auth(tmp_path):
    found = run("PS304", tmp_path, urlmap("authtoken cors keystonecontext app"))
    assert len(found) == 1
    assert found[0].hint == "move 'cors' to the front of the pipeline (before 'authtoken')"
    assert found[0].location.column == 22


def test_cors_after_request_id_only_passes(tmp_path):
    assert run("PS304", tmp_path, urlmap("request_id cors authtoken keystonecontext app")) == []


def test_cors_wildcard_origin(tmp_path):
    text = urlmap("cors app").replace("oslo_config_project = nova", "oslo_config_project = nova\nallowed_origin = https://a.example, *")
    found = run("PS305", tmp_path, text)
    assert len(found) == 1 and found[0].location.line == 20
    assert run("PS305", tmp_path, urlmap("cors app")) == []


# --------------------------------------------------------------------------- PS306 / PS307 / PS312 / PS313


@pytest.mark.parametrize("code, bad, good, hint", [
    ("PS306", "cors faultwrap request_id app", "cors request_id faultwrap app", "move 'request_id' before 'faultwrap'"),
    ("PS307", "cors authtoken http_proxy_to_wsgi keystonecontext app",
     "cors http_proxy_to_wsgi authtoken keystonecontext app", "move 'http_proxy_to_wsgi' before 'authtoken'"),
    ("PS312", "cors authtoken sizelimit keystonecontext app", "cors sizelimit authtoken keystonecontext app",
     "move 'sizelimit' before 'authtoken'"),
    ("PS313", "cors authtoken faultwrap keystonecontext app", "cors faultwrap authtoken keystonecontext app",
     "move 'faultwrap' before 'authtoken'"),
])
def test_early_filters(tmp_path, code, bad, good, hint):
    found = run(code, tmp_path, urlmap(bad))
    assert len(found) == 1
    assert found[0].hint == hint
    assert found[0].location.line == 6
    assert run(code, tmp_path, urlmap(good)) == []


def test_one_finding_per_pipeline_line_even_when_many_roots_reach_it(tmp_path):
    text = urlmap("cors authtoken sizelimit keystonecontext app").replace(
        "/v2.1 = api", "/v2.1 = api\n/v2 = api\n/v3 = api")
    assert len(run("PS312", tmp_path, text)) == 1


def test_http_proxy_missing_from_the_versions_path(tmp_path):
    text = """
    [composite:main]
    use = egg:Paste#urlmap
    /v3 = api_v3
    / = versions

    [pipeline:api_v3]
    pipeline = http_proxy_to_wsgi service_v3

    [pipeline:versions]
    pipeline = sizelimit version_service

    [filter:http_proxy_to_wsgi]
    use = egg:oslo.middleware#http_proxy_to_wsgi

    [filter:sizelimit]
    use = egg:oslo.middleware#sizelimit

    [app:service_v3]
    paste.app_factory = keystone.service:v3_app_factory

    [app:version_service]
    paste.app_factory = keystone.service:public_version_app_factory
    """
    found = run("PS307", tmp_path, text, name="keystone-paste.ini")
    assert len(found) == 1
    assert found[0].location.line == 4 and "'/'" in found[0].message


def test_proxy_headers_parsing_off_needs_the_conf(tmp_path):
    from policykit.paste.conf import read_conf_text

    text = urlmap("cors http_proxy_to_wsgi app")
    assert run("PS308", tmp_path, text) == []  # no conf: nothing known
    off = read_conf_text("[DEFAULT]\ndebug = true\n", str(tmp_path / "nova.conf"))
    assert len(run("PS308", tmp_path, text, conf=off)) == 1
    on = read_conf_text("[oslo_middleware]\nenable_proxy_headers_parsing = True\n", str(tmp_path / "nova.conf"))
    assert run("PS308", tmp_path, text, conf=on) == []
    local = text.replace("HTTPProxyToWSGI.factory", "HTTPProxyToWSGI.factory\nenable_proxy_headers_parsing = true")
    assert run("PS308", tmp_path, local, conf=off) == []


# --------------------------------------------------------------------------- healthcheck


HEALTH_FILTER = """
[pipeline:glance-api]
pipeline = cors healthcheck rootapp

[filter:cors]
paste.filter_factory = oslo_middleware.cors:filter_factory

[filter:healthcheck]
{factory}
backends = disable_by_file
{extra}
[app:rootapp]
paste.app_factory = glance.api.v2.router:API.factory
"""


@pytest.mark.parametrize("factory", ["paste.filter_factory = oslo_middleware:Healthcheck.factory",
                                     "use = egg:oslo.middleware#healthcheck"])
def test_healthcheck_filter_is_an_error(tmp_path, factory):
    found = run("PS309", tmp_path, HEALTH_FILTER.format(factory=factory, extra=""), name="glance-api-paste.ini")
    assert len(found) == 1
    assert found[0].severity is Severity.ERROR
    assert (found[0].location.line, found[0].location.column) == (2, 17)
    assert found[0].related[0].line == 7


def test_healthcheck_app_in_urlmap_passes_and_swift_filter_passes(tmp_path):
    text = """
    [composite:neutron]
    use = egg:Paste#urlmap
    /healthcheck = healthcheck

    [app:healthcheck]
    paste.app_factory = oslo_middleware:Healthcheck.app_factory
    """
    assert run("PS309", tmp_path, text) == []
    swift = """
    [pipeline:main]
    pipeline = catch_errors healthcheck proxy-server

    [filter:catch_errors]
    use = egg:swift#catch_errors

    [filter:healthcheck]
    use = egg:swift#healthcheck

    [app:proxy-server]
    use = egg:swift#proxy
    """
    assert run("PS309", tmp_path, swift, name="proxy-server.conf") == []


def test_healthcheck_behind_auth_and_detailed(tmp_path):
    text = """
    [composite:neutron]
    use = egg:Paste#urlmap
    /healthcheck = checked

    [pipeline:checked]
    pipeline = authtoken healthcheck

    [filter:authtoken]
    paste.filter_factory = keystonemiddleware.auth_token:filter_factory

    [app:healthcheck]
    paste.app_factory = oslo_middleware:Healthcheck.app_factory
    detailed = True
    """
    behind = run("PS310", tmp_path, text)
    assert len(behind) == 1 and behind[0].location.line == 6
    detailed = run("PS311", tmp_path, text)
    assert len(detailed) == 1 and detailed[0].location.line == 13
    outside = text.replace("/healthcheck = checked", "/healthcheck = healthcheck\n/v2.0 = checked")
    assert run("PS310", tmp_path, outside) == []


# --------------------------------------------------------------------------- swift


SWIFT = """
[pipeline:main]
pipeline = {pipeline}

[filter:catch_errors]
use = egg:swift#catch_errors

[filter:gatekeeper]
use = egg:swift#gatekeeper

[filter:proxy-logging]
use = egg:swift#proxy_logging

[filter:cache]
use = egg:swift#memcache

[filter:tempurl]
use = egg:swift#tempurl

[filter:slo]
use = egg:swift#slo

[filter:dlo]
{dlo}

[filter:s3api]
use = egg:swift#s3api

[filter:s3token]
use = egg:swift#s3token

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory
{delay}

[filter:keystoneauth]
use = egg:swift#keystoneauth

[filter:keymaster]
use = egg:swift#keymaster

[filter:encryption]
use = egg:swift#encryption

[app:proxy-server]
use = egg:swift#proxy
"""

GOOD = ("catch_errors gatekeeper proxy-logging cache tempurl authtoken s3api s3token keystoneauth "
        "slo dlo keymaster encryption proxy-logging proxy-server")


def swift(pipeline=GOOD, dlo="use = egg:swift#dlo", delay="delay_auth_decision = true"):
    return SWIFT.format(pipeline=pipeline, dlo=dlo, delay=delay)


@pytest.mark.parametrize("code", ["PS313", "PS314", "PS315", "PS316", "PS203"])
def test_upstream_swift_order_passes(tmp_path, code):
    assert run(code, tmp_path, swift(), name="proxy-server.conf") == []


def test_swift_required_filter_by_module_path(tmp_path):
    found = run("PS314", tmp_path, swift(dlo="paste.filter_factory = swift.common.middleware.dlo:filter_factory"),
                name="proxy-server.conf")
    assert len(found) == 1 and found[0].hint.startswith("write 'use = egg:swift#dlo'")
    assert found[0].location.line == 23


@pytest.mark.parametrize("pipeline, expected", [
    (GOOD.replace("authtoken s3api s3token keystoneauth", "s3api s3token keystoneauth authtoken"),
     "move 'authtoken' before 'keystoneauth'"),
    (GOOD.replace("s3api s3token keystoneauth", "s3api keystoneauth s3token"), "move 's3token' before 'keystoneauth'"),
    (GOOD.replace("cache tempurl authtoken", "cache authtoken tempurl"), "move 'tempurl' before 'authtoken'"),
    (GOOD.replace("authtoken s3api s3token", "s3api s3token authtoken"), "move 'authtoken' before 's3api'"),
    (GOOD.replace("keystoneauth slo dlo", "keystoneauth dlo").replace("tempurl authtoken", "tempurl slo authtoken"),
     "move 'slo' after 'keystoneauth'"),
])
def test_swift_auth_order(tmp_path, pipeline, expected):
    hints = [f.hint for f in run("PS315", tmp_path, swift(pipeline), name="proxy-server.conf")]
    assert expected in hints


def test_swift_authtoken_needs_delayed_decision(tmp_path):
    found = run("PS315", tmp_path, swift(delay=""), name="proxy-server.conf")
    assert [f.hint for f in found] == ["set delay_auth_decision = true in [filter:authtoken]"]


@pytest.mark.parametrize("pipeline, fragment", [
    (GOOD.replace("catch_errors gatekeeper proxy-logging", "catch_errors proxy-logging gatekeeper"),
     "right after 'catch_errors'"),
    (GOOD.replace("encryption proxy-logging proxy-server", "encryption proxy-server"), "last filter"),
    (GOOD.replace("slo dlo keymaster encryption", "keymaster encryption slo dlo"), "right before the final"),
])
def test_swift_layout(tmp_path, pipeline, fragment):
    messages = " | ".join(f.message for f in run("PS316", tmp_path, swift(pipeline), name="proxy-server.conf"))
    assert fragment in messages


def test_swift_catch_errors_must_be_first(tmp_path):
    found = run("PS313", tmp_path, swift(GOOD.replace("catch_errors gatekeeper", "gatekeeper catch_errors")),
                name="proxy-server.conf")
    assert len(found) == 1 and found[0].hint == "move 'catch_errors' to the front of the pipeline (before 'gatekeeper')"


def test_swift_rules_stay_quiet_on_other_services(tmp_path):
    assert run("PS315", tmp_path, urlmap("authtoken keystonecontext app")) == []


# --------------------------------------------------------------------------- glance, auth settings, removed


def test_glance_cache_before_context_and_cachemanage_without_cache(tmp_path):
    text = """
    [pipeline:glance-api-keystone+cachemanagement]
    pipeline = versionnegotiation authtoken cache context cachemanage rootapp

    [pipeline:glance-api-keystone+broken]
    pipeline = authtoken versionnegotiation context cachemanage rootapp

    [filter:versionnegotiation]
    paste.filter_factory = glance.api.middleware.version_negotiation:VersionNegotiationFilter.factory

    [filter:authtoken]
    paste.filter_factory = keystonemiddleware.auth_token:filter_factory

    [filter:context]
    paste.filter_factory = glance.api.middleware.context:ContextMiddleware.factory

    [filter:cache]
    paste.filter_factory = glance.api.middleware.cache:CacheFilter.factory

    [filter:cachemanage]
    paste.filter_factory = glance.api.middleware.cache_manage:CacheManageFilter.factory

    [app:rootapp]
    paste.app_factory = glance.api.v2.router:API.factory
    """
    hints = sorted(f.hint for f in run("PS317", tmp_path, text, name="glance-api-paste.ini"))
    assert hints == ["add 'cache' before 'cachemanage'", "move 'cache' after 'context'",
                     "move 'versionnegotiation' before 'authtoken'"]


def test_auth_settings_in_paste(tmp_path):
    text = urlmap("authtoken keystonecontext app").replace(
        "paste.filter_factory = keystonemiddleware.auth_token:filter_factory",
        "paste.filter_factory = keystonemiddleware.auth_token:filter_factory\n"
        "delay_auth_decision = false\nadmin_password = secret\nwww_authenticate_uri = http://k:5000")
    text = "[DEFAULT]\nmemcached_servers = m:11211\n" + text
    found = run("PS318", tmp_path, text)
    assert sorted((f.location.line, f.subject) for f in found) == [
        (2, "DEFAULT"), (14, "filter:authtoken"), (15, "filter:authtoken")]
    assert any("secret" in f.message for f in found)


def test_removed_middleware_points_at_the_factory_line(tmp_path):
    text = urlmap("cors authtoken keystonecontext app").replace(
        "keystonemiddleware.auth_token:filter_factory", "keystoneclient.middleware.auth_token:filter_factory")
    found = run("PS319", tmp_path, text)
    assert len(found) == 1
    assert found[0].location.line == 9
    assert found[0].hint == "write paste.filter_factory = keystonemiddleware.auth_token:filter_factory"
    assert [r.line for r in found[0].related] == [6]
    assert run("PS319", tmp_path, urlmap("cors authtoken keystonecontext app")) == []


def test_healthcheck_filter_is_a_warning_where_old_oslo_middleware_is_installed(tmp_path, monkeypatch):
    from policykit.paste import installed

    text = HEALTH_FILTER.format(factory="use = egg:oslo.middleware#healthcheck", extra="")
    current = run("PS309", tmp_path, text, name="glance-api-paste.ini", check_installed=True)
    assert [f.severity for f in current] == [Severity.ERROR]  # the installed oslo.middleware is 8.x
    monkeypatch.setattr(installed, "installed_version", lambda name: "6.3.0")
    older = run("PS309", tmp_path, text, name="glance-api-paste.ini", check_installed=True)
    assert [f.severity for f in older] == [Severity.WARNING]
    assert "installed: 6.3.0" in older[0].message


def test_auth_settings_belong_in_swift_proxy_conf(tmp_path):
    text = swift().replace("delay_auth_decision = true", "delay_auth_decision = true\npassword = secret")
    assert run("PS318", tmp_path, text, name="proxy-server.conf") == []
