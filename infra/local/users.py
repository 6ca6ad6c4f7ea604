"""The desk's people on the local stack: a user pool in the embedded moto, like the template's, with
one coordinator and one manager who can sign in at once.

Each user is created, given a known password and enrolled with an authenticator through the same
Cognito calls a first sign-in makes (`MFA_SETUP`: associate, verify a real TOTP code, answer the
challenge), so the desk asks them for their code from the first sign-in on. moto's authenticator
secret is always `asdfasdfasdf`; `totp_code` computes the current code from it (pyotp, a dev tool:
never in the artifact). `GET /_local/users` lists them for the tests and the console banner.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from typing import Any

PASSWORD = "Desk-local-pass-1!"  # noqa: S105 - the local stack's known test password, printed on purpose
# The temporary password ops' `leads users add` would have Cognito email; the first sign-in replaces it.
FIRST_PASSWORD = "Temporary-pass-2!"  # noqa: S105 - a local test value
POOL_NAME = "lead-capture-local-desk"
# What the template's DeskUserPool says, as far as moto takes it.
PASSWORD_POLICY = {
    "MinimumLength": 14,
    "RequireLowercase": True,
    "RequireUppercase": True,
    "RequireNumbers": True,
    "RequireSymbols": True,
    "TemporaryPasswordValidityDays": 3,
}


@dataclass(frozen=True)
class LocalUser:
    email: str
    password: str
    totp_secret: str
    role: str
    name: str


PEOPLE = (
    ("coordinator@practice.example", "coordinator", "Casey Coordinator"),
    ("manager@practice.example", "manager", "Morgan Manager"),
)


_MARGIN_SECONDS = 4


def totp_code(secret: str, at: float | None = None) -> str:
    """The authenticator's 6-digit code for `secret` at `at` (now): RFC 6238, SHA-1, 30 s."""
    import pyotp

    class _Totp(pyotp.TOTP):
        # moto's fixed secret is 60 bits, under pyotp's 112-bit minimum for new secrets.
        min_secret_length_bits = 0

    if at is None:
        # moto (like an authenticator's server) takes only the current 30 s window's code: a code
        # made in a window's last seconds can reach it in the next one (a busy machine), so wait.
        left = 30 - time.time() % 30
        if left < _MARGIN_SECONDS:
            time.sleep(left + 0.05)
        at = time.time()
    return _Totp(secret).at(int(at))


def create_pool(cognito: Any) -> tuple[str, str]:
    """The pool (MFA required, TOTP only, no self sign-up), its desk client and the two groups: (pool id, client id)."""
    pool = cognito.create_user_pool(
        PoolName=POOL_NAME,
        MfaConfiguration="ON",
        AdminCreateUserConfig={"AllowAdminCreateUserOnly": True},
        Policies={"PasswordPolicy": PASSWORD_POLICY},
        UsernameAttributes=["email"],
    )["UserPool"]["Id"]
    cognito.set_user_pool_mfa_config(UserPoolId=pool, SoftwareTokenMfaConfiguration={"Enabled": True}, MfaConfiguration="ON")
    client = cognito.create_user_pool_client(
        UserPoolId=pool, ClientName="desk", GenerateSecret=False, ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
    )["UserPoolClient"]["ClientId"]
    for group in ("coordinator", "manager"):
        cognito.create_group(UserPoolId=pool, GroupName=group)
    return pool, client


def add_enrolled_user(cognito: Any, pool: str, client: str, person: tuple[str, str, str]) -> LocalUser:
    """A user of `role` with PASSWORD and an enrolled authenticator, through a first sign-in's own calls
    (temporary password, NEW_PASSWORD_REQUIRED, MFA_SETUP). `person`: (email, role, name)."""
    email, role, name = person
    cognito.admin_create_user(
        UserPoolId=pool,
        Username=email,
        UserAttributes=[{"Name": "email", "Value": email}, {"Name": "email_verified", "Value": "true"}, {"Name": "name", "Value": name}],
        TemporaryPassword=FIRST_PASSWORD,
        MessageAction="SUPPRESS",
    )
    cognito.admin_add_user_to_group(UserPoolId=pool, Username=email, GroupName=role)
    auth = {"USERNAME": email, "PASSWORD": FIRST_PASSWORD}
    first = cognito.initiate_auth(ClientId=client, AuthFlow="USER_PASSWORD_AUTH", AuthParameters=auth)
    asked = cognito.respond_to_auth_challenge(
        ClientId=client,
        ChallengeName="NEW_PASSWORD_REQUIRED",
        Session=first["Session"],
        ChallengeResponses={"USERNAME": first["ChallengeParameters"].get("USERNAME", email), "NEW_PASSWORD": PASSWORD},
    )
    if asked.get("ChallengeName") != "MFA_SETUP":
        raise RuntimeError(f"moto answered {asked.get('ChallengeName')!r}, not MFA_SETUP: is MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP set?")
    associated = cognito.associate_software_token(Session=asked["Session"])
    secret = associated["SecretCode"]
    verified = cognito.verify_software_token(Session=associated["Session"], UserCode=totp_code(secret), FriendlyDeviceName="local")
    cognito.respond_to_auth_challenge(
        ClientId=client, ChallengeName="MFA_SETUP", Session=verified["Session"], ChallengeResponses={"USERNAME": email}
    )
    return LocalUser(email=email, password=PASSWORD, totp_secret=secret, role=role, name=name)


def create_people(cognito: Any) -> tuple[str, str, list[LocalUser]]:
    pool, client = create_pool(cognito)
    people = [add_enrolled_user(cognito, pool, client, person) for person in PEOPLE]
    return pool, client, people


def as_json(users: list[LocalUser]) -> list[dict[str, str]]:
    return [{k: v for k, v in asdict(user).items() if k in {"email", "password", "totp_secret", "role", "name"}} for user in users]
