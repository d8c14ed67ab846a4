"""REST API version 1 (DESIGN §6)."""
