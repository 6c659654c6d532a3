"""The deployment model: one cloud described by ``deployment.yaml`` (regions, services, identity)."""

from policykit.deployment.loader import load_deployment, read_deployment
from policykit.deployment.model import Deployment, derived_id
from policykit.deployment.personas import Persona

__all__ = ["Deployment", "Persona", "derived_id", "load_deployment", "read_deployment"]
