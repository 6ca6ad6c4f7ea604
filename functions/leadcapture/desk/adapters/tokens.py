"""Verifying the user pool's tokens with PyJWT: signature (RS256, the pool's published keys), issuer,
audience / client id, token use and expiry.

PyJWT reads the token, checks the algorithm against the one allowed (RS256: never `none`, never an
HMAC keyed with a public key), the claims and their times. Its RS256 needs the `cryptography`
package (4.3 MB zipped, more than the artifact's whole budget left), so the signature itself is
checked by python-rsa (pure Python, PKCS#1 v1.5 with SHA-256: exactly RS256), plugged into PyJWT
as its RS256 algorithm; the same plug-in runs in the tests, where `cryptography` is installed and
signs the forged and the valid tokens alike. The pool's keys (its JWKS) are fetched once per
process, and again (at most once a minute) when a token names a key not seen yet (a rotation).
"""

from __future__ import annotations

import base64
import json
import time
import urllib.request
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

import jwt
import rsa
from jwt.algorithms import Algorithm

from leadcapture.desk.domain.ports import Identity, TokenRefused
from leadcapture.observability import logger

if TYPE_CHECKING:
    from leadcapture.desk.domain.ports import Tokens

JWKS_TIMEOUT_SECONDS = 3
REFETCH_AFTER_SECONDS = 60
# Clock skew allowed on exp/iat/nbf.
LEEWAY_SECONDS = 30


def _int(value: str) -> int:
    return int.from_bytes(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)), "big")


class RS256(Algorithm):
    """RSASSA-PKCS1-v1_5 with SHA-256 verified by python-rsa. Verify only: the desk signs nothing."""

    def prepare_key(self, key: Any) -> rsa.PublicKey:
        if not isinstance(key, rsa.PublicKey):
            raise jwt.InvalidKeyError("an RSA public key (rsa.PublicKey) is required")
        return key

    def sign(self, msg: bytes, key: Any) -> bytes:
        raise NotImplementedError("the desk only verifies tokens")

    def verify(self, msg: bytes, key: Any, sig: bytes) -> bool:
        try:
            return bool(rsa.verify(msg, sig, key) == "SHA-256")
        except rsa.VerificationError:
            return False

    @staticmethod
    def to_jwk(key_obj: Any, as_dict: bool = False) -> Any:
        raise NotImplementedError

    @staticmethod
    def from_jwk(jwk: Any) -> rsa.PublicKey:
        data = json.loads(jwk) if isinstance(jwk, str) else jwk
        if data.get("kty") != "RSA" or data.get("alg", "RS256") != "RS256" or data.get("use", "sig") != "sig":
            raise jwt.InvalidKeyError("not an RS256 signing key")
        return rsa.PublicKey(_int(data["n"]), _int(data["e"]))


def _decoder() -> jwt.PyJWT:
    decoder = jwt.PyJWT()
    jws = decoder._jws
    if "RS256" in jws.get_algorithms():
        jws.unregister_algorithm("RS256")
    jws.register_algorithm("RS256", RS256())
    return decoder


def fetch_jwks(url: str) -> dict[str, Any]:
    """The pool's published keys (https in AWS; the local stack's moto over http)."""
    if not url.startswith(("https://", "http://")):
        raise ValueError("the JWKS URL must be http(s)")
    with urllib.request.urlopen(url, timeout=JWKS_TIMEOUT_SECONDS) as answer:  # noqa: S310 - scheme checked above
        document: dict[str, Any] = json.loads(answer.read())
    return document


class JwtVerifier:
    def __init__(self, *, issuer: str, client_id: str, keys_url: str, fetch: Callable[[str], dict[str, Any]] = fetch_jwks) -> None:
        self.issuer = issuer
        self.client_id = client_id
        self.keys_url = keys_url
        self._fetch = fetch
        self._keys: dict[str, rsa.PublicKey] = {}
        self._fetched_at = 0.0
        self._decoder = _decoder()

    def identity(self, tokens: Tokens) -> Identity:
        id_claims = self._claims(tokens.id_token, "id", audience=self.client_id)
        access = self._claims(tokens.access_token, "access", audience=None)
        if access.get("client_id") != self.client_id or access.get("sub") != id_claims.get("sub"):
            raise TokenRefused("the access token is not this client's, or not the same user's")
        groups = id_claims.get("cognito:groups") or []
        if not isinstance(groups, list) or not all(isinstance(g, str) for g in groups):
            raise TokenRefused("cognito:groups is not a list of names")
        return Identity(sub=str(id_claims["sub"]), groups=tuple(groups), username=str(id_claims.get("cognito:username", "")))

    def _claims(self, token: str, use: str, *, audience: str | None) -> dict[str, Any]:
        try:
            kid = jwt.get_unverified_header(token).get("kid")
            key = self._key(str(kid))
            claims: dict[str, Any] = self._decoder.decode(
                token,
                cast("Any", key),  # an rsa.PublicKey, for the RS256 plug-in above
                algorithms=["RS256"],
                audience=audience,
                issuer=self.issuer,
                leeway=LEEWAY_SECONDS,
                options={"require": ["exp", "iat", "iss", "sub", "token_use"], "verify_aud": audience is not None},
            )
        except (jwt.PyJWTError, KeyError, ValueError) as err:
            logger.warning("token refused", token_use=use, error_type=type(err).__name__)
            raise TokenRefused(type(err).__name__) from None
        if claims.get("token_use") != use:
            logger.warning("token refused", token_use=use, error_type="WrongTokenUse")
            raise TokenRefused("token_use")
        return claims

    def _key(self, kid: str) -> rsa.PublicKey:
        if (kid not in self._keys and time.monotonic() - self._fetched_at > REFETCH_AFTER_SECONDS) or not self._fetched_at:
            self._fetched_at = time.monotonic()
            document = self._fetch(self.keys_url)
            keys = {}
            for jwk in document.get("keys", []):
                try:
                    keys[str(jwk["kid"])] = RS256.from_jwk(jwk)
                except (KeyError, ValueError, jwt.InvalidKeyError):
                    continue
            self._keys = keys
        if kid not in self._keys:
            raise KeyError("unknown key id")
        return self._keys[kid]
