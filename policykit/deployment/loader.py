"""Reading ``deployment.yaml`` into a :class:`~policykit.deployment.model.Deployment`.

The reader never stops at the first problem: it records every structural problem as a
finding (unknown key with a did-you-mean, wrong type, missing key, duplicate key) and
builds the best model it can from the rest. :func:`load_deployment` raises one
``InputError`` listing all of them; the linter reports them one by one next to the
semantic checks (``policykit.deployment.rules``).
"""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

from policykit.deployment.model import (
    DEFAULT_DOMAIN_ID,
    DEFAULT_DOMAIN_NAME,
    Assignment,
    Defaults,
    Deployment,
    Domain,
    Endpoint,
    Identity,
    Project,
    Region,
    Role,
    Service,
    User,
    derived_id,
)
from policykit.deployment.shapes import (
    DUPLICATE_KEY,
    INTERFACE_KEYS,
    INVALID_VALUE,
    UNREADABLE,
    ShapeReader,
    value_of,
)
from policykit.errors import InputError
from policykit.findings import Finding, Location, Severity
from policykit.sources import Node, SourceDocument, load_document
from policykit.suggest import suggest

_TOP_KEYS = ("version", "cloud", "defaults", "regions", "services", "identity")
_DEFAULTS_KEYS = ("interfaces", "scheme")
_REGION_KEYS = ("id", "description", "parent", "hosts")
_SERVICE_KEYS = (
    "type", "name", "description", "port", "path", "interfaces", "regions", "endpoints", "enabled",
    "policy", "paste", "config", "defaults", "hosts", "scheme", "per_interface",
)
_PER_INTERFACE_KEYS = ("host", "scheme", "port", "path")
_ENDPOINT_KEYS = ("region", "interface", "url", "enabled")
_IDENTITY_KEYS = ("domains", "projects", "tenants", "roles", "users", "assignments")
_DOMAIN_KEYS = ("name", "id", "description", "enabled")
_PROJECT_KEYS = ("name", "id", "domain", "description", "enabled", "parent")
_ROLE_KEYS = ("name", "id", "implies", "description")
_USER_KEYS = ("name", "id", "domain", "description", "enabled", "email", "password_env")
_ASSIGNMENT_KEYS = ("user", "role", "project", "domain", "system", "user_domain", "project_domain")
SCHEMES = ("http", "https")


