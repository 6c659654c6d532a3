"""Policy unit tests: ``*_policytest.yaml`` files, their runner, coverage and snapshots."""
