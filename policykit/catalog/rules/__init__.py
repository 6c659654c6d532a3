"""Catalog checks (CT): one rule per module."""
