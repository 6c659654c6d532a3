"""Policy-file rules (``PL``): one module per check; the docstring is the rule's documentation.

Families: PL1xx correctness (what the file says is not what the service will do),
PL2xx fail-open (someone is allowed who was not meant to be), PL3xx references and
credentials, PL4xx registered defaults and upgrades, PL5xx the deployment, PL6xx style.
"""
