"""Tests of the course staff page and the dashboard hooks."""
