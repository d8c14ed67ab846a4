"""Tests of the sandbox host."""
