"""One module per ``policykit`` command; see ``policykit.cli``."""
