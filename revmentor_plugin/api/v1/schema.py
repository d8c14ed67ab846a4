"""OpenAPI descriptions of the authentication classes edx-drf-extensions provides.

drf-spectacular knows DRF's own classes only; these extensions register (on import, from
``urls``) how a client authenticates against v1: a JWT in the ``Authorization`` header (or the
``edx-jwt-cookie`` the MFEs use), or the LMS session cookie with a CSRF token.
"""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class JwtScheme(OpenApiAuthenticationExtension):
    target_class = "edx_rest_framework_extensions.auth.jwt.authentication.JwtAuthentication"
    name = "jwtAuth"
    match_subclasses = True

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'An Open edX JWT: `Authorization: JWT <token>` (or the "edx-jwt-cookie").',
        }


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = (
        "edx_rest_framework_extensions.auth.session.authentication.SessionAuthenticationAllowInactiveUser"
    )
    name = "sessionAuth"
    match_subclasses = True

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": "sessionid",
            "description": "The LMS session; unsafe methods also need the `X-CSRFToken` header.",
        }
