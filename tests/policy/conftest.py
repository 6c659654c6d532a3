"""Hypothesis profiles for the policy tests: "ci" when the CI variable is set, else "dev".

``HYPOTHESIS_PROFILE`` picks one explicitly. The differential tests set their own
example counts (over 20,000 parse examples in all with CI set); these defaults cover
every other property test, and stay modest because a loaded profile is global to the run.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=500, deadline=None, derandomize=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "dev", max_examples=60, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))
