"""policykit: OpenStack policy, service catalog and paste pipeline toolkit."""

__version__ = "0.1.0"

from policykit.errors import EvaluationError, InputError  # noqa: E402

__all__ = ["EvaluationError", "InputError", "__version__"]
