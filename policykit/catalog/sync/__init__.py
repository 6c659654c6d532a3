"""Synchronise a desired :class:`~policykit.catalog.model.CatalogSpec` with a live Keystone.

``connect`` authenticates through keystoneauth1, ``live`` reads regions, services and
endpoints, ``plan`` compares (a pure function), ``apply`` carries a plan out with
get-or-create requests, and ``fetch`` turns the live catalog back into deployment.yaml.
"""
