"""Paste rules: one rule per module (codes PS1xx-PS4xx)."""