class _DeploymentReader(ShapeReader):
    def __init__(self, document: SourceDocument, base: Path):
        super().__init__(document)
        self.base = base

    def read(self, path: Path) -> Deployment:
        root = self.document.root
        if root is None:
            self.issues.append(Finding(UNREADABLE, "the deployment file is empty", Location(str(path), 1, 1),
                                       Severity.ERROR, "start from examples/deployment.yaml"))
            return Deployment(path=path, document=self.document)
        top = self.mapping(root, "the deployment file", _TOP_KEYS)
        if top is None:
            return Deployment(path=path, document=self.document)
        version = 1
        if (node := value_of(top, "version")) is not None:
            version = self.scalar(node, "version", int)
            if version is not None and version != 1:
                self.problem(INVALID_VALUE, node, f"version {version} is not supported", "write `version: 1`")
        cloud = ""
        if (node := value_of(top, "cloud")) is not None:
            cloud = self.scalar(node, "cloud", str) or ""
        defaults = self.defaults(value_of(top, "defaults"))
        regions = self.each(value_of(top, "regions"), "regions", self.region)
        services = self.each(value_of(top, "services"), "services", self.service)
        identity = self.identity(value_of(top, "identity"))
        return Deployment(path=path, cloud=cloud, version=version or 1, defaults=defaults, regions=regions,
                          services=services, identity=identity, document=self.document)

    def defaults(self, node: Node | None) -> Defaults:
        if node is None:
            return Defaults()
        found = self.mapping(node, "defaults", _DEFAULTS_KEYS) or {}
        base = Defaults()
        interfaces = base.interfaces
        if (value := value_of(found, "interfaces")) is not None:
            written = self.strings(value, "defaults.interfaces")
            interfaces = interfaces if written is None else written
        scheme = dict(base.scheme)
        if (value := value_of(found, "scheme")) is not None:
            scheme.update(self.scheme(value, "defaults.scheme"))
        return Defaults(interfaces, MappingProxyType(scheme), self.loc(node), self.locations(found))

    def scheme(self, node: Node, where: str) -> dict[str, str]:
        if node.kind == "scalar":
            single = self.scalar(node, where, str)
            schemes = dict.fromkeys(INTERFACE_KEYS, single) if single else {}
            values = {key: node for key in schemes}
        else:
            schemes = self.per_interface(node, where)
            found = {str(k.value): v for k, v in node.items()} if node.kind == "mapping" else {}
            values = {key: found[key] for key in schemes if key in found}
        for key, text in list(schemes.items()):
            if text not in SCHEMES:
                guess = suggest(text.lower(), SCHEMES)
                self.problem(INVALID_VALUE, values.get(key, node), f"{where}: scheme `{text}` is not http or https",
                             f"write `{guess}`" if guess else "write http or https")
                del schemes[key]
                if node.kind == "scalar":
                    break
        return {k: v for k, v in schemes.items() if v in SCHEMES}

    def region(self, node: Node, where: str) -> Region | None:
        if node.kind == "scalar":
            region_id = self.scalar(node, where, str)
            return Region(region_id, location=self.loc(node)) if region_id else None
        found = self.mapping(node, where, _REGION_KEYS, ("id",))
        if found is None or (region_id := self.opt_str(found, "id", where)) is None:
            return None
        hosts = self.per_interface(found["hosts"][1], f"{where}.hosts") if "hosts" in found else {}
        return Region(region_id, self.opt_str(found, "description", where) or "", self.opt_str(found, "parent", where),
                      MappingProxyType(hosts), self.loc(node), self.locations(found))

    def opt_str(self, found, name: str, where: str) -> str | None:
        node = value_of(found, name)
        if node is None or (node.is_null and name in ("parent", "description")):
            return None
        return self.scalar(node, f"{where}.{name}", str)

    def opt_bool(self, found, name: str, where: str, default: bool = True) -> bool:
        node = value_of(found, name)
        if node is None:
            return default
        value = self.scalar(node, f"{where}.{name}", bool, hint=f"write `{name}: true` or `{name}: false`")
        return default if value is None else value

    def opt_path(self, found, name: str, where: str) -> Path | None:
        text = self.opt_str(found, name, where)
        return (self.base / text) if text else None

    def service(self, node: Node, where: str) -> Service | None:
        found = self.mapping(node, where, _SERVICE_KEYS, ("type",))
        if found is None or (service_type := self.opt_str(found, "type", where)) is None:
            return None
        label = f"service {service_type}"
        port = None
        if (value := value_of(found, "port")) is not None:
            port = self.port(value, f"{label}: port")
        path = ""
        if (value := value_of(found, "path")) is not None:
            path = self.url_path(value, f"{label}: path")
        per_interface = {}
        if (value := value_of(found, "per_interface")) is not None:
            for interface, (_, entry) in (self.mapping(value, f"{label}: per_interface", INTERFACE_KEYS) or {}).items():
                per_interface[interface] = MappingProxyType(self.overrides(entry, f"{label}: per_interface.{interface}"))
        interfaces = regions = None
        if (value := value_of(found, "interfaces")) is not None:
            interfaces = self.strings(value, f"{label}: interfaces")
        if (value := value_of(found, "regions")) is not None:
            regions = self.strings(value, f"{label}: regions")
        endpoints = self.each(value_of(found, "endpoints"), f"{label}: endpoints", self.endpoint)
        policy: tuple[Path, ...] = ()
        if (value := value_of(found, "policy")) is not None:
            policy = tuple(self.base / p for p in self.strings(value, f"{label}: policy", allow_single=True) or ())
        hosts = self.per_interface(found["hosts"][1], f"{label}: hosts") if "hosts" in found else {}
        scheme = self.scheme(found["scheme"][1], f"{label}: scheme") if "scheme" in found else {}
        return Service(
            type=service_type, name=self.opt_str(found, "name", where) or "",
            description=self.opt_str(found, "description", where) or "", port=port, path=path,
            interfaces=interfaces, regions=regions, endpoints=endpoints,
            enabled=self.opt_bool(found, "enabled", label), policy=policy,
            paste=self.opt_path(found, "paste", label), config=self.opt_path(found, "config", label),
            defaults=self.opt_str(found, "defaults", label), hosts=MappingProxyType(hosts),
            scheme=MappingProxyType(scheme), per_interface=MappingProxyType(per_interface), location=self.loc(node),
            field_locations=self.locations(found),
        )

    def port(self, node: Node, where: str) -> int | None:
        port = self.scalar(node, where, int)
        if port is not None and not 0 < port < 65536:
            self.problem(INVALID_VALUE, node, f"{where} {port} is outside 1-65535", "write a TCP port number")
            return None
        return port

    def url_path(self, node: Node, where: str) -> str:
        """A URL path: empty (null or "") or starting with `/`; one without is reported and repaired."""
        if node.is_null or (node.kind == "scalar" and node.value == ""):
            return ""
        path = self.scalar(node, where, str) or ""
        if path and not path.startswith("/"):
            self.problem(INVALID_VALUE, node, f"{where} {path!r} does not start with `/`", f"write `/{path}`")
            path = "/" + path
        return path

    def overrides(self, node: Node, where: str) -> dict:
        found = self.mapping(node, where, _PER_INTERFACE_KEYS) or {}
        result = {}
        if (text := self.opt_str(found, "host", where)) is not None:
            result["host"] = text
        if (value := value_of(found, "scheme")) is not None:
            if value.kind != "scalar":
                self.problem(INVALID_VALUE, value, f"{where}.scheme must be http or https", "write `scheme: https`")
            elif checked := self.scheme(value, f"{where}.scheme"):
                result["scheme"] = next(iter(checked.values()))  # one scheme, given for every interface
        if (value := value_of(found, "port")) is not None and (port := self.port(value, f"{where}.port")) is not None:
            result["port"] = port
        if (value := value_of(found, "path")) is not None:
            result["path"] = self.url_path(value, f"{where}.path")
        return result

    def endpoint(self, node: Node, where: str) -> Endpoint | None:
        found = self.mapping(node, where, _ENDPOINT_KEYS, ("region", "interface", "url"))
        if found is None:
            return None
        interface, url = (self.opt_str(found, key, where) for key in ("interface", "url"))
        # `region: null` is an endpoint without a region, which Keystone allows (CT106 warns).
        region_node = value_of(found, "region")
        region = None if region_node is None or region_node.is_null else self.opt_str(found, "region", where)
        if None in (interface, url) or (region is None and region_node is not None and not region_node.is_null):
            return None
        return Endpoint(region, interface, url, self.opt_bool(found, "enabled", where), self.loc(node),
                        self.locations(found))

    # -- identity ----------------------------------------------------------------------
    def identity(self, node: Node | None) -> Identity:
        if node is None:
            return Identity(domains=(Domain(DEFAULT_DOMAIN_NAME, DEFAULT_DOMAIN_ID),))
        found = self.mapping(node, "identity", _IDENTITY_KEYS) or {}
        domains = self.each(value_of(found, "domains"), "identity.domains", self.domain)
        if not any(d.id == DEFAULT_DOMAIN_ID for d in domains):
            # keystone-manage bootstrap always creates it; declaring it is optional.
            domains = (Domain(DEFAULT_DOMAIN_NAME, DEFAULT_DOMAIN_ID),) + domains
        draft = Identity(domains=domains)
        tenants_location = None
        projects_node = value_of(found, "projects")
        if "tenants" in found:
            tenants_location = self.loc(found["tenants"][0])
            if projects_node is None:
                projects_node = value_of(found, "tenants")
            else:
                self.problem(DUPLICATE_KEY, found["tenants"][0], "both `projects` and `tenants` are given; "
                             "`tenants` is the old name of `projects`", "move the entries into `projects`")
        projects = self.each(projects_node, "identity.projects", lambda n, w: self.owned(n, w, "project", draft))
        users = self.each(value_of(found, "users"), "identity.users", lambda n, w: self.owned(n, w, "user", draft))
        roles = self.each(value_of(found, "roles"), "identity.roles", self.role)
        assignments = self.each(value_of(found, "assignments"), "identity.assignments", self.assignment)
        return Identity(domains, projects, roles, users, assignments, tenants_location)

    def domain(self, node: Node, where: str) -> Domain | None:
        if node.kind == "scalar":
            name = self.scalar(node, where, str)
            return Domain(name, derived_id("domain", name), location=self.loc(node)) if name else None
        found = self.mapping(node, where, _DOMAIN_KEYS, ("name",))
        if found is None or (name := self.opt_str(found, "name", where)) is None:
            return None
        return Domain(name, self.opt_str(found, "id", where) or derived_id("domain", name),
                      self.opt_str(found, "description", where) or "", self.opt_bool(found, "enabled", where),
                      self.loc(node), self.locations(found))

    def owned(self, node: Node, where: str, kind: str, draft: Identity):
        """A project or a user: both belong to a domain (Default when none is named)."""
        if node.kind == "scalar":
            name, found = self.scalar(node, where, str), {}
            if name is None:
                return None
        else:
            found = self.mapping(node, where, _PROJECT_KEYS if kind == "project" else _USER_KEYS, ("name",))
            if found is None or (name := self.opt_str(found, "name", where)) is None:
                return None
        domain_ref = self.opt_str(found, "domain", where) or DEFAULT_DOMAIN_NAME
        domain = draft.find_domain(domain_ref)
        domain_id = domain.id if domain else None
        explicit_id = self.opt_str(found, "id", where)
        common = dict(name=name, id=explicit_id or derived_id(kind, name, domain_id or domain_ref), domain=domain_ref,
                      domain_id=domain_id, description=self.opt_str(found, "description", where) or "",
                      enabled=self.opt_bool(found, "enabled", where), location=self.loc(node),
                      field_locations=self.locations(found))
        if kind == "project":
            return Project(**common, parent=self.opt_str(found, "parent", where))
        return User(**common)

    def role(self, node: Node, where: str) -> Role | None:
        if node.kind == "scalar":
            name = self.scalar(node, where, str)
            return Role(name, derived_id("role", name), location=self.loc(node)) if name else None
        found = self.mapping(node, where, _ROLE_KEYS, ("name",))
        if found is None or (name := self.opt_str(found, "name", where)) is None:
            return None
        implies: tuple[str, ...] = ()
        if (value := value_of(found, "implies")) is not None:
            implies = self.strings(value, f"role {name}: implies", allow_single=True) or ()
        return Role(name, self.opt_str(found, "id", where) or derived_id("role", name), implies, self.loc(node),
                    self.locations(found))

    def assignment(self, node: Node, where: str) -> Assignment | None:
        found = self.mapping(node, where, _ASSIGNMENT_KEYS, ("user", "role"))
        if found is None:
            return None
        values = {key: self.opt_str(found, key, where) for key in _ASSIGNMENT_KEYS if key in found}
        if values.get("user") is None or values.get("role") is None:
            return None
        return Assignment(**values, location=self.loc(node), field_locations=self.locations(found))


