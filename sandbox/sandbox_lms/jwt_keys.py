"""RS512 signing keys for the sandbox's JWTs, as the LMS has them.

The LMS signs JWTs with ``JWT_AUTH["JWT_PRIVATE_SIGNING_JWK"]`` (RS512) and every service checks
them against ``JWT_AUTH["JWT_PUBLIC_SIGNING_JWK_SET"]`` (edx-platform
``openedx/core/djangoapps/oauth_dispatch/jwt.py``; its test settings embed a key pair in
``openedx/envs/test.py`` and apply it with ``JWT_AUTH.update(jwt_jwks_values)`` in
``lms/envs/test.py``). The sandbox makes its own 2048-bit pair once and keeps it in its ``var``
directory, so every process (runserver's reloader, the benchmark's gunicorn workers, the tests)
signs and checks with the same keys. Not a secret: the sandbox never serves real users.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

KEY_ID = "sandbox-rs512"


def _generate() -> dict[str, str]:
    from cryptography.hazmat.primitives.asymmetric import rsa
    from jwt.algorithms import RSAAlgorithm

    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private_jwk = json.loads(RSAAlgorithm.to_jwk(private))
    public_jwk = json.loads(RSAAlgorithm.to_jwk(private.public_key()))
    private_jwk.update(kid=KEY_ID, key_ops=["sign"])
    public_jwk.update(kid=KEY_ID, key_ops=["verify"])
    return {
        "JWT_PRIVATE_SIGNING_JWK": json.dumps(private_jwk),
        "JWT_PUBLIC_SIGNING_JWK_SET": json.dumps({"keys": [public_jwk]}),
    }


def jwt_jwks_values(var_dir: Path) -> dict[str, str]:
    """The ``JWT_AUTH`` keys that hold the signing key pair (made on first use)."""
    path = var_dir / "jwt_signing_keys.json"
    if not path.exists():
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(json.dumps(_generate()))
        partial.replace(path)  # atomic: concurrent first starts agree on one pair
    return json.loads(path.read_text())
