"""Services policykit knows only by their paste pipeline and types (no policy profile)."""

from __future__ import annotations

from policykit.services.profile import PasteSpec, ServiceProfile

_RATE_LIMITED = {"auth_strategy_options": (("DEFAULT", "auth_strategy"),),
                 "rate_limit_options": (("DEFAULT", "api_rate_limit"),)}

PROFILES = (
    ServiceProfile("glance-registry", paste=PasteSpec("flavor", ("glance-registry",))),
    ServiceProfile("murano", types=("application-catalog",), namespaces=("murano",),
                   paste=PasteSpec("flavor", ("murano", "cloudfoundry"))),
    ServiceProfile("searchlight", types=("search",), namespaces=("searchlight",),
                   paste=PasteSpec("flavor", ("searchlight",))),
    ServiceProfile("manila", types=("shared-file-system", "sharev2", "share"), namespaces=("manila",),
                   paste=PasteSpec("auth_strategy", ("osapi_share",), _RATE_LIMITED)),
    ServiceProfile("designate", types=("dns",), namespaces=("designate",),
                   paste=PasteSpec("auth_strategy", ("osapi_dns",), {"auth_strategy_options": (("service:api", "auth_strategy"),)})),
    ServiceProfile("swift", types=("object-store",), paste=PasteSpec("fixed", ("main",), {"relaxed_interpolation": True, "unauthenticated_filters": ("tempauth",)})),
    ServiceProfile("magnum", types=("container-infrastructure-management", "container-infrastructure", "container-infra"),
                   namespaces=("magnum",), paste=PasteSpec("fixed", ("main",), {"unauthenticated_filters": ()})),
    ServiceProfile("barbican", types=("key-manager",), namespaces=("barbican",), paste=PasteSpec("fixed", ("main",))),
    ServiceProfile("ec2-api", types=("ec2-api", "ec2"), renamed_types={"ec2": "ec2-api"}),  # the EC2 API (nova served it until Kilo)
)
