"""Benchmark of REST API v1: ``python -m benchmarks.api`` (see ``__main__``)."""
