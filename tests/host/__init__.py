"""Tests of the host adapter."""
