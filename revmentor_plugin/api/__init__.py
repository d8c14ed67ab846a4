"""The versioned REST API (``/api/revmentor/v1/``)."""
