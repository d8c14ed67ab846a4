"""Authentication as Open edX REST views do it: JWT, the session (CSRF enforced), and the
platform's bearer tokens where the host has them."""

from __future__ import annotations

import sys
import types

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from edx_rest_framework_extensions.auth.jwt.tests.utils import (
    generate_asymmetric_jwt_token,
    generate_jwt,
    generate_latest_version_payload,
)
from rest_framework.test import APIClient
from rest_framework_jwt.settings import api_settings as jwt_settings

from revmentor_plugin.api.v1 import base
from tests.api.conftest import API

pytestmark = pytest.mark.host_contract

# The host decides the Authorization prefix (the LMS sets "JWT"; drf-jwt's default is "Bearer").
PREFIX = jwt_settings.JWT_AUTH_HEADER_PREFIX


def test_session_callers_need_the_csrf_token_for_writes(world):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.users["mentee"])
    url = f"{API}pairs/{world.pair.uuid}/goals/"
    assert client.get(url).status_code == 200  # safe methods need no token

    refused = client.post(url, {"title": "No token"}, format="json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]

    client.get("/login/")  # the sandbox's login page sets the csrftoken cookie
    token = client.cookies["csrftoken"].value
    accepted = client.post(url, {"title": "With token"}, format="json", HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 201, accepted.content


def test_a_jwt_authenticates_reads_and_writes(world):
    client = APIClient(enforce_csrf_checks=True)
    client.credentials(HTTP_AUTHORIZATION=f"{PREFIX} {generate_jwt(world.users['mentor'])}")
    mine = client.get(f"{API}me/pairs/")
    assert mine.status_code == 200
    assert [pair["uuid"] for pair in mine.json()["results"]] == [str(world.pair.uuid)]
    # A JWT in the Authorization header is not a cookie, so no CSRF token is needed.
    created = client.post(f"{API}pairs/{world.pair.uuid}/goals/", {"title": "By JWT"}, format="json")
    assert created.status_code == 201


def lms_jwt(user, **claims) -> str:
    """A JWT as the LMS issues it for OAuth clients and the JWT cookie: RS512, signed with
    ``JWT_AUTH["JWT_PRIVATE_SIGNING_JWK"]`` (edx-platform ``oauth_dispatch/jwt.py``), with the
    claims edx-drf-extensions' own helpers put in it."""
    payload = generate_latest_version_payload(user, **claims)
    return generate_asymmetric_jwt_token(payload)


def test_an_rs512_jwt_from_the_lms_authenticates(world):
    token = lms_jwt(world.users["mentor"])
    assert jwt.get_unverified_header(token)["alg"] == "RS512"
    client = APIClient(enforce_csrf_checks=True)
    client.credentials(HTTP_AUTHORIZATION=f"{PREFIX} {token}")
    assert client.get(f"{API}me/pairs/").status_code == 200
    created = client.post(f"{API}pairs/{world.pair.uuid}/goals/", {"title": "By RS512 JWT"}, format="json")
    assert created.status_code == 201


def test_a_jwt_signed_with_another_key_is_401(world):
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    payload = generate_latest_version_payload(world.users["mentor"])
    forged = jwt.encode(payload, other, algorithm="RS512")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"{PREFIX} {forged}")
    assert client.get(f"{API}me/pairs/").status_code == 401


def test_a_restricted_applications_jwt_is_refused(world):
    """Restricted OAuth applications (``is_restricted``) must not reach learners' data."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"{PREFIX} {lms_jwt(world.users['mentor'], is_restricted=True)}")
    assert client.get(f"{API}me/pairs/").status_code == 403


def test_a_bad_jwt_is_401(world):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"{PREFIX} not.a.token")
    assert client.get(f"{API}me/pairs/").status_code == 401


def test_anonymous_callers_get_401_with_a_challenge(world):
    response = APIClient().get(f"{API}programs/{world.program.uuid}/")
    assert response.status_code == 401
    assert 'realm="api"' in response["WWW-Authenticate"]


def test_inactive_accounts_see_nothing(world):
    mentor = world.users["mentor"]
    mentor.is_active = False
    mentor.save()
    client = APIClient()
    client.force_authenticate(mentor)  # as SessionAuthenticationAllowInactiveUser would...
    assert client.get(f"{API}pairs/{world.pair.uuid}/").status_code == 404  # ...the policy does not
    assert client.get(f"{API}me/pairs/").json()["count"] == 0


@pytest.fixture
def platform_bearer(monkeypatch):
    """A stand-in for edx-platform's ``openedx.core.lib.api.authentication`` module."""
    module = types.ModuleType("openedx.core.lib.api.authentication")

    class BearerAuthenticationAllowInactiveUser:
        def authenticate(self, request):
            return None

    module.BearerAuthenticationAllowInactiveUser = BearerAuthenticationAllowInactiveUser
    for name in ("openedx.core.lib", "openedx.core.lib.api"):
        monkeypatch.setitem(sys.modules, name, sys.modules.get(name) or types.ModuleType(name))
    monkeypatch.setitem(sys.modules, "openedx.core.lib.api.authentication", module)
    base.authentication_classes.cache_clear()
    yield BearerAuthenticationAllowInactiveUser
    base.authentication_classes.cache_clear()


def test_bearer_tokens_are_accepted_where_the_platform_provides_them(platform_bearer):
    names = [cls.__name__ for cls in base.authentication_classes()]
    assert names == [
        "JwtAuthentication",
        "BearerAuthenticationAllowInactiveUser",
        "SessionAuthenticationAllowInactiveUser",
    ]


def test_outside_the_platform_there_is_no_bearer_class():
    base.authentication_classes.cache_clear()
    names = [cls.__name__ for cls in base.authentication_classes()]
    assert names == ["JwtAuthentication", "SessionAuthenticationAllowInactiveUser"]
