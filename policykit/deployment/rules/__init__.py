"""Deployment checks (DP): one rule per module."""
