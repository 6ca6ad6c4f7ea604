"""The desk's token check (PyJWT with python-rsa's RS256) and its Cognito calls on botocore's Stubber.

Tokens are signed here with `cryptography` (a dev dependency, never in the artifact) through PyJWT's
own RS256, with moto's Cognito key (the pool's) or another key: a forged, expired, other-pool,
other-client or wrong-use token is refused; a good one gives its user and groups. The MFA_SETUP
branch of a first sign-in runs against the shapes AWS documents (associate, verify, answer the
challenge with the verified session), whatever moto does.
"""

from __future__ import annotations

import time
from typing import Any

import jwt
import pytest
from botocore.stub import Stubber
from cryptography.hazmat.primitives.asymmetric import rsa as crypto_rsa

from leadcapture.desk.adapters.cognito import CognitoAuthenticator
from leadcapture.desk.adapters.tokens import JwtVerifier
from leadcapture.desk.domain.ports import Asked, Identity, Refused, TokenRefused, Tokens
from leadcapture.desk.domain.sessions import Timeouts
from leadcapture.desk.domain.sign_in import SignIn
from tests.integration.test_desk import moto_resource

POOL = "us-east-1_deskPool"
ISSUER = f"https://cognito-idp.us-east-1.amazonaws.com/{POOL}"
CLIENT = "desk-client-id"
SUB = "8f1a5c3e-0000-4000-8000-000000000001"
# Cognito's session strings (at least 20 characters, as the API's model says).
S1, S2, S3 = (f"session-{n}-" + "x" * 20 for n in range(1, 4))
RESULT = {"IdToken": "id", "AccessToken": "access", "RefreshToken": "refresh", "ExpiresIn": 3600, "TokenType": "Bearer"}
PROFILE = {
    "Username": "casey",
    "UserAttributes": [{"Name": "name", "Value": "Casey"}, {"Name": "email", "Value": "casey@practice.example"}],
}


def pool_key() -> Any:
    jwk = moto_resource("jwks-private")  # one private JWK, kid "dummy"
    return jwt.algorithms.RSAAlgorithm.from_jwk(jwk.get("keys", [jwk])[0])


