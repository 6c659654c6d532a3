"""Service profiles: how each OpenStack service picks its paste app.

Three mechanisms:

* flavor suffix (glance, murano, searchlight, heat): ``loadapp(name=<app>-<flavor>)``, or
  ``<app>`` when ``[paste_deploy] flavor`` is unset; glance 27+ and heat then pick the
  pipeline inside a ``pipeline_factory`` composite whose keys are the flavors (unset →
  ``default``); heat 25+ retries ``<app>`` when ``<app>-<flavor>`` does not exist;
* auth_strategy (nova, cinder, manila, neutron, designate): fixed app names, and the
  ``pipeline_factory`` composites pick the key named by ``auth_strategy``;
* fixed (keystone up to Rocky, swift, trove, magnum, barbican): fixed app names.

``select(context)`` computes, per app name, the root and branches the service loads and
the error it would stop with — with the conf line that decided it.
"""

from __future__ import annotations

import os
import re
from collections import Counter

from policykit.paste import middleware as mw
from policykit.paste.document import FactoryScheme, PasteFile
from policykit.paste.resolution import Branch, ErrorCategory, Resolution, ResolutionError
from policykit.paste.selection import ConfFile, ConfValue, FlavorSelection, SelectorMechanism, ServiceProfile
from policykit.paste.resolver import verdict_for
from policykit import services as registry

_FLAVOR = (("paste_deploy", "flavor"),)
_NOAUTH = ("noauth", "noauth2", "noauth_include_project_id", "fake_project_id", "unauthenticated-context",
           "trusted-auth", "admin_token_auth", "tempauth")


def _paste_profile(profile) -> ServiceProfile:
    """The paste side of a registry profile (``policykit.services``): its PasteSpec as data."""
    spec = profile.paste
    options = dict(spec.options)
    unauthenticated = options.pop("unauthenticated_filters", _NOAUTH)
    if spec.mechanism == "flavor":
        return ServiceProfile(profile.name, spec.apps, SelectorMechanism.FLAVOR_SUFFIX, flavor_options=_FLAVOR,
                              selector_default="default", unauthenticated_filters=unauthenticated, **options)
    if spec.mechanism == "auth_strategy":
        return ServiceProfile(profile.name, spec.apps, SelectorMechanism.AUTH_STRATEGY,
                              auth_strategy_default="keystone", unauthenticated_filters=unauthenticated, **options)
    return ServiceProfile(profile.name, spec.apps, SelectorMechanism.FIXED, unauthenticated_filters=unauthenticated,
                          **options)


PROFILES: dict[str, ServiceProfile] = {
    profile.name: _paste_profile(profile) for profile in registry.all_profiles() if profile.paste is not None
}

# deployment service types (os-service-types names and aliases) → profile, from the registry
SERVICE_TYPES = {service_type: profile.name for profile in registry.all_profiles() if profile.name in PROFILES
                 for service_type in profile.types}


def profile_named(name: str | None) -> ServiceProfile | None:
    if not name:
        return None
    key = name.strip().lower()
    if key in ("glance-api",):
        key = "glance"
    if key.startswith("heat-api"):
        key = "heat"
    profile = registry.get(key)
    return PROFILES.get(profile.name) if profile is not None else None


def _from_filename(path: str | None) -> ServiceProfile | None:
    if not path:
        return None
    base = os.path.basename(path).lower()
    if "proxy-server" in base:
        return PROFILES["swift"]
    if "glance-registry" in base:
        return PROFILES["glance-registry"]
    match = re.match(r"([a-z]+)", base)
    if match and match.group(1) in PROFILES:
        return PROFILES[match.group(1)]
    return None


def _from_factories(resolution: Resolution) -> ServiceProfile | None:
    votes: Counter[str] = Counter()
    for _, spec in resolution.factories:
        if spec.scheme is FactoryScheme.EGG and spec.distribution:
            head = mw.normalise_dist(spec.distribution)
        elif spec.module:
            head = spec.module.split(".")[0]
        else:
            continue
        if head in PROFILES:
            votes[head] += 1
    if not votes:
        return None
    best = votes.most_common(1)[0][0]
    if best == "glance" and resolution.paste.sections and any(
            s.name.startswith("glance-registry") for s in resolution.paste.sections):
        return PROFILES["glance-registry"]
    return PROFILES[best]


