"""Tests of the signal receivers."""