def claims(use: str, **overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    base: dict[str, Any] = {"iss": ISSUER, "sub": SUB, "token_use": use, "iat": now, "exp": now + 3600, "cognito:groups": ["coordinator"]}
    base.update({"aud": CLIENT} if use == "id" else {"client_id": CLIENT})
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


def sign(payload: dict[str, Any], key: Any = None, *, kid: str = "dummy", alg: str = "RS256") -> str:
    return jwt.encode(payload, key if key is not None else pool_key(), algorithm=alg, headers={"kid": kid})


def verifier() -> JwtVerifier:
    return JwtVerifier(issuer=ISSUER, client_id=CLIENT, keys_url="moto", fetch=lambda url: moto_resource("jwks-public"))


def tokens(id_claims: dict[str, Any] | None = None, access_claims: dict[str, Any] | None = None, **sign_args: Any) -> Tokens:
    return Tokens(sign(id_claims or claims("id"), **sign_args), sign(access_claims or claims("access"), **sign_args))


def test_a_pool_token_of_this_client_gives_its_user_and_groups() -> None:
    assert verifier().identity(tokens()) == Identity(sub=SUB, groups=("coordinator",), username="")


@pytest.mark.parametrize(
    "forged",
    [
        pytest.param(lambda: tokens(key=crypto_rsa.generate_private_key(public_exponent=65537, key_size=2048)), id="forged: another key"),
        pytest.param(lambda: tokens(claims("id", exp=int(time.time()) - 120), claims("access", exp=int(time.time()) - 120)), id="expired"),
        pytest.param(lambda: tokens(claims("id", iss=ISSUER + "x"), claims("access", iss=ISSUER + "x")), id="another pool"),
        pytest.param(lambda: tokens(claims("id", aud="another-client"), claims("access", client_id="another-client")), id="another client"),
        pytest.param(lambda: tokens(claims("id"), claims("access", client_id="another-client")), id="access token of another client"),
        pytest.param(lambda: tokens(claims("access"), claims("access")), id="an access token as the ID token"),
        pytest.param(lambda: tokens(claims("id"), claims("id")), id="an ID token as the access token"),
        pytest.param(lambda: tokens(claims("id"), claims("access", sub="someone-else")), id="two users' tokens"),
        pytest.param(lambda: tokens(kid="unknown"), id="an unknown key id"),
        pytest.param(
            lambda: Tokens(sign(claims("id"), "a-shared-secret-of-32-bytes-long!", alg="HS256"), sign(claims("access"))), id="HS256"
        ),
        pytest.param(lambda: Tokens(jwt.encode(claims("id"), "", algorithm="none"), sign(claims("access"))), id="alg none"),
        pytest.param(lambda: tokens(claims("id", exp=None), claims("access")), id="no expiry"),
        pytest.param(lambda: Tokens("not.a.token", "not-a-token"), id="not a token"),
    ],
)
def test_a_forged_expired_other_pool_or_other_client_token_is_refused(forged: Any) -> None:
    with pytest.raises(TokenRefused):
        verifier().identity(forged())


def test_python_rsa_and_cryptography_agree_on_rs256() -> None:
    # The artifact's RS256 (python-rsa) accepts what PyJWT's own (cryptography) signs, and nothing else.
    good = sign(claims("id"))
    public: Any = jwt.algorithms.RSAAlgorithm.from_jwk(moto_resource("jwks-public")["keys"][0])
    assert jwt.decode(good, public, algorithms=["RS256"], audience=CLIENT)["sub"] == SUB
    assert verifier().identity(Tokens(good, sign(claims("access")))).sub == SUB
    tampered = good[:-4] + ("AAAA" if not good.endswith("AAAA") else "BBBB")
    with pytest.raises(TokenRefused):
        verifier().identity(Tokens(tampered, sign(claims("access"))))


# --- MFA_SETUP on botocore's Stubber (the shapes AWS documents) -------------------------------------------


class _Sessions:
    def __init__(self) -> None:
        self.rows: dict[str, Any] = {}

    def get(self, id_hash: str) -> Any:
        return self.rows.get(id_hash)

    def put(self, session: Any, expires_at: int) -> None:
        self.rows[session.id_hash] = session

    def delete(self, id_hash: str) -> None:
        self.rows.pop(id_hash, None)

    def touch(self, id_hash: str, last_seen: float) -> None:
        return None


class _Verifier:
    def identity(self, tokens: Tokens) -> Identity:
        return Identity(sub=SUB, groups=("coordinator",), username="casey")


def stubbed() -> tuple[Any, Stubber]:
    import boto3

    client = boto3.client("cognito-idp", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
    return client, Stubber(client)


def test_a_first_sign_in_enrols_the_authenticator_through_mfa_setup() -> None:
    client, stub = stubbed()
    stub.add_response(
        "initiate_auth",
        {
            "ChallengeName": "MFA_SETUP",
            "Session": S1,
            "ChallengeParameters": {"MFAS_CAN_SETUP": '["SOFTWARE_TOKEN_MFA"]', "USER_ID_FOR_SRP": "casey"},
        },
        {"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": CLIENT, "AuthParameters": {"USERNAME": "casey@practice.example", "PASSWORD": "pw"}},
    )
    stub.add_response(
        "associate_software_token",
        {"SecretCode": "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "Session": S2},
        {"Session": S1},
    )
    stub.add_client_error("verify_software_token", "EnableSoftwareTokenMFAException", expected_params={
        "Session": S2, "UserCode": "000000", "FriendlyDeviceName": "desk"})  # fmt: skip
    stub.add_response(
        "verify_software_token",
        {"Status": "SUCCESS", "Session": S3},
        {"Session": S2, "UserCode": "123456", "FriendlyDeviceName": "desk"},
    )
    stub.add_response(
        "respond_to_auth_challenge",
        {
            "AuthenticationResult": {
                "IdToken": "id",
                "AccessToken": "access",
                "RefreshToken": "refresh",
                "ExpiresIn": 3600,
                "TokenType": "Bearer",
            }
        },
        {
            "ClientId": CLIENT,
            "ChallengeName": "MFA_SETUP",
            "Session": S3,
            "ChallengeResponses": {"USERNAME": "casey"},
        },
    )
    stub.add_response(
        "get_user", PROFILE, {"AccessToken": "access"},
    )  # fmt: skip
    sessions = _Sessions()
    flow = SignIn(CognitoAuthenticator(lambda: client, CLIENT), _Verifier(), sessions, Timeouts(1800, 43200))
    with stub:
        pending = flow.start("casey@practice.example", "pw", now=1000.0)
        assert pending.session is not None and pending.session.challenge == "MFA_SETUP"
        assert pending.session.secret == "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP" and pending.session.cognito_session == S2
        wrong = flow.enrol(pending.session, "000000", now=1001.0)
        assert wrong.refused == "wrong_code" and wrong.session == pending.session  # the same step again
        done = flow.enrol(pending.session, "123456", now=1002.0)
        stub.assert_no_pending_responses()
    assert done.session is not None and done.session.kind == "active" and done.session.name == "Casey"
    assert list(sessions.rows) == [done.session.id_hash]  # the pending row is gone, the id is new


def test_tokens_straight_after_a_password_are_refused_and_signed_out() -> None:
    client, stub = stubbed()
    stub.add_response("initiate_auth", {"AuthenticationResult": {"IdToken": "id", "AccessToken": "access"}})
    stub.add_response("global_sign_out", {}, {"AccessToken": "access"})
    flow = SignIn(CognitoAuthenticator(lambda: client, CLIENT), _Verifier(), _Sessions(), Timeouts(1800, 43200))
    with stub:
        assert flow.start("casey@practice.example", "pw", now=1.0).refused == "unsupported"
        stub.assert_no_pending_responses()


@pytest.mark.parametrize(
    ("code", "refusal"),
    [("NotAuthorizedException", "wrong"), ("UserNotFoundException", "wrong"), ("PasswordResetRequiredException", "reset"),
     ("TooManyRequestsException", "unavailable")],
)  # fmt: skip
def test_cognitos_refusals_become_the_sign_ins_words(code: str, refusal: str) -> None:
    client, stub = stubbed()
    stub.add_client_error("initiate_auth", code)
    with stub:
        assert CognitoAuthenticator(lambda: client, CLIENT).start("casey@practice.example", "pw") == Refused(refusal)  # type: ignore[arg-type]


def test_an_unknown_challenge_is_not_answered() -> None:
    client, stub = stubbed()
    stub.add_response("initiate_auth", {"ChallengeName": "SMS_MFA", "Session": S1, "ChallengeParameters": {}})
    flow = SignIn(CognitoAuthenticator(lambda: client, CLIENT), _Verifier(), _Sessions(), Timeouts(1800, 43200))
    with stub:
        assert isinstance(CognitoAuthenticator(lambda: client, CLIENT).start("a@b.example", "pw"), Asked)
    stub.add_response("initiate_auth", {"ChallengeName": "SMS_MFA", "Session": S1, "ChallengeParameters": {}})
    with stub:
        assert flow.start("a@b.example", "pw", now=1.0).refused == "unsupported"
