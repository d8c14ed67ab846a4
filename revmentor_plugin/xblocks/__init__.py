"""The four learner-facing XBlocks (docs/DESIGN.md §7), registered under ``xblock.v1``.

``revmentor_pairing``, ``revmentor_goals``, ``revmentor_session_log`` and ``revmentor_reflection``
each live in their own module; ``base`` holds what they share. They are an edge: they import
``services``, ``policy`` and ``data`` only (checked by import-linter).
"""
