"""revmentor tests; the layout mirrors the package."""
