"""Authentication settings are written in the paste file.

## What it does
Finds auth_token options (`admin_user`, `admin_password`, `auth_host`, `auth_uri`,
`www_authenticate_uri`, `memcached_servers`, `password` ...) set in an `authtoken`
filter section or in the paste file's `[DEFAULT]` section. Only `paste.filter_factory`,
`use`, `oslo_config_project`, `oslo_config_file`, `oslo_config_program` and
`delay_auth_decision` belong there. Swift is exempt: its proxy-server.conf is the service
conf, and `[filter:authtoken]` is where swift documents these options.

## Why is this bad?
keystonemiddleware reads the paste values *first* (its `Config.get`) and merges the
paste `[DEFAULT]` into them, so these values silently override `[keystone_authtoken]` in
the service conf. When the conf is updated — a new Keystone URL, a rotated password —
the stale paste values still win: crowbar/barclamp-nova PR #429 found an old
api-paste.ini whose auth_token settings conflicted with nova.conf. Passwords in a paste
file also end up in packages and config-management templates.

## Example
```ini api-paste.ini
[composite:neutron]
use = egg:Paste#urlmap
/v2.0 = neutronapi_v2_0

[pipeline:neutronapi_v2_0]
pipeline = authtoken keystonecontext neutronapiapp_v2_0

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory
auth_host = 127.0.0.1
admin_user = neutron
admin_password = secret

[filter:keystonecontext]
paste.filter_factory = neutron.auth:NeutronKeystoneContext.factory

[app:neutronapiapp_v2_0]
paste.app_factory = neutron.api.v2.router:APIRouter.factory
```

## Use instead
```ini api-paste.ini
[composite:neutron]
use = egg:Paste#urlmap
/v2.0 = neutronapi_v2_0

[pipeline:neutronapi_v2_0]
pipeline = authtoken keystonecontext neutronapiapp_v2_0

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

[filter:keystonecontext]
paste.filter_factory = neutron.auth:NeutronKeystoneContext.factory

[app:neutronapiapp_v2_0]
paste.app_factory = neutron.api.v2.router:APIRouter.factory
```
"""

from policykit.findings import Severity
from policykit.paste import middleware as mw
from policykit.paste.pipelines import Reporter, is_swift

CODE = "PS318"
NAME = "auth-settings-in-paste"
SEVERITY = Severity.WARNING

ALLOWED = {"paste.filter_factory", "use", "oslo_config_project", "oslo_config_file", "oslo_config_program",
           "delay_auth_decision"}
# keystonemiddleware auth_token options (and the pre-Kilo admin_* / auth_host family).
AUTH_OPTIONS = {
    "admin_user", "admin_password", "admin_tenant_name", "admin_token", "auth_host", "auth_port",
    "auth_protocol", "auth_admin_prefix", "auth_uri", "auth_url", "auth_version", "identity_uri",
    "www_authenticate_uri", "memcached_servers", "memcache_servers", "memcache_security_strategy",
    "memcache_secret_key", "signing_dir", "cafile", "certfile", "keyfile", "insecure", "auth_type",
    "auth_plugin", "auth_section", "username", "password", "project_name", "project_domain_name",
    "user_domain_name", "project_domain_id", "user_domain_id", "region_name", "service_token_roles",
    "service_token_roles_required", "service_type", "token_cache_time", "include_service_catalog",
    "interface", "http_connect_timeout", "http_request_max_retries", "revocation_cache_time",
}
SECRETS = {"admin_password", "admin_token", "password", "memcache_secret_key"}


def _message(key, where: str) -> str:
    text = f"{key.name} is set in {where}: it overrides [keystone_authtoken] in the service conf"
    if key.name in SECRETS:
        text += ", and puts a secret in the paste file"
    return text


def check(context):
    if is_swift(context):
        return  # swift's proxy-server.conf is the service conf: [filter:authtoken] is where these belong
    report = Reporter()
    for section in context.paste.sections:
        factory = None
        for candidate, spec in context.resolution.factories:
            if candidate.header == section.header:
                factory = spec.text
        known = mw.identify(factory)
        if known is None or known.family != "auth_token":
            continue
        for key in context.paste.local_keys(section):  # [DEFAULT] wins over shadowed keys: reported there
            name = key.name[4:].strip() if key.is_set else key.name
            if name in ALLOWED or (not key.is_set and name.startswith("paste.")):
                continue
            report.add(_message(key, section.label), key.location,
                       hint=f"move {name} to [keystone_authtoken] in the service conf and delete it here",
                       related=(section.location,), subject=section.header)
    for key in context.paste.defaults.keys:
        if key.name in AUTH_OPTIONS:
            report.add(_message(key, "the paste [DEFAULT] (auth_token merges it into its options)"),
                       key.location,
                       hint=f"move {key.name} to [keystone_authtoken] in the service conf and delete it here",
                       subject="DEFAULT")
    yield from report


