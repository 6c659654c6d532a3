"""paste."""
