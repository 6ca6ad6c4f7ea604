"""Cognito's user pool API, as the desk's sign-in page calls it (USER_PASSWORD_AUTH and its challenges).

The one module that talks to cognito-idp for the desk; botocore's errors become the sign-in's own
refusals. Nothing typed by the user (the email, a password, a code) and no token is ever logged:
only the operation and AWS's error code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from leadcapture.adapters.aws import error_code
from leadcapture.desk.domain.ports import Asked, Refused, Tokens
from leadcapture.observability import logger

if TYPE_CHECKING:
    from botocore.client import BaseClient

    from leadcapture.desk.domain.ports import Refusal, Step

# AWS's error codes, in the sign-in's words. Anything else (throttling, a timeout) is "unavailable".
_REFUSALS: dict[str, Refusal] = {
    "NotAuthorizedException": "wrong",
    "UserNotFoundException": "wrong",
    "UserNotConfirmedException": "reset",
    "PasswordResetRequiredException": "reset",
    "InvalidPasswordException": "password_rules",
    "CodeMismatchException": "wrong_code",
    "EnableSoftwareTokenMFAException": "wrong_code",
    "ExpiredCodeException": "expired",
}
# A challenge's answer that Cognito refuses as NotAuthorized means its session has run out.
_IN_A_CHALLENGE: dict[str, Refusal] = {**_REFUSALS, "NotAuthorizedException": "expired"}


class CognitoAuthenticator:
    def __init__(self, client: Callable[[], BaseClient], client_id: str) -> None:
        self._client = client
        self.client_id = client_id

    def start(self, username: str, password: str) -> Step:
        return self._step(
            "initiate_auth",
            _REFUSALS,
            AuthFlow="USER_PASSWORD_AUTH",
            ClientId=self.client_id,
            AuthParameters={"USERNAME": username, "PASSWORD": password},
        )

    def new_password(self, username: str, session: str, password: str) -> Step:
        return self._respond("NEW_PASSWORD_REQUIRED", session, {"USERNAME": username, "NEW_PASSWORD": password})

    def associate(self, session: str) -> tuple[str, str] | Refused:
        answer = self._call("associate_software_token", _IN_A_CHALLENGE, Session=session)
        if isinstance(answer, Refused):
            return answer
        return str(answer["SecretCode"]), str(answer.get("Session") or session)

    def verify_setup(self, username: str, session: str, code: str) -> Step:
        answer = self._call("verify_software_token", _IN_A_CHALLENGE, Session=session, UserCode=code, FriendlyDeviceName="desk")
        if isinstance(answer, Refused):
            return answer
        if answer.get("Status") != "SUCCESS":
            return Refused("wrong_code")
        return self._respond("MFA_SETUP", str(answer.get("Session") or session), {"USERNAME": username})

    def code(self, username: str, session: str, code: str) -> Step:
        return self._respond("SOFTWARE_TOKEN_MFA", session, {"USERNAME": username, "SOFTWARE_TOKEN_MFA_CODE": code})

    def profile(self, access_token: str) -> tuple[str, str]:
        answer = self._call("get_user", _REFUSALS, AccessToken=access_token)
        if isinstance(answer, Refused):
            return "", ""
        attributes = {a["Name"]: a["Value"] for a in answer.get("UserAttributes", [])}
        return attributes.get("name", ""), attributes.get("email", "")

    def sign_out(self, access_token: str) -> None:
        # Ends every token Cognito issued the user, the refresh tokens included (revoke_token would end
        # one refresh token; moto does not implement it, and this is the path tested locally).
        self._call("global_sign_out", _REFUSALS, AccessToken=access_token)

    def _respond(self, challenge: str, session: str, responses: dict[str, str]) -> Step:
        return self._step(
            "respond_to_auth_challenge",
            _IN_A_CHALLENGE,
            ClientId=self.client_id,
            ChallengeName=challenge,
            Session=session,
            ChallengeResponses=responses,
        )

    def _step(self, operation: str, refusals: dict[str, Refusal], **kwargs: Any) -> Step:
        answer = self._call(operation, refusals, **kwargs)
        if isinstance(answer, Refused):
            return answer
        result = answer.get("AuthenticationResult")
        if result:
            return Tokens(id_token=str(result["IdToken"]), access_token=str(result["AccessToken"]))
        parameters = answer.get("ChallengeParameters") or {}
        return Asked(str(answer.get("ChallengeName", "")), str(answer.get("Session", "")), str(parameters.get("USER_ID_FOR_SRP", "")))

    def _call(self, operation: str, refusals: dict[str, Refusal], **kwargs: Any) -> dict[str, Any] | Refused:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            answer: dict[str, Any] = getattr(self._client(), operation)(**kwargs)
        except ClientError as err:
            code = error_code(err)
            reason = refusals.get(code, "unavailable")
            logger.warning("cognito refused", operation=operation, error_code=code, refusal=reason)
            return Refused(reason)
        except BotoCoreError as err:
            logger.warning("cognito unavailable", operation=operation, error_type=type(err).__name__)
            return Refused("unavailable")
        return answer
