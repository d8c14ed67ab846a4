"""Pages for people under ``/revmentor/``."""

urlpatterns: list = []
