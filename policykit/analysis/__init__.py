"""Who can do what, and what changes: policy state, personas, targets, matrix and diff."""