def detect_profile(resolution: Resolution, *, service: str | None = None, conf_path: str | None = None) -> ServiceProfile | None:
    """The service a paste file belongs to: ``service`` (``--service``, the deployment's
    service name or type) wins, then the conf file name, the paste file name, the factories."""
    return (profile_named(service) or _from_filename(conf_path) or _from_filename(resolution.paste.path)
            or _from_factories(resolution))


# --------------------------------------------------------------------------- selection


def _setting(conf: ConfFile | None, options: tuple[tuple[str, str], ...]) -> ConfValue | None:
    return conf.first(*options) if conf is not None and options else None


def selected_branches(resolution: Resolution, root_name: str, selector: str | None) -> tuple[Branch, ...]:
    root = resolution.root(root_name)
    if root is None:
        return ()
    return tuple(b for b in root.branches
                 if all(c.kind != "selector" or c.key.name == selector for c in b.choices))


def _main_branch(branches: tuple[Branch, ...]) -> Branch | None:
    for branch in branches:
        if branch.selector() is not None:
            return branch
    return max(branches, key=lambda b: len(b.stages), default=None)


def selector_keys(resolution: Resolution, root_name: str) -> tuple[str, ...]:
    """Keys of the selector composites reachable from ``root_name``."""
    root = resolution.root(root_name)
    keys: list[str] = []
    for branch in root.branches if root else ():
        for choice in branch.choices:
            if choice.kind == "selector":
                keys.append(choice.key.name)
    return tuple(dict.fromkeys(keys))


def _uses_selectors(resolution: Resolution, root_name: str) -> bool:
    return bool(selector_keys(resolution, root_name))


def _flavor_target(resolution: Resolution, profile: ServiceProfile, app: str,
                   flavor: str | None) -> tuple[str, str | None, bool]:
    """(root name, selector key or None, fell back) for a flavor, as the service computes them."""
    name = f"{app}-{flavor}" if flavor else app
    selector = flavor or profile.selector_default
    fallback = False
    if resolution.root(name) is None and flavor and profile.falls_back_to_default and resolution.root(app) is not None:
        name, fallback = app, True
    return name, (selector if _uses_selectors(resolution, name) else None), fallback


def valid_flavors(resolution: Resolution, profile: ServiceProfile, app: str) -> tuple[str, ...]:
    """Flavors with which the service would load ('' = unset)."""
    paste = resolution.paste
    candidates = [""] + [s.name[len(app) + 1:] for s in paste.app_like_sections() if s.name.startswith(app + "-")]
    if profile.falls_back_to_default and resolution.root(app) is not None:
        candidates += [k for k in selector_keys(resolution, app) if k != profile.selector_default]
    found: list[str] = []
    for flavor in dict.fromkeys(candidates):
        name, selector, _ = _flavor_target(resolution, profile, app, flavor or None)
        if resolution.root(name) is None:
            continue
        if selector is not None and selector not in selector_keys(resolution, name):
            continue
        if verdict_for(paste, name, selector) is None:
            found.append(flavor)
    return tuple(found)


def select(resolution: Resolution, profile: ServiceProfile, conf: ConfFile | None) -> tuple[FlavorSelection, ...]:
    if profile.mechanism is SelectorMechanism.FLAVOR_SUFFIX:
        return tuple(_select_flavor(resolution, profile, conf, app) for app in profile.app_names
                     if resolution.root(app) is not None or app == profile.app_names[0]
                     or any(s.name.startswith(app + "-") for s in resolution.paste.app_like_sections()))
    if profile.mechanism is SelectorMechanism.AUTH_STRATEGY:
        strategy = _setting(conf, profile.auth_strategy_options)
        key = strategy.value if strategy is not None and strategy.value else profile.auth_strategy_default
        return tuple(_select_fixed(resolution, profile, app, key, strategy, conf) for app in profile.app_names
                     if resolution.root(app) is not None or app == profile.app_names[0])
    return tuple(_select_fixed(resolution, profile, app, None, None, conf) for app in profile.app_names
                 if resolution.root(app) is not None or app == profile.app_names[0])


