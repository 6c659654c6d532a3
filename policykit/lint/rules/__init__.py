"""Toolkit-level rules (``PK``): findings about the lint run itself rather than a subject."""
