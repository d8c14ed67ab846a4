"""Plugin settings, one module per Open edX settings type (common, production, devstack, test)."""
