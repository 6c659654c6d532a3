"""Who can do what, and what changes: analyses built on the policy engine."""
