"""REST API version 1 (docs/DESIGN.md §6): one module of thin views per resource.

``programs`` (and their skills), ``participants``, ``imports``, ``matching`` (runs), ``pairs``
(and the program report), ``pair_activity`` (goals, sessions, reflections, pulse) and ``me``;
``urls`` routes them. Each method authenticates (``base.RevMentorView``), authorises through
``policy`` (the ``permissions`` helpers and the policy's scope functions), validates with an
input serializer (built from the service's input spec), calls one service and serialises the
frozen result. Status codes and error shapes are documented in ``base``.
"""
