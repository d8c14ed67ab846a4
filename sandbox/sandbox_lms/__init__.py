"""A small LMS-like host for the demo and the integration tests."""
