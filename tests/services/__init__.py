"""Tests of revmentor_plugin.services."""