def read_deployment(path: str | Path) -> tuple[Deployment | None, list[Finding]]:
    """The best model that can be built, and every structural problem found on the way.

    Returns ``(None, [finding])`` when the file cannot be read or parsed at all.
    """
    path = Path(path)
    try:
        document = load_document(path, "deployment file")
        document.refuse_expansion(str(path))
    except InputError as exc:
        location = exc.location or Location(str(path))
        return None, [Finding(UNREADABLE, exc.message, location, Severity.ERROR, exc.hint)]
    reader = _DeploymentReader(document, path.parent)
    deployment = reader.read(path)
    if document.root is not None and document.root.kind != "mapping":
        return None, reader.issues
    return deployment, reader.issues


def load_deployment(path: str | Path) -> Deployment:
    """Load a deployment; raise ``InputError`` listing every structural error (path:line:col) if it is unusable."""
    deployment, issues = read_deployment(path)
    errors = [issue for issue in issues if issue.severity is Severity.ERROR]
    if deployment is None and len(errors) == 1:
        only = errors[0]
        raise InputError(only.message, only.location if only.location.line else None, only.hint)
    if deployment is None or errors:
        raise InputError(format_problems(path, errors))
    return deployment


def format_problems(path, problems: list[Finding]) -> str:
    lines = [f"{path} is not a usable deployment file ({len(problems)} problem{'s' if len(problems) != 1 else ''}):"]
    for problem in sorted(problems, key=Finding.sort_key):
        lines.append(f"  {problem.location}: {problem.message}" + (f" ({problem.hint})" if problem.hint else ""))
    return "\n".join(lines)