def _missing_app(paste: PasteFile, name: str, conf_value: ConfValue | None) -> ResolutionError:
    location = conf_value.value_location if conf_value is not None else paste.sections[0].location \
        if paste.sections else None
    from policykit.findings import Location

    return ResolutionError(
        ErrorCategory.MISSING_SECTION, f"the service loads '{name}', and no section defines it",
        location or Location(paste.path),
        f"LookupError: No section {name!r} (prefixed by 'app' or 'application' or 'composite' or 'composit' "
        f"or 'pipeline' or 'filter-app') found in config {paste.path}")


_FALSE = ("false", "0", "no", "off", "n", "f")


def _every_selector_has(resolution: Resolution, root_name: str, key: str) -> bool:
    root = resolution.root(root_name)
    composites = {c.composite.header: set() for b in (root.branches if root else ()) for c in b.choices
                  if c.kind == "selector"}
    for branch in root.branches if root else ():
        for choice in branch.choices:
            if choice.kind == "selector":
                composites[choice.composite.header].add(choice.key.name)
    return bool(composites) and all(key in names for names in composites.values())


def _select_fixed(resolution, profile, app, key, strategy, conf) -> FlavorSelection:
    paste = resolution.paste
    root = resolution.root(app)
    if root is None:
        return FlavorSelection(profile, app, None, strategy, key, None, None, (),
                               f"{profile.service} loads '{app}', which the file does not define",
                               _missing_app(paste, app, None), ())
    error = verdict_for(paste, app, key)
    keys = selector_keys(resolution, app)
    limit = _setting(conf, profile.rate_limit_options)
    if error is None and key is not None and limit is not None and limit.value.strip().lower() in _FALSE \
            and _every_selector_has(resolution, app, f"{key}_nolimit"):
        key = f"{key}_nolimit"  # the factory prefers it when api_rate_limit is off
        error = verdict_for(paste, app, key)
        limit_note = f", api_rate_limit = {limit.value} ({os.path.basename(limit.path)}:{limit.line}) → key '{key}'"
    else:
        limit_note = ""
    branches = selected_branches(resolution, app, key)
    if not keys:
        reason = f"{profile.service} always loads '{app}'"
    elif strategy is not None:
        reason = f"auth_strategy = {strategy.value} ({os.path.basename(strategy.path)}:{strategy.line})"
    elif key is not None:
        reason = f"auth_strategy unset, so '{key}'"
    else:
        reason = f"{profile.service} always loads '{app}'"
    valid = tuple(k for k in keys if verdict_for(paste, app, k) is None)
    return FlavorSelection(profile, app, None, strategy, key if keys else None, root, _main_branch(branches),
                           branches, reason + limit_note + f" → {root.section.label}", error, valid)


def _select_flavor(resolution: Resolution, profile: ServiceProfile, conf: ConfFile | None, app: str) -> FlavorSelection:
    paste = resolution.paste
    setting = _setting(conf, profile.flavor_options)
    flavor = setting.value if setting is not None and setting.value else None
    name = f"{app}-{flavor}" if flavor else app
    valid = valid_flavors(resolution, profile, app)
    reason = (f"flavor = {flavor} ({os.path.basename(setting.path)}:{setting.line})" if flavor
              else "flavor unset")
    name, selector_used, fallback = _flavor_target(resolution, profile, app, flavor)
    root = resolution.root(name)
    if fallback:
        reason += f" → no '{app}-{flavor}', falls back to '{app}'"
    if root is None:
        error = _missing_app(paste, name, setting if flavor else None)
        return FlavorSelection(profile, name, setting, None, selector_used, None, None, (), reason + f" → no section '{name}'",
                               error, valid, fallback)
    error = verdict_for(paste, name, selector_used)
    branches = selected_branches(resolution, name, selector_used)
    reason += f" → {root.section.label}"
    if selector_used is not None:
        composites_seen = {c.composite.label for b in root.branches for c in b.choices if c.kind == "selector"}
        reason += f" → {', '.join(sorted(composites_seen))} key '{selector_used}'"
    return FlavorSelection(profile, name, setting, None, selector_used, root, _main_branch(branches), branches,
                           reason, error, valid, fallback)


def is_unauthenticated(branch: Branch, profile: ServiceProfile) -> bool:
    """True when the branch has a no-auth stand-in and no real authentication."""
    from policykit.paste.pipelines import describe

    roles = [describe(stage).role for stage in branch.filters]
    names = {stage.name for stage in branch.filters}
    return (mw.NOAUTH in roles or bool(names & set(profile.unauthenticated_filters))) and mw.AUTH not in roles
