"""ironic: its types, namespaces and credentials (no check kind of its own).

ironic's RequestContext.to_policy_values() adds ``project_name``, ``is_public_api`` and,
with elevated service access configured, ``config.service_project_name``
(``ironic/common/context.py``); ironic before Liberty enforced with ``to_dict()``, which
carried ``is_admin`` too.
"""

from __future__ import annotations

from policykit.services.profile import ServiceProfile

PROFILE = ServiceProfile(
    name="ironic",
    types=("baremetal", "bare-metal"),
    namespaces=("ironic.api",),
    credentials=frozenset({"project_name", "is_public_api", "config"}),
    credentials_known=True,
    era="ironic Havana (Icehouse) to 2026.2",
)
