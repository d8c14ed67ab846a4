"""Sandbox stand-in package at the path edx-platform uses."""
