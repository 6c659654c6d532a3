"""Shell renderings: an idempotent ``openstack`` CLI script and the ``keystone-manage bootstrap`` line.

The CLI script looks every object up before creating it, because Keystone has no
uniqueness constraint on services or endpoints and a repeated create makes duplicates:
regions by id, services by type and name, endpoints by service, interface
and region; an endpoint whose URL differs is updated in place. Every value is quoted
with ``shlex.quote``, so URL templates reach Keystone as written.
"""

from __future__ import annotations

import shlex

from policykit.catalog.model import CatalogSpec

q = shlex.quote

_PRELUDE = """#!/bin/sh
# The service catalog of {cloud}, created or updated with the openstack CLI.
# Safe to run again: every object is looked up first (Keystone accepts duplicates).
# Needs admin credentials in the environment (OS_CLOUD or OS_* variables) and python3.
set -eu

ensure_region() {{  # id description [parent]
    if ! openstack region show "$1" >/dev/null 2>&1; then
        if [ -n "${{3:-}}" ]; then
            openstack region create --description "$2" --parent-region "$3" "$1" >/dev/null
        else
            openstack region create --description "$2" "$1" >/dev/null
        fi
    fi
}}

service_id() {{  # type name
    openstack service list -f json | python3 -c '
import json, sys
wanted_type, wanted_name = sys.argv[1:3]
for service in json.load(sys.stdin):
    if service["Type"] == wanted_type and (service.get("Name") or "") == wanted_name:
        print(service["ID"])
        break
' "$1" "$2"
}}

ensure_service() {{  # type name description enable|disable
    id=$(service_id "$1" "$2")
    if [ -z "$id" ]; then
        openstack service create --name "$2" --description "$3" "--$4" "$1" >/dev/null
        id=$(service_id "$1" "$2")
    else
        openstack service set "--$4" "$id"
    fi
    echo "$id"
}}

ensure_endpoint() {{  # service-id interface region url enable|disable  (region '' = none)
    if [ -n "$3" ]; then
        id=$(openstack endpoint list --service "$1" --interface "$2" --region "$3" -f value -c ID | head -n 1)
    else
        id=$(openstack endpoint list --service "$1" --interface "$2" -f value -c ID -c Region |
             awk 'NF == 1 || $2 == "None" {{ print $1; exit }}')
    fi
    if [ -z "$id" ] && [ -n "$3" ]; then
        openstack endpoint create --region "$3" "--$5" "$1" "$2" "$4" >/dev/null
    elif [ -z "$id" ]; then
        openstack endpoint create "--$5" "$1" "$2" "$4" >/dev/null
    elif [ "$(openstack endpoint show "$id" -f value -c url)" != "$4" ]; then
        openstack endpoint set --url "$4" "--$5" "$id"
    else
        openstack endpoint set "--$5" "$id"
    fi
}}
"""


def openstack_cli(spec: CatalogSpec, region: str | None = None, cloud: str = "") -> str:
    lines = [_PRELUDE.format(cloud=cloud or "this cloud")]
    regions = [r for r in spec.regions if region is None or r.id == region]
    declared = {r.id for r in spec.regions}
    if regions:
        lines.append("# Regions")
    for r in regions:
        args = [q(r.id), q(r.description)] + ([q(r.parent)] if r.parent else [])
        lines.append("ensure_region " + " ".join(args))
    for missing in sorted({e.region for e in spec.endpoints
                           if e.region and e.region not in declared and region in (None, e.region)}):
        lines.append(f"ensure_region {q(missing)} ''")
    for index, service in enumerate(spec.services):
        endpoints = [e for e in spec.endpoints
                     if (e.service_type, e.service_name) == (service.type, service.name)
                     and (region is None or e.region == region)]
        lines.append("")
        lines.append(f"# {service.type} ({service.name or 'no name'})")
        state = "enable" if service.enabled else "disable"
        var = f"service_{index}"
        lines.append(f"{var}=$(ensure_service {q(service.type)} {q(service.name)} {q(service.description)} {state})")
        for e in endpoints:
            lines.append(f'ensure_endpoint "${var}" {q(e.interface)} {q(e.region or "")} {q(e.url)} '
                         f"{'enable' if e.enabled else 'disable'}")
    return "\n".join(lines) + "\n"


def bootstrap(spec: CatalogSpec, region: str | None = None, service_name: str | None = None,
              username: str = "admin", project_name: str = "admin", role_name: str = "admin") -> str:
    """One ``keystone-manage bootstrap`` per region that has identity endpoints."""
    identity = [e for e in spec.endpoints if e.service_type == "identity" and e.enabled
                and (region is None or e.region == region)]
    if not identity:
        from policykit.errors import InputError

        raise InputError("the catalog has no enabled identity endpoint" + (f" in region {region}" if region else ""),
                         hint="add a service with `type: identity` to the deployment")
    name = service_name or next((s.name for s in spec.services if s.type == "identity" and s.name), "keystone")
    commands = ["# keystone-manage bootstrap creates the Default domain, the admin project, user and role,",
                "# and the identity service's endpoints; the password comes from OS_BOOTSTRAP_PASSWORD.",
                "# bootstrap puts URLs in unchecked: templates must be valid (policykit lint checks them)."]
    regions = list(dict.fromkeys(e.region for e in identity))
    for region_id in regions:
        args = ["keystone-manage", "bootstrap",
                "--bootstrap-password", '"${OS_BOOTSTRAP_PASSWORD:?set OS_BOOTSTRAP_PASSWORD}"',
                "--bootstrap-username", q(username), "--bootstrap-project-name", q(project_name),
                "--bootstrap-role-name", q(role_name), "--bootstrap-service-name", q(name)]
        if region_id:
            args += ["--bootstrap-region-id", q(region_id)]
        seen = set()
        for e in identity:
            if e.region == region_id and e.interface in ("public", "internal", "admin") and e.interface not in seen:
                seen.add(e.interface)
                args += [f"--bootstrap-{e.interface}-url", q(e.url)]
        commands.append(" \\\n    ".join(" ".join(args[i:i + 2]) for i in range(0, len(args), 2)))
    return "\n".join(commands) + "\n"
