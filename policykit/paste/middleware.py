"""What policykit knows about the filters and apps OpenStack puts in paste pipelines.

Section names in paste files are only conventions (``authtoken``, ``context`` ...); what a
stage does is decided by its factory. This module maps factory specs, in every spelling
seen in released files, to a *role* ("auth", "cors", "request_id" ...) that the ordering
and security rules reason about, and records middleware that later releases removed.

A factory spec is normalised by :func:`factory_key`:

* ``egg:oslo.middleware#cors`` → ``egg:oslo-middleware#cors`` (distribution name
  normalised as importlib.metadata does, entry-point name kept);
* ``call:mod.sub:Attr.factory`` and ``paste.filter_factory = mod.sub:Attr.factory`` →
  ``mod.sub:Attr.factory``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Roles. A stage has exactly one.
AUTH = "auth"                  # validates the caller (authtoken, ec2token, keystone's own)
AUTHZ = "authz"                # decides on identity set by an earlier auth (swift keystoneauth)
NOAUTH = "noauth"              # stands in for auth and authenticates nobody
CONTEXT = "context"            # builds the request context from identity headers
CORS = "cors"
REQUEST_ID = "request_id"
HTTP_PROXY = "http_proxy_to_wsgi"
HEALTHCHECK = "healthcheck"
SIZELIMIT = "sizelimit"
FAULTWRAP = "faultwrap"        # turns exceptions into API faults (catch_errors too)
PROFILER = "profile"
VERSIONS = "versionnegotiation"
BODY = "body"                  # parses request bodies (keystone json_body, xml_body)
REQUEST_LOG = "request_log"
CACHE = "cache"                # glance image cache
CACHEMANAGE = "cachemanage"
RATELIMIT = "ratelimit"
OTHER = "other"

# Filters every flavor of a service is expected to share (G4).
INFRASTRUCTURE_ROLES = (CORS, REQUEST_ID, HTTP_PROXY, FAULTWRAP, SIZELIMIT)


@dataclass(frozen=True)
class Removal:
    """A factory that a later release no longer ships."""

    when: str           # completes "... which <when>": "was removed in oslo.middleware 7.0.0"
    advice: str         # the fix, as an instruction
    # True when the service fails to start with it on that release (not just deprecated).
    fatal: bool = True


@dataclass(frozen=True)
class Middleware:
    role: str
    label: str
    # Reads identity headers (X-Roles, X-Project-Id ...) and so must sit behind auth.
    trusts_identity: bool = False
    removed: Removal | None = None
    # For swift: the egg entry-point name swift's pipeline tools recognise it by.
    swift_name: str | None = None
    # A development or test mechanism that should not face production traffic.
    dev_only: bool = False
    # Generations of the same middleware share a family ("auth_token", "request_id" ...).
    family: str | None = None


_DIST_SEPARATORS = re.compile(r"[-_.]+")


def normalise_dist(name: str) -> str:
    return _DIST_SEPARATORS.sub("-", name).lower()


def factory_key(spec: str | None) -> str | None:
    """Canonical spelling of ``use =`` / ``paste.*_factory =`` values; None if unusable."""
    if not spec:
        return None
    text = "".join(spec.split())
    if text.startswith("egg:"):
        dist, _, name = text[4:].partition("#")
        return f"egg:{normalise_dist(dist)}#{name or 'main'}"
    if text.startswith("call:"):
        text = text[5:]
    if ":" in text and not text.startswith("config:"):
        return text
    return None


def _egg(dist: str, name: str) -> str:
    return f"egg:{normalise_dist(dist)}#{name}"


_KNOWN: dict[str, Middleware] = {}


def _add(middleware: Middleware, *specs: str) -> None:
    for spec in specs:
        key = factory_key(spec)
        assert key is not None and key not in _KNOWN, spec
        _KNOWN[key] = middleware


_KSC_GONE = Removal(
    "was removed from python-keystoneclient after the middleware moved to keystonemiddleware (Juno)",
    "write paste.filter_factory = keystonemiddleware.auth_token:filter_factory",
)
_EC2_WHEN = "was removed with nova's EC2 API in nova 13.0.0 (Mitaka)"
_EC2_ADVICE = "serve EC2 with the separate ec2-api project and delete this section"
_KEYSTONE_PASTE_GONE = "was removed in keystone 14.0.0 (Rocky) with all of keystone's paste entry points"
_NO_KEYSTONE_PASTE = "run keystone without a paste file (keystone 14.0.0 and later ignore it)"

# --- authentication -----------------------------------------------------------------
_add(Middleware(AUTH, "keystonemiddleware auth_token", family="auth_token"),
     "keystonemiddleware.auth_token:filter_factory", _egg("keystonemiddleware", "auth_token"))
_add(Middleware(AUTH, "keystoneclient auth_token", removed=_KSC_GONE, family="auth_token"),
     "keystoneclient.middleware.auth_token:filter_factory")
_add(Middleware(AUTH, "keystone auth_token (Grizzly and older)", removed=_KSC_GONE, family="auth_token"),
     "keystone.middleware.auth_token:filter_factory")
_add(Middleware(AUTH, "heat's own auth_token (Havana)", family="auth_token", removed=Removal(
    "was replaced by keystoneclient's in heat 2014.1 (Icehouse)",
    "write paste.filter_factory = keystonemiddleware.auth_token:filter_factory")),
     "heat.common.auth_token:filter_factory")
for _name in ("oauth2_token", "oauth2_mtls_token", "external_oauth2_token"):
    _add(Middleware(AUTH, f"keystonemiddleware {_name}"),
         f"keystonemiddleware.{_name}:filter_factory", _egg("keystonemiddleware", _name))
_add(Middleware(AUTH, "oslo.middleware basic_auth"),
     "oslo_middleware:BasicAuthMiddleware.factory",
     "oslo_middleware.basic_auth:BasicAuthMiddleware.factory", _egg("oslo.middleware", "basic_auth"))
_add(Middleware(AUTH, "heat authpassword"), "heat.common.auth_password:filter_factory")
_add(Middleware(AUTH, "heat custombackendauth"), "heat.common.custom_backend_auth:filter_factory")
_add(Middleware(AUTH, "heat ec2authtoken"), "heat.api.aws.ec2token:EC2Token_filter_factory")
_add(Middleware(AUTH, "nova EC2 keystone auth", removed=Removal(
    _EC2_WHEN, _EC2_ADVICE)),
     "nova.api.ec2:EC2KeystoneAuth.factory")
# keystone (up to Rocky) validated tokens itself in build_auth_context.
_add(Middleware(AUTH, "keystone build_auth_context",
                removed=Removal(_KEYSTONE_PASTE_GONE, _NO_KEYSTONE_PASTE)),
     _egg("keystone", "build_auth_context"), "keystone.middleware:AuthContextMiddleware.factory")

# --- stand-ins that authenticate nobody ----------------------------------------------
_add(Middleware(NOAUTH, "nova noauth", removed=Removal(
    "was removed in nova 32.0.0 (2025.2), deprecated since Ussuri",
    "use the keystone pipeline (authtoken keystonecontext)")),
     "nova.api.openstack.auth:NoAuthMiddleware.factory")
_add(Middleware(NOAUTH, "nova noauth (v3)"), "nova.api.openstack.auth:NoAuthMiddlewareV3.factory")
_add(Middleware(NOAUTH, "nova noauth_v2_18"), "nova.api.openstack.auth:NoAuthMiddlewareV2_18.factory")
_add(Middleware(NOAUTH, "nova EC2 noauth", removed=Removal(
    _EC2_WHEN, _EC2_ADVICE)),
     "nova.api.ec2:NoAuth.factory")
_add(Middleware(NOAUTH, "cinder noauth"), "cinder.api.middleware.auth:NoAuthMiddleware.factory")
_add(Middleware(NOAUTH, "cinder noauth_include_project_id"),
     "cinder.api.middleware.auth:NoAuthMiddlewareIncludeProjectID.factory")
_add(Middleware(NOAUTH, "manila noauth"), "manila.api.middleware.auth:NoAuthMiddleware.factory")
_add(Middleware(NOAUTH, "neutron fake_project_id"), "neutron.auth:NoauthFakeProjectId.factory")
_add(Middleware(NOAUTH, "glance unauthenticated-context"),
     "glance.api.middleware.context:UnauthenticatedContextMiddleware.factory")
_add(Middleware(NOAUTH, "barbican unauthenticated-context"),
     "barbican.api.middleware.context:UnauthenticatedContextMiddleware.factory")
_add(Middleware(NOAUTH, "heat noauth"), "heat.common.noauth:filter_factory")
_add(Middleware(NOAUTH, "keystone admin_token_auth", removed=Removal(
    "was deprecated in keystone 9.0.0 (Mitaka) and removed in a later release",
    "delete it from every pipeline and bootstrap with keystone-manage bootstrap")),
     "keystone.middleware:AdminTokenAuthMiddleware.factory", _egg("keystone", "admin_token_auth"))

# --- context builders (trust the identity headers auth leaves behind) -----------------
for _spec, _label in (
    ("nova.api.auth:NovaKeystoneContext.factory", "nova keystonecontext"),
    ("cinder.api.middleware.auth:CinderKeystoneContext.factory", "cinder keystonecontext"),
    ("manila.api.middleware.auth:ManilaKeystoneContext.factory", "manila keystonecontext"),
    ("neutron.auth:NeutronKeystoneContext.factory", "neutron keystonecontext"),
    ("glance.api.middleware.context:ContextMiddleware.factory", "glance context"),
    ("heat.common.context:ContextMiddleware_filter_factory", "heat context"),
    ("barbican.api.middleware.context:ContextMiddleware.factory", "barbican context"),
):
    _add(Middleware(CONTEXT, _label, trusts_identity=True), _spec)

# --- oslo.middleware and service copies ----------------------------------------------
_add(Middleware(CORS, "CORS", family="cors"), "oslo_middleware.cors:filter_factory", "oslo_middleware:CORS.factory",
     "oslo_middleware.cors:CORS.factory", _egg("oslo.middleware", "cors"), _egg("keystone", "cors"))
_add(Middleware(REQUEST_ID, "request_id", family="request_id"), "oslo_middleware:RequestId.factory",
     "oslo_middleware.request_id:RequestId.factory", _egg("oslo.middleware", "request_id"),
     "cinder.api.middleware.request_id:RequestId.factory",
     "nova.api.compute_req_id:ComputeReqIdMiddleware.factory")
_add(Middleware(REQUEST_ID, "request_id", removed=Removal(
    _KEYSTONE_PASTE_GONE, _NO_KEYSTONE_PASTE)), _egg("keystone", "request_id"))
_add(Middleware(HTTP_PROXY, "http_proxy_to_wsgi"), "oslo_middleware:HTTPProxyToWSGI.factory",
     "oslo_middleware.http_proxy_to_wsgi:HTTPProxyToWSGI.factory",
     _egg("oslo.middleware", "http_proxy_to_wsgi"))
_add(Middleware(HTTP_PROXY, "http_proxy_to_wsgi", removed=Removal(
    _KEYSTONE_PASTE_GONE, _NO_KEYSTONE_PASTE)),
     _egg("keystone", "http_proxy_to_wsgi"))
_HEALTHCHECK_FILTER_GONE = Removal(
    "was removed as a filter in oslo.middleware 7.0.0", "mount an [app:healthcheck] with paste.app_factory = "
    "oslo_middleware:Healthcheck.app_factory at /healthcheck in a urlmap")
_add(Middleware(HEALTHCHECK, "oslo.middleware healthcheck", family="healthcheck"),
     "oslo_middleware:Healthcheck.app_factory", "oslo_middleware.healthcheck:Healthcheck.app_factory")
# The filter form; as an app-kind reference the egg name is fine (see healthcheck_is_app).
_add(Middleware(HEALTHCHECK, "oslo.middleware healthcheck", removed=_HEALTHCHECK_FILTER_GONE,
                family="healthcheck"),
     "oslo_middleware:Healthcheck.factory", "oslo_middleware.healthcheck:Healthcheck.factory",
     _egg("oslo.middleware", "healthcheck"))
_add(Middleware(HEALTHCHECK, "healthcheck", removed=Removal(
    _KEYSTONE_PASTE_GONE, _NO_KEYSTONE_PASTE)), _egg("keystone", "healthcheck"))
_add(Middleware(OTHER, "oslo.middleware ssl", removed=Removal(
    "was removed in oslo.middleware 6.0.0", "use http_proxy_to_wsgi instead")),
     "oslo_middleware:SSLMiddleware.factory", "oslo_middleware.ssl:SSLMiddleware.factory",
     _egg("oslo.middleware", "ssl"))
_add(Middleware(SIZELIMIT, "sizelimit", family="sizelimit"), "oslo_middleware:RequestBodySizeLimiter.factory",
     "oslo_middleware.sizelimit:RequestBodySizeLimiter.factory", _egg("oslo.middleware", "sizelimit"))
_OSLO_SIZELIMIT = Removal("was replaced by oslo.middleware's sizelimit in later releases",
                          "write paste.filter_factory = oslo_middleware:RequestBodySizeLimiter.factory", fatal=False)
_add(Middleware(SIZELIMIT, "sizelimit", removed=_OSLO_SIZELIMIT, family="sizelimit"),
     "nova.api.sizelimit:RequestBodySizeLimiter.factory",
     "cinder.api.middleware.sizelimit:RequestBodySizeLimiter.factory",
     "keystone.middleware:RequestBodySizeLimiter.factory")
_add(Middleware(SIZELIMIT, "sizelimit", removed=Removal(
    _KEYSTONE_PASTE_GONE, _NO_KEYSTONE_PASTE)), _egg("keystone", "sizelimit"))
_add(Middleware(FAULTWRAP, "catch_errors", family="catch_errors"), "oslo_middleware:CatchErrors.factory",
     "oslo_middleware.catch_errors:CatchErrors.factory", _egg("oslo.middleware", "catch_errors"))
_add(Middleware(FAULTWRAP, "faultwrap"), "nova.api.openstack:FaultWrapper.factory",
     "cinder.api.middleware.fault:FaultWrapper.factory", "manila.api.middleware.fault:FaultWrapper.factory",
     "heat.api.openstack:faultwrap_filter")
_add(Middleware(FAULTWRAP, "nova EC2 faultwrap", removed=Removal(
    _EC2_WHEN, _EC2_ADVICE)),
     "nova.api.ec2:FaultWrapper.factory")
_add(Middleware(PROFILER, "osprofiler"), "osprofiler.web:WsgiMiddleware.factory",
     _egg("osprofiler", "osprofiler"), "nova.profiler:WsgiMiddleware.factory")
_add(Middleware(PROFILER, "osprofiler", removed=Removal(
    _KEYSTONE_PASTE_GONE, _NO_KEYSTONE_PASTE)), _egg("keystone", "osprofiler"))
_add(Middleware(VERSIONS, "version negotiation"),
     "glance.api.middleware.version_negotiation:VersionNegotiationFilter.factory",
     "heat.api.openstack:version_negotiation_filter", "heat.api.cfn:version_negotiation_filter")
_add(Middleware(VERSIONS, "CloudWatch version negotiation", removed=Removal(
    "was removed with heat-api-cloudwatch in heat 10.0.0 (Queens)", "delete the section")),
     "heat.api.cloudwatch:version_negotiation_filter")
_add(Middleware(REQUEST_LOG, "request log"), "nova.api.openstack.requestlog:RequestLog.factory",
     "keystone.contrib.access:AccessLogMiddleware.factory")
_add(Middleware(REQUEST_LOG, "nova EC2 request log", removed=Removal(
    _EC2_WHEN, _EC2_ADVICE)),
     "nova.api.ec2:RequestLogging.factory")

# --- filters that read identity and so belong behind auth (S1) ------------------------
_add(Middleware(CACHE, "glance image cache", trusts_identity=True),
     "glance.api.middleware.cache:CacheFilter.factory")
_add(Middleware(CACHEMANAGE, "glance cache management", trusts_identity=True),
     "glance.api.middleware.cache_manage:CacheManageFilter.factory")
_add(Middleware(RATELIMIT, "nova rate limiting", trusts_identity=True),
     "nova.api.openstack.compute.limits:RateLimitingMiddleware.factory",
     "nova.api.openstack.compute.plugins.v3.limits:RateLimitingMiddleware.factory")
_add(Middleware(OTHER, "nova legacy v2 compatibility", trusts_identity=True),
     "nova.api.openstack:LegacyV2CompatibleWrapper.factory")

# --- keystone (up to Rocky) ----------------------------------------------------------
_KEYSTONE_BODY_XML = Removal("was removed with keystone's XML support in 2015.1 (Kilo)",
                             "delete it from every pipeline")
_add(Middleware(BODY, "keystone xml_body", removed=_KEYSTONE_BODY_XML),
     "keystone.middleware:XmlBodyMiddleware.factory", "keystone.middleware:XmlBodyMiddlewareV2.factory",
     "keystone.middleware:XmlBodyMiddlewareV3.factory", _egg("keystone", "xml_body"),
     _egg("keystone", "xml_body_v2"), _egg("keystone", "xml_body_v3"))
_add(Middleware(BODY, "keystone json_body"), "keystone.middleware:JsonBodyMiddleware.factory")
_add(Middleware(BODY, "keystone json_body", removed=Removal(
    _KEYSTONE_PASTE_GONE, _NO_KEYSTONE_PASTE)), _egg("keystone", "json_body"))
for _name in ("token_auth", "url_normalize", "debug", "ec2_extension", "ec2_extension_v3", "s3_extension",
              "user_crud_extension", "crud_extension", "oauth1_extension", "endpoint_filter_extension",
              "federation_extension", "revoke_extension", "simple_cert_extension", "stats_monitoring",
              "stats_reporting"):
    _add(Middleware(OTHER, f"keystone {_name}", removed=Removal(
        _KEYSTONE_PASTE_GONE, _NO_KEYSTONE_PASTE)), _egg("keystone", _name))
for _name in ("public_service", "admin_service", "service_v3", "public_version_service",
              "admin_version_service"):
    _add(Middleware(OTHER, f"keystone {_name} app", removed=Removal(
        _KEYSTONE_PASTE_GONE, _NO_KEYSTONE_PASTE)), _egg("keystone", _name))

# --- swift: recognised by the egg entry-point name ----------------------------------
_SWIFT_ROLES = {
    "catch_errors": FAULTWRAP, "gatekeeper": OTHER, "healthcheck": OTHER, "proxy_logging": REQUEST_LOG,
    "memcache": OTHER, "listing_formats": OTHER, "container_sync": OTHER, "bulk": OTHER,
    "tempurl": OTHER, "formpost": OTHER, "ratelimit": OTHER, "tempauth": AUTH, "keystoneauth": AUTHZ,
    "s3api": AUTH, "s3token": AUTH, "copy": OTHER, "container_quotas": OTHER, "account_quotas": OTHER,
    "slo": OTHER, "dlo": OTHER, "versioned_writes": OTHER, "symlink": OTHER, "staticweb": OTHER,
    "keymaster": OTHER, "kms_keymaster": OTHER, "kmip_keymaster": OTHER, "encryption": OTHER,
    "domain_remap": OTHER, "cname_lookup": OTHER, "name_check": OTHER, "etag_quoter": OTHER,
    "list_endpoints": OTHER, "crossdomain": OTHER, "read_only": OTHER, "xprofile": PROFILER,
    "proxy": OTHER, "swift3": AUTH, "object_versioning": OTHER,
}
for _name, _role in _SWIFT_ROLES.items():
    _add(Middleware(_role, f"swift {_name}", swift_name=_name, dev_only=_name == "tempauth"),
         _egg("swift", _name))

# The oslo-incubator copies (<service>.openstack.common.middleware.*), Icehouse and older.
_INCUBATOR = re.compile(r"^(?P<service>\w+)\.openstack\.common\.middleware\.(?P<module>\w+):")
_INCUBATOR_ROLES = {"request_id": REQUEST_ID, "sizelimit": SIZELIMIT, "catch_errors": FAULTWRAP,
                    "correlation_id": OTHER, "debug": OTHER, "cors": CORS}
# swift.common.middleware.<module>:filter_factory — a module path swift does not recognise (S9a).
_SWIFT_MODULE = re.compile(r"^swift\.common\.middleware\.(?:(?P<pkg>\w+)\.)?(?P<module>\w+):filter_factory$")
_SWIFT_MODULE_NAMES = {"memcache": "memcache", "proxy_logging": "proxy_logging", "catch_errors": "catch_errors",
                       "gatekeeper": "gatekeeper", "listing_formats": "listing_formats", "copy": "copy",
                       "dlo": "dlo", "slo": "slo", "versioned_writes": "versioned_writes", "symlink": "symlink",
                       "tempauth": "tempauth", "keystoneauth": "keystoneauth", "healthcheck": "healthcheck",
                       "ratelimit": "ratelimit", "tempurl": "tempurl", "bulk": "bulk", "staticweb": "staticweb",
                       "formpost": "formpost", "s3api": "s3api", "s3token": "s3token",
                       "container_sync": "container_sync", "encryption": "encryption", "keymaster": "keymaster"}


def identify(spec: str | None) -> Middleware | None:
    """The middleware a factory spec (``use`` or ``paste.*_factory`` value) names, if known."""
    key = factory_key(spec)
    if key is None:
        return None
    known = _KNOWN.get(key)
    if known is not None:
        return known
    match = _INCUBATOR.match(key)
    if match:
        return Middleware(_INCUBATOR_ROLES.get(match["module"], OTHER), f"{match['module']} (oslo-incubator copy)",
                          family=match["module"],
                          removed=Removal("is an oslo-incubator copy, replaced by oslo.middleware",
                                          "use the oslo.middleware equivalent "
                                          f"(use = egg:oslo.middleware#{match['module']})", fatal=False))
    if key.startswith("keystoneclient.middleware."):
        return Middleware(AUTH if "auth_token" in key else OTHER, "keystoneclient middleware", removed=_KSC_GONE,
                          family="auth_token" if "auth_token" in key else None)
    if key.startswith("keystone.contrib."):
        return Middleware(OTHER, "keystone extension", removed=Removal(
            "was removed when keystone moved its extensions into the core", "delete it from every pipeline",
            fatal=False))
    return None


def swift_module_name(spec: str | None) -> str | None:
    """For ``swift.common.middleware.X:filter_factory`` specs, the entry-point name swift expects."""
    key = factory_key(spec)
    if key is None:
        return None
    match = _SWIFT_MODULE.match(key)
    if match is None:
        return None
    module = match["module"]
    return _SWIFT_MODULE_NAMES.get(module, module)


# Conventional section names, used only when the factory is unknown (service-private
# wrappers, tests with invented factories).
_BY_NAME = {
    "authtoken": AUTH, "auth_token": AUTH, "keystonecontext": CONTEXT, "context": CONTEXT,
    "noauth": NOAUTH, "noauth2": NOAUTH, "noauth_include_project_id": NOAUTH, "fake_project_id": NOAUTH,
    "unauthenticated-context": NOAUTH, "admin_token_auth": NOAUTH, "cors": CORS, "request_id": REQUEST_ID,
    "compute_req_id": REQUEST_ID, "http_proxy_to_wsgi": HTTP_PROXY, "healthcheck": HEALTHCHECK,
    "sizelimit": SIZELIMIT, "faultwrap": FAULTWRAP, "catch_errors": FAULTWRAP, "osprofiler": PROFILER,
    "versionnegotiation": VERSIONS,
}


def role_by_name(section_name: str) -> str:
    return _BY_NAME.get(section_name, OTHER)
