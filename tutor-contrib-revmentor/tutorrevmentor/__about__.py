"""The Tutor plugin's version; it follows revmentor-plugin's, so it installs the same release."""

__version__ = "0.1.0"
