"""Signal receivers; ``handlers`` is connected by path through ``plugin_app``."""
